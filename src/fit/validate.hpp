// lightind: the out-of-sample test of `lightind validate` (issue 13, item 4; docs/FIT.md,
// "The held-out test"): the data split at a hold-out, the fit on the years before it, and the
// fitted scenario's annual growth beside the data and the naive baselines of baselines.hpp.
//
// The split is an out-of-sample forecast evaluation as Poledna, Miess, Hommes & Rabitsch
// (2023) make for their agent-based model: the parameters see only the years before the
// hold-out; the held-out years are forecast from the scenario's dated events and shocks alone.
#pragma once

#include <string>
#include <vector>

#include "fit/baselines.hpp"
#include "fit/fit.hpp"

namespace lightind::fit {

/// The held-out years first..last (inclusive).
struct Holdout {
  int first = 0;
  int last = 0;
};

/// Reads `--holdout`: "Y1-Y2" or one year "Y". Throws InputError (key "--holdout") for any
/// other text and for Y1 > Y2.
[[nodiscard]] Holdout parse_holdout(const std::string& text);

/// The moments to fit on: those whose years all lie before h.first, in file order; `subset`
/// says so (it enters the problem's hash: a fit database of the whole file is not reused).
/// Throws InputError naming the data file and `--holdout` when the held-out years are not
/// within the data's years (the years its moments name), when no moment lies wholly before
/// them, or when no growth moment of one year lies in them (nothing to score).
[[nodiscard]] Data in_sample(const Data& data, const Holdout& h);

/// One row of the table per growth table of the data (`[[moments]]` of kind growth; period
/// means are left out) with a year in the hold-out: the fitted scenario (`theta` over the
/// free keys, with opt's seeds, sets and truncation; the runs go to December of h.last) gives
/// its annual growth, the mean over the seeds, for each year from the table's first year to
/// h.last; fit::validation_row scores it and the baselines, the years before h.first in
/// sample and h.first..h.last held out. A row is named by its indicator, or by the table's id
/// when two growth tables share an indicator.
[[nodiscard]] std::vector<ValidationTableRow> validation_rows(const std::string& scenario, const Data& data,
                                                              const Free& free, const Options& opt,
                                                              const std::vector<double>& theta, const Holdout& h);

}  // namespace lightind::fit
