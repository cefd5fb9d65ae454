// The determinism tests' fingerprint of a run's series (STYLE.md 5).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lightind/series.hpp"

namespace lightind::testing {

/// FNV-1a hash of the bytes of every value, month and indicator of a series.
inline std::uint64_t hash_series(const Series& s) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ULL;
  };
  mix(s.value.data(), s.value.size() * sizeof(double));
  mix(s.month.data(), s.month.size() * sizeof(std::int32_t));
  mix(s.indicator.data(), s.indicator.size() * sizeof(s.indicator[0]));
  return h;
}

}  // namespace lightind::testing
