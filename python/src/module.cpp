// lightind: the Python extension `lightind._lightind` (pybind11).
//
// A thin layer over the public API (include/lightind/): load a scenario with `--set`
// overrides, run it with the GIL released, and hand the results to Python as plain
// columns (numpy arrays and lists). The package `lightind` (python/lightind/__init__.py)
// builds the pandas data frames from them; this file knows nothing of pandas.
//
// Errors: ScenarioError and AccountingError become the Python classes of
// lightind._errors (ScenarioError derives from ValueError) with the library's message
// (the text the command line prints after "lightind: scenario rejected: ") and its fields.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <unordered_map>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lightind/analysis.hpp"
#include "lightind/explain.hpp"
#include "lightind/indicators.hpp"
#include "lightind/lightind.hpp"
#include "lightind/sweep.hpp"

namespace py = pybind11;
using namespace lightind;

namespace {

/// A finished run and the description it ran, kept together so that the summary and the
/// run folder can be written exactly as the command line writes them.
struct RunHandle {
  Description description;
  RunResult result;
};

/// Thrown from the progress callback when Python has a pending signal (Ctrl-C): stops the
/// run between two months; the Python error stays set and is re-raised.
struct Interrupted {};

/// A copy of a vector as a one-dimensional numpy array.
template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// One field of every row, in order: the column `field` of a table of `rows`.
template <class Row, class T>
std::vector<T> column(const std::vector<Row>& rows, T Row::*field) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.*field);
  return out;
}

/// Runs `d` with the GIL released. Between months the GIL is taken for a moment to let
/// Python handle Ctrl-C; an interrupted run raises KeyboardInterrupt and returns nothing.
RunResult run_released(const Description& d, RunOptions opt) {
  opt.progress = [](int, int) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw Interrupted{};
  };
  try {
    py::gil_scoped_release release;
    return run(d, opt);
  } catch (const Interrupted&) {
    throw py::error_already_set();
  }
}

/// Loads `path` with `sets` (the command line's `--set key=value`, in order) and `seed`
/// (0: the scenario's), with the GIL released.
Description load_released(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed) {
  py::gil_scoped_release release;
  return load_scenario(path, sets, seed);
}

std::unique_ptr<RunHandle> py_run(const std::string& path, std::uint64_t seed, const std::vector<std::string>& sets,
                                  int threads, bool check, bool keep_accounts) {
  if (threads < 0) throw py::value_error("threads must be >= 0, found " + std::to_string(threads));
  auto h = std::make_unique<RunHandle>();
  h->description = load_released(path, sets, seed);
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.check = check;
  opt.keep_accounts = keep_accounts;
  h->result = run_released(h->description, opt);
  return h;
}

