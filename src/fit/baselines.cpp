// lightind: naive forecasts, RMSE and the validation table (src/fit/baselines.hpp,
// docs/FIT-STATS.md "Out-of-sample test").
#include "fit/baselines.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "results/io.hpp"

namespace lightind::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

void require_horizon(int horizon) {
  if (horizon < 0) bad(fmt::format("forecast: horizon: expected a whole number >= 0, found {}", horizon));
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string text_number(double v) { return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string("n/a"); }

}  // namespace

Ar1 fit_ar1(std::span<const double> y) {
  if (y.size() < 3) bad(fmt::format("fit_ar1: expected at least 3 points, found {}", y.size()));
  for (size_t t = 0; t < y.size(); ++t)
    if (std::isinf(y[t])) bad(fmt::format("fit_ar1: point {}: expected a finite number or NaN, found {}", t, y[t]));
  // Means of the lagged (x = y_{t-1}) and current (y_t) values over the usable pairs.
  double sx = 0.0, sy = 0.0;
  int n = 0;
  for (size_t t = 1; t < y.size(); ++t) {
    if (std::isnan(y[t - 1]) || std::isnan(y[t])) continue;
    sx += y[t - 1];
    sy += y[t];
    ++n;
  }
  if (n < 2) bad(fmt::format("fit_ar1: expected at least 2 pairs of consecutive values without NaN, found {}", n));
  const double mx = sx / n, my = sy / n;
  double sxx = 0.0, sxy = 0.0;
  for (size_t t = 1; t < y.size(); ++t) {
    if (std::isnan(y[t - 1]) || std::isnan(y[t])) continue;
    sxx += (y[t - 1] - mx) * (y[t - 1] - mx);
    sxy += (y[t - 1] - mx) * (y[t] - my);
  }
  if (sxx == 0.0)
    bad(fmt::format("fit_ar1: expected lagged values that vary, found all {} equal to {}: phi is not determined", n,
                    mx));
  Ar1 a;
  a.n = n;
  a.phi = sxy / sxx;
  a.c = my - a.phi * mx;
  double ssr = 0.0;
  for (size_t t = 1; t < y.size(); ++t) {
    if (std::isnan(y[t - 1]) || std::isnan(y[t])) continue;
    const double e = y[t] - a.c - a.phi * y[t - 1];
    ssr += e * e;
  }
  a.sigma = n > 2 ? std::sqrt(ssr / (n - 2)) : kNaN;
  return a;
}

std::vector<double> forecast_ar1(const Ar1& a, double last, int horizon) {
  require_horizon(horizon);
  std::vector<double> out;
  out.reserve(static_cast<size_t>(horizon));
  double y = last;
  for (int h = 0; h < horizon; ++h) {
    y = a.c + a.phi * y;
    out.push_back(y);
  }
  return out;
}

std::vector<double> forecast_zero_growth(int horizon) {
  require_horizon(horizon);
  return std::vector<double>(static_cast<size_t>(horizon), 0.0);
}

std::vector<double> forecast_last_growth(double last, int horizon) {
  require_horizon(horizon);
  return std::vector<double>(static_cast<size_t>(horizon), last);
}

double rmse(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size())
    bad(fmt::format("rmse: expected two series of one length, found {} and {}", a.size(), b.size()));
  double sq = 0.0;
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    sq += (a[i] - b[i]) * (a[i] - b[i]);
    ++n;
  }
  return n ? std::sqrt(sq / n) : kNaN;
}

ValidationTableRow validation_row(std::string indicator, std::span<const double> data_in,
                                  std::span<const double> model_in, std::span<const double> data_out,
                                  std::span<const double> model_out) {
  if (data_in.size() != model_in.size() || data_out.size() != model_out.size())
    bad(fmt::format("validation_row: {}: expected data and model of one length, found {} and {} in sample, {} and {} "
                    "held out",
                    indicator, data_in.size(), model_in.size(), data_out.size(), model_out.size()));
  ValidationTableRow r;
  r.indicator = std::move(indicator);
  // The years scored: data and model both present; the others become NaN in the data.
  const auto scored = [](std::span<const double> data, std::span<const double> model, int& n) {
    std::vector<double> d(data.begin(), data.end());
    n = 0;
    for (size_t t = 0; t < d.size(); ++t) {
      if (std::isnan(model[t])) d[t] = kNaN;
      n += std::isnan(d[t]) ? 0 : 1;
    }
    return d;
  };
  const std::vector<double> din = scored(data_in, model_in, r.n_in);
  const std::vector<double> dout = scored(data_out, model_out, r.n_out);
  r.model_in = rmse(model_in, din);
  r.model_out = rmse(model_out, dout);
  // The last in-sample value known and the years from it to the end of the sample.
  size_t gap = 0;
  double last = kNaN;
  for (size_t t = data_in.size(); t-- > 0; ++gap)
    if (!std::isnan(data_in[t])) {
      last = data_in[t];
      break;
    }
  const int h = static_cast<int>(data_out.size());
  r.zero_growth = rmse(forecast_zero_growth(h), dout);
  r.last_growth = std::isnan(last) ? kNaN : rmse(forecast_last_growth(last, h), dout);
  r.ar1 = kNaN;
  if (!std::isnan(last)) {
    try {
      const std::vector<double> f = forecast_ar1(fit_ar1(data_in), last, static_cast<int>(gap) + h);
      r.ar1 = rmse(std::span<const double>(f).subspan(gap), dout);
    } catch (const std::invalid_argument&) {
      // fewer than 3 points, or lagged values that do not vary: no AR(1) baseline (NaN)
    }
  }
  return r;
}

