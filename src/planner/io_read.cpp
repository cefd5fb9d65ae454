// lightind: reading input-output tables: pymrio's text layout, and a scenario's starting
// structure (see include/lightind/io.hpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "lightind/io.hpp"
#include "planner/io.hpp"

namespace lightind::io {

namespace {

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  if (line > 0) throw std::runtime_error(fmt::format("{}:{}: {}", file, line, what));
  throw std::runtime_error(fmt::format("{}: {}", file, what));
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    if (tab == std::string::npos) {
      cells.push_back(line.substr(start));
      return cells;
    }
    cells.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string shown(const std::string& s) {
  return s.size() > 40 ? "\"" + s.substr(0, 40) + "...\"" : "\"" + s + "\"";
}

/// "region/sector" of a column, for messages.
std::string col_label(const detail::TextMatrix& t, size_t j) {
  std::string s;
  for (const auto& row : t.col_keys) s += (s.empty() ? "" : "/") + row[j];
  return s;
}

/// Checks that `t`'s columns are the industries (region, sector) of `z`, in the same order.
void check_industry_columns(const detail::TextMatrix& t, const detail::TextMatrix& z) {
  const int header_line = 1;
  if (t.col_keys.size() < 2)
    fail(t.file, header_line, fmt::format("expected 2 header rows (region, sector), found {}", t.col_keys.size()));
  if (t.cols() != z.rows())
    fail(t.file, header_line,
         fmt::format("expected {} columns (the industries of {}), found {}", z.rows(), z.file, t.cols()));
  for (size_t j = 0; j < t.cols(); ++j) {
    if (t.col_keys[0][j] != z.row_keys[j][0] || t.col_keys[1][j] != z.row_keys[j][1])
      fail(t.file, header_line,
           fmt::format("column {} is {}, expected {}/{} (industry {} of {}, line {})", j + t.index_cols + 1,
                       shown(col_label(t, j)), z.row_keys[j][0], z.row_keys[j][1], j + 1, z.file, z.row_line[j]));
  }
}

}  // namespace

namespace detail {

TextMatrix parse_text_matrix(const std::string& text, const std::string& file) {
  TextMatrix m;
  m.file = file;
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) fail(file, 0, "empty file, expected a table in pymrio's text layout");

  const auto first = split_tabs(lines[0]);
  while (m.index_cols < first.size() && trim(first[m.index_cols]).empty()) ++m.index_cols;
  if (m.index_cols == 0)
    fail(file, 1, fmt::format("expected a column header row starting with empty cells (one per index column), "
                              "found {}", shown(first[0])));
  if (m.index_cols == first.size()) fail(file, 1, "expected column labels, found only empty cells");
  const size_t ncols = first.size() - m.index_cols, ncells = first.size();

  size_t li = 0;
  for (; li < lines.size(); ++li) {
    const auto cells = split_tabs(lines[li]);
    bool header = true;
    for (size_t c = 0; c < m.index_cols && c < cells.size(); ++c) header = header && trim(cells[c]).empty();
    if (!header) break;
    const int line_no = static_cast<int>(li) + 1;
    if (cells.size() != ncells)
      fail(file, line_no, fmt::format("expected {} cells in this header row, found {}", ncells, cells.size()));
    std::vector<std::string> keys;
    for (size_t c = m.index_cols; c < cells.size(); ++c) {
      keys.push_back(trim(cells[c]));
      if (keys.back().empty()) fail(file, line_no, fmt::format("column {}: empty header label", c + 1));
    }
    m.col_keys.push_back(std::move(keys));
  }
  if (li == lines.size()) fail(file, static_cast<int>(li), "no data rows after the column header");

  for (; li < lines.size(); ++li) {
    const int line_no = static_cast<int>(li) + 1;
    const auto cells = split_tabs(lines[li]);
    if (cells.size() != ncells)
      fail(file, line_no,
           fmt::format("expected {} cells ({} index + {} values), found {}{}", ncells, m.index_cols, ncols,
                       cells.size(), cells.size() < ncells ? " (truncated line?)" : ""));
    std::vector<std::string> keys;
    for (size_t c = 0; c < m.index_cols; ++c) {
      keys.push_back(trim(cells[c]));
      if (keys.back().empty()) fail(file, line_no, fmt::format("column {}: empty row label", c + 1));
    }
    m.row_keys.push_back(std::move(keys));
    m.row_line.push_back(line_no);
    for (size_t c = m.index_cols; c < cells.size(); ++c) {
      const std::string cell = trim(cells[c]);
      double v = 0.0;
      const char* b = cell.data();
      const char* e = b + cell.size();
      if (b != e && *b == '+') ++b;
      const auto [ptr, ec] = std::from_chars(b, e, v);
      if (cell.empty() || ec != std::errc() || ptr != e || !std::isfinite(v))
        fail(file, line_no,
             fmt::format("column {} ({}): expected a finite number, found {}", c + 1,
                         col_label(m, c - m.index_cols), shown(cell)));
      m.values.push_back(v);
    }
  }
  return m;
}

TextMatrix read_text_matrix(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(path.string(), 0, "cannot open the file");
  std::stringstream s;
  s << f.rdbuf();
  return parse_text_matrix(s.str(), path.string());
}

}  // namespace detail