/// summary.json of a run, as text: written by the library's own writer into a private
/// temporary folder and read back, so that it is byte for byte the command line's file.
std::string summary_text(const RunHandle& h) {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "lightind-summary-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder " + pattern);
  const fs::path dir(pattern), file = dir / "summary.json";
  std::string text;
  try {
    write_summary_json(h.result, h.description, file.string());
    std::ifstream f(file, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    text = s.str();
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return text;
}

/// The series as columns: {"month": int32 (YearMonth::index()), "indicator", "sector",
/// "region": int16 codes (-1 for aggregates), "value": float64, "indicators", "sectors",
/// "regions": the code tables}.
py::dict series_columns(const RunHandle& h) {
  const Series& s = h.result.series;
  py::dict d;
  d["month"] = to_numpy(s.month);
  d["indicator"] = to_numpy(s.indicator);
  d["sector"] = to_numpy(s.sector);
  d["region"] = to_numpy(s.region);
  d["value"] = to_numpy(s.value);
  d["indicators"] = s.indicators;
  d["sectors"] = s.sectors;
  d["regions"] = s.regions;
  return d;
}

/// The events as columns: month (YearMonth::index()), kind, subject, text.
py::dict event_columns(const RunHandle& h) {
  const std::vector<Event>& ev = h.result.events;
  py::dict d;
  d["month"] = to_numpy(column(ev, &Event::month));
  d["kind"] = column(ev, &Event::kind);
  d["subject"] = column(ev, &Event::subject);
  d["text"] = column(ev, &Event::text);
  return d;
}

/// `lightind compare` without its output folder: analysis::compare, the command line's own
/// call, with the GIL released (Ctrl-C stops it between two months). Returns (cells, table,
/// seed): cells as columns scenario, indicator, year, value, difference.
py::tuple py_compare(const std::vector<std::string>& paths, std::vector<int> years, std::uint64_t seed,
                     const std::vector<std::string>& sets, int threads) {
  if (paths.empty()) throw py::value_error("compare needs at least one scenario file");
  if (threads < 0) throw py::value_error("threads must be >= 0, found " + std::to_string(threads));
  analysis::CompareRequest req{.paths = paths, .years = std::move(years), .seed = seed, .sets = sets, .threads = threads};
  req.progress = [](int, int) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw Interrupted{};
  };
  analysis::Comparison c;
  try {
    py::gil_scoped_release release;
    c = analysis::compare(req);
  } catch (const Interrupted&) {
    throw py::error_already_set();
  }
  using Cell = decltype(c.cells)::value_type;
  py::dict cols;
  cols["scenario"] = column(c.cells, &Cell::scenario);
  cols["indicator"] = column(c.cells, &Cell::indicator);
  cols["year"] = to_numpy(column(c.cells, &Cell::year));
  cols["value"] = to_numpy(column(c.cells, &Cell::value));
  cols["difference"] = to_numpy(column(c.cells, &Cell::difference));
  cols["unit"] = column(c.cells, &Cell::unit);  // in each scenario's currency
  return py::make_tuple(cols, c.table, c.seed);
}

/// `lightind explain` without its output folder: analysis::explain with the GIL released.
/// Returns (columns setting, contribution, std_error, value_a, value_b; a dict of the rest).
py::tuple py_explain(const std::string& a, const std::string& b, const std::string& indicator, int year,
                     std::uint64_t seed, const std::vector<std::string>& sets, int threads, int exact_limit,
                     int orderings) {
  analysis::ExplainRequest q;
  q.path_a = a;
  q.path_b = b;
  q.indicator = indicator;
  q.year = year;
  q.seed = seed;
  q.sets = sets;
  q.threads = threads;
  q.exact_limit = exact_limit;
  q.orderings = orderings;
  analysis::Explanation e;
  {
    py::gil_scoped_release release;
    e = analysis::explain(q);
  }
  using Contribution = decltype(e.contributions)::value_type;
  py::dict cols;
  cols["setting"] = column(e.contributions, &Contribution::setting);
  cols["contribution"] = to_numpy(column(e.contributions, &Contribution::contribution));
  cols["std_error"] = to_numpy(column(e.contributions, &Contribution::std_error));
  cols["value_a"] = column(e.contributions, &Contribution::value_a);
  cols["value_b"] = column(e.contributions, &Contribution::value_b);
  using namespace pybind11::literals;
  const py::dict info("name_a"_a = e.name_a, "name_b"_a = e.name_b, "indicator"_a = e.indicator, "label"_a = e.label,
                      "unit"_a = e.unit, "year"_a = e.year, "seed"_a = e.seed, "value_a"_a = e.value_a,
                      "value_b"_a = e.value_b, "exact"_a = e.exact, "orderings"_a = e.orderings, "runs"_a = e.runs,
                      "table"_a = analysis::explain_table(e));
  return py::make_tuple(cols, info);
}

// ---------------------------------------------------------------------------------------
// Sweeps: the library's sweep (include/lightind/sweep.hpp), its seeds, grid and quantiles.

