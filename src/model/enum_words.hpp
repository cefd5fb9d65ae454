// lightind: the words of an enum as one list in enumerator order, for the `to_string`
// functions of description.hpp and indicators.hpp (one line per enum, not one switch each).
#pragma once

#include <cstddef>

namespace lightind {

/// The word of `v` among `words`, the words of its enum in enumerator order (the enumerators
/// are numbered 0, 1, ...); `Last` is the enum's last enumerator, so that a list with a word
/// too few or too many does not compile. "?" for a value outside the enum.
template <auto Last, std::size_t N>
constexpr const char* word_of(decltype(Last) v, const char* const (&words)[N]) {
  static_assert(static_cast<std::size_t>(Last) + 1 == N, "one word per enumerator");
  const auto i = static_cast<std::size_t>(v);
  return i < N ? words[i] : "?";
}

}  // namespace lightind
