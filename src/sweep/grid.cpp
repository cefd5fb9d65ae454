// lightind: the grid of a sweep — `--set` lists and ranges, settings, seeds, content hashes.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "lightind/scenario.hpp"
#include "lightind/sweep.hpp"
#include "scenario/tree.hpp"

namespace lightind::sweep {

namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

[[noreturn]] void bad(const std::string& key, const std::string& expected, const std::string& found) {
  throw ScenarioError("--set", 0, key, expected, found);
}

/// A number of a range: the whole text must parse; `integral` when it has no '.', 'e' or 'E'.
bool parse_number(const std::string& text, double& v, bool& integral) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v)) return false;
  integral = text.find_first_of(".eE") == std::string::npos;
  return true;
}

/// Shortest text of a float that TOML reads as a float: "2.0", "0.3", "1e-07".
std::string float_text(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

constexpr std::size_t kMaxRangeValues = 100000;

std::vector<std::string> expand_range(const std::string& key, const std::string& text) {
  const std::string expected = "a range a:b:step of numbers with a <= b and step > 0";
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, ':')) parts.push_back(trim(part));
  if (!text.empty() && text.back() == ':') parts.emplace_back();
  if (parts.size() != 3) bad(key, expected, detail::quoted(text));
  double a = 0, b = 0, step = 0;
  bool ia = false, ib = false, is = false;
  if (!parse_number(parts[0], a, ia)) bad(key, expected + " (a is not a number)", detail::quoted(parts[0]));
  if (!parse_number(parts[1], b, ib)) bad(key, expected + " (b is not a number)", detail::quoted(parts[1]));
  if (!parse_number(parts[2], step, is)) bad(key, expected + " (step is not a number)", detail::quoted(parts[2]));
  if (!(step > 0)) bad(key, expected, fmt::format("step {}", parts[2]));
  if (b < a) bad(key, expected, fmt::format("a = {} above b = {}", parts[0], parts[1]));
  const double span = (b - a) / step;
  if (span + 1 > static_cast<double>(kMaxRangeValues))
    bad(key, fmt::format("a range of at most {} values", kMaxRangeValues),
        fmt::format("{:.0f} values in {}", std::floor(span + 1e-9) + 1, detail::quoted(text)));
  const auto n = static_cast<std::size_t>(std::floor(span + 1e-9)) + 1;
  std::vector<std::string> out;
  out.reserve(n);
  const bool integral = ia && ib && is;
  for (std::size_t i = 0; i < n; ++i) {
    // a + i step, rounded to 12 significant digits so that 0.1:0.3:0.1 gives 0.1, 0.2, 0.3.
    const double v = a + static_cast<double>(i) * step;
    if (integral) {
      out.push_back(fmt::format("{}", static_cast<long long>(std::llround(v))));
    } else {
      const double rounded = std::strtod(fmt::format("{:.12g}", v).c_str(), nullptr);
      out.push_back(float_text(rounded == 0.0 ? 0.0 : rounded));
    }
  }
  return out;
}

