// lightind: the knobs of the interactive page (`lightind serve`) and how each maps to
// scenario keys (`--set key=value` overrides of the loader). No model code: a knob that has
// no single key in the scenario (sanction severity, guidance frequency, ...) is a
// documented scaling of existing keys, computed from the baseline description
// (docs/PAGE.md lists every mapping).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::serve {

/// A rejected request parameter; what() says which parameter, what was expected and found.
class KnobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class KnobKind : std::uint8_t { number = 0, integer, month };

/// One slider of the page.
struct Knob {
  std::string name;   ///< URL parameter, snake_case
  std::string label;  ///< shown beside the slider
  std::string group;  ///< "policy" or "assumption"
  std::string unit;   ///< shown after the value
  std::string help;   ///< what it changes, in words (the mapping)
  KnobKind kind = KnobKind::number;
  double min = 0.0, max = 1.0, step = 0.01;  ///< month knobs: month indices (YearMonth::index())
  double value = 0.0;                        ///< the baseline's value
  bool available = true;                     ///< false when the scenario has nothing it maps to
};

/// At most `max_bytes` of `s` for a message, cut before a UTF-8 continuation byte so that a
/// valid character is never split.
[[nodiscard]] std::string shown_text(const std::string& s, std::size_t max_bytes = 64);

/// A knob's value as text: numbers shortest round-trip, integers without decimals, months "YYYY-MM".
[[nodiscard]] std::string format_value(const Knob& k, double v);

/// The page's knobs for one baseline scenario.
class Knobs {
 public:
  explicit Knobs(const Description& baseline);

  [[nodiscard]] const std::vector<Knob>& list() const { return knobs_; }
  [[nodiscard]] const Knob* find(const std::string& name) const;

  /// Validates request parameters (name, value) and returns the full settings, every knob
  /// at the baseline's value unless given. Throws KnobError on an unknown or repeated
  /// name, a malformed value (not a plain finite number, not YYYY-MM), a value out of
  /// range, or a knob the scenario lacks.
  [[nodiscard]] std::map<std::string, double> parse(const std::vector<std::pair<std::string, std::string>>& params) const;

  /// The `--set` overrides that give `settings` (knobs at their baseline value add none).
  [[nodiscard]] std::vector<std::string> sets(const std::map<std::string, double>& settings) const;
  /// The seed for `settings` (the "seed" assumption knob; the scenario's seed by default).
  [[nodiscard]] std::uint64_t seed(const std::map<std::string, double>& settings) const;

  /// The settings that differ from the baseline as a canonical query string (knob order,
  /// values as format_value): the page's URL and the cache key.
  [[nodiscard]] std::string query(const std::map<std::string, double>& settings) const;

 private:
  Description d_;  ///< a copy of the baseline: the mappings read its events, shocks and visits
  std::vector<Knob> knobs_;
};

}  // namespace lightind::serve
