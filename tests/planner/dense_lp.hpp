// A small PDLP test LP written as dense rows (shared by the PDLP tests).
#pragma once

#include <cstdint>
#include <vector>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::test_lp {

/// The LP  min obj·x  s.t.  row_lo <= K x <= row_hi,  col_lo <= x <= col_hi,  with K given by
/// its dense rows (zeros are left out of the sparse matrix).
inline SparseLp dense_lp(const std::vector<std::vector<double>>& k, std::vector<double> row_lo,
                         std::vector<double> row_hi, std::vector<double> obj, std::vector<double> col_lo,
                         std::vector<double> col_hi) {
  SparseLp lp;
  lp.n_rows = static_cast<std::int32_t>(k.size());
  lp.n_cols = static_cast<std::int32_t>(obj.size());
  lp.row_ptr.push_back(0);
  for (const auto& row : k) {
    for (std::size_t j = 0; j < row.size(); ++j)
      if (row[j] != 0.0) {
        lp.col.push_back(static_cast<std::int32_t>(j));
        lp.val.push_back(row[j]);
      }
    lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));
  }
  lp.row_lo = std::move(row_lo);
  lp.row_hi = std::move(row_hi);
  lp.obj = std::move(obj);
  lp.col_lo = std::move(col_lo);
  lp.col_hi = std::move(col_hi);
  return lp;
}

}  // namespace lightind::pdlp::test_lp
