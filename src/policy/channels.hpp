// lightind policy: sales channels (STYLE.md 2). Article: under the reform enterprises sell
// output beyond the state order "through the market", through department stores and
// through their own factory wholesale shops; state shops distribute the ration and a bundle
// of consumer goods at state prices. Applied by household_purchases' offer and settlement
// phases (src/engine/phases_markets.cpp). Tests: tests/policy/test_channels.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::policy {

/// The channels open in a month: department stores carry a share of reformed enterprises'
/// market sales for a margin to the state (shares add up, at most 1; the last store's margin
/// holds); a factory's own wholesale shop carries a share of its sales (no trader between).
struct ChannelsOpen {
  double dept_share = 0, dept_margin = 0;
  std::vector<double> own_shop, own_margin;  ///< per enterprise
};
inline ChannelsOpen channels_open(std::span<const ChannelDesc> channels, int month, size_t enterprises) {
  ChannelsOpen c;
  c.own_shop.assign(enterprises, 0.0);
  c.own_margin.assign(enterprises, 0.0);
  for (const ChannelDesc& ch : channels) {
    if (ch.opens.index() > month) continue;
    if (ch.kind == ChannelKind::department_store) {
      c.dept_share += ch.share;
      c.dept_margin = ch.margin;
    } else if (ch.kind == ChannelKind::wholesale_shop) {
      for (int e : ch.enterprises) {
        c.own_shop[static_cast<size_t>(e)] = ch.share;
        c.own_margin[static_cast<size_t>(e)] = ch.margin;
      }
    }
  }
  c.dept_share = std::min(1.0, c.dept_share);
  return c;
}

/// A reformed enterprise's market weight: (1 - sigma_order) q theta^(sigma - 1), its output
/// beyond the state order weighted by quality x reputation theta (CES: fairs and brands move
/// market share).
inline double market_weight(double state_order_share, double output, double quality, double reputation,
                            double variety_elasticity) {
  return (1.0 - state_order_share) * output * std::pow(quality * reputation, variety_elasticity - 1.0);
}

/// Share of a sector's final goods that reformed enterprises sell at market:
/// min(1, sum_reformed (1 - sigma_order) q_e / q) (0 when the sector produced nothing).
inline double market_fraction(double reformed_market_output, double output) {
  return output > 0 ? std::min(1.0, reformed_market_output / output) : 0.0;
}

/// Units of the state's part of a final good sold in state shops: all food (the ration),
/// consumer goods by state.shop_share.
inline double state_shop_units(bool consumer, double to_state, double shop_share) {
  return consumer ? to_state * shop_share : to_state;
}

/// The ration per person, units: min(ration in force, state food in shops / population).
inline double ration_per_person(double ration_food, double state_food, double population) {
  return std::min(ration_food, population > 0 ? state_food / population : 0.0);
}

/// A reformed enterprise's market sale of `gross` won by channel: its own shop carries o,
/// department stores (1 - o) d, markets the rest 1 - o - (1 - o) d; each keeps its margin
/// (own shop m_o, department store m_d for the state, market traders m). Returns what each
/// channel carried, the enterprise's net revenue, the traders' margins and the state's.
struct ChannelSale {
  double wholesale = 0, department = 0, markets = 0;  ///< gross won through each channel
  double net = 0;                                     ///< won to the enterprise
  double traders = 0;                                 ///< won of margins to wholesalers and market traders
  double state = 0;                                   ///< won of department-store margins to the state
};
inline ChannelSale sell_by_channel(double gross, double own, double own_margin, double dept_share, double dept_margin,
                                   double market_margin) {
  const double via_dept = (1.0 - own) * dept_share;
  const double via_market = 1.0 - own - via_dept;
  ChannelSale s;
  s.net = gross * (own * (1.0 - own_margin) + via_dept * (1.0 - dept_margin) + via_market * (1.0 - market_margin));
  s.traders = gross * (own * own_margin + via_market * market_margin);
  s.wholesale = gross * own;
  s.department = gross * via_dept;
  s.markets = gross * via_market;
  s.state = gross * via_dept * dept_margin;
  return s;
}

}  // namespace lightind::policy
