// lightind: what `sweep` and `fit` share under mpirun: whether a launcher started this
// process, and MPI's initialisation and finalisation around a command.
#pragma once

#include <cstdlib>
#include <stdexcept>

#ifdef LIGHTIND_WITH_MPI
#include <mpi.h>
#endif

namespace lightind::cli {

/// Whether mpirun (Open MPI, or a PMIx/PMI launcher) started this process: `lightind` then
/// hands over to `lightind-mpi`, and `lightind-mpi` runs as one rank of the job.
[[nodiscard]] inline bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (const char* e = std::getenv(v); e != nullptr && *e != '\0') return true;
  return false;
}

#ifdef LIGHTIND_WITH_MPI

/// MPI_Init_thread / MPI_Finalize around a command, with this rank's number and the job's size.
/// `required` is the thread level the command needs (MPI_THREAD_SERIALIZED when several threads
/// call MPI, never two at once); a library that cannot give it is refused.
class MpiSession {
 public:
  explicit MpiSession(int required = MPI_THREAD_SINGLE) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, required, &provided);
    if (provided < required) {
      MPI_Finalize();
      throw std::runtime_error("MPI: this MPI library does not support the thread level the command needs");
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  ~MpiSession() { MPI_Finalize(); }
  int rank = 0, size = 1;
};

#endif

}  // namespace lightind::cli
