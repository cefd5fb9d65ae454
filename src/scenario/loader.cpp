// lightind: loading scenario files: read, follow `extends`, merge, apply `--set`,
// validate against the schema, build the Description (docs/SCENARIOS.md).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lightind/scenario.hpp"
#include "scenario/merged.hpp"
#include "scenario/schema.hpp"
#include "scenario/timeline.hpp"
#include "scenario/tree.hpp"
#include "scenario/validate.hpp"

namespace lightind {

namespace fs = std::filesystem;
using detail::Value;

namespace {

constexpr size_t kMaxExtendsDepth = 32;

/// One file of the `extends` chain being loaded: its identity (canonical path) and name.
struct ChainLink {
  std::string identity;
  std::string name;
};

bool read_text(const fs::path& p, std::string& text) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return false;
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  return !in.bad();
}

std::string identity_of(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal().string() : c.string();
}

/// Parses `text` (the file `name`), then loads what it extends, recursively, and merges
/// this file over it.
Value load_tree(const std::string& text, const std::string& name, const fs::path& dir, std::vector<ChainLink>& chain) {
  Value root = detail::parse_toml(text, name);
  detail::check_unique_ids(root, "");
  const Value* ext = root.find("extends");
  if (!ext) return root;
  const Value extends = *ext;
  root.erase("extends");
  if (!extends.is_string() || extends.str.empty() || extends.str.find('\0') != std::string::npos)
    throw ScenarioError(extends.file, extends.line, "extends", "a scenario file name (a string)",
                        detail::describe(extends));
  const fs::path parent_path = (dir / fs::path(extends.str)).lexically_normal();
  const std::string parent_name = parent_path.string();
  const std::string identity = identity_of(parent_path);
  for (size_t i = 0; i < chain.size(); ++i) {
    if (chain[i].identity != identity) continue;
    std::string cycle;
    for (size_t k = i; k < chain.size(); ++k) cycle += chain[k].name + " -> ";
    throw ScenarioError(name, 0, "extends", "no cycle of extends", cycle + parent_name);
  }
  if (chain.size() >= kMaxExtendsDepth)
    throw ScenarioError(extends.file, extends.line, "extends",
                        "a chain of at most " + std::to_string(kMaxExtendsDepth) + " files",
                        detail::quoted(parent_name, std::string::npos));
  std::string parent_text;
  if (!read_text(parent_path, parent_text))
    throw ScenarioError(extends.file, extends.line, "extends", "an existing scenario file",
                        detail::quoted(parent_name, std::string::npos));
  chain.push_back({identity, parent_name});
  Value merged = load_tree(parent_text, parent_name, parent_path.parent_path(), chain);
  chain.pop_back();
  detail::merge(merged, std::move(root));
  return merged;
}

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string join(const std::vector<std::string>& parts, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (i > from ? "." : "") + parts[i];
  return out;
}

/// The value of `--set key=VALUE`: TOML when VALUE parses as one TOML value, else the text.
Value set_value(const std::string& text) {
  Value v;
  try {
    Value doc = detail::parse_toml("v = " + text, "--set");
    if (doc.entries.size() == 1 && doc.entries[0].key == "v") v = std::move(doc.entries[0].value);
  } catch (const ScenarioError& e) {
    // Not TOML: the text itself. Too deep or too long is no string either: rejected.
    if (e.key() != "(syntax)") throw ScenarioError("--set", 0, e.key(), e.expected(), e.found());
  }
  if (v.file.empty()) {
    v.kind = Value::Kind::string;
    v.str = text;
  }
  detail::set_source(v, "--set", 0);
  return v;
}

/// Throws the error of a `--set` key whose segment `i` is unknown; the hint is the whole
/// key with that segment corrected.
[[noreturn]] void unknown_segment(const std::string& key, std::vector<std::string> parts, size_t i,
                                  const std::vector<std::string>& known, const std::string& what) {
  const std::string word = parts[i];
  const std::string best = closest(word, known);
  std::string hint;
  if (!best.empty()) {
    parts[i] = best;
    hint = join(parts, 0, parts.size());
  }
  const std::string listed = known.empty() ? " (none defined)" : " (one of: " + detail::join_list(known) + ")";
  throw ScenarioError("--set", 0, key, what + listed, detail::quoted(word), hint);
}

Value empty_table() {
  Value t;
  t.kind = Value::Kind::table;
  t.file = "--set";
  return t;
}

/// The element of the id-keyed array of tables `array` (section `section`) that `parts`
/// names from segment `k`. Ids may contain dots: the shortest run of segments that names an
/// element wins. Advances `k` past the id.
Value& find_element(const std::string& key, const std::vector<std::string>& parts, size_t& k, Value* array,
                    const detail::SectionSpec& section) {
  const std::string title = detail::section_title(section);
  const std::string prefix = join(parts, 0, k);
  std::vector<std::string> ids;
  if (array && array->is_array()) {
    for (Value& item : array->items)
      if (const std::string* id = item.id()) ids.push_back(*id);
    for (size_t len = 1; k + len < parts.size(); ++len) {
      const std::string id = join(parts, k, k + len);
      for (Value& item : array->items)
        if (const std::string* iid = item.id(); iid && *iid == id) {
          k += len;
          return item;
        }
    }
  }
  if (k + 1 >= parts.size())
    throw ScenarioError("--set", 0, key, "a key of an element of " + title + " (" + prefix + ".ID.KEY)",
                        detail::quoted(key));
  unknown_segment(key, parts, k, ids, "the id of a defined " + std::string(section.singular));
}

/// Applies one `--set key=value` to the merged tree. Keys follow the schema: a section,
/// for id-keyed arrays of tables the id of an element, a key; then, for tables of numbers,
/// a subkey, or for nested arrays of tables (`policy.events`) an id and a key (for an event,
/// also SECTION.KEY of a changeable key, docs/SCENARIOS.md "Policy events").
void apply_set(Value& root, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  const std::string key = trim(std::string_view(assignment).substr(0, eq == std::string::npos ? 0 : eq));
  if (eq == std::string::npos || key.empty())
    throw ScenarioError("--set", 0, assignment, "key=value", detail::quoted(assignment));
  Value value = set_value(trim(std::string_view(assignment).substr(eq + 1)));

  std::vector<std::string> parts;
  for (size_t b = 0;;) {
    const size_t dot = key.find('.', b);
    parts.push_back(key.substr(b, dot == std::string::npos ? std::string::npos : dot - b));
    if (dot == std::string::npos) break;
    b = dot + 1;
  }
  for (const std::string& p : parts)
    if (p.empty()) throw ScenarioError("--set", 0, key, "a dotted key such as households.scale", detail::quoted(key));
  // A whole-timeline key (policy.light_investment_share): every period's shares at once.
  if (detail::apply_timeline_set(root, key, value)) return;

  const detail::SectionSpec* section = detail::find_section(parts[0]);
  if (!section || section->nested())
    unknown_segment(key, parts, 0, detail::section_names(), "a section of a scenario");
  Value* holder = &root;  // the table that holds the section's value under parts[k]
  size_t k = 0;
  for (;;) {
    const std::string title = detail::section_title(*section);
    Value* target = holder->find(parts[k]);
    ++k;
    if (section->shape == detail::Shape::table) {
      if (!target) target = &holder->set(parts[k - 1], empty_table());
      if (!target->is_table())
        throw ScenarioError(target->file, target->line, join(parts, 0, k), "a table " + title,
                            detail::describe(*target));
    } else {
      target = &find_element(key, parts, k, target, *section);
    }
    if (k >= parts.size())
      throw ScenarioError("--set", 0, key, "a key of " + title + " after " + detail::quoted(join(parts, 0, k)),
                          "nothing");
    const detail::KeySpec* spec = detail::find_key(section->name, parts[k]);
    if (!spec && section->sets_changeable) {
      // An event's short form (`policy.events.ID.local_share`), or a section whose
      // changeable keys it sets (`policy.events.ID.state.state_wage`).
      spec = detail::event_short_form(parts[k]);
      const detail::SectionSpec* sub = detail::find_section(parts[k]);
      if (!spec && sub && sub->shape == detail::Shape::table && !detail::changeable_keys(sub->name).empty() &&
          k + 1 < parts.size()) {
        section = sub;
        holder = target;
        continue;
      }
    }
    if (!spec) {
      std::vector<std::string> known = detail::key_names(section->name);
      if (k == 1 && parts[0] == "policy")  // the whole-timeline keys are policy keys too
        for (const std::string& t : detail::timeline_keys(&root)) known.push_back(t.substr(7));
      unknown_segment(key, parts, k, known, "a key of " + title);
    }
    if (k + 1 == parts.size()) {
      target->set(parts[k], std::move(value));
      return;
    }
    if (spec->type == detail::Type::section) {
      // Down into the nested array of tables: its element and key follow.
      section = detail::find_section(spec->ref);
      holder = target;
      continue;
    }
    if (spec->type != detail::Type::number_table || k + 2 != parts.size())
      throw ScenarioError("--set", 0, key, "no key below " + join(parts, 0, k + 1), detail::quoted(parts[k + 1]));
    if (!spec->choices.empty()) {
      const std::vector<std::string> allowed = detail::words(spec->choices);
      if (std::find(allowed.begin(), allowed.end(), parts[k + 1]) == allowed.end())
        unknown_segment(key, parts, k + 1, allowed, "a key of " + join(parts, 0, k + 1));
    }
    Value* table = target->find(parts[k]);
    if (!table) table = &target->set(parts[k], empty_table());
    if (!table->is_table())
      throw ScenarioError(table->file, table->line, join(parts, 0, k + 1), detail::expected_text(*spec),
                          detail::describe(*table));
    table->set(parts[k + 1], std::move(value));
    return;
  }
}

Description finish(Value root, const std::string& file, const std::vector<std::string>& sets,
                   std::uint64_t seed_override) {
  for (const std::string& s : sets) apply_set(root, s);
  detail::validate(root, file);
  return detail::build_description(root, file, seed_override);
}

}  // namespace

Value detail::load_merged_tree(const std::string& path) {
  std::string text;
  if (!read_text(path, text))
    throw ScenarioError(path, 0, "(file)", "a readable scenario file",
                        std::filesystem::exists(path) ? "no regular file that can be read" : "no such file");
  std::vector<ChainLink> chain{{identity_of(path), path}};
  const fs::path dir = fs::path(path).parent_path();
  return load_tree(text, path, dir, chain);
}

Description detail::description_of_tree(Value root, const std::string& file, const std::vector<std::string>& sets,
                                        std::uint64_t seed_override) {
  return finish(std::move(root), file, sets, seed_override);
}

Description load_scenario(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed_override) {
  return finish(detail::load_merged_tree(path), path, sets, seed_override);
}

Description load_scenario_text(const std::string& text, const std::string& name, const std::vector<std::string>& sets,
                               std::uint64_t seed_override) {
  // The text is no file, so nothing in the chain can name it: an empty identity.
  std::vector<ChainLink> chain{{"", name}};
  return finish(load_tree(text, name, fs::path(), chain), name, sets, seed_override);
}

}  // namespace lightind
