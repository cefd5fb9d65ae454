// lightind: monthly results in tidy long form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lightind {

/// Tidy long series: one row per (month, indicator, sector, region). Stored as arrays per
/// column so a run appends without allocation churn. sector/region are -1 for aggregates.
struct Series {
  std::vector<std::string> indicators;  ///< indicator names, snake_case (docs/INDICATORS.md)
  std::vector<std::string> sectors;     ///< sector ids, for the sector column
  std::vector<std::string> regions;     ///< region ids, for the region column

  std::vector<std::int32_t> month;      ///< YearMonth::index()
  std::vector<std::int16_t> indicator;  ///< index into indicators
  std::vector<std::int16_t> sector;     ///< index into sectors or -1
  std::vector<std::int16_t> region;     ///< index into regions or -1
  std::vector<double> value;

  /// Index of an indicator name, adding it when new. Names recorded in the same order each
  /// month are found at once: the search starts after the last name found.
  int indicator_id(std::string_view name);
  void add(int month_index, int indicator_index, double v, int sector_index = -1, int region_index = -1);
  [[nodiscard]] std::size_t size() const { return value.size(); }

  /// The value of an aggregate indicator (sector and region -1) in a month; NaN when absent.
  [[nodiscard]] double get(const std::string& name, int month_index, int sector_index = -1,
                           int region_index = -1) const;
  /// All months of an aggregate indicator, in order: (month index, value).
  [[nodiscard]] std::vector<std::pair<int, double>> aggregate(const std::string& name) const;

 private:
  std::size_t next_lookup_ = 0;  ///< where indicator_id starts searching
};

/// A dated event of a run (policy changes, shocks, projects finished, ...).
struct Event {
  int month = 0;         ///< YearMonth::index()
  std::string kind;      ///< snake_case kind, e.g. "project_completed"
  std::string subject;   ///< what it concerns (an enterprise, sector or region id)
  std::string text;      ///< human-readable description
};

}  // namespace lightind