/// A Python grid [(key, [TOML values])] and overrides ["key=value"] as the sweep's axes:
/// overrides first (one value each, never split), then the grid (varying when it has more
/// than one value).
std::vector<sweep::Axis> sweep_axes(const std::vector<std::string>& sets,
                                    const std::vector<std::pair<std::string, std::vector<std::string>>>& grid) {
  std::vector<sweep::Axis> axes;
  for (const std::string& s : sets) axes.push_back(sweep::fixed_axis(s));
  for (const auto& [key, values] : grid) {
    sweep::Axis a;
    a.key = key;
    a.values = values;
    a.varies = values.size() > 1;
    axes.push_back(std::move(a));
  }
  return axes;
}

/// Bands as columns: setting (codes into "settings"), month (YearMonth::index()), indicator,
/// sector, region (codes into "indicators", "sectors", "regions"; -1 for none), quantile
/// (0..4, sweep::kBandNames), value; one row per band row and quantile. The code tables hold
/// the names in the order they first appear, so the same bands give the same columns.
py::dict bands_columns(const std::vector<sweep::Bands>& bands, const sweep::Names& names) {
  std::vector<std::string> settings;
  std::array<std::vector<std::string>, 4> tables;
  std::array<std::unordered_map<std::uint16_t, int>, 4> codes;
  auto code = [&](int column, std::uint16_t id) -> int {
    if (id == 0) return -1;
    auto& c = codes[static_cast<size_t>(column)];
    const auto it = c.find(id);
    if (it != c.end()) return it->second;
    auto& t = tables[static_cast<size_t>(column)];
    t.push_back(names.name(column, id));
    c.emplace(id, static_cast<int>(t.size()) - 1);
    return static_cast<int>(t.size()) - 1;
  };
  size_t n = 0;
  for (const auto& b : bands) n += b.key.size() * 5;
  std::vector<std::int32_t> setting, month, indicator, sector, region;
  std::vector<std::int8_t> quantile;
  std::vector<double> value;
  for (auto* v : {&setting, &month, &indicator, &sector, &region}) v->reserve(n);
  quantile.reserve(n);
  value.reserve(n);
  for (const auto& b : bands) {
    settings.push_back(b.setting);
    for (size_t k = 0; k < b.key.size(); ++k) {
      const std::uint64_t key = b.key[k];
      const std::string& date = names.name(0, static_cast<std::uint16_t>(key >> 48));  // "YYYY-MM"
      const int m = YearMonth{std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2))}.index();
      const int ind = code(1, static_cast<std::uint16_t>(key >> 32));
      const int sec = code(2, static_cast<std::uint16_t>(key >> 16));
      const int reg = code(3, static_cast<std::uint16_t>(key));
      for (int q = 0; q < 5; ++q) {
        setting.push_back(static_cast<std::int32_t>(settings.size() - 1));
        month.push_back(m);
        indicator.push_back(ind);
        sector.push_back(sec);
        region.push_back(reg);
        quantile.push_back(static_cast<std::int8_t>(q));
        value.push_back(b.q[k][static_cast<size_t>(q)]);
      }
    }
  }
  py::dict d;
  d["setting"] = to_numpy(setting);
  d["month"] = to_numpy(month);
  d["indicator"] = to_numpy(indicator);
  d["sector"] = to_numpy(sector);
  d["region"] = to_numpy(region);
  d["quantile"] = to_numpy(quantile);
  d["value"] = to_numpy(value);
  d["settings"] = settings;
  d["indicators"] = tables[1];
  d["sectors"] = tables[2];
  d["regions"] = tables[3];
  return d;
}

