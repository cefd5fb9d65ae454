// lightind: the indicator registry — one table of every series a run records, with its
// label, unit, direction, how it adds up over time and over sectors or regions, and its
// documentation (STYLE.md 15, after Mesa's DataCollector). The recorder (a test checks that
// every recorded name is registered and every registered one recorded), the run's headline,
// `lightind compare`, the report, the served page and the Python module read it;
// docs/INDICATORS.md is generated from it (`lightind docs indicators`).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::indicators {

/// Which rows of the series an entry describes.
enum class Level : std::uint8_t { aggregate = 0, sector, region };
/// Whether more is better (for the people of the economy, as the article judges it).
enum class Direction : std::uint8_t { higher_better = 0, lower_better, neither };
/// How the months of a year make the year:
///   flow   a monthly flow: the year's total is the sum of its months (annual means are the
///          monthly average, total / 12);
///   level  a stock, price, ratio, share or index: the year is the mean of its months;
///   once   written once (the January plan, the end of the run): the value itself.
enum class OverTime : std::uint8_t { flow = 0, level, once };
/// How the sectors' or regions' values make the aggregate:
///   sum    additive (the aggregate is the sum of the parts);
///   ratio  a mean, share, price or per-head figure: recomputed from the parts' numerators
///          and denominators, never added;
///   none   not split by sector or region.
enum class OverParts : std::uint8_t { sum = 0, ratio, none };
/// How `lightind compare` shows a difference from the first scenario: relative (%), in
/// percentage points (shares, x 100), in index points, or absolute (balances, which change sign).
enum class DifferenceKind : std::uint8_t { percent = 0, share_points, index_points, absolute };

const char* to_string(Level v);
const char* to_string(Direction v);
const char* to_string(OverTime v);
const char* to_string(OverParts v);
const char* to_string(DifferenceKind v);

/// One registered indicator at one level. A name containing "<group>" is a family: it stands
/// for one name per group in `groups` (space-separated), e.g. icor_light, icor_heavy.
struct Indicator {
  std::string_view name;
  Level level = Level::aggregate;
  std::string_view section;  ///< the docs section it is listed in (Section::id)
  std::string_view label;    ///< short, for tables, charts and the headline (at most 30 characters)
  std::string_view unit;
  Direction direction = Direction::neither;
  OverTime over_time = OverTime::level;
  OverParts over_parts = OverParts::sum;
  DifferenceKind difference = DifferenceKind::percent;
  std::string_view doc;     ///< what it measures (markdown, one paragraph)
  std::string_view groups;  ///< the groups of a family, space-separated; empty otherwise

  /// The fmt format of one value in the run's headline: "{:.1f}" for indices, "{:.3f}" for
  /// shares, "{:.4g}" otherwise.
  [[nodiscard]] std::string_view value_format() const;
};

/// A section of docs/INDICATORS.md: a heading, a paragraph, then the table of its entries.
struct Section {
  std::string_view id;
  std::string_view title;  ///< markdown heading text
  int depth = 2;           ///< heading level (## = 2)
  std::string_view intro;  ///< paragraphs before the table (markdown), may be empty
};

/// Every registered indicator, in the order of docs/INDICATORS.md.
[[nodiscard]] std::span<const Indicator> all();
/// The docs sections, in order.
[[nodiscard]] std::span<const Section> sections();

/// The money unit of the reference scenario, and of the docs' tables (`scenario.currency`'s default).
inline constexpr std::string_view kDefaultCurrency = "won";
/// `text` with each "{currency}" (the registry's units write money so) replaced by `currency`.
[[nodiscard]] std::string with_currency(std::string_view text, std::string_view currency);
/// The unit of `i` in a scenario's money: with_currency(i.unit, currency), the one place a
/// unit shown to a user (headline, summary.json, compare, report, page, Python) is resolved.
[[nodiscard]] std::string unit(const Indicator& i, std::string_view currency = kDefaultCurrency);

/// The entry for `name` at `level` (a family matches each of its names); nullptr when none.
[[nodiscard]] const Indicator* find(std::string_view name, Level level = Level::aggregate);
/// The names an entry stands for: its name, or one per group of a family.
[[nodiscard]] std::vector<std::string> names_of(const Indicator& i);

/// An indicator a scenario defines (its `[[aggregates]]`): registered at run time, with the
/// fields of a static entry (section "scenario", aggregate level).
struct ScenarioIndicator {
  std::string name, label, unit, doc;
  Direction direction = Direction::neither;
  OverTime over_time = OverTime::level;
  OverParts over_parts = OverParts::none;
  DifferenceKind difference = DifferenceKind::percent;
};

/// Registers a scenario's indicator, process-wide (the loader registers a scenario's
/// aggregates when it loads the scenario; find(), to_json() and so the report, compare, the
/// page and Python see it from then on). Registering a name again replaces nothing: the first
/// definition stays (two scenarios that define one aggregate id share its entry). Thread-safe.
void register_indicator(const ScenarioIndicator& i);
/// Registers group ids of a scenario, so that the `<group>` families (icor_<group>,
/// invested_total_<group>) match them in find(). Thread-safe.
void register_groups(const std::vector<std::string>& ids);
/// The indicators registered at run time, in registration order.
[[nodiscard]] std::vector<const Indicator*> registered();

/// Lists of indicators that a front end shows, in display order.
enum class View : std::uint8_t {
  run_headline = 0,  ///< `lightind run`'s headline table
  compare,           ///< `lightind compare`, the report's charts and comparison table, Python's compare
  page,              ///< the served page's charts (`lightind serve`)
};
[[nodiscard]] std::span<const std::string_view> view(View v);

/// The registry as JSON, for the page, the report and Python: {"indicators": [{name, level,
/// label, unit, direction, over_time, over_parts, difference, section, doc, groups}, ...],
/// "views": {"run_headline": [...], "compare": [...], "page": [...]}}.
/// Units are written in `currency` (the scenario's `scenario.currency`).
[[nodiscard]] std::string to_json(std::string_view currency = kDefaultCurrency);

/// docs/INDICATORS.md, generated from the registry (`lightind docs indicators`).
[[nodiscard]] std::string markdown();

}  // namespace lightind::indicators
