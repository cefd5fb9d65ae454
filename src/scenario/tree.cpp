// lightind: the loader's tree of TOML values with provenance; parsing, merging.
#include "scenario/tree.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <utility>

#include "lightind/scenario.hpp"
#include "scenario/toml_parse.hpp"

namespace lightind::detail {

const Value* Value::find(std::string_view key) const {
  for (const Entry& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  for (Entry& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

Value& Value::set(std::string key, Value v) {
  if (Value* old = find(key)) {
    *old = std::move(v);
    return *old;
  }
  entries.push_back(Entry{std::move(key), std::move(v)});
  return entries.back().value;
}

void Value::erase(std::string_view key) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; }),
                entries.end());
}

const std::string* Value::id() const {
  if (!is_table()) return nullptr;
  const Value* v = find("id");
  return v && v->is_string() ? &v->str : nullptr;
}

namespace {

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

/// `v` as a scalar of `kind` with its `field` set to `x`.
template <typename T>
void set_scalar(Value& v, Value::Kind kind, T Value::*field, T x) {
  v.kind = kind;
  v.*field = std::move(x);
}

/// The year, month and day of a date or of a date-time's date.
void set_date(Value& v, const toml::date& d) {
  v.year = d.year;
  v.month = d.month;
  v.day = d.day;
}

/// A date, time or date-time as toml++ writes it back.
template <typename T>
std::string written(const T& x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

Value convert(const toml::node& n, const std::string& file) {
  Value v;
  v.file = file;
  v.line = line_of(n);
  switch (n.type()) {
    case toml::node_type::table: {
      v.kind = Value::Kind::table;
      const toml::table& t = *n.as_table();
      std::vector<std::pair<std::string, const toml::node*>> kids;
      for (auto&& [k, child] : t) kids.emplace_back(std::string(k.str()), &child);
      // toml++ keeps keys sorted by name; errors read better in the order they were written.
      std::stable_sort(kids.begin(), kids.end(), [](const auto& a, const auto& b) {
        const auto& sa = a.second->source().begin;
        const auto& sb = b.second->source().begin;
        return sa.line != sb.line ? sa.line < sb.line : sa.column < sb.column;
      });
      for (auto& [k, child] : kids) v.entries.push_back(Entry{k, convert(*child, file)});
      break;
    }
    case toml::node_type::array: {
      v.kind = Value::Kind::array;
      for (const toml::node& item : *n.as_array()) v.items.push_back(convert(item, file));
      break;
    }
    case toml::node_type::string: set_scalar(v, Value::Kind::string, &Value::str, n.as_string()->get()); break;
    case toml::node_type::integer: set_scalar(v, Value::Kind::integer, &Value::integer, n.as_integer()->get()); break;
    case toml::node_type::floating_point:
      set_scalar(v, Value::Kind::floating, &Value::number, n.as_floating_point()->get());
      break;
    case toml::node_type::boolean: set_scalar(v, Value::Kind::boolean, &Value::boolean, n.as_boolean()->get()); break;
    case toml::node_type::date:
      v.kind = Value::Kind::date;
      set_date(v, n.as_date()->get());
      v.text = written(n.as_date()->get());
      break;
    case toml::node_type::time:
      v.kind = Value::Kind::time;
      v.text = written(n.as_time()->get());
      break;
    case toml::node_type::date_time:
      v.kind = Value::Kind::date_time;
      set_date(v, n.as_date_time()->get().date);
      v.text = written(n.as_date_time()->get());
      break;
    case toml::node_type::none:
      break;
  }
  return v;
}

/// The text of quoted() without its quotes (a key for a message, control characters escaped).
std::string unquoted(const std::string& q) { return q.substr(1, q.size() - 2); }

/// The index just past the TOML string that starts at t[i] (a quote): basic "..." with
/// escapes, literal '...', and their multi-line forms; newlines passed are counted in `line`.
/// An unterminated single-line string ends at the end of its line.
size_t skip_string(std::string_view t, size_t i, int& line) {
  const char q = t[i];
  const std::string_view triple = q == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
  if (t.substr(i, 3) == triple) {
    for (size_t j = i + 3; j < t.size(); ++j) {
      if (t[j] == '\n') ++line;
      if (q == '"' && t[j] == '\\') {
        if (j + 1 < t.size() && t[j + 1] == '\n') ++line;
        ++j;
        continue;
      }
      if (t.substr(j, 3) == triple) {
        j += 3;
        for (int extra = 0; extra < 2 && j < t.size() && t[j] == q; ++extra) ++j;  // """a"""" ends in quotes
        return j;
      }
    }
    return t.size();
  }
  size_t j = i + 1;
  while (j < t.size() && t[j] != q && t[j] != '\n') j += (q == '"' && t[j] == '\\' && j + 1 < t.size() && t[j + 1] != '\n') ? 2 : 1;
  return j < t.size() && t[j] == q ? j + 1 : j;
}

}  // namespace

int nesting_depth(std::string_view t, int& out_line, std::string& out_key) {
  // Depth: the root table is level 0; `[a.b]` opens level 2; a key `c.d = v` in it puts v at
  // 4; an array or inline table value opens one more level for what it holds. Only keys,
  // headers and brackets count: dots in values (1.5, dates) and anything in strings or
  // comments do not. The scan stops at the first level beyond kMaxNesting, so its own
  // stack of open brackets stays small.
  struct Open {
    char kind;  // '{' inline table, '[' array
    int depth;  // the level of the table or array itself
  };
  std::vector<Open> open;
  enum class Mode { line_start, key, value, after_value } mode = Mode::line_start;
  int line = 1, header = 0, key_base = 0, segments = 1, value_depth = 0, deepest = 0;
  size_t key_start = 0;
  const auto note = [&](int depth, size_t from, size_t to) {
    if (depth <= deepest) return;
    deepest = depth;
    out_line = line;
    out_key = std::string(t.substr(from, std::min<size_t>(to - from, 200)));
    while (!out_key.empty() && (out_key.back() == ' ' || out_key.back() == '\t')) out_key.pop_back();
  };
  const auto start_key = [&](int base, size_t at) {
    mode = Mode::key;
    key_base = base;
    segments = 1;
    key_start = at;
  };
  for (size_t i = 0; i < t.size() && deepest <= kMaxNesting;) {
    const char c = t[i];
    if (c == '\n') {
      ++line;
      ++i;
      if (open.empty()) mode = Mode::line_start;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
      continue;
    }
    switch (mode) {
      case Mode::line_start:
        if (c == '[') {  // [table] or [[array.of.tables]]: its own depth, whatever came before
          const bool array = i + 1 < t.size() && t[i + 1] == '[';
          const size_t from = i + (array ? 2 : 1);
          size_t j = from;
          int parts = 1;
          while (j < t.size() && t[j] != ']' && t[j] != '\n') {
            if (t[j] == '"' || t[j] == '\'') {
              j = skip_string(t, j, line);
              continue;
            }
            if (t[j] == '.') ++parts;
            ++j;
          }
          header = parts + (array ? 1 : 0);  // [[a.b]]: table a, array b, the new table in it
          note(header, from, j);
          i = j;
          mode = Mode::after_value;
        } else {
          start_key(header, i);
        }
        continue;
      case Mode::key:
        if (c == '"' || c == '\'') {
          i = skip_string(t, i, line);
        } else if (c == '.') {
          ++segments;
          ++i;
        } else if (c == '=') {
          value_depth = key_base + segments;
          note(value_depth, key_start, i);
          mode = Mode::value;
          ++i;
        } else if (c == '}') {  // {} or a trailing comma
          if (!open.empty()) open.pop_back();
          mode = Mode::after_value;
          ++i;
        } else {
          ++i;
        }
        continue;
      case Mode::value:
        if (c == '"' || c == '\'') {
          i = skip_string(t, i, line);
          mode = Mode::after_value;
          continue;
        }
        if (c == '{') {
          open.push_back({'{', value_depth});
          start_key(value_depth, ++i);
          continue;
        }
        if (c == '[') {
          open.push_back({'[', value_depth});
          ++value_depth;
          note(value_depth, key_start, i + 1);
          ++i;
          continue;
        }
        if (c != ',' && c != ']' && c != '}') {  // a number, boolean or date: up to what ends it
          mode = Mode::after_value;
          ++i;
          continue;
        }
        break;
      case Mode::after_value:
        break;
    }
    // After a value (or in place of one): what separates or closes.
    if (c == ',' && !open.empty()) {
      if (open.back().kind == '{') {
        start_key(open.back().depth, i + 1);
      } else {
        mode = Mode::value;
        value_depth = open.back().depth + 1;
      }
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
      mode = Mode::after_value;
    }
    ++i;
  }
  return deepest;
}

Value parse_toml(std::string_view text, const std::string& file) {
  if (text.size() > kMaxScenarioBytes)
    throw ScenarioError(file, 0, "(file)",
                        fmt::format("a scenario of at most {} bytes (16 MiB)", kMaxScenarioBytes),
                        fmt::format("{} bytes", text.size()));
  {
    int line = 0;
    std::string key;
    if (const int depth = nesting_depth(text, line, key); depth > kMaxNesting)
      throw ScenarioError(file, line, key.empty() ? "(nesting)" : unquoted(quoted(key, 60)),
                          fmt::format("tables and arrays nested at most {} levels deep", kMaxNesting),
                          fmt::format("more than {} levels", kMaxNesting));
  }
  Value v = convert(parse_toml_table<ScenarioError>(text, file), file);
  v.line = 0;
  return v;
}

void set_source(Value& v, const std::string& file, int line) {
  v.file = file;
  v.line = line;
  for (Entry& e : v.entries) set_source(e.value, file, line);
  for (Value& item : v.items) set_source(item, file, line);
}

std::string format_number(double x) { return fmt::format("{}", x); }

std::string quoted(std::string_view s, size_t max) {
  std::string out = "\"";
  size_t n = 0;
  for (char c : s) {
    if (++n > max) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string describe(const Value& v) {
  switch (v.kind) {
    case Value::Kind::table:
      return "a table";
    case Value::Kind::array:
      return v.items.empty() ? "an empty array" : "an array";
    case Value::Kind::string:
      return "a string " + quoted(v.str);
    case Value::Kind::integer:
      return "an integer " + std::to_string(v.integer);
    case Value::Kind::floating:
      return "a number " + format_number(v.number);
    case Value::Kind::boolean:
      return v.boolean ? "a boolean true" : "a boolean false";
    case Value::Kind::date:
      return "a date " + v.text;
    case Value::Kind::time:
      return "a time " + v.text;
    case Value::Kind::date_time:
      return "a date-time " + v.text;
  }
  return "a value";
}

std::string toml_text(const Value& v) {
  switch (v.kind) {
    case Value::Kind::floating:
      return format_number(v.number);
    case Value::Kind::integer:
      return std::to_string(v.integer);
    case Value::Kind::boolean:
      return v.boolean ? "true" : "false";
    case Value::Kind::string:
      return quoted(v.str, std::string::npos);
    case Value::Kind::array: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + toml_text(v.items[i]);
      return out + "]";
    }
    case Value::Kind::table: {
      std::string out = "{";
      for (size_t i = 0; i < v.entries.size(); ++i)
        out += (i ? ", " : " ") + v.entries[i].key + " = " + toml_text(v.entries[i].value) +
               (i + 1 == v.entries.size() ? " " : "");
      return out + "}";
    }
    default:
      return v.text;
  }
}

bool is_id_array(const Value& v) {
  if (!v.is_array() || v.items.empty()) return false;
  return std::all_of(v.items.begin(), v.items.end(), [](const Value& item) { return item.id() != nullptr; });
}

void merge(Value& base, Value over) {
  if (base.is_table() && over.is_table()) {
    for (Entry& e : over.entries) {
      if (Value* b = base.find(e.key))
        merge(*b, std::move(e.value));
      else
        base.entries.push_back(std::move(e));
    }
    return;
  }
  if (is_id_array(base) && is_id_array(over)) {
    const auto id_of = [](const Value& v) {
      const std::string* id = v.id();
      return id ? std::string_view(*id) : std::string_view();
    };
    for (Value& item : over.items) {
      auto it =
          std::find_if(base.items.begin(), base.items.end(), [&](const Value& b) { return id_of(b) == id_of(item); });
      if (it != base.items.end())
        merge(*it, std::move(item));
      else
        base.items.push_back(std::move(item));
    }
    return;
  }
  base = std::move(over);
}

namespace {

/// "a.b.c" from the keys of a path.
std::string join_path(const std::vector<std::string_view>& parts) {
  std::string out;
  for (const std::string_view p : parts) {
    if (!out.empty()) out += '.';
    out += p;
  }
  return out;
}

/// check_unique_ids with the path as a stack of keys, so that memory stays in proportion
/// to the tree (a string per level would grow with the square of the depth).
void check_unique_ids(const Value& v, std::vector<std::string_view>& path) {
  if (v.is_table()) {
    for (const Entry& e : v.entries) {
      path.push_back(e.key);
      check_unique_ids(e.value, path);
      path.pop_back();
    }
    return;
  }
  if (!v.is_array()) return;
  std::map<std::string_view, const Value*> seen;
  for (const Value& item : v.items) {
    if (const std::string* id = item.id()) {
      path.push_back(*id);
      auto [it, fresh] = seen.emplace(*id, item.find("id"));
      if (!fresh) {
        const Value& at = *item.find("id");
        throw ScenarioError(
            at.file, at.line, join_path(path) + ".id", "a unique id",
            quoted(*id) + " (already used at " + it->second->file + ":" + std::to_string(it->second->line) + ")");
      }
      check_unique_ids(item, path);
      path.pop_back();
    } else {
      check_unique_ids(item, path);
    }
  }
}

}  // namespace

void check_unique_ids(const Value& v, const std::string& path) {
  std::vector<std::string_view> parts;
  if (!path.empty()) parts.push_back(path);
  check_unique_ids(v, parts);
}

}  // namespace lightind::detail
