// lightind: helpers shared by the result writers (internal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lightind/description.hpp"
#include "lightind/run.hpp"

namespace lightind::detail::results_io {

/// Writes `data` to `path` in one call, every write checked and fsync'ed (files inside a
/// folder renamed into place later); throws std::runtime_error "cannot write PATH: REASON".
void write_file(const std::string& path, std::string_view data);
/// Reads a whole file; throws std::runtime_error naming the path.
[[nodiscard]] std::string read_file(const std::string& path);

/// `v` with `{:.10g}`; nothing for NaN and infinities (an empty CSV field); -0 as "0".
void append_g10(fmt::memory_buffer& buf, double v);
/// `v` in the shortest form that reads back to the same double; same rules otherwise.
void append_exact(fmt::memory_buffer& buf, double v);
inline void append(fmt::memory_buffer& buf, std::string_view s) { buf.append(s.data(), s.data() + s.size()); }
/// append_g10 and append_exact into room the caller has made (at most kNumberRoom bytes);
/// return the end of what they wrote.
char* write_g10(char* out, double v);
char* write_exact(char* out, double v);
inline constexpr std::size_t kNumberRoom = 32;

/// A CSV field: quoted (RFC 4180) only when it holds a comma, a quote or a line break.
[[nodiscard]] std::string csv_field(std::string_view s);
/// Splits one CSV line (RFC 4180 quotes, no embedded line breaks) into `out`.
void split_csv_line(std::string_view line, std::vector<std::string>& out);

/// The scenario name of a result: RunResult::scenario, else Description::name.
[[nodiscard]] const std::string& scenario_name(const RunResult& r, const Description& d);

/// Throws std::runtime_error unless the series' columns have one length and every index
/// and month is in range (months: years 0..9999).
void check_series(const Series& s);

/// Month index -> "YYYY-MM", formatted once per month of a range.
class MonthNames {
 public:
  /// Covers every month of the series and the events; throws on a month out of range.
  MonthNames(const Series& s, const std::vector<Event>& events);
  [[nodiscard]] const std::string& operator()(int month) const { return names_[static_cast<size_t>(month - lo_)]; }

 private:
  int lo_ = 0;
  std::vector<std::string> names_;
};

inline constexpr int kMaxMonthIndex = 10000 * 12;  ///< exclusive: year 9999, December

}  // namespace lightind::detail::results_io
