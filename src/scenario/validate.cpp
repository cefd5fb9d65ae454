// lightind: validation of a merged scenario tree against the schema tables (schema.cpp).
// Nothing here knows a section or key by name: types, ranges, defaults, references and
// cross checks all come from the KeySpec lines.
#include "scenario/validate.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

#include "lightind/scenario.hpp"
#include "scenario/schema.hpp"

namespace lightind::detail {

namespace {

/// Ids of the elements of every id-keyed section, for references.
using IdLists = std::map<std::string, std::vector<std::string>, std::less<>>;

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

[[noreturn]] void fail(const Value& at, const std::string& key, const std::string& expected, const std::string& found,
                       const std::string& hint = {}) {
  throw ScenarioError(at.file, at.line, key, expected, found, hint);
}

bool is_sector_id(const std::string& s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  for (const std::string& x : v)
    if (x == s) return true;
  return false;
}

/// The words a number_table's keys may be, and how to say so.
std::vector<std::string> table_keys(const KeySpec& k, const IdLists& ids) {
  if (!k.choices.empty()) return words(k.choices);
  auto it = ids.find(k.ref);
  return it == ids.end() ? std::vector<std::string>{} : it->second;
}

std::string table_key_expected(const KeySpec& k, const std::vector<std::string>& allowed) {
  if (!k.choices.empty()) return "one of: " + join_list(allowed);
  const SectionSpec* s = find_section(k.ref);
  return "a defined " + std::string(s ? s->singular : k.ref) + " (one of: " + join_list(allowed) + ")";
}

void check_number(const Value& v, const std::string& path, Range range, const std::string& expected) {
  if (!v.is_number()) fail(v, path, "a number", describe(v));
  const double x = v.as_double();
  if (!std::isfinite(x)) fail(v, path, "a finite number", format_number(x));
  if (!range.contains(x)) fail(v, path, expected, format_number(x));
}

/// Rejects a string holding a NUL or another control character (U+0000-U+001F, U+007F):
/// ids and names are written into CSV files, SQLite and messages as they are. Strings that
/// are prose (`text`, `title`) may hold tabs and newlines (`prose`).
void check_characters(const Value& v, const std::string& path, const std::string& expected, bool prose) {
  for (size_t i = 0; i < v.str.size(); ++i) {
    const auto c = static_cast<unsigned char>(v.str[i]);
    if ((c < 0x20 || c == 0x7f) && !(prose && (c == '\t' || c == '\n')))
      fail(v, path, expected,
           describe(v) + fmt::format(" (character U+{:04X} at position {})", static_cast<unsigned>(c), i + 1));
  }
}

/// Checks a list: an array of distinct strings, each an allowed word or id. Errors are on
/// the array's line and name the bad element.
void check_list(const KeySpec& k, const Value& v, const std::string& path, const IdLists& ids) {
  const std::vector<std::string> allowed = table_keys(k, ids);
  const std::string expected = list_expected(k, allowed);
  if (!v.is_array()) fail(v, path, expected, describe(v));
  for (size_t i = 0; i < v.items.size(); ++i) {
    const Value& item = v.items[i];
    if (!item.is_string()) fail(v, path, expected, describe(item) + " (element " + std::to_string(i + 1) + ")");
    if (!contains(allowed, item.str)) fail(v, path, expected, quoted(item.str), closest(item.str, allowed));
    for (size_t j = 0; j < i; ++j)
      if (v.items[j].str == item.str) fail(v, path, expected, quoted(item.str) + " twice");
  }
}

/// Checks one value against its key's line of the schema (not Type::section: check_table
/// checks those, since it fills in the defaults of their elements).
void check_value(const KeySpec& k, const Value& v, const std::string& path, const IdLists& ids) {
  const std::string expected = expected_text(k);
  switch (k.type) {
    case Type::string:
      if (!v.is_string()) fail(v, path, expected, describe(v));
      check_characters(v, path, "a string without control characters (tab and newline allowed)", true);
      return;
    case Type::id:
      if (!v.is_string() || v.str.empty() || (k.check == Check::sector_pattern && !is_sector_id(v.str)))
        fail(v, path, expected, describe(v));
      check_characters(v, path, expected + " without control characters", false);
      return;
    case Type::number:
      check_number(v, path, k.range, expected);
      return;
    case Type::integer:
      if (v.kind != Value::Kind::integer) fail(v, path, "an integer", describe(v));
      if (!k.range.contains(static_cast<double>(v.integer))) fail(v, path, expected, std::to_string(v.integer));
      return;
    case Type::month:
      if (!month_of(v)) fail(v, path, expected, describe(v));
      return;
    case Type::choice: {
      const std::vector<std::string> allowed = words(k.choices);
      if (!v.is_string()) fail(v, path, expected, describe(v));
      if (!contains(allowed, v.str)) fail(v, path, expected, describe(v), closest(v.str, allowed));
      return;
    }
    case Type::ref: {
      const std::vector<std::string> allowed = table_keys(k, ids);
      const std::string what = table_key_expected(k, allowed);
      if (!v.is_string()) fail(v, path, what, describe(v));
      if (!contains(allowed, v.str)) fail(v, path, what, quoted(v.str), closest(v.str, allowed));
      return;
    }
    case Type::number_table: {
      if (!v.is_table()) fail(v, path, expected, describe(v));
      const std::vector<std::string> allowed = table_keys(k, ids);
      const std::string number_expected = "a number" + (k.range.text().empty() ? "" : " " + k.range.text());
      double sum = 0.0;
      for (const Entry& e : v.entries) {
        const std::string p = child_path(path, e.key);
        if (!contains(allowed, e.key))
          fail(e.value, p, table_key_expected(k, allowed), quoted(e.key), closest(e.key, allowed));
        check_number(e.value, p, k.range, number_expected);
        sum += e.value.as_double();
      }
      if (k.check == Check::sum_to_one && !(std::fabs(sum - 1.0) <= 1e-6)) {
        // A share set by `--set` names that argument (not the file line of the table it
        // changed), says that the other shares must move too, and offers the key that
        // rescales them (src/scenario/timeline.hpp).
        for (const Entry& e : v.entries) {
          if (e.value.file != "--set") continue;
          const std::string arg = child_path(path, e.key) + "=" + format_number(e.value.as_double());
          const bool shares = path.size() >= 16 && path.ends_with("investment_share");
          fail(e.value, path,
               "shares summing to 1 (within 1e-6): lower or raise the other shares by as much" +
                   std::string(shares ? ", or set the share in every period with the other groups rescaled" : ""),
               "a sum of " + fmt::format("{:.10g}", sum) + " after --set " + arg,
               shares ? "policy." + e.key + "_investment_share=" + format_number(e.value.as_double()) : "");
        }
        fail(v, path, "shares summing to 1 (within 1e-6)", "a sum of " + fmt::format("{:.10g}", sum));
      }
      return;
    }
    case Type::boolean:
      if (v.kind != Value::Kind::boolean) fail(v, path, expected, describe(v));
      return;
    case Type::list:
      check_list(k, v, path, ids);
      return;
    case Type::section:
      return;
  }
}

/// The value of an absent key: its field's initializer, or the schema's default text.
Value default_value(const KeySpec& k, const Value& table) {
  Value v;
  const std::string_view d = k.dflt;
  if (d.empty() && k.field && k.field.initial) {
    // The field's initializer in description.hpp, the one place the default is written.
    v = k.field.initial();
    set_source(v, table.file, table.line);
    return v;
  }
  if (!d.empty() && d.front() == '[') {
    // An array: parsed as TOML (the schema's own text, so it cannot fail).
    Value doc = parse_toml("v = " + std::string(d), table.file);
    v = std::move(*doc.find("v"));
    set_source(v, table.file, table.line);
    return v;
  }
  v.file = table.file;
  v.line = table.line;
  if (d == "true" || d == "false") {
    v.kind = Value::Kind::boolean;
    v.boolean = d == "true";
  } else if (d == "=id") {
    v.kind = Value::Kind::string;
    v.str = *table.id();
  } else if (d == "{}") {
    v.kind = Value::Kind::table;
  } else if (!d.empty() && d.front() == '"') {
    v.kind = Value::Kind::string;
    v.str = std::string(d.substr(1, d.size() - 2));
  } else if (k.type == Type::integer) {
    v.kind = Value::Kind::integer;
    std::from_chars(d.data(), d.data() + d.size(), v.integer);
  } else {
    v.kind = Value::Kind::floating;
    std::from_chars(d.data(), d.data() + d.size(), v.number);
  }
  return v;
}

void check_array(const SectionSpec& s, Value& v, const std::string& path, const IdLists& ids);

/// Checks `t`, a table of keys of section `target` that a dated event sets at `path`: each
/// one a key of the section an event may change, with a valid value.
void check_changeable(const SectionSpec& target, const Value& t, const std::string& path, const IdLists& ids) {
  const std::vector<std::string> allowed = changeable_keys(target.name);
  const std::string expected =
      "a key of " + section_title(target) + " that an event may change (one of: " + join_list(allowed) + ")";
  if (!t.is_table())
    fail(t, path, "a table of keys of " + section_title(target) + " (" + path + ".KEY = ...)", describe(t));
  for (const Entry& sub : t.entries) {
    const std::string sp = child_path(path, sub.key);
    const KeySpec* k = find_key(target.name, sub.key);
    if (!k || !k->changeable)
      fail(sub.value, sp, expected, quoted(sub.key) + (k ? " (set once for the run: no event may change it)" : ""),
           closest(sub.key, allowed));
    check_value(*k, sub.value, sp, ids);
  }
}

/// Checks an entry of an element of a section whose elements set changeable keys
/// (SectionSpec::sets_changeable, [[policy.events]]) that is none of its own keys: a short
/// form (`local_share = 0.5`), or a table of the changeable keys of a section
/// (`state.state_wage = 4000`, a dotted key, makes the entry `state`).
void check_override(const SectionSpec& s, const Entry& e, const std::string& path, const IdLists& ids) {
  const std::string p = child_path(path, e.key);
  if (const KeySpec* k = event_short_form(e.key)) return check_value(*k, e.value, p, ids);
  const SectionSpec* target = find_section(e.key);
  const std::vector<std::string> allowed = target ? changeable_keys(e.key) : std::vector<std::string>{};
  if (allowed.empty()) {
    // Did you mean: one of its keys, a short form, a section (`stat.x`), or the section of a
    // changeable key written bare (`state_wage` for `state.state_wage`).
    std::vector<std::string> known = key_names(s.name);
    for (std::string& f : event_short_forms()) known.push_back(std::move(f));
    for (const SectionSpec& sec : sections())
      if (!changeable_keys(sec.name).empty()) known.emplace_back(sec.name);
    std::string hint = closest(e.key, known);
    for (const std::string& full : changeable_paths())
      if (hint.empty() && full.substr(full.find('.') + 1) == e.key) hint = full;
    fail(e.value, p,
         "a key of " + section_title(s) + " (one of: " + join_list(key_names(s.name)) +
             "), SECTION.KEY of a key an event may change (" + join_list(changeable_paths(), 6) +
             "; see docs/SCENARIOS.md), or a short form (" + join_list(event_short_forms(), 6) + ")",
         quoted(e.key), hint);
  }
  if (target->shape != Shape::id_array) return check_changeable(*target, e.value, p, ids);
  // A key of one element (`sectors.grain.state_price = 1.2`): a table of defined ids, each a
  // table of the section's changeable keys.
  const auto found = ids.find(target->name);
  const std::vector<std::string> defined = found != ids.end() ? found->second : std::vector<std::string>{};
  if (!e.value.is_table())
    fail(e.value, p, "a table of " + std::string(target->singular) + " ids (" + p + ".ID.KEY = ...)", describe(e.value));
  for (const Entry& el : e.value.entries) {
    const std::string ep = child_path(p, el.key);
    if (!contains(defined, el.key))
      fail(el.value, ep, "the id of a defined " + std::string(target->singular) + " (one of: " + join_list(defined) + ")",
           quoted(el.key), closest(el.key, defined));
    check_changeable(*target, el.value, ep, ids);
  }
}

/// True for a key that stays absent when not written (an optional value).
bool optional_key(const KeySpec& k) { return !k.required && !k.has_default(); }

/// Checks the keys of one table (a `[section]` or one element of `[[section]]`), then
/// fills in defaults and runs the cross checks between its keys.
void check_table(const SectionSpec& s, Value& t, const std::string& path, const IdLists& ids) {
  // The id first, so that a missing or malformed id is reported before the keys it names.
  if (s.shape == Shape::id_array) {
    const KeySpec* idk = find_key(s.name, "id");
    if (const Value* id = t.find("id"))
      check_value(*idk, *id, child_path(path, "id"), ids);
    else
      fail(t, child_path(path, "id"), expected_text(*idk), "nothing (the key is required)");
  }
  for (Entry& e : t.entries) {
    const KeySpec* k = find_key(s.name, e.key);
    if (!k && s.sets_changeable) {
      check_override(s, e, path, ids);
      continue;
    }
    if (!k) {
      const std::vector<std::string> known = key_names(s.name);
      fail(e.value, child_path(path, e.key), "a key of " + section_title(s) + " (one of: " + join_list(known) + ")",
           quoted(e.key), closest(e.key, known));
    }
    if (k->type == Type::section)
      check_array(*find_section(k->ref), e.value, child_path(path, e.key), ids);
    else
      check_value(*k, e.value, child_path(path, e.key), ids);
  }
  for (const KeySpec& k : keys()) {
    if (k.section != s.name || t.find(k.key)) continue;
    if (k.required) fail(t, child_path(path, k.key), expected_text(k), "nothing (the key is required)");
    if (k.check == Check::required_when)
      if (const Value* flag = t.find(k.other); flag && flag->kind == Value::Kind::boolean && flag->boolean)
        fail(t, child_path(path, k.key), expected_text(k),
             "nothing (the key is required when " + child_path(path, k.other) + " = true)");
    if (!optional_key(k)) t.set(std::string(k.key), default_value(k, t));
  }
  for (const KeySpec& k : keys()) {
    if (k.section != s.name) continue;
    const Value* v = t.find(k.key);
    const Value* other = k.other.empty() ? nullptr : t.find(k.other);
    if (!v || !other) continue;  // an optional key left out: nothing to compare
    if (k.check == Check::not_before) {
      const YearMonth mv = *month_of(*v), mo = *month_of(*other);
      if (mv < mo)
        fail(*v, child_path(path, k.key),
             "a month not before " + child_path(path, k.other) + " (" + mo.str() + ")", mv.str());
    } else if (k.check == Check::sum_at_most_one) {
      const double x = v->as_double(), y = other->as_double();
      if (!(x + y <= 1.0 + 1e-9))
        fail(*v, child_path(path, k.key),
             "a number with " + child_path(path, k.other) + " (" + format_number(y) + ") + " + std::string(k.key) +
                 " <= 1",
             format_number(x) + " (sum " + fmt::format("{:.10g}", x + y) + ")");
    }
  }
}

/// Checks an array of tables: `[[section]]` at the top level or nested (`[[policy.events]]`).
void check_array(const SectionSpec& s, Value& v, const std::string& path, const IdLists& ids) {
  const std::string title = section_title(s);
  if (!v.is_array()) fail(v, path, "an array of tables " + title, describe(v));
  if (static_cast<int>(v.items.size()) < s.min_count)
    fail(v, path, "at least " + std::to_string(s.min_count) + " " + title + " element", "none");
  std::map<std::string, const Value*> seen;
  for (size_t i = 0; i < v.items.size(); ++i) {
    Value& item = v.items[i];
    const std::string* id = item.id();
    const std::string p = id && !id->empty() ? child_path(path, *id) : path + "[" + std::to_string(i) + "]";
    if (!item.is_table()) fail(item, p, "a table " + title, describe(item));
    check_table(s, item, p, ids);
    const Value& idv = *item.find("id");
    auto [it, fresh] = seen.emplace(idv.str, &idv);
    if (!fresh)
      fail(idv, p + ".id", "a unique id",
           quoted(idv.str) + " (already used at " + it->second->file + ":" + std::to_string(it->second->line) + ")");
  }
}

}  // namespace

std::optional<YearMonth> month_of(const Value& v) {
  if (v.kind == Value::Kind::date) {
    if (v.month < 1 || v.month > 12) return std::nullopt;
    return YearMonth{v.year, v.month};
  }
  if (!v.is_string()) return std::nullopt;
  return YearMonth::parse(v.str);
}

void validate(Value& root, const std::string& top_file) {
  // A scenario without [[groups]] has the five groups of the article (default_groups()),
  // as if written in its top file.
  if (!root.find("groups")) {
    Value doc = parse_toml(default_groups_toml(), top_file);
    Value groups = std::move(*doc.find("groups"));
    set_source(groups, top_file, 0);
    root.set("groups", std::move(groups));
  }
  IdLists ids;
  for (const SectionSpec& s : sections()) {
    if (s.shape != Shape::id_array || s.nested()) continue;
    std::vector<std::string>& list = ids[std::string(s.name)];
    if (const Value* v = root.find(s.name); v && v->is_array())
      for (const Value& item : v->items)
        if (const std::string* id = item.id()) list.push_back(*id);
  }
  for (Entry& e : root.entries) {
    const SectionSpec* s = find_section(e.key);
    if (!s || s->nested()) {
      const std::vector<std::string> known = section_names();
      fail(e.value, e.key, "a section of a scenario (one of: " + join_list(known) + ")", quoted(e.key),
           closest(e.key, known));
    }
    if (s->shape == Shape::table) {
      if (!e.value.is_table()) fail(e.value, e.key, "a table " + section_title(*s), describe(e.value));
      check_table(*s, e.value, e.key, ids);
    } else {
      check_array(*s, e.value, e.key, ids);
    }
  }
  for (const SectionSpec& s : sections()) {
    if (s.nested() || root.find(s.name)) continue;
    const std::string title = section_title(s);
    if (s.required)
      throw ScenarioError(top_file, 0, std::string(s.name),
                          s.shape == Shape::table
                              ? "a " + title + " table"
                              : "at least " + std::to_string(s.min_count) + " " + title + " element",
                          "nothing (the section is required)");
    Value fresh;
    fresh.kind = s.shape == Shape::table ? Value::Kind::table : Value::Kind::array;
    fresh.file = top_file;
    Value& added = root.set(std::string(s.name), std::move(fresh));
    if (s.shape == Shape::table) check_table(s, added, std::string(s.name), ids);
  }
}

}  // namespace lightind::detail
