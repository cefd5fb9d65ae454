// lightind: helpers shared by the result writers.
#include "results/io.hpp"
#include "results/output.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/compile.h>

namespace lightind::detail::results_io {

void write_file(const std::string& path, std::string_view data) { output::write_file_synced(path, data); }

std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::string out;
  char chunk[1 << 16];
  size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) out.append(chunk, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw std::runtime_error(fmt::format("cannot read {}", path));
  return out;
}

namespace {

/// Appends `v` in the compiled format `format`: nothing for NaN and infinities, "0" for
/// both zeros (never "-0").
template <typename Format>
void append_finite(fmt::memory_buffer& buf, double v, const Format& format) {
  if (!std::isfinite(v)) return;
  if (v == 0) {
    buf.push_back('0');
    return;
  }
  fmt::format_to(std::back_inserter(buf), format, v);
}

}  // namespace

void append_g10(fmt::memory_buffer& buf, double v) {
  char text[kNumberRoom];
  buf.append(text, write_g10(text, v));
}

void append_exact(fmt::memory_buffer& buf, double v) { append_finite(buf, v, FMT_COMPILE("{}")); }

char* write_g10(char* out, double v) {
  // std::to_chars with a precision writes as printf's %.10g does (fmt's {:.10g}), faster.
  if (!std::isfinite(v)) return out;
  if (v == 0) {
    *out = '0';
    return out + 1;
  }
  return std::to_chars(out, out + kNumberRoom, v, std::chars_format::general, 10).ptr;
}

char* write_exact(char* out, double v) {
  // The same text as append_exact (fmt's shortest "{}"), written in place.
  if (!std::isfinite(v)) return out;
  if (v == 0) {
    *out = '0';
    return out + 1;
  }
  return fmt::format_to(out, FMT_COMPILE("{}"), v);
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void split_csv_line(std::string_view line, std::vector<std::string>& out) {
  out.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
}

const std::string& scenario_name(const RunResult& r, const Description& d) {
  return r.scenario.empty() ? d.name : r.scenario;
}

void check_series(const Series& s) {
  const size_t n = s.value.size();
  if (s.month.size() != n || s.indicator.size() != n || s.sector.size() != n || s.region.size() != n)
    throw std::runtime_error(fmt::format(
        "series columns differ in length: month {}, indicator {}, sector {}, region {}, value {}", s.month.size(),
        s.indicator.size(), s.sector.size(), s.region.size(), n));
  const auto n_ind = static_cast<int>(s.indicators.size());
  const auto n_sec = static_cast<int>(s.sectors.size());
  const auto n_reg = static_cast<int>(s.regions.size());
  for (size_t k = 0; k < n; ++k) {
    if (s.month[k] < 0 || s.month[k] >= kMaxMonthIndex)
      throw std::runtime_error(fmt::format("series row {}: month index {} is out of range", k, s.month[k]));
    if (s.indicator[k] < 0 || s.indicator[k] >= n_ind)
      throw std::runtime_error(fmt::format("series row {}: indicator {} is not one of the {} indicators", k,
                                           s.indicator[k], n_ind));
    if (s.sector[k] < -1 || s.sector[k] >= n_sec)
      throw std::runtime_error(
          fmt::format("series row {}: sector {} is not -1 or one of the {} sectors", k, s.sector[k], n_sec));
    if (s.region[k] < -1 || s.region[k] >= n_reg)
      throw std::runtime_error(
          fmt::format("series row {}: region {} is not -1 or one of the {} regions", k, s.region[k], n_reg));
  }
}

MonthNames::MonthNames(const Series& s, const std::vector<Event>& events) {
  int lo = kMaxMonthIndex, hi = -1;
  auto see = [&](int m, const char* what) {
    if (m < 0 || m >= kMaxMonthIndex)
      throw std::runtime_error(fmt::format("{}: month index {} is out of range", what, m));
    lo = std::min(lo, m);
    hi = std::max(hi, m);
  };
  for (std::int32_t m : s.month) see(m, "series");
  for (const Event& e : events) see(e.month, "event");
  if (hi < lo) return;
  lo_ = lo;
  names_.reserve(static_cast<size_t>(hi - lo + 1));
  for (int m = lo; m <= hi; ++m) names_.push_back(YearMonth::from_index(m).str());
}

}  // namespace lightind::detail::results_io