Table read_pymrio(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), 0, "not a folder (expected pymrio text tables)");
  const auto z = detail::read_text_matrix(dir / "trade_flows_Z.txt");
  if (z.index_cols < 2) fail(z.file, 3, "expected at least 2 index columns (region, sector[, unit])");
  if (z.rows() != z.cols()) {
    if (z.rows() < z.cols())
      fail(z.file, z.row_line.back() + 1,
           fmt::format("expected {} data rows (one per column), found {} (truncated file?)", z.cols(), z.rows()));
    fail(z.file, z.row_line[z.cols()], fmt::format("expected {} data rows (one per column), found {}", z.cols(), z.rows()));
  }
  check_industry_columns(z, z);
  {
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < z.rows(); ++i)
      if (!seen.insert({z.row_keys[i][0], z.row_keys[i][1]}).second)
        fail(z.file, z.row_line[i], fmt::format("industry {}/{} appears twice", z.row_keys[i][0], z.row_keys[i][1]));
  }
  const size_t n = z.rows();

  Table t;
  t.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  for (size_t i = 0; i < n; ++i) {
    t.row_region.push_back(z.row_keys[i][0]);
    t.row_sector.push_back(z.row_keys[i][1]);
  }
  t.Z = z.values;

  const auto y = detail::read_text_matrix(dir / "finald_demand_Y.txt");
  if (y.index_cols < 2) fail(y.file, 3, "expected at least 2 index columns (region, sector[, unit])");
  if (y.rows() != n)
    fail(y.file, y.rows() < n ? y.row_line.back() + 1 : y.row_line[n],
         fmt::format("expected {} data rows (the industries of {}), found {}", n, z.file, y.rows()));
  for (size_t i = 0; i < n; ++i)
    if (y.row_keys[i][0] != t.row_region[i] || y.row_keys[i][1] != t.row_sector[i])
      fail(y.file, y.row_line[i],
           fmt::format("row is {}/{}, expected {}/{} (line {} of {})", y.row_keys[i][0], y.row_keys[i][1],
                       t.row_region[i], t.row_sector[i], z.row_line[i], z.file));
  t.fd_region = y.col_keys[0];
  t.fd_category = y.col_keys.size() > 1 ? y.col_keys[1] : std::vector<std::string>(y.cols(), "final_demand");
  t.Y = y.values;

  if (std::filesystem::exists(dir / "factor_input.txt")) {
    const auto f = detail::read_text_matrix(dir / "factor_input.txt");
    check_industry_columns(f, z);
    t.value_added.assign(n, 0.0);
    for (size_t r = 0; r < f.rows(); ++r)
      for (size_t j = 0; j < n; ++j) t.value_added[j] += f.values[r * n + j];
  }
  if (std::filesystem::exists(dir / "emissions.txt")) {
    const auto e = detail::read_text_matrix(dir / "emissions.txt");
    check_industry_columns(e, z);
    std::set<std::string> firsts;
    bool unique = true;
    for (const auto& k : e.row_keys) unique = firsts.insert(k[0]).second && unique;
    std::set<std::string> names;
    for (size_t r = 0; r < e.rows(); ++r) {
      std::string name = e.row_keys[r][0];
      if (!unique)  // stressor/compartment, without the unit (the last index column)
        for (size_t c = 1; c + 1 < e.index_cols; ++c) name += "/" + e.row_keys[r][c];
      if (name == "output" || name == "value_added" || !names.insert(name).second)
        fail(e.file, e.row_line[r], fmt::format("stressor name {} is not unique", shown(name)));
      t.stressors.push_back(name);
    }
    t.F = e.values;
  }
  return t;
}

Table from_description(const Description& d) {
  const size_t n = d.sectors.size();
  std::vector<char> new_build(d.enterprises.size(), 0);
  for (const auto& p : d.projects)
    if (p.new_build) new_build[static_cast<size_t>(p.enterprise)] = 1;
  std::vector<double> x(n, 0.0), labour(n, 0.0);
  for (size_t e = 0; e < d.enterprises.size(); ++e) {
    if (new_build[e]) continue;  // no capacity before its completion
    const auto& ed = d.enterprises[e];
    const auto j = static_cast<size_t>(ed.sector);
    const double potential = ed.capacity * ed.efficiency;  // units per year
    x[j] += potential;
    labour[j] += potential / 12.0 * d.sectors[j].labour_per_unit * (1.0 - d.automation_saving * ed.automation);
  }
  Table t;
  t.name = d.name;
  t.A_given = d.a;
  t.Z.assign(n * n, 0.0);
  t.Y.assign(n, 0.0);
  t.fd_region = {d.name};
  t.fd_category = {"final_demand"};
  t.stressors = {"labour", "imports"};
  t.F.assign(2 * n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    t.row_region.push_back(d.name);
    t.row_sector.push_back(d.sectors[i].id);
    double used = 0.0;
    for (size_t j = 0; j < n; ++j) {
      t.Z[i * n + j] = d.a[i * n + j] * x[j];
      used += t.Z[i * n + j];
    }
    t.Y[i] = x[i] - used;
    t.F[i] = labour[i];
    t.F[n + i] = d.sectors[i].import_per_unit * x[i];
  }
  return t;
}

std::vector<std::string> Table::regions() const {
  std::vector<std::string> out;
  for (const auto* v : {&row_region, &fd_region})
    for (const auto& r : *v)
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  return out;
}

std::vector<std::string> Table::sectors() const {
  std::vector<std::string> out;
  for (const auto& s : row_sector)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

}  // namespace lightind::io
