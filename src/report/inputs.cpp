// lightind: reading the report's inputs — run folders, compare folders, results databases
// and sweep bands.
#include <algorithm>
#include <array>
#include <map>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "report/report.hpp"
#include "results/io.hpp"
#include "results/sqlite.hpp"

namespace lightind::report {

namespace fs = std::filesystem;
namespace io = detail::results_io;
namespace rdb = detail::results_db;

namespace {

/// "YYYY-MM" -> YearMonth::index(); throws InputError naming the place.
int month_index(const std::string& s, const std::string& where) {
  const auto ym = YearMonth::parse(s);
  if (!ym) throw InputError(fmt::format("{}: date: expected YYYY-MM, found \"{}\"", where, s));
  return ym->index();
}

/// A value field: empty = NaN (as written for NaN), else a number.
double value_of(const std::string& s, const std::string& where) {
  if (s.empty()) return NAN;
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    throw InputError(fmt::format("{}: value: expected a number, found \"{}\"", where, s));
  return v;
}

/// The lines of a text file (no trailing "\r").
std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(fmt::format("{}: cannot open", path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(f, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

void expect_header(const std::vector<std::string>& lines, const std::string& path, const std::string& header) {
  if (lines.empty() || lines[0] != header)
    throw InputError(fmt::format("{}:1: header: expected \"{}\", found \"{}\"", path, header,
                                 lines.empty() ? "an empty file" : lines[0].substr(0, 120)));
}

using Fields = std::vector<std::string>;

/// Calls `row(fields, where)` for each non-empty line below the header of the CSV file
/// `path`, which must start with `header` and have 7 fields a line; `where` is "path:line".
template <typename Row>
void for_each_row_of_7(const std::string& path, const std::string& header, Row&& row) {
  const auto lines = read_lines(path);
  expect_header(lines, path, header);
  Fields c;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::string where = fmt::format("{}:{}", path, i + 1);
    io::split_csv_line(lines[i], c);
    if (c.size() != 7) throw InputError(fmt::format("{}: expected 7 fields, found {}", where, c.size()));
    row(c, where);
  }
}

/// Read-only SQLite connection that creates nothing beside the file (no -wal/-shm; a
/// folder on read-only media is fine), verified before it is read: SQLite's quick_check, the
/// schema version and each run's checksum where the file has them (results/sqlite.hpp).
class Db {
 public:
  explicit Db(const std::string& path) : path_(path) {
    try {
      db_ = rdb::open_readonly(path);
    } catch (const std::runtime_error& e) {
      throw InputError(e.what());
    }
    sqlite3_busy_timeout(db_, 30000);
    try {
      (void)rdb::verify(db_, path);
    } catch (const rdb::Damaged& e) {
      sqlite3_close(db_);
      throw InputError(fmt::format("{}. Nothing was written. Move the file aside and rerun the run or sweep that "
                                   "wrote it (docs/CLUSTER.md, \"Damaged databases\")",
                                   e.what()));
    } catch (const std::runtime_error& e) {
      sqlite3_close(db_);
      throw InputError(e.what());
    }
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close(db_); }
  [[nodiscard]] sqlite3* get() const { return db_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("{}: {}: {}", path_, what, sqlite3_errmsg(db_)));
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

/// A read statement on `db`: a statement that cannot be prepared means the file is not a
/// results database.
class Stmt : public rdb::ReadStatement {
 public:
  Stmt(const Db& db, const char* sql)
      : ReadStatement(db.get(), sql, [&db](Stage stage) {
          db.fail(stage == Stage::prepare ? "not a lightind results database (tables runs, series, events)"
                                          : "cannot read");
        }) {}
};

bool is_database_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".sqlite" || ext == ".db" || ext == ".sqlite3";
}

/// The run folders of a compare folder, in the order of compare.csv when present.
std::vector<fs::path> compare_members(const fs::path& dir) {
  std::vector<fs::path> out;
  std::set<std::string> seen;
  if (fs::exists(dir / "compare.csv")) {
    const auto lines = read_lines((dir / "compare.csv").string());
    std::vector<std::string> cells;
    for (size_t i = 1; i < lines.size(); ++i) {
      io::split_csv_line(lines[i], cells);
      if (cells.empty() || cells[0].empty() || !seen.insert(cells[0]).second) continue;
      const fs::path sub = dir / cells[0];
      if (fs::exists(sub / "results.sqlite") || fs::exists(sub / "series.csv")) out.push_back(sub);
    }
  }
  std::vector<fs::path> rest;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && !seen.count(e.path().filename().string()) &&
        (fs::exists(e.path() / "results.sqlite") || fs::exists(e.path() / "series.csv")))
      rest.push_back(e.path());
  std::sort(rest.begin(), rest.end());
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

/// The `currency` of a run folder's summary.json ("" when absent or unreadable: the report
/// then writes the registry's default).
std::string currency_of(const fs::path& dir) {
  const fs::path p = dir / "summary.json";
  if (!fs::is_regular_file(p)) return "";
  try {
    const auto j = nlohmann::json::parse(io::read_file(p.string()));
    if (j.contains("currency") && j["currency"].is_string()) return j["currency"].get<std::string>();
  } catch (const std::exception&) {
  }
  return "";
}

std::vector<RunData> read_run_folder(const fs::path& dir) {
  std::vector<RunData> runs = fs::exists(dir / "results.sqlite") ? read_database((dir / "results.sqlite").string())
                                                                  : std::vector<RunData>{read_series_csv((dir / "series.csv").string())};
  const std::string currency = currency_of(dir);
  for (RunData& r : runs) r.currency = currency;
  return runs;
}

}  // namespace

std::vector<RunData> read_database(const std::string& path) {
  if (!fs::is_regular_file(path)) throw InputError(fmt::format("{}: no such file", path));
  Db db(path);
  std::vector<RunData> runs;
  std::vector<long long> ids;
  {
    Stmt q(db, "SELECT run_id, scenario, seed, scenario_file, settings FROM runs ORDER BY run_id");
    while (q.row()) {
      RunData r;
      r.scenario = r.name = q.text(1);
      r.seed = static_cast<std::uint64_t>(q.integer(2));
      r.scenario_file = q.text(3);
      r.settings = q.text(4);
      r.source = fmt::format("{} (run {})", path, q.integer(0));
      ids.push_back(q.integer(0));
      runs.push_back(std::move(r));
    }
  }
  // Schema 2 keeps one row per series (series_values, values packed); 0 and 1 one row per value.
  const bool packed = rdb::schema_version(db.get(), path) >= rdb::kPackedVersion;
  Stmt series(db, packed ? "SELECT first_month, indicator, NULL, first_month, month_list, vals FROM series_values "
                           "WHERE run_id = ?1 AND sector IS NULL AND region IS NULL ORDER BY rowid"
                         : "SELECT date, indicator, value FROM series WHERE run_id = ?1 AND sector IS NULL AND "
                           "region IS NULL ORDER BY rowid");
  Stmt events(db, "SELECT date, kind, subject, text FROM events WHERE run_id = ?1 ORDER BY rowid");
  std::vector<int> months;
  std::vector<double> values;
  for (size_t i = 0; i < runs.size(); ++i) {
    RunData& r = runs[i];
    series.reset();
    series.bind(1, ids[i]);
    std::map<std::string, int> ind;
    while (series.row()) {
      const std::string name = series.text(1);
      auto it = ind.find(name);
      if (it == ind.end()) it = ind.emplace(name, r.series.indicator_id(name)).first;
      if (!packed) {
        r.series.add(month_index(series.text(0), r.source), it->second, series.real(2));
        continue;
      }
      if (!rdb::unpack_column(series.get(), 3, months, values))
        throw InputError(fmt::format("{}: series_values of {}: expected a list of values, found \"{}\"", r.source,
                                     name, series.text(5).substr(0, 40)));
      for (size_t k = 0; k < values.size(); ++k) r.series.add(months[k], it->second, values[k]);
    }
    events.reset();
    events.bind(1, ids[i]);
    while (events.row())
      r.events.push_back(Event{month_index(events.text(0), r.source), events.text(1), events.text(2), events.text(3)});
  }
  return runs;
}

RunData read_series_csv(const std::string& path) {
  RunData r;
  r.source = path;
  std::map<std::string, int> ind;
  auto row = [&](const Fields& c, const std::string& where) {
    if (r.scenario.empty()) {
      r.scenario = r.name = c[1];
      std::uint64_t seed = 0;
      std::from_chars(c[2].data(), c[2].data() + c[2].size(), seed);
      r.seed = seed;
    }
    if (!c[4].empty() || !c[5].empty()) return;  // aggregates only
    auto it = ind.find(c[3]);
    if (it == ind.end()) it = ind.emplace(c[3], r.series.indicator_id(c[3])).first;
    r.series.add(month_index(c[0], where), it->second, value_of(c[6], where));
  };
  for_each_row_of_7(path, "date,scenario,run,indicator,sector,region,value", row);
  if (r.series.size() == 0) throw InputError(fmt::format("{}: no aggregate rows", path));
  return r;
}

std::vector<Band> read_bands_csv(const std::string& path) {
  std::map<std::pair<std::string, std::string>, Band> bands;
  std::vector<std::pair<std::string, std::string>> order;
  auto row = [&](const Fields& c, const std::string& where) {
    if (!c[3].empty() || !c[4].empty()) return;
    std::string q = c[5];
    // "p5" as written by `lightind sweep`; "0.05" accepted too.
    if (!q.empty() && q[0] != 'p') {
      const double x = value_of(q, where);
      q = fmt::format("p{}", static_cast<int>(std::lround(x * 100)));
    }
    static const std::set<std::string> known = {"p5", "p25", "p50", "p75", "p95"};
    if (!known.count(q))
      throw InputError(fmt::format("{}: quantile: expected p5, p25, p50, p75 or p95, found \"{}\"", where, c[5]));
    const auto key = std::make_pair(c[0], c[2]);
    auto it = bands.find(key);
    if (it == bands.end()) {
      it = bands.emplace(key, Band{c[0], c[2], path, {}}).first;
      order.push_back(key);
    }
    it->second.values[month_index(c[1], where)][q] = value_of(c[6], where);
  };
  for_each_row_of_7(path, "setting,date,indicator,sector,region,quantile,value", row);
  std::vector<Band> out;
  for (const auto& k : order) out.push_back(std::move(bands[k]));
  return out;
}

double quantile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<Band> seed_bands(std::vector<RunData>& runs, const std::string& source) {
  // Groups of runs with one scenario and settings, in order of first appearance.
  std::vector<std::vector<size_t>> groups;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto key = std::make_pair(runs[i].scenario, runs[i].settings);
    const auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<Band> bands;
  std::vector<RunData> kept;
  static const std::array<std::pair<const char*, double>, 5> kQuantiles = {
      {{"p5", 0.05}, {"p25", 0.25}, {"p50", 0.5}, {"p75", 0.75}, {"p95", 0.95}}};
  for (const auto& g : groups) {
    RunData& first = runs[g.front()];
    if (g.size() >= 2) {
      const std::string setting =
          fmt::format("{}{} ({} seeds)", first.scenario, first.settings.empty() ? "" : " " + first.settings, g.size());
      for (const std::string& name : first.series.indicators) {
        Band b{setting, name, source, {}};
        std::map<int, std::vector<double>> by_month;
        for (const size_t i : g)
          for (const auto& [m, v] : runs[i].series.aggregate(name))
            if (std::isfinite(v)) by_month[m].push_back(v);
        for (const auto& [m, vs] : by_month)
          for (const auto& [q, p] : kQuantiles) b.values[m][q] = quantile(vs, p);
        bands.push_back(std::move(b));
      }
      if (!first.settings.empty()) first.name = first.scenario + " " + first.settings;
    }
    kept.push_back(std::move(first));
  }
  runs = std::move(kept);
  return bands;
}

Explain read_explain_csv(const std::string& path) {
  // The hook for `lightind explain` (issue 15, Build 3): its explain.csv starts with
  // `setting,contribution`; other columns are kept as written.
  const auto lines = read_lines(path);
  Explain e;
  e.source = path;
  if (lines.empty() || lines[0].rfind("setting,contribution", 0) != 0)
    throw InputError(fmt::format("{}:1: header: expected \"setting,contribution,...\", found \"{}\"", path,
                                 lines.empty() ? "an empty file" : lines[0].substr(0, 120)));
  io::split_csv_line(lines[0], e.columns);
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::string where = fmt::format("{}:{}", path, i + 1);
    Fields c;
    io::split_csv_line(lines[i], c);
    if (c.size() != e.columns.size())
      throw InputError(fmt::format("{}: expected {} fields, found {}", where, e.columns.size(), c.size()));
    if (c[1].empty() || std::isnan(value_of(c[1], where + ": contribution")))
      throw InputError(fmt::format("{}: contribution: expected a number, found \"{}\"", where, c[1]));
    e.rows.push_back(std::move(c));
  }
  return e;
}

FitValidation read_fit_validation_csv(const std::string& path) {
  try {
    return {path, fit::parse_validation_csv(io::read_file(path), path)};
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
}

bool is_fit_folder(const std::string& dir) {
  const fs::path p(dir);
  return fs::exists(p / "fitted.toml") || (fs::exists(p / "moments.csv") && fs::exists(p / "uncertainty.csv"));
}

FitResult read_fit(const std::string& path) {
  const fs::path p(path);
  const bool folder = fs::is_directory(p);
  const fs::path overlay_path = folder ? p / "fitted.toml" : p;
  FitResult f;
  f.source = path;
  f.distance = NAN;
  // The fit's readers throw std::invalid_argument naming the file and line.
  const auto read = [](const fs::path& file, auto parse) {
    try {
      return parse(io::read_file(file.string()), file.string());
    } catch (const std::invalid_argument& e) {
      throw InputError(e.what());
    } catch (const std::runtime_error& e) {
      throw InputError(e.what());
    }
  };
  fit::Overlay overlay;
  if (fs::exists(overlay_path)) {
    overlay = read(overlay_path, fit::parse_overlay);
    f.command = overlay.command;
    f.distance = overlay.distance;
  }
  if (folder && fs::exists(p / "uncertainty.csv")) {
    for (const fit::UncertaintyRow& u : read(p / "uncertainty.csv", fit::parse_uncertainty_csv))
      f.parameters.push_back({u.parameter, NAN, u.estimate, u.se, u.identified, NAN, NAN, "", ""});
  } else {
    for (const fit::OverlayParam& o : overlay.params)
      f.parameters.push_back({o.key, NAN, o.value, o.se, o.identified, NAN, NAN, "", ""});
  }
  for (FitParameter& q : f.parameters)
    if (const fit::OverlayParam* o = overlay.find(q.key)) {
      q.lo = o->lo;
      q.hi = o->hi;
      q.why = o->why;
      q.reason = o->reason;
    }
  if (folder && fs::exists(p / "moments.csv")) f.moments = read(p / "moments.csv", fit::parse_moments_csv);
  if (folder && fs::exists(p / "evaluations.csv"))
    for (const auto& [key, start] : read(p / "evaluations.csv", fit::parse_start_values))
      for (FitParameter& q : f.parameters)
        if (q.key == key) q.start = start;
  return f;
}

Inputs read_inputs(const std::vector<std::string>& paths) {
  Inputs in;
  auto add_bands = [&](const fs::path& p) {
    auto b = read_bands_csv(p.string());
    in.bands.insert(in.bands.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  };
  // Several seeds of one scenario and settings (a sweep's database): one line, and bands over the seeds.
  auto add_seed_bands = [&](std::vector<RunData>& runs, const std::string& source) {
    auto b = seed_bands(runs, source);
    in.bands.insert(in.bands.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  };
  for (const std::string& s : paths) {
    const fs::path p(s);
    std::error_code ec;
    if (!fs::exists(p, ec)) throw InputError(fmt::format("{}: no such file or folder", s));
    std::vector<RunData> runs;
    if (fs::is_directory(p)) {
      if (fs::exists(p / "results.sqlite") || fs::exists(p / "series.csv")) {
        runs = read_run_folder(p);
      } else {
        for (const fs::path& sub : compare_members(p)) {
          auto r = read_run_folder(sub);
          runs.insert(runs.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
        }
        for (const char* db : {"results.db", "sweep.sqlite"})
          if (fs::exists(p / db)) {
            auto r = read_database((p / db).string());
            runs.insert(runs.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
          }
      }
      if (fs::exists(p / "bands.csv")) {
        // A sweep folder: one line per setting (its first seed), as for its database, and
        // the sweep's own bands.
        add_bands(p / "bands.csv");
        (void)seed_bands(runs, s);
      } else {
        add_seed_bands(runs, s);
      }
      if (fs::exists(p / "explain.csv")) in.explains.push_back(read_explain_csv((p / "explain.csv").string()));
      if (fs::exists(p / "fit-validation.csv"))
        in.fit_validations.push_back(read_fit_validation_csv((p / "fit-validation.csv").string()));
      const bool fit_folder = is_fit_folder(s);
      if (fit_folder) in.fits.push_back(read_fit(s));
      if (runs.empty() && !fs::exists(p / "bands.csv") && !fs::exists(p / "explain.csv") &&
          !fs::exists(p / "fit-validation.csv") && !fit_folder)
        throw InputError(fmt::format(
            "{}: expected a run folder (results.sqlite or series.csv), a compare folder (run sub-folders), a folder "
            "with bands.csv or a fit folder (fitted.toml, or moments.csv and uncertainty.csv), found none of them",
            s));
    } else if (p.filename() == "bands.csv" || (p.extension() == ".csv" && p.stem().string().find("band") != std::string::npos)) {
      add_bands(p);
    } else if (p.filename() == "explain.csv") {
      in.explains.push_back(read_explain_csv(s));
    } else if (p.filename() == "fit-validation.csv") {
      in.fit_validations.push_back(read_fit_validation_csv(s));
    } else if (p.filename() == "fitted.toml" || p.string().ends_with(".fitted.toml")) {
      in.fits.push_back(read_fit(s));
    } else if (p.filename() == "series.csv") {
      runs.push_back(read_series_csv(s));
    } else if (is_database_file(p)) {
      runs = read_database(s);
      // A sweep's database beside its bands.csv: the same report as for the sweep folder.
      const fs::path beside = p.parent_path().empty() ? fs::path("bands.csv") : p.parent_path() / "bands.csv";
      const bool given = std::any_of(paths.begin(), paths.end(), [&](const std::string& q) {
        std::error_code e2;
        return fs::equivalent(fs::path(q), beside, e2) ||
               (fs::is_directory(q, e2) && fs::equivalent(fs::path(q) / "bands.csv", beside, e2));
      });
      if (fs::exists(beside) && !given) {
        add_bands(beside);
        (void)seed_bands(runs, s);
      } else if (fs::exists(beside)) {
        (void)seed_bands(runs, s);
      } else {
        add_seed_bands(runs, s);
      }
    } else {
      throw InputError(fmt::format(
          "{}: expected a run, compare or fit folder, a results database (.sqlite, .db), series.csv, bands.csv or a "
          "fitted overlay (*.fitted.toml)",
          s));
    }
    in.runs.insert(in.runs.end(), std::make_move_iterator(runs.begin()), std::make_move_iterator(runs.end()));
  }
  // Unique display names.
  std::set<std::string> names;
  for (RunData& r : in.runs) {
    std::string name = r.name.empty() ? "run" : r.name;
    for (int k = 2; names.count(name); ++k) name = (r.name.empty() ? "run" : r.name) + "-" + std::to_string(k);
    names.insert(name);
    r.name = name;
  }
  if (in.runs.empty() && in.bands.empty() && in.explains.empty() && in.fit_validations.empty() && in.fits.empty())
    throw InputError("no runs or bands in the inputs");
  return in;
}

}  // namespace lightind::report