std::string validation_csv(const std::vector<ValidationTableRow>& rows) {
  namespace io = lightind::detail::results_io;
  std::string out = std::string(kValidationCsvHeader) + "\n";
  for (const ValidationTableRow& r : rows)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", io::csv_field(r.indicator), r.n_in, r.n_out,
                       csv_number(r.model_in), csv_number(r.model_out), csv_number(r.zero_growth),
                       csv_number(r.last_growth), csv_number(r.ar1));
  return out;
}

std::vector<ValidationTableRow> parse_validation_csv(std::string_view text, const std::string& path) {
  namespace io = lightind::detail::results_io;
  std::vector<std::string> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = end + 1;
  }
  if (lines.empty() || lines[0] != kValidationCsvHeader)
    bad(fmt::format("{}:1: header: expected \"{}\", found \"{}\"", path, kValidationCsvHeader,
                    lines.empty() ? "an empty file" : lines[0].substr(0, 120)));
  std::vector<std::string> columns;
  io::split_csv_line(kValidationCsvHeader, columns);
  std::vector<ValidationTableRow> rows;
  std::vector<std::string> c;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::string where = fmt::format("{}:{}", path, i + 1);
    io::split_csv_line(lines[i], c);
    if (c.size() != columns.size())
      bad(fmt::format("{}: expected {} fields, found {}", where, columns.size(), c.size()));
    const auto count = [&](size_t k) {
      int v = 0;
      const auto r = std::from_chars(c[k].data(), c[k].data() + c[k].size(), v);
      if (c[k].empty() || r.ec != std::errc() || r.ptr != c[k].data() + c[k].size() || v < 0)
        bad(fmt::format("{}: {}: expected a whole number >= 0, found \"{}\"", where, columns[k], c[k]));
      return v;
    };
    const auto error = [&](size_t k) {
      if (c[k].empty()) return kNaN;
      double v = 0.0;
      const auto r = std::from_chars(c[k].data(), c[k].data() + c[k].size(), v);
      if (r.ec != std::errc() || r.ptr != c[k].data() + c[k].size() || !(v >= 0.0) || std::isinf(v))
        bad(fmt::format("{}: {}: expected an RMSE (a number >= 0, or empty for none), found \"{}\"", where,
                        columns[k], c[k]));
      return v;
    };
    if (c[0].empty()) bad(fmt::format("{}: indicator: expected a name, found an empty field", where));
    rows.push_back({c[0], count(1), count(2), error(3), error(4), error(5), error(6), error(7)});
  }
  return rows;
}

std::string validation_text(const std::vector<ValidationTableRow>& rows) {
  std::string out =
      "Out-of-sample test: RMSE of annual growth (percentage points), (n) years scored. The baselines forecast\n"
      "the held-out years from the in-sample years alone: zero growth, last in-sample year's growth, and an\n"
      "AR(1) fitted by OLS on the in-sample years. A model worth its mechanisms beats them out of sample.\n\n";
  size_t iw = 9;  // "indicator"
  for (const ValidationTableRow& r : rows) iw = std::max(iw, r.indicator.size());
  const auto line = [&](const std::string& a, const std::string& b, const std::string& c, const std::string& d,
                        const std::string& e, const std::string& f, const std::string& g) {
    std::string l = fmt::format("{:<{}}  {:>11}  {:>13}  {:>11}  {:>11}  {:>11}  {}", a, iw, b, c, d, e, f, g);
    while (!l.empty() && l.back() == ' ') l.pop_back();
    return l + "\n";
  };
  const std::string head = line("indicator", "in sample", "out of sample", "zero growth", "last growth", "AR(1)",
                                "model beats");
  out += head + std::string(head.size() - 1, '-') + "\n";
  for (const ValidationTableRow& r : rows) {
    std::string beats;
    const auto judge = [&](const char* name, double baseline) {
      if (!std::isfinite(r.model_out) || !std::isfinite(baseline) || !(r.model_out < baseline)) return;
      beats += (beats.empty() ? "" : ", ") + std::string(name);
    };
    judge("zero", r.zero_growth);
    judge("last", r.last_growth);
    judge("AR(1)", r.ar1);
    if (!std::isfinite(r.model_out)) beats = "n/a";
    else if (beats.empty()) beats = "none";
    out += line(r.indicator, fmt::format("{} ({})", text_number(r.model_in), r.n_in),
                fmt::format("{} ({})", text_number(r.model_out), r.n_out), text_number(r.zero_growth),
                text_number(r.last_growth), text_number(r.ar1), beats);
  }
  return out;
}

}  // namespace lightind::fit
