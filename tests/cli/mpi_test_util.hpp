// Helpers for tests that run the `lightind` program under mpirun.
#pragma once

#include <cstdlib>
#include <string>

#include "cli/cli_test_util.hpp"

namespace lightind::cli_test {

/// Why a test under mpirun cannot run here ("" when it can): a program built without MPI, or
/// no mpirun on the PATH.
inline std::string mpi_missing() {
#ifndef LIGHTIND_CLI_MPI
  return "the program was built without MPI";
#else
  return std::system("command -v mpirun > /dev/null 2>&1") != 0 ? "mpirun is not installed" : "";
#endif
}

/// Runs `mpirun -n RANKS lightind ARGS` from the source folder (as root too), standard error
/// with the output.
inline Result run_cli_mpi(int ranks, const std::string& args) {
  return test_util::run_shell(std::string("cd '") + LIGHTIND_SOURCE_DIR +
                              "' && OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -n " +
                              std::to_string(ranks) + " '" + LIGHTIND_CLI + "' " + args + " 2>&1");
}

}  // namespace lightind::cli_test
