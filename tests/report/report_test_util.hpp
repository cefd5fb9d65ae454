// What the report's tests share: a small run's series.csv and the CLI test helpers.
#pragma once

#include <filesystem>

#include "cli/cli_test_util.hpp"

namespace lightind::report_test {

namespace fs = std::filesystem;
using cli_test::run_cli;
using cli_test::scratch_dir;
using cli_test::write_file;

/// A run's series.csv: an aggregate with a sector row (left out by the report), a NaN month,
/// and a second indicator.
inline const char* const kSeriesA =
    "date,scenario,run,indicator,sector,region,value\n"
    "2012-01,ref,7,light_output_index,,,100\n"
    "2012-01,ref,7,light_output_index,food,,55\n"  // a sector row: left out
    "2012-02,ref,7,light_output_index,,,104.5\n"
    "2012-03,ref,7,light_output_index,,,\n"  // NaN
    "2012-01,ref,7,hardship_share,,,0.25\n";

}  // namespace lightind::report_test