/// Splits a list at commas; values are trimmed and must be non-empty and distinct.
std::vector<std::string> split_list(const std::string& key, const std::string& text) {
  std::vector<std::string> out;
  size_t from = 0;
  while (true) {
    const size_t comma = text.find(',', from);
    std::string v =
        trim(std::string_view(text).substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (v.empty()) bad(key, "a list v1,v2,... without empty values", detail::quoted(text));
    if (std::find(out.begin(), out.end(), v) != out.end())
      bad(key, "a list v1,v2,... without repeated values", detail::quoted(text));
    out.push_back(std::move(v));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

/// `argument` split at its first '=' into a trimmed, non-empty key and a trimmed value;
/// `form` says what the argument should look like when it has no '='.
std::pair<std::string, std::string> split_key_value(const std::string& argument, const char* form) {
  const size_t eq = argument.find('=');
  if (eq == std::string::npos) bad(argument, form, detail::quoted(argument));
  std::string key = trim(std::string_view(argument).substr(0, eq));
  if (key.empty()) bad(argument, "a key before '='", detail::quoted(argument));
  return {std::move(key), trim(std::string_view(argument).substr(eq + 1))};
}

}  // namespace

Axis parse_set(const std::string& argument) {
  auto [key, value] = split_key_value(argument, "key=value, key=v1,v2,... or key=a:b:step");
  Axis axis;
  axis.key = std::move(key);
  if (value.empty()) bad(axis.key, "a value after '='", detail::quoted(argument));
  const char c = value.front();
  const bool literal = c == '[' || c == '{' || c == '"' || c == '\'';
  const bool numeric_start = std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '+' || c == '.';
  if (!literal && numeric_start && value.find(':') != std::string::npos) {
    axis.values = expand_range(axis.key, value);
    axis.varies = true;
  } else if (!literal && value.find(',') != std::string::npos) {
    axis.values = split_list(axis.key, value);
    axis.varies = true;
  } else {
    axis.values = {value};
  }
  return axis;
}

Axis fixed_axis(const std::string& argument) {
  auto [key, value] = split_key_value(argument, "key=value");
  Axis axis;
  axis.key = std::move(key);
  axis.values = {std::move(value)};
  return axis;
}

std::vector<Setting> expand_grid(const std::vector<std::string>& sets, std::size_t max_settings) {
  std::vector<Axis> axes;
  for (const std::string& s : sets) axes.push_back(parse_set(s));
  return expand_axes(axes, max_settings);
}

std::vector<Setting> expand_axes(const std::vector<Axis>& axes, std::size_t max_settings) {
  for (size_t i = 0; i < axes.size(); ++i) {
    const Axis& a = axes[i];
    for (size_t j = 0; j < i; ++j)
      if (axes[j].key == a.key) bad(a.key, "each key in one --set only", "it twice");
    if (a.values.empty()) bad(a.key, "at least one value", "none");
    for (size_t v = 0; v < a.values.size(); ++v)
      if (std::find(a.values.begin(), a.values.begin() + static_cast<std::ptrdiff_t>(v), a.values[v]) !=
          a.values.begin() + static_cast<std::ptrdiff_t>(v))
        bad(a.key, "values without repeats", detail::quoted(a.values[v]) + " twice");
  }
  std::size_t total = 1;
  for (const Axis& a : axes) {
    total *= a.values.size();
    if (total > max_settings)
      bad(a.key, fmt::format("a grid of at most {} settings", max_settings),
          "more (the product of the lists and ranges)");
  }
  // Canonical order of the keys, for the run keys: sorted, so that --set order does not matter.
  std::vector<size_t> by_key(axes.size());
  for (size_t i = 0; i < by_key.size(); ++i) by_key[i] = i;
  std::sort(by_key.begin(), by_key.end(), [&](size_t x, size_t y) { return axes[x].key < axes[y].key; });

  std::vector<Setting> out;
  out.reserve(total);
  std::vector<size_t> pick(axes.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    // pick = digits of n, the last axis fastest.
    std::size_t rest = n;
    for (size_t i = axes.size(); i-- > 0;) {
      pick[i] = rest % axes[i].values.size();
      rest /= axes[i].values.size();
    }
    Setting s;
    s.index = static_cast<int>(n);
    for (size_t i = 0; i < axes.size(); ++i) {
      const std::string a = axes[i].key + "=" + axes[i].values[pick[i]];
      s.assignments.push_back(a);
      if (axes[i].varies) s.label += (s.label.empty() ? "" : ";") + a;
    }
    for (size_t i : by_key)
      s.canonical += (s.canonical.empty() ? "" : ";") + axes[i].key + "=" + axes[i].values[pick[i]];
    if (s.label.empty()) s.label = "default";
    out.push_back(std::move(s));
  }
  return out;
}

std::uint64_t derive_seed(std::uint64_t base, std::uint64_t index) {
  std::uint64_t z = base + (index + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z = (z ^ (z >> 31)) >> 1;
  return z == 0 ? 1 : z;
}

// FNV-1a (Fowler, Noll, Vo): a content fingerprint in a few lines; none of the project's
// libraries offers a stable hash of bytes (std::hash differs between standard libraries).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string scenario_hash(const std::string& path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  fs::path p = path;
  for (int depth = 0; depth < 64; ++depth) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ScenarioError(p.string(), 0, "(file)", "a readable scenario file", detail::quoted(p.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    h = fnv1a64(text, h);
    h = fnv1a64(std::string_view("\0", 1), h);  // file boundary
    // The loader has validated the chain already (make_plan loads first); a file that does
    // not parse here simply ends it.
    toml::table doc;
    try {
      doc = toml::parse(text, p.string());
    } catch (const toml::parse_error&) {
      break;
    }
    const auto ext = doc["extends"].value<std::string>();
    if (!ext) break;
    p = (p.parent_path() / *ext).lexically_normal();
  }
  return fmt::format("{:016x}", h);
}

}  // namespace lightind::sweep
