// lightind: the loader's tree of TOML values with provenance; parsing, merging.
#include "scenario/tree.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <utility>

#include "lightind/scenario.hpp"

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
    case toml::node_type::string:
      v.kind = Value::Kind::string;
      v.str = n.as_string()->get();
      break;
    case toml::node_type::integer:
      v.kind = Value::Kind::integer;
      v.integer = n.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      v.kind = Value::Kind::floating;
      v.number = n.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      v.kind = Value::Kind::boolean;
      v.boolean = n.as_boolean()->get();
      break;
    case toml::node_type::date: {
      v.kind = Value::Kind::date;
      const toml::date d = n.as_date()->get();
      v.year = d.year;
      v.month = d.month;
      v.day = d.day;
      std::ostringstream os;
      os << d;
      v.text = os.str();
      break;
    }
    case toml::node_type::time: {
      v.kind = Value::Kind::time;
      std::ostringstream os;
      os << n.as_time()->get();
      v.text = os.str();
      break;
    }
    case toml::node_type::date_time: {
      v.kind = Value::Kind::date_time;
      const toml::date_time dt = n.as_date_time()->get();
      v.year = dt.date.year;
      v.month = dt.date.month;
      v.day = dt.date.day;
      std::ostringstream os;
      os << dt;
      v.text = os.str();
      break;
    }
    case toml::node_type::none:
      break;
  }
  return v;
}

}  // namespace

Value parse_toml(std::string_view text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    throw ScenarioError(file, static_cast<int>(e.source().begin.line), "(syntax)", "valid TOML",
                        std::string(e.description()));
  }
  Value v = convert(root, file);
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

void check_unique_ids(const Value& v, const std::string& path) {
  const auto child = [&](const std::string& k) { return path.empty() ? k : path + "." + k; };
  if (v.is_table()) {
    for (const Entry& e : v.entries) check_unique_ids(e.value, child(e.key));
    return;
  }
  if (!v.is_array()) return;
  std::map<std::string, const Value*> seen;
  for (const Value& item : v.items) {
    if (const std::string* id = item.id()) {
      auto [it, fresh] = seen.emplace(*id, item.find("id"));
      if (!fresh) {
        const Value& at = *item.find("id");
        throw ScenarioError(
            at.file, at.line, child(*id) + ".id", "a unique id",
            quoted(*id) + " (already used at " + it->second->file + ":" + std::to_string(it->second->line) + ")");
      }
      check_unique_ids(item, child(*id));
    } else {
      check_unique_ids(item, path);
    }
  }
}

}  // namespace lightind::detail
