// lightind: the national planner's linear programme (docs/PLANNER.md).
//
// `build` turns a Description and a year into a plain LP (columns, rows, bounds, objective,
// names); `solve` solves it with COIN-OR CLP and reads back outputs, final uses, investment,
// imports, shadow prices and binding constraints. When the LP is infeasible, `solve` runs an
// elastic relaxation and names the constraints that must give way, with the violation each needs.
// Pure functions: nothing is read or written outside the arguments (except write_mps).
#pragma once

#include <array>
#include <limits>
#include <string>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::plan {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// Knobs of the plan LP.
struct PlanOptions {
  /// Investment floor: each capital-goods sector delivers at least this share of its gross
  /// output as investment goods (k_i >= floor * x_i).
  double investment_floor = 0.2;
  /// Apply the export bans, import caps and border closure in force during the year.
  bool sanctions = true;
  /// Horizon block (State::fund > 0 or targets): new capacity a sector may receive in one
  /// year, as a share of its capacity (z_j <= max_expansion * capacity_j * capital_per_unit_j).
  double max_expansion = 0.25;
  /// Horizon block: diminishing returns to a year's expansion (investment absorption). The
  /// expansion up to max_expansion is split into `expansion_steps` equal steps; step s
  /// (0-based) adds (1 - expansion_decline)^s of the capacity a unit adds in step 0. One step
  /// (or no decline): constant returns up to the bound.
  int expansion_steps = 1;
  double expansion_decline = 0.0;
  /// Horizon block: objective units lost per unit of gross output short of a target.
  double target_weight = 10.0;
};

/// The economy at the start of a plan year: what the LP plans with. `initial_state` reads it
/// off a Description (the opening structure: `lightind plan`); the engine fills it from its
/// current state each January (plan.method = "lp", docs/PLANNER.md "The engine's annual plan").
struct State {
  int year = 0;
  std::vector<double> capacity;      ///< per sector, units/year: sum_e capacity_e * efficiency_e
  std::vector<double> raw_capacity;  ///< per sector, units/year at efficiency 1: sum_e capacity_e
  std::vector<double> automation;    ///< per sector, capacity-weighted mean automation (0..1)
  double labour_force = 0.0;         ///< workers available to enterprises
  double fx_reserves = 0.0;          ///< USD held by the state
  double import_release = 1.0;       ///< share of the reserves released for imports a month
  /// Share of missing imported inputs domestic substitutes replace (world.import_substitution);
  /// 0 (initial_state): imports are import_per_unit x output, exactly.
  double import_substitution = 0.0;
  std::vector<double> stock;         ///< per sector, units on hand beyond the intermediate reserve
  std::array<double, kMaxGroups> investment_share{};  ///< shares in force (objective weights, fund rows)
  // The horizon block exists when fund > 0 or a target is set.
  double fund = 0.0;                 ///< capital-goods units the plan allocates to sectors
  int horizon_years = 1;             ///< years from the plan year to the horizon year (>= 1)
  std::vector<double> target;        ///< per sector, gross output sought in the horizon year, units/year (0: none)
  [[nodiscard]] bool horizon() const;
};

/// The opening structure of `d` planned in `year` (capacities of the enterprises that exist at
/// the start, the scenario's reserves, no stocks, no fund, no targets).
[[nodiscard]] State initial_state(const Description& d, int year);

/// What a row means, for reports and the elastic relaxation.
enum class RowKind { balance, capacity, labour, fx, imports, food_min, investment_floor, fund, target };
const char* to_string(RowKind k);

/// A linear programme: minimise obj . x subject to row_lo <= A x <= row_hi, col_lo <= x <= col_hi.
/// The plan maximises priority-weighted consumption; `obj` holds its negative (CLP minimises).
/// The matrix is stored as triplets (row, col, value).
struct Lp {
  std::vector<std::string> col_names;  ///< MPS-safe names: x_<id>, c_<id>, k_<id>, m_<id>
  std::vector<double> col_lo, col_hi, obj;
  std::vector<std::string> row_names;   ///< MPS-safe names: bal_<id>, cap_<id>, labour, fx, imp_<id>, food_min, inv_<id>
  std::vector<std::string> row_labels;  ///< human-readable: "goods balance of agriculture", ...
  std::vector<RowKind> row_kinds;
  std::vector<int> row_sector;          ///< the sector a row belongs to, -1 for national rows
  std::vector<double> row_lo, row_hi;
  std::vector<int> a_row, a_col;
  std::vector<double> a_val;
  /// Typical magnitudes used to scale the LP for the solver (column j is solved as x_j / col_scale_j,
  /// row r as row_r / row_scale_r); results are reported unscaled. Empty: 1.
  std::vector<double> col_scale, row_scale;

