// lightind: run() (placeholder until the engine lands).
#include <stdexcept>

#include "lightind/run.hpp"

namespace lightind {
RunResult run(const Description&, const RunOptions&) { throw std::runtime_error("not yet"); }
}  // namespace lightind
