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

}  // namespace lightind::cli
