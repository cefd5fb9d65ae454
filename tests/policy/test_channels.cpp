// src/policy/channels.hpp against hand-computed values (STYLE.md 2, 9).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "policy/channels.hpp"

namespace lightind::policy {
namespace {

TEST(Channels, OpenChannelsOfAMonth) {
  std::vector<ChannelDesc> c(4);
  c[0].kind = ChannelKind::department_store;
  c[0].share = 0.3;
  c[0].margin = 0.1;
  c[0].opens = {2014, 1};
  c[1].kind = ChannelKind::department_store;
  c[1].share = 0.9;
  c[1].margin = 0.15;
  c[1].opens = {2016, 1};
  c[2].kind = ChannelKind::wholesale_shop;
  c[2].share = 0.4;
  c[2].margin = 0.05;
  c[2].enterprises = {1};
  c[2].opens = {2015, 1};
  c[3].kind = ChannelKind::market;
  const ChannelsOpen a = channels_open(c, YearMonth{2015, 6}.index(), 3);
  EXPECT_DOUBLE_EQ(a.dept_share, 0.3);
  EXPECT_DOUBLE_EQ(a.dept_margin, 0.1);
  EXPECT_EQ(a.own_shop, (std::vector<double>{0, 0.4, 0}));
  EXPECT_EQ(a.own_margin, (std::vector<double>{0, 0.05, 0}));
  // From 2016 both stores: shares add up to at most 1; the last store's margin holds.
  const ChannelsOpen b = channels_open(c, YearMonth{2016, 1}.index(), 3);
  EXPECT_DOUBLE_EQ(b.dept_share, 1.0);
  EXPECT_DOUBLE_EQ(b.dept_margin, 0.15);
  // Before any opens: nothing.
  const ChannelsOpen none = channels_open(c, YearMonth{2013, 12}.index(), 3);
  EXPECT_DOUBLE_EQ(none.dept_share, 0.0);
  EXPECT_EQ(none.own_shop, (std::vector<double>(3, 0.0)));
}

TEST(Channels, SaleSplitByChannelHandComputed) {
  // 1000 won: own shop 40 % (margin 5 %), department stores 50 % of the rest = 300 (10 % to
  // the state), markets 300 (20 % to traders). Net 380 + 270 + 240 = 890; traders 20 + 60 = 80;
  // state 30; 890 + 80 + 30 = 1000.
  const ChannelSale s = sell_by_channel(1000.0, 0.4, 0.05, 0.5, 0.1, 0.2);
  EXPECT_NEAR(s.wholesale, 400.0, 1e-12);
  EXPECT_NEAR(s.department, 300.0, 1e-12);
  EXPECT_NEAR(s.markets, 300.0, 1e-12);
  EXPECT_NEAR(s.net, 890.0, 1e-12);
  EXPECT_NEAR(s.traders, 80.0, 1e-12);
  EXPECT_NEAR(s.state, 30.0, 1e-12);
  // Markets only.
  const ChannelSale m = sell_by_channel(500.0, 0.0, 0.0, 0.0, 0.0, 0.1);
  EXPECT_DOUBLE_EQ(m.net, 450.0);
  EXPECT_DOUBLE_EQ(m.traders, 50.0);
  EXPECT_DOUBLE_EQ(m.markets, 500.0);
}

TEST(Channels, MarketWeightFractionShopsAndRation) {
  // (1 - 0.5) x 100 x (1.2 x 1.5)^(3 - 1) = 50 x 3.24.
  EXPECT_NEAR(market_weight(0.5, 100.0, 1.2, 1.5, 3.0), 162.0, 1e-12);
  EXPECT_DOUBLE_EQ(market_weight(0.5, 100.0, 1.2, 1.5, 1.0), 50.0);
  EXPECT_DOUBLE_EQ(market_fraction(30.0, 120.0), 0.25);
  EXPECT_DOUBLE_EQ(market_fraction(130.0, 120.0), 1.0);
  EXPECT_DOUBLE_EQ(market_fraction(30.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(state_shop_units(true, 80.0, 0.25), 20.0);
  EXPECT_DOUBLE_EQ(state_shop_units(false, 80.0, 0.25), 80.0);
  EXPECT_DOUBLE_EQ(ration_per_person(10.0, 500.0, 100.0), 5.0);
  EXPECT_DOUBLE_EQ(ration_per_person(4.0, 500.0, 100.0), 4.0);
  EXPECT_DOUBLE_EQ(ration_per_person(4.0, 500.0, 0.0), 0.0);
}

}  // namespace
}  // namespace lightind::policy
