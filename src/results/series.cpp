// lightind: tidy series container.
#include <cmath>
#include <limits>

#include "lightind/series.hpp"

namespace lightind {

int Series::indicator_id(std::string_view name) {
  const std::size_t n = indicators.size();
  std::size_t i = next_lookup_ < n ? next_lookup_ : 0;
  for (std::size_t j = 0; j < n; ++j, i = i + 1 < n ? i + 1 : 0) {
    if (indicators[i] == name) {
      next_lookup_ = i + 1;
      return static_cast<int>(i);
    }
  }
  indicators.emplace_back(name);
  next_lookup_ = 0;
  return static_cast<int>(indicators.size() - 1);
}

void Series::add(int month_index, int indicator_index, double v, int sector_index, int region_index) {
  month.push_back(month_index);
  indicator.push_back(static_cast<std::int16_t>(indicator_index));
  sector.push_back(static_cast<std::int16_t>(sector_index));
  region.push_back(static_cast<std::int16_t>(region_index));
  value.push_back(v);
}

double Series::get(const std::string& name, int month_index, int sector_index, int region_index) const {
  int id = -1;
  for (size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i] == name) id = static_cast<int>(i);
  if (id < 0) return std::numeric_limits<double>::quiet_NaN();
  for (size_t k = 0; k < value.size(); ++k)
    if (indicator[k] == id && month[k] == month_index && sector[k] == sector_index && region[k] == region_index)
      return value[k];
  return std::numeric_limits<double>::quiet_NaN();
}

std::vector<std::pair<int, double>> Series::aggregate(const std::string& name) const {
  std::vector<std::pair<int, double>> out;
  int id = -1;
  for (size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i] == name) id = static_cast<int>(i);
  if (id < 0) return out;
  for (size_t k = 0; k < value.size(); ++k)
    if (indicator[k] == id && sector[k] < 0 && region[k] < 0) out.emplace_back(month[k], value[k]);
  return out;
}

}  // namespace lightind
