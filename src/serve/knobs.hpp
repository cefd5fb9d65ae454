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
  std::string plain{};     ///< one line in plain language: what the setting is, for the page
  std::string source_key{};  ///< the scenario key whose `# source:` / `# assumption:` comment backs the
                           ///< baseline value (ids for arrays of tables: shocks.unsc_2270.severity)
  std::string source{};    ///< that comment ("source: ..." or "assumption: ..."), "" when none was found
  int acts_from = -1;      ///< Knobs::acts_from
};

/// The `# source:` or `# assumption:` comment of the value written on line `line` (1-based)
/// of the TOML `text`: a trailing comment on that line, else the nearest such line above it
/// in the same block of lines (stopping at a blank line or a table header); returned without
/// "# " ("assumption: ..."). "" when there is none (or `line` is out of range).
[[nodiscard]] std::string provenance_comment(const std::string& text, int line);

/// The line where the dotted `key` is written in the scenario file `path` (components of an
/// array of tables are matched by `id`: "policy.events.new_year_address_2013.local_share"); 0
/// when the file does not write it (for example when it comes from an `extends` parent).
[[nodiscard]] int key_line(const std::string& text, const std::string& path, const std::string& key);

/// At most `max_bytes` of `s` for a message, cut before a UTF-8 continuation byte so that a
/// valid character is never split.
[[nodiscard]] std::string shown_text(const std::string& s, std::size_t max_bytes = 64);

/// A knob's value as text: numbers shortest round-trip, integers without decimals, months "YYYY-MM".
[[nodiscard]] std::string format_value(const Knob& k, double v);

/// The page's knobs for one baseline scenario.
class Knobs {
 public:
  explicit Knobs(const Description& baseline);
  /// Also reads each knob's `# source:` / `# assumption:` comment from the scenario file `path`.
  Knobs(const Description& baseline, const std::string& path);

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

  /// The first month (YearMonth::index()) from which a change of knob `name` can act on a run of
  /// the baseline's economy: a run with the knob changed equals the baseline's before that month,
  /// so it may resume from a checkpoint taken there (lightind::resume). The run's first month
  /// (`start - spin_up_months`) for a knob that acts from the first step (the economy as built
  /// is still the same); -1 for a knob the economy is built from (reform start: each
  /// enterprise's joining month is drawn when it is built; income dispersion; the seed) or an
  /// unknown name. Tests: tests/serve/test_page_runs.cpp runs each against a full run.
  [[nodiscard]] int acts_from(const std::string& name) const;
  /// The months at which the page keeps checkpoints: the knobs' acts_from (>= 0), sorted, distinct.
  [[nodiscard]] std::vector<int> checkpoint_months() const;

  /// The settings that differ from the baseline as a canonical query string (knob order,
  /// values as format_value): the page's URL and the cache key.
  [[nodiscard]] std::string query(const std::map<std::string, double>& settings) const;

 private:
  Description d_;  ///< a copy of the baseline: the mappings read its events, shocks and visits
  std::vector<Knob> knobs_;
};

}  // namespace lightind::serve
