// Tests of the result writers: a small hand-made run and a scratch folder.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"
#include "lightind/run.hpp"
#include "test_util.hpp"

namespace lightind::testing_results {

/// test_util::scratch_root() / results-<pid>: this process's scratch folders, removed at the
/// end when every test passed (scratch.cpp).
inline std::filesystem::path scratch_root() {
  return test_util::scratch_root() / ("results-" + std::to_string(::getpid()));
}

/// A scratch folder for the current test, emptied first: scratch_root() / <suite>.<test>.
inline std::filesystem::path scratch_dir() { return test_util::fresh_test_dir(scratch_root()); }

using test_util::read_file;

inline Description small_description() {
  Description d;
  d.name = "reference";
  d.title = "Reference: light industry first";
  d.file = "scenarios/reference.toml";
  d.seed = 7;
  d.start = {2012, 11};
  d.end = {2013, 1};
  return d;
}

/// 2 indicators (light_output_index: aggregate only; output: aggregate, per sector and per
/// sector and region), 3 months across a year boundary, 1 event, 2 months of accounts and
/// goods balances.
inline RunResult small_run() {
  RunResult r;
  r.scenario = "reference";
  r.seed = 42;
  r.wall_seconds = 1.5;
  Series& s = r.series;
  s.sectors = {"grain", "textiles"};
  s.regions = {"north"};
  const int light = s.indicator_id("light_output_index");
  const int output = s.indicator_id("output");
  const int nov = YearMonth{2012, 11}.index(), dec = YearMonth{2012, 12}.index(), jan = YearMonth{2013, 1}.index();
  s.add(nov, light, 1.0);
  s.add(nov, output, 100.0);
  s.add(nov, output, 10.5, 0);
  s.add(nov, output, 3.25, 1, 0);
  s.add(dec, light, 2.0);
  s.add(dec, output, 200.0);
  s.add(dec, output, 11.0, 0);
  s.add(jan, light, 1.0 / 3.0);
  s.add(jan, output, 300.0);
  s.add(jan, output, std::numeric_limits<double>::quiet_NaN(), 0);
  r.events.push_back({dec, "policy_change", "state", "Wages raised, by 10%"});

  // Hand-made ledger: wages 100 (enterprises -> households), market sales 60 (households ->
  // enterprises), exports 5 in FX (rest of world -> state).
  for (int m : {nov, dec}) {
    MonthAccounts a;
    a.month = m;
    const double k = m == nov ? 1.0 : 2.0;  // December doubles every flow
    auto at = [&](Flow f, Institution i) -> double& {
      return a.flows[static_cast<size_t>(f)][static_cast<size_t>(i)];
    };
    at(Flow::wages, Institution::households) = 100 * k;
    at(Flow::wages, Institution::enterprises) = -100 * k;
    at(Flow::market_sales, Institution::households) = -60 * k;
    at(Flow::market_sales, Institution::enterprises) = 60 * k;
    at(Flow::exports, Institution::state) = 5 * k;
    at(Flow::exports, Institution::rest_of_world) = -5 * k;
    auto money = static_cast<size_t>(Instrument::money), fx = static_cast<size_t>(Instrument::fx);
    a.opening[money][static_cast<size_t>(Institution::households)] = 50;
    a.opening[money][static_cast<size_t>(Institution::enterprises)] = 200;
    a.opening[fx][static_cast<size_t>(Institution::state)] = 10;
    a.opening[fx][static_cast<size_t>(Institution::rest_of_world)] = -10;
    a.closing = a.opening;
    a.closing[money][static_cast<size_t>(Institution::households)] += 40 * k;
    a.closing[money][static_cast<size_t>(Institution::enterprises)] -= 40 * k;
    a.closing[fx][static_cast<size_t>(Institution::state)] += 5 * k;
    a.closing[fx][static_cast<size_t>(Institution::rest_of_world)] -= 5 * k;
    r.accounts.push_back(a);

    GoodsBalance grain;
    grain.opening_stock = 5;
    grain.output = 10;
    grain.intermediate = 2;
    grain.households = 7;
    grain.exports = 1;
    grain.losses = 0.5;
    grain.closing_stock = 4.5;
    GoodsBalance textiles;
    textiles.output = 1;
    textiles.households = 1;
    r.goods.push_back({grain, textiles});
  }
  return r;
}

}  // namespace lightind::testing_results
