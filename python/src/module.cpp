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
#include <cstdint>
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
#include "lightind/lightind.hpp"

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
  std::vector<int> month;
  std::vector<std::string> kind, subject, text;
  for (const Event& e : h.result.events) {
    month.push_back(e.month);
    kind.push_back(e.kind);
    subject.push_back(e.subject);
    text.push_back(e.text);
  }
  py::dict d;
  d["month"] = to_numpy(month);
  d["kind"] = kind;
  d["subject"] = subject;
  d["text"] = text;
  return d;
}

/// `lightind compare` without its output folder: loads every scenario first (a rejected one
/// stops everything before anything runs), runs them all with one seed (the given one, else
/// the first scenario's), names repeated scenario names "-2", "-3", ..., and returns
/// (cells, table): cells as columns scenario, indicator, year, value, difference, and the
/// side-by-side table the command prints. Mirrors cmd_compare in src/cli/main.cpp.
py::tuple py_compare(const std::vector<std::string>& paths, std::vector<int> years, std::uint64_t seed,
                     const std::vector<std::string>& sets, int threads) {
  if (paths.empty()) throw py::value_error("compare needs at least one scenario file");
  if (threads < 0) throw py::value_error("threads must be >= 0, found " + std::to_string(threads));
  std::vector<Description> ds;
  ds.push_back(load_released(paths.front(), sets, seed));
  const std::uint64_t common_seed = seed != 0 ? seed : ds.front().seed;
  for (size_t i = 1; i < paths.size(); ++i) ds.push_back(load_released(paths[i], sets, common_seed));
  std::vector<std::string> names;  // unique: a repeated name gets "-2", "-3", ...
  for (const Description& d : ds) names.push_back(d.name);
  names = analysis::unique_names(names);
  if (years.empty()) years = {2015, 2019, 2021, 2025};

  std::vector<Series> series;
  series.reserve(ds.size());
  for (const Description& d : ds) {
    RunOptions opt;
    opt.seed = common_seed;
    opt.threads = threads;
    opt.keep_accounts = false;
    series.push_back(run_released(d, opt).series);
  }
  std::vector<analysis::ComparedRun> runs;
  for (size_t i = 0; i < ds.size(); ++i) runs.push_back({names[i], &series[i]});
  const auto cells = analysis::compare_cells(runs, analysis::headline_indicators(), years);

  std::vector<std::string> scenario, indicator;
  std::vector<int> year;
  std::vector<double> value, difference;
  for (const auto& c : cells) {
    scenario.push_back(c.scenario);
    indicator.push_back(c.indicator);
    year.push_back(c.year);
    value.push_back(c.value);
    difference.push_back(c.difference);
  }
  py::dict cols;
  cols["scenario"] = scenario;
  cols["indicator"] = indicator;
  cols["year"] = to_numpy(year);
  cols["value"] = to_numpy(value);
  cols["difference"] = to_numpy(difference);
  return py::make_tuple(cols, analysis::compare_table(runs, cells), common_seed);
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
  m.def("describe", &py_describe, py::arg("path"), py::arg("sets") = std::vector<std::string>{},
        "load and validate a scenario without running it");
  m.def("headline_indicators", &analysis::headline_indicators, "the headline indicators of compare, in order");
  // For the tests: the ledger balances in every shipped scenario, so the translation of an
  // AccountingError is checked with one thrown on purpose.
  m.def(
      "_throw_accounting_error",
      [](int month, const std::string& account, double amount) { throw AccountingError(month, account, amount); },
      py::arg("month"), py::arg("account"), py::arg("amount"));
  m.def("version", []() { return std::string(version()); });
  m.def("source_commit", []() { return std::string(source_commit()); });
}
