// Helpers for the analysis tests: hand-made series, temporary scenarios, and running the
// program with its standard output apart from its progress lines.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/description.hpp"
#include "lightind/series.hpp"

namespace lightind::analysis_test {

using cli_test::read_file;
using cli_test::run_cli;
using cli_test::write_file;

/// Adds one aggregate value of `name` in `year`-`month`.
inline void put(Series& s, const std::string& name, int year, int month, double v) {
  s.add(YearMonth{year, month}.index(), s.indicator_id(name), v);
}

/// Adds the twelve months of a year, all equal to `v`.
inline void put_year(Series& s, const std::string& name, int year, double v) {
  for (int m = 1; m <= 12; ++m) put(s, name, year, m, v);
}

/// Adds consecutive years from `first_year`, each twelve months equal to its value in `v`.
inline void put_years(Series& s, const std::string& name, int first_year, std::initializer_list<double> v) {
  int year = first_year;
  for (double x : v) put_year(s, name, year++, x);
}

/// The error a targets text raises, read as "bad.toml" (fails the test when it parses).
inline analysis::TargetsError targets_error(const std::string& text) {
  try {
    (void)analysis::parse_targets(text, "bad.toml");
  } catch (const analysis::TargetsError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return analysis::TargetsError("", 0, "", "", "");
}

/// The error of a targets text is at bad.toml:`line`, on `key`, with the message `what` in full.
inline void expect_targets_error(const std::string& text, int line, const std::string& key, const std::string& what) {
  const analysis::TargetsError e = targets_error(text);
  EXPECT_EQ(e.file(), "bad.toml");
  EXPECT_EQ(e.line(), line);
  EXPECT_EQ(e.key(), key);
  EXPECT_STREQ(e.what(), what.c_str());
}

/// Each of `parts` is somewhere in `text`.
inline void expect_has_all(const std::string& text, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) EXPECT_NE(text.find(p), std::string::npos) << "no \"" << p << "\" in:\n" << text;
}

/// The calibration CSV's header line.
inline const std::string kCalibrationCsvHeader = "target,class,source,kind,model_value,target_value,tolerance,pass\n";

/// Runs `lightind ARGS` from the source folder; stdout only (progress on stderr is dropped).
inline cli_test::Result run_stdout(const std::string& args) { return cli_test::run_cli(args, false); }

/// A scenario that extends scenarios/examples/feldman-mahalanobis.toml under a new name,
/// with extra TOML appended (after the [scenario] table).
inline std::string fm_scenario(const std::filesystem::path& dir, const std::string& name,
                               const std::string& extra = {}) {
  const std::filesystem::path base =
      std::filesystem::path(LIGHTIND_SOURCE_DIR) / "scenarios" / "examples" / "feldman-mahalanobis.toml";
  return cli_test::write_file(dir / (name + ".toml"),
                              "extends = \"" + base.string() + "\"\n[scenario]\nname = \"" + name + "\"\n" + extra);
}

/// Splits CSV text into rows of fields (no quoted commas in the files read here, except
/// where the caller handles them).
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

/// Annual means of the aggregate rows of a run folder's series.csv: (indicator, year) -> mean.
inline std::map<std::pair<std::string, int>, double> annual_means_from_csv(const std::filesystem::path& series_csv) {
  std::map<std::pair<std::string, int>, std::pair<double, int>> acc;
  const auto rows = csv_rows(cli_test::read_file(series_csv));
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];  // date,scenario,run,indicator,sector,region,value
    if (r.size() != 7 || !r[4].empty() || !r[5].empty()) continue;
    auto& a = acc[{r[3], std::stoi(r[0].substr(0, 4))}];
    a.first += std::stod(r[6]);
    a.second += 1;
  }
  std::map<std::pair<std::string, int>, double> out;
  for (const auto& [k, a] : acc) out[k] = a.first / a.second;
  return out;
}

}  // namespace lightind::analysis_test
