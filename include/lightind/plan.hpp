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
};

/// What a row means, for reports and the elastic relaxation.
enum class RowKind { balance, capacity, labour, fx, imports, food_min, investment_floor };
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
};

/// Group weight of the objective from the investment shares in force: w_g = 1 + kGroupCount * share_g.
[[nodiscard]] std::array<double, kGroupCount> group_weights(const std::array<double, kGroupCount>& share);

/// The plan LP of `d` for `year` (see docs/PLANNER.md for every row).
[[nodiscard]] Lp build(const Description& d, int year, const PlanOptions& opt = {});

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
  std::vector<Binding> binding;       ///< rows with a non-zero dual, by |dual| descending
  std::vector<double> col_value;      ///< the LP's column solution
  std::vector<double> row_dual;       ///< the LP's row duals, as gains per unit of relaxation
  // Infeasible plans: the elastic relaxation.
  std::vector<Violation> violations;  ///< rows that must give way, largest relative violation first
  std::vector<Binding> elastic_binding;  ///< rows binding in the relaxed plan (tight and with a non-zero dual)
};

/// Solves `lp` with CLP; `d` names the sectors. Infeasible: runs the elastic relaxation.
[[nodiscard]] PlanResult solve(const Lp& lp, const Description& d);

/// Writes `lp` as free MPS (via CLP's writeMps); throws std::runtime_error on failure.
void write_mps(const Lp& lp, const std::string& path);

/// plan.csv text: header `sector,quantity,value`, one row per sector and quantity.
[[nodiscard]] std::string plan_csv(const PlanResult& r);

}  // namespace lightind::plan
