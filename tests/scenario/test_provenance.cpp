// The shipped scenario library (scenarios/**/*.toml) loads, and every number in it says
// where it comes from (docs/SCENARIOS.md, "Honesty rule").
//
// The rule, strictly per key line: a line that sets a numeric value must carry a comment
// starting `# source:` or `# assumption:` either on the same line or in the contiguous
// block of comment lines directly above it. One such comment above a run of consecutive
// key lines (no blank line, header or other comment between them) covers the whole run.
// A comment above a `[table]` or `[[array]]` header does not cover the keys below the header.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lightind/scenario.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;

enum class LineKind { blank, comment, header, key, continuation };

struct LineInfo {
  LineKind kind = LineKind::blank;
  bool numeric = false;  ///< sets a number (a number token outside strings and comments)
  std::string comment;   ///< from '#' to the end of the line, outside strings
};

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

/// Classifies each line of a TOML file; tracks multi-line strings and arrays across lines.
std::vector<LineInfo> classify(const std::string& text) {
  std::vector<LineInfo> out;
  std::istringstream in(text);
  std::string line;
  enum class Ml { none, basic, literal } ml = Ml::none;
  int depth = 0;
  while (std::getline(in, line)) {
    LineInfo info;
    const bool starts_inside = ml != Ml::none || depth > 0;
    const size_t first = line.find_first_not_of(" \t\r");
    if (!starts_inside) {
      if (first == std::string::npos)
        info.kind = LineKind::blank;
      else if (line[first] == '#')
        info.kind = LineKind::comment;
      else if (line[first] == '[')
        info.kind = LineKind::header;
      else
        info.kind = LineKind::key;
    } else {
      info.kind = first != std::string::npos && line[first] == '#' && ml == Ml::none ? LineKind::comment
                                                                                     : LineKind::continuation;
    }
    // In key lines only the value (after the first '=') can hold a number.
    bool in_value = info.kind != LineKind::key;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (ml == Ml::basic) {
        if (c == '\\')
          ++i;
        else if (line.compare(i, 3, "\"\"\"") == 0)
          ml = Ml::none, i += 2;
        continue;
      }
      if (ml == Ml::literal) {
        if (line.compare(i, 3, "'''") == 0) ml = Ml::none, i += 2;
        continue;
      }
      if (c == '#') {
        info.comment = line.substr(i);
        break;
      }
      if (c == '"' || c == '\'') {
        if (line.compare(i, 3, std::string(3, c)) == 0) {
          ml = c == '"' ? Ml::basic : Ml::literal;
          i += 2;
          continue;
        }
        for (++i; i < line.size() && line[i] != c; ++i)
          if (c == '"' && line[i] == '\\') ++i;
        continue;
      }
      if (info.kind == LineKind::header) continue;
      if (c == '=') in_value = true;
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') depth = std::max(0, depth - 1);
      // A number token starts with a digit not preceded by a bare-key character
      // (so `sector2 = "x"` is not a number), or is inf / nan.
      const bool starts_token = i == 0 || !is_ident(line[i - 1]);
      if (in_value && starts_token &&
          (std::isdigit(static_cast<unsigned char>(c)) || line.compare(i, 3, "inf") == 0 ||
           line.compare(i, 3, "nan") == 0))
        info.numeric = true;
    }
    out.push_back(info);
  }
  return out;
}

bool is_provenance(const std::string& comment) {
  size_t i = comment.find_first_not_of("# \t");
  if (i == std::string::npos || comment.empty() || comment[0] != '#') return false;
  // `# estimate:` marks a value estimated from data by `lightind fit` (docs/FIT.md).
  return comment.compare(i, 7, "source:") == 0 || comment.compare(i, 11, "assumption:") == 0 ||
         comment.compare(i, 9, "estimate:") == 0;
}

/// 1-based numbers of the lines that set a number without provenance.
std::vector<int> unsourced_lines(const std::string& text) {
  const std::vector<LineInfo> lines = classify(text);
  std::vector<int> bad;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (!lines[l].numeric || is_provenance(lines[l].comment)) continue;
    // Up through the run of key lines this line belongs to, then through the comment
    // block directly above the run.
    size_t k = l;
    while (k > 0 && (lines[k - 1].kind == LineKind::key || lines[k - 1].kind == LineKind::continuation)) --k;
    bool covered = false;
    while (k > 0 && lines[k - 1].kind == LineKind::comment && !covered) covered = is_provenance(lines[--k].comment);
    if (!covered) bad.push_back(static_cast<int>(l) + 1);
  }
  return bad;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The shipped scenarios, sorted. Files under a `drafts` folder are fragments to be
