// The reference scenario and its page knobs, loaded once per test program (shared by the
// serve tests).
#pragma once

#include <string>

#include "lightind/lightind.hpp"
#include "serve/knobs.hpp"

namespace lightind::serve::test_ref {

inline const std::string kScenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

inline const Description& reference() {
  static const Description d = load_scenario(kScenario);
  return d;
}

inline const Knobs& knobs() {
  static const Knobs k(reference());
  return k;
}

}  // namespace lightind::serve::test_ref
