// lightind: result writers (placeholder until the writers land).
#include <stdexcept>

#include "lightind/results.hpp"

namespace lightind {
void write_series_csv(const RunResult&, const std::string&) { throw std::runtime_error("not yet"); }
void write_summary_json(const RunResult&, const Description&, const std::string&) { throw std::runtime_error("not yet"); }
long long write_sqlite(const RunResult&, const Description&, const std::string&) { throw std::runtime_error("not yet"); }
void write_accounts_csv(const RunResult&, const std::string&) { throw std::runtime_error("not yet"); }
void write_run_dir(const RunResult&, const Description&, const std::string&) { throw std::runtime_error("not yet"); }
std::string godley_tables(const std::string&, const std::string&) { throw std::runtime_error("not yet"); }
}  // namespace lightind
