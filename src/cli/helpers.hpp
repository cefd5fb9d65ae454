// lightind: the programs beside `lightind` that carry the libraries most commands do not need
// (issue 16: start-up): `lightind-serve` (HTTP and TLS, `lightind serve`) and `lightind-mpi`
// (Open MPI, `lightind sweep` under mpirun or srun). `lightind` replaces itself with one of them
// (execv, same process, same arguments and environment), so users type the same commands.
#pragma once

namespace lightind::cli {

/// Keeps the program's own arguments (before main() rewrites `help`) for exec_helper.
void keep_program_args(int argc, char** argv);

/// Replaces this process with the program `name` from the folder of the running program,
/// with the arguments kept by keep_program_args. Returns only when that fails: prints
/// "lightind: cannot start PATH: REASON" and returns exit code 1.
int exec_helper(const char* name);

/// The heap for a short-lived run (issue 16): the main heap keeps what it has taken instead of
/// giving it back to the kernel after every large free (M_TRIM_THRESHOLD, M_MMAP_THRESHOLD), and
/// its first 256 MiB are advised for transparent huge pages (madvise MADV_HUGEPAGE, as glibc's
/// own tunable glibc.malloc.hugetlb=1 does; the kernel's setting decides: "always" or "madvise"
/// uses them, "never" ignores the advice; untouched pages cost nothing). A run touches some
/// 20 MiB of fresh memory; in 4 KiB pages that was about 4,300 page faults, a tenth of the
/// reference run on a virtual machine; the page's server holds about 150 MiB.
/// Call first thing in main(); results do not depend on it.
void tune_heap();

}  // namespace lightind::cli