/// A run's series columns (Run.columns, or a dict of the same form) as a Series.
Series series_from_columns(const py::dict& c) {
  Series s;
  s.indicators = c["indicators"].cast<std::vector<std::string>>();
  s.sectors = c["sectors"].cast<std::vector<std::string>>();
  s.regions = c["regions"].cast<std::vector<std::string>>();
  auto column = [&](const char* name, auto& out) {
    using T = typename std::decay_t<decltype(out)>::value_type;
    const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(c[name]);
    if (!a) throw py::value_error(std::string("series columns: ") + name + " is not a numeric array");
    out.assign(a.data(), a.data() + a.size());
  };
  column("month", s.month);
  column("indicator", s.indicator);
  column("sector", s.sector);
  column("region", s.region);
  column("value", s.value);
  const size_t n = s.value.size();
  if (s.month.size() != n || s.indicator.size() != n || s.sector.size() != n || s.region.size() != n)
    throw py::value_error("series columns differ in length");
  for (size_t k = 0; k < n; ++k) {
    if (s.indicator[k] < 0 || static_cast<size_t>(s.indicator[k]) >= s.indicators.size() ||
        s.sector[k] >= static_cast<int>(s.sectors.size()) || s.region[k] >= static_cast<int>(s.regions.size()))
      throw py::value_error("series columns: row " + std::to_string(k) + " has a code outside its table");
  }
  return s;
}

/// lightind.bands: sweep::compute_bands of runs given as series columns, in seed order.
py::dict py_bands(const std::string& setting, const std::vector<py::dict>& runs) {
  if (runs.empty()) throw py::value_error("bands need at least one run");
  std::vector<Series> series;
  for (const py::dict& c : runs) series.push_back(series_from_columns(c));
  sweep::Names names;
  std::vector<sweep::Bands> bands;
  {
    py::gil_scoped_release release;
    std::vector<sweep::Rows> rows;
    for (const Series& s : series) rows.push_back(sweep::to_rows(s, names));
    bands.push_back(sweep::compute_bands(setting, rows));
  }
  return bands_columns(bands, names);
}

/// lightind.quantiles: sweep::band of each column of a 2-D array (rows: the values), with
/// non-finite values left out (as the database's NULL); returns 5 x columns.
py::array_t<double> py_quantiles(const py::array_t<double, py::array::c_style | py::array::forcecast>& x) {
  if (x.ndim() != 2) throw py::value_error("quantiles: expected a 2-D array (values x columns)");
  const auto n = static_cast<size_t>(x.shape(0)), m = static_cast<size_t>(x.shape(1));
  py::array_t<double> out({static_cast<py::ssize_t>(5), static_cast<py::ssize_t>(m)});
  auto o = out.mutable_unchecked<2>();
  const auto in = x.unchecked<2>();
  std::vector<double> v(n);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < n; ++i) {
      const double a = in(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j));
      v[i] = std::isfinite(a) ? a : std::numeric_limits<double>::quiet_NaN();
    }
    const auto q = sweep::band(v);
    for (size_t k = 0; k < 5; ++k) o(static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(j)) = q[k];
  }
  return out;
}

/// lightind.sweep: sweep::make_plan_axes and sweep::bands_in_memory (the program's seeds, grid,
/// runs and quantiles), with the GIL released; `progress(done, total)` is called with the
/// GIL after each run. Ctrl-C, or an exception from `progress`, stops the sweep. Returns
/// (bands columns, seeds, [(label, assignments)]).
py::tuple py_sweep(const std::string& path, int runs, std::uint64_t seed, const std::vector<std::string>& sets,
                   const std::vector<std::pair<std::string, std::vector<std::string>>>& grid, int threads,
                   const py::object& progress) {
  if (threads < 0) throw py::value_error("threads must be >= 0, found " + std::to_string(threads));
  const auto axes = sweep_axes(sets, grid);
  sweep::Plan plan;
  {
    py::gil_scoped_release release;
    plan = sweep::make_plan_axes(path, axes, runs, seed);
  }
  sweep::Names names;
  std::exception_ptr stopped;
  std::vector<sweep::Bands> bands;
  try {
    py::gil_scoped_release release;
    bands = sweep::bands_in_memory(plan, names, threads, [&](int done, int total) {
      py::gil_scoped_acquire gil;
      try {
        if (!progress.is_none()) progress(done, total);
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      } catch (py::error_already_set&) {
        stopped = std::current_exception();
        throw Interrupted{};
      }
    });
  } catch (const Interrupted&) {
    std::rethrow_exception(stopped);
  }
  std::vector<std::uint64_t> seeds;
  for (int j = 0; j < plan.runs_per_setting; ++j) seeds.push_back(plan.runs[static_cast<size_t>(j)].seed);
  std::vector<std::pair<std::string, std::vector<std::string>>> settings;
  for (const sweep::Setting& s : plan.settings) settings.emplace_back(s.label, s.assignments);
  return py::make_tuple(bands_columns(bands, names), seeds, settings);
}

