// lightind: the scenario error and the "did you mean" helpers.
#include <algorithm>
#include <vector>

#include "lightind/scenario.hpp"

namespace lightind {

ScenarioError::ScenarioError(std::string file, int line, std::string key, std::string expected, std::string found,
                             std::string hint)
    : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         (key == "(file)" ? std::string() : key + ": ") + "expected " + expected + ", found " + found +
                         (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)")),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      expected_(std::move(expected)),
      found_(std::move(found)) {}

// Levenshtein distance: the fewest single-character insertions, deletions and
// substitutions that turn `a` into `b` (one row of the dynamic programme at a time).
int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];  // d(i-1, j-1)
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];  // d(i-1, j)
      row[j] = std::min({up + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  const int limit = std::max(2, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& c : candidates) {
    const int dist = edit_distance(word, c);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  return best;
}

}  // namespace lightind
