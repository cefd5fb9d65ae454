// libFuzzer target: the scenario loader on arbitrary text. A rejected scenario is a
// ScenarioError and is fine; any other exception, a crash, or a sanitizer report is a
// finding (scripts/fuzz.sh runs it).
#include <cstddef>
#include <cstdint>
#include <string>

#include "lightind/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const lightind::Description d = lightind::load_scenario_text(text, "fuzz.toml");
    (void)d;
  } catch (const lightind::ScenarioError&) {
  }
  return 0;
}