/// What a scenario is, without running it: name, title, seed, start and end ("YYYY-MM"),
/// months. Validates it completely (raises ScenarioError).
py::dict py_describe(const std::string& path, const std::vector<std::string>& sets) {
  const Description d = load_released(path, sets, 0);
  py::dict out;
  out["name"] = d.name;
  out["title"] = d.title;
  out["seed"] = d.seed;
  out["start"] = d.start.str();
  out["end"] = d.end.str();
  out["months"] = d.months();
  return out;
}

/// Raises the Python class `name` of lightind._errors, built with `args`.
template <class... Args>
void raise_python(const char* name, Args&&... args) {
  py::object cls = py::module_::import("lightind._errors").attr(name);
  py::object err = cls(std::forward<Args>(args)...);
  PyErr_SetObject(cls.ptr(), err.ptr());
}

}  // namespace

PYBIND11_MODULE(_lightind, m) {
  m.doc() = "lightind's compiled core; use the package `lightind`, which wraps it with pandas";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      raise_python("ScenarioError", std::string(e.what()), e.file(), e.line(), e.key(), e.expected(), e.found());
    } catch (const OutputRefused& e) {
      PyErr_SetString(PyExc_FileExistsError, e.what());  // nothing was written
    } catch (const AccountingError& e) {
      raise_python("AccountingError", std::string(e.what()), YearMonth::from_index(e.month()).str(), e.account(),
                   e.amount());
    }
  });

  py::class_<RunHandle>(m, "RunHandle", "a finished run (kept in C++; read it through lightind.Run)")
      .def_property_readonly("scenario", [](const RunHandle& h) { return h.result.scenario; })
      .def_property_readonly("title", [](const RunHandle& h) { return h.description.title; })
      .def_property_readonly("file", [](const RunHandle& h) { return h.description.file; })
      .def_property_readonly("seed", [](const RunHandle& h) { return h.result.seed; })
      .def_property_readonly("start", [](const RunHandle& h) { return h.description.start.str(); })
      .def_property_readonly("end", [](const RunHandle& h) { return h.description.end.str(); })
      .def_property_readonly("wall_seconds", [](const RunHandle& h) { return h.result.wall_seconds; })
      .def_property_readonly("agent_months", [](const RunHandle& h) { return h.result.agent_months; })
      .def_property_readonly("rows", [](const RunHandle& h) { return h.result.series.size(); })
      .def("series_columns", &series_columns, "the tidy series as numpy columns and code tables")
      .def("event_columns", &event_columns, "the events as columns")
      .def("summary_json", &summary_text, "summary.json, as the command line writes it")
      .def(
          "annual_mean",
          [](const RunHandle& h, const std::string& name) { return analysis::annual_mean(h.result.series, name); },
          py::arg("name"), "an aggregate indicator's annual means (analysis::annual_mean: NaN months left out)")
      .def(
          "write_run_dir",
          [](const RunHandle& h, const std::string& dir, bool force) {
            py::gil_scoped_release release;
            write_run_dir(h.result, h.description, dir, force);
          },
          py::arg("dir"), py::arg("force") = false,
          "series.csv, summary.json, results.sqlite and accounts.csv into dir, as `lightind run --out [--force]`");

  m.def("run", &py_run, py::arg("path"), py::arg("seed") = 0, py::arg("sets") = std::vector<std::string>{},
        py::arg("threads") = 0, py::arg("check") = false, py::arg("keep_accounts") = true,
        "load and run a scenario; sets are `key=value` overrides as the command line's --set");
  m.def("compare", &py_compare, py::arg("paths"), py::arg("years") = std::vector<int>{}, py::arg("seed") = 0,
        py::arg("sets") = std::vector<std::string>{}, py::arg("threads") = 0,
        "run scenarios with one seed and compare their headline indicators: (cells, table, seed)");
  m.def("explain", &py_explain, py::arg("a"), py::arg("b"), py::arg("indicator"), py::arg("year"), py::arg("seed") = 0,
        py::arg("sets") = std::vector<std::string>{}, py::arg("threads") = 0, py::arg("exact_limit") = 8,
        py::arg("orderings") = 64, "Shapley attribution of B - A to the settings that differ: (columns, info)");
  m.def("describe", &py_describe, py::arg("path"), py::arg("sets") = std::vector<std::string>{},
        "load and validate a scenario without running it");
  m.def("headline_indicators", &analysis::headline_indicators, "the headline indicators of compare, in order");
  m.def(
      "indicators_json", [](const std::string& currency) { return indicators::to_json(currency); },
      py::arg("currency") = std::string(indicators::kDefaultCurrency),
      "the indicator registry as JSON: name, level, label, unit (money in `currency`), direction, over_time, ...");
  m.def(
      "sweep_seeds",
      [](std::uint64_t seed, int runs) {
        if (runs < 0) throw py::value_error("runs must be >= 0, found " + std::to_string(runs));
        std::vector<std::uint64_t> out;
        for (int k = 0; k < runs; ++k) out.push_back(sweep::derive_seed(seed, static_cast<std::uint64_t>(k)));
        return out;
      },
      py::arg("seed"), py::arg("runs"), "the seeds of an ensemble (sweep::derive_seed)");
  m.def(
      "sweep_settings",
      [](const std::vector<std::string>& sets, const std::vector<std::pair<std::string, std::vector<std::string>>>& grid) {
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (const sweep::Setting& s : sweep::expand_axes(sweep_axes(sets, grid))) out.emplace_back(s.label, s.assignments);
        return out;
      },
      py::arg("sets"), py::arg("grid"), "the settings of a grid (sweep::expand_axes): [(label, assignments)]");
  m.def("quantiles", &py_quantiles, py::arg("values"), "sweep::band of each column: 5 x columns");
  m.def("bands", &py_bands, py::arg("setting"), py::arg("runs"), "sweep::compute_bands of runs' series columns");
  m.def("sweep", &py_sweep, py::arg("path"), py::arg("runs"), py::arg("seed"), py::arg("sets"), py::arg("grid"),
        py::arg("threads"), py::arg("progress"), "the sweep in memory: (bands columns, seeds, settings)");
  m.attr("band_names") = std::vector<std::string>(std::begin(sweep::kBandNames), std::end(sweep::kBandNames));
  m.attr("band_quantiles") = std::vector<double>(std::begin(sweep::kBandQuantiles), std::end(sweep::kBandQuantiles));
  // For the tests: the ledger balances in every shipped scenario, so the translation of an
  // AccountingError is checked with one thrown on purpose.
  m.def(
      "_throw_accounting_error",
      [](int month, const std::string& account, double amount) { throw AccountingError(month, account, amount); },
      py::arg("month"), py::arg("account"), py::arg("amount"));
  m.def("version", []() { return std::string(version()); });
  m.def("source_commit", []() { return std::string(source_commit()); });
}