/// pasted into scenarios, and files under a `calibration` folder are calibration targets
/// (docs/CALIBRATION.md); both are held to the honesty rule but not loaded as scenarios.
std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  const fs::path root = fs::path(LIGHTIND_SOURCE_DIR) / "scenarios";
  if (!fs::is_directory(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool is_not_a_scenario(const fs::path& p) {
  const fs::path rel = p.lexically_relative(fs::path(LIGHTIND_SOURCE_DIR) / "scenarios");
  // `lightind fit`'s inputs (docs/FIT.md): data files and free-parameter lists.
  if (rel.filename().string().ends_with(".free.toml")) return true;
  return std::any_of(rel.begin(), rel.end(), [](const fs::path& part) {
    return part == "drafts" || part == "calibration" || part == "ablations" || part == "data";
  });
}

TEST(Provenance, ShippedScenariosLoad) {
  const std::vector<fs::path> files = shipped_scenarios();
  if (files.empty()) GTEST_SKIP() << "no scenarios/**/*.toml yet";
  for (const fs::path& f : files) {
    if (is_not_a_scenario(f)) continue;
    try {
      const Description d = load_scenario(f.string());
      EXPECT_GT(d.n_sectors(), 0) << f;
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << "shipped scenario rejected: " << e.what();
    }
  }
}

TEST(Provenance, ShippedScenariosCiteEveryNumber) {
  const std::vector<fs::path> files = shipped_scenarios();
  if (files.empty()) GTEST_SKIP() << "no scenarios/**/*.toml yet";
  for (const fs::path& f : files) {
    const std::string text = read(f);
    std::istringstream in(text);
    std::vector<std::string> src;
    for (std::string l; std::getline(in, l);) src.push_back(l);
    for (int l : unsourced_lines(text))
      ADD_FAILURE() << f.string() << ":" << l << ": this line sets a number but has no `# source:` or "
                    << "`# assumption:` comment on the line or in the comment block directly above it "
                    << "(one comment above a run of consecutive key lines covers the run; a comment above a "
                    << "[table] header does not cover its keys):\n    " << src[static_cast<size_t>(l - 1)];
  }
}

// The rule itself, on small texts.

TEST(ProvenanceRule, OwnLineOrCommentBlockAbove) {
  EXPECT_TRUE(unsourced_lines("a = 1 # source: X\n").empty());
  EXPECT_TRUE(unsourced_lines("a = 1 # assumption: round\n").empty());
  EXPECT_TRUE(unsourced_lines("# source: X\n# continued\na = 1\n").empty());
  EXPECT_TRUE(unsourced_lines("# context\n# assumption: Y\na = 1\n").empty());
  EXPECT_EQ(unsourced_lines("a = 1 # units: won\n"), std::vector<int>{1});
  EXPECT_EQ(unsourced_lines("a = 1\n"), std::vector<int>{1});
}

TEST(ProvenanceRule, OneCommentCoversARunOfKeyLines) {
  EXPECT_TRUE(unsourced_lines("# source: X\na = 1\nb = 2\nc = \"text\"\nd = 3\n").empty());
  // A blank line ends the run.
  EXPECT_EQ(unsourced_lines("# source: X\na = 1\n\nb = 2\n"), std::vector<int>{4});
  // Another comment block between key lines starts a new block, which must cite by itself.
  EXPECT_EQ(unsourced_lines("# source: X\na = 1\n# note\nb = 2\n"), std::vector<int>{4});
  // A trailing comment covers only its own line.
  EXPECT_EQ(unsourced_lines("a = 1 # source: X\nb = 2\n"), std::vector<int>{2});
}

TEST(ProvenanceRule, HeaderCommentDoesNotCoverTheTable) {
  EXPECT_EQ(unsourced_lines("# source: X\n[households]\nscale = 10\n"), std::vector<int>{3});
  EXPECT_EQ(unsourced_lines("# source: X\n[[sectors]]\nid = \"a\"\nlabour = 0.1\n"), std::vector<int>{4});
}

TEST(ProvenanceRule, OnlyNumbersNeedACitation) {
  EXPECT_TRUE(unsourced_lines("[scenario]\nname = \"x2\"\nstart = \"2012-01\"\nsector2 = \"a1\"\n").empty());
  EXPECT_TRUE(unsourced_lines("flag = true\ntext = \"\"\"\n1 2 3\n\"\"\"\n").empty());
  EXPECT_EQ(unsourced_lines("shares = { heavy = 0.5, light = 0.5 }\n"), std::vector<int>{1});
  EXPECT_EQ(unsourced_lines("x = inf\n"), std::vector<int>{1});
  // A multi-line array: the comment above its key covers its lines.
  EXPECT_TRUE(unsourced_lines("# source: X\nv = [\n  1,\n  2,\n]\n").empty());
  EXPECT_EQ(unsourced_lines("v = [\n  1,\n]\n"), (std::vector<int>{2}));
}

TEST(ProvenanceRule, BooleansStringsAndArraysOfStringsNeedNoCitation) {
  // The value types of the policy sections that are choices, not measurements.
  EXPECT_TRUE(unsourced_lines("[reform]\nenabled = true\ntalent_management = false\nstart = \"2013-04\"\n"
                              "groups = [\"heavy\", \"light\"]\n")
                  .empty());
  EXPECT_TRUE(unsourced_lines("[[shocks]]\nid = \"flood_2016\"\nkind = \"disaster\"\nregions = [\n  \"north_hamgyong\",\n"
                              "  \"ryanggang2\",\n]\nsectors = []\n")
                  .empty());
  EXPECT_TRUE(unsourced_lines("[policy]\nmaterials_priority = [\"heavy\", \"agriculture\"]\n").empty());
  EXPECT_TRUE(unsourced_lines("[[channels]]\nid = \"c\"\nenterprises = [\"factory_8\", \"mill2\"]\n").empty());
}

TEST(ProvenanceRule, NumbersInsideArraysAndInlineTablesNeedACitation) {
  EXPECT_EQ(unsourced_lines("[[policy.events]]\nid = \"e\"\ndate = \"2013-01\"\nlocal_share = 0.2\n"),
            std::vector<int>{4});
  EXPECT_EQ(unsourced_lines("investment_share = { heavy = 0.5, light = 0.5 }\n"), std::vector<int>{1});
  EXPECT_EQ(unsourced_lines("base_years = [2012]\n"), std::vector<int>{1});
  EXPECT_EQ(unsourced_lines("mixed = [\"a\", 3]\n"), std::vector<int>{1});
  EXPECT_EQ(unsourced_lines("t = { name = \"x\", share = 0.1 }\n"), std::vector<int>{1});
  EXPECT_TRUE(unsourced_lines("# source: X\ninvestment_share = { heavy = 0.5, light = 0.5 }\n").empty());
}

}  // namespace
}  // namespace lightind