  // Column indices per sector; -1 where the variable does not exist.
  std::vector<int> x, c, k, m;
  /// Horizon block (-1 where absent): capital allocated to sector j (units of capital goods),
  /// its horizon-year output, final use, investment goods and imports, and the target shortfall.
  std::vector<int> z, x2, c2, k2, m2, u;
  /// Further steps of sector j's capital allocation (diminishing returns,
  /// PlanOptions::expansion_steps > 1): z_step[j] lists the columns after z[j], in order.
  std::vector<std::vector<int>> z_step;
  std::vector<int> balance_row;  ///< the goods-balance row of each sector
  std::vector<double> weight;    ///< objective weight of each sector's final use (0 when none)
  std::vector<double> export_share;  ///< effective export share used in the year (after sanctions)

  [[nodiscard]] int n_cols() const { return static_cast<int>(col_names.size()); }
  [[nodiscard]] int n_rows() const { return static_cast<int>(row_names.size()); }
  int add_col(std::string name, double lo, double hi, double cost, double scale = 1.0);
  int add_row(std::string name, std::string label, RowKind kind, int sector, double lo, double hi, double scale = 1.0);
  void add(int row, int col, double value);
  /// Row activities A x for a column solution.
  [[nodiscard]] std::vector<double> activities(const std::vector<double>& cols) const;
  /// The same LP, member for member (names, bounds, matrix, scales, indices).
  bool operator==(const Lp&) const = default;
};

/// Group weight of the objective from the investment shares in force: w_g = 1 + G * share_g,
/// G the number of groups in use.
[[nodiscard]] std::array<double, kMaxGroups> group_weights(const std::array<double, kMaxGroups>& share, int n_groups);

/// The plan LP of `d` for `year` (see docs/PLANNER.md for every row): build(d, initial_state(d, year), opt).
[[nodiscard]] Lp build(const Description& d, int year, const PlanOptions& opt = {});
/// The plan LP of `d`'s structure (coefficients, prices, shocks of s.year) from the state `s`.
[[nodiscard]] Lp build(const Description& d, const State& s, const PlanOptions& opt = {});

enum class Status { optimal, infeasible, unbounded, error };
const char* to_string(Status s);

struct Binding {
  std::string name;   ///< the row's label
  std::string row;    ///< the row's MPS name
  double dual = 0.0;  ///< gain of the objective per unit the constraint is relaxed (>= 0 at an optimum)
};

/// One constraint that must give way in the elastic relaxation of an infeasible plan.
struct Violation {
  std::string name;       ///< the row's label
  std::string row;        ///< the row's MPS name
  double amount = 0.0;    ///< how far the row must be relaxed (its own units)
  double relative = 0.0;  ///< amount / max(1, |bound|)
  bool lower = true;      ///< true: a minimum that cannot be reached ("short by"); false: a limit exceeded
};

struct PlanResult {
  Status status = Status::error;
  double objective = 0.0;  ///< priority-weighted final use (maximised), units a year
  std::vector<std::string> sectors;
  std::vector<double> gross_output, final_use, investment, imports, shadow_price;  ///< per sector, a year
  /// Horizon block, per sector (0 without one): capital-goods units allocated to the sector,
  /// its gross output in the horizon year, and how far that falls short of its target.
  std::vector<double> capital_allocation, horizon_output, target_shortfall;
  std::vector<Binding> binding;       ///< rows with a non-zero dual, by |dual| descending
  std::vector<double> col_value;      ///< the LP's column solution
  std::vector<double> row_dual;       ///< the LP's row duals, as gains per unit of relaxation
  // Infeasible plans: the elastic relaxation.
  std::vector<Violation> violations;  ///< rows that must give way, largest relative violation first
  std::vector<Binding> elastic_binding;  ///< rows binding in the relaxed plan (tight and with a non-zero dual)
};

/// A result with the sectors of `d` named and every per-sector quantity zero (status error).
[[nodiscard]] PlanResult empty_result(const Description& d);

/// An optimal plan read off a solver's solution of `lp` in its minimisation form (as CLP and
/// PDLP return it): objective = -objective_min, per-sector quantities from `cols`, row gains
/// (row_dual) from `duals`, shadow prices, and the rows whose |gain| exceeds `binding_floor`,
/// by |gain| descending.
[[nodiscard]] PlanResult read_solution(const Lp& lp, const Description& d, double objective_min, std::vector<double> cols,
                                       const std::vector<double>& duals, double binding_floor = 1e-9);

/// Solves `lp` with CLP; `d` names the sectors. Infeasible: runs the elastic relaxation.
[[nodiscard]] PlanResult solve(const Lp& lp, const Description& d);

/// Writes `lp` as free MPS (via CLP's writeMps); throws std::runtime_error on failure.
void write_mps(const Lp& lp, const std::string& path);

/// plan.csv text: header `sector,quantity,value`, one row per sector and quantity.
[[nodiscard]] std::string plan_csv(const PlanResult& r);

}  // namespace lightind::plan
