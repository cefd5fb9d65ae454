// What the report's tests share: a small run's series.csv and the CLI test helpers.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

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

/// `lightind report DIR/run --out DIR/r/report.html EXTRA`, which must succeed: the HTML it
/// wrote ("" when it failed).
inline std::string report_html(const fs::path& dir, const std::string& extra = "") {
  const fs::path out = dir / "r" / "report.html";
  const auto r = run_cli("report '" + (dir / "run").string() + "' --out '" + out.string() + "'" + extra);
  EXPECT_EQ(r.code, 0) << r.output;
  return r.code == 0 ? cli_test::read_file(out) : "";
}

}  // namespace lightind::report_test
