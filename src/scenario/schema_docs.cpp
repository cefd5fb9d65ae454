// lightind: the key tables of docs/SCENARIOS.md, generated from the schema (schema.cpp).
#include "scenario/schema_docs.hpp"

#include <stdexcept>

#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace lightind::detail {

namespace {

std::string begin_marker(std::string_view topic, std::string_view name) {
  return "<!-- BEGIN generated: " + std::string(topic) + " " + std::string(name) + " -->";
}
std::string end_marker(std::string_view topic, std::string_view name) {
  return "<!-- END generated: " + std::string(topic) + " " + std::string(name) + " -->";
}

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string words_text(std::string_view choices) {
  std::string out;
  for (const std::string& w : words(choices)) out += (out.empty() ? "" : " ") + code(w);
  return out;
}

std::string singular(std::string_view section) {
  const SectionSpec* s = find_section(section);
  return s ? std::string(s->singular) : std::string(section);
}

std::string with_range(const std::string& what, const Range& r) {
  const std::string range = r.text();
  return range.empty() ? what : what + " " + range;
}

/// The type column: what a value of the key must be.
std::string type_text(const KeySpec& k) {
  std::string out;
  switch (k.type) {
    case Type::string:
      out = "string";
      break;
    case Type::id:
      out = k.check == Check::sector_pattern ? "string `[a-z][a-z0-9_]*`" : "string";
      break;
    case Type::number:
      out = with_range("number", k.range);
      break;
    case Type::integer:
      out = with_range("integer", k.range);
      break;
    case Type::month:
      out = "\"YYYY-MM\"";
      break;
    case Type::choice:
      out = words_text(k.choices);
      break;
    case Type::ref:
      out = singular(k.ref) + " id";
      break;
    case Type::number_table:
      out = (k.choices.empty() ? "table of " + singular(k.ref) + " id" : "table of " + words_text(k.choices)) + " → " +
            with_range("number", k.range);
      break;
    case Type::boolean:
      out = "boolean";
      break;
    case Type::list:
      out = k.choices.empty() ? "array of " + singular(k.ref) + " ids" : "array of " + words_text(k.choices);
      break;
    case Type::section: {
      const SectionSpec* s = find_section(k.ref);
      out = "array of tables " + code(s ? section_title(*s) : std::string(k.ref));
      break;
    }
  }
  switch (k.check) {
    case Check::sum_to_one:
      out += ", summing to 1 (±1e-6)";
      break;
    case Check::not_before:
      out += ", not before " + code(k.other);
      break;
    case Check::sum_at_most_one:
      out += ", at most 1 − " + code(k.other);
      break;
    case Check::required_when:
      out += ", required when " + code(k.other) + " is true";
      break;
    default:
      break;
  }
  return out;
}

/// The default column: **required**, the default as TOML, or "absent".
std::string default_text(const KeySpec& k) {
  if (k.required) return "**required**";
  if (k.dflt == "=id") return "the id";
  if (!k.dflt.empty()) return code(k.dflt);
  if (k.field && k.field.initial) return code(toml_text(k.field.initial()));
  return "absent";
}

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

int line_at(std::string_view doc, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < doc.size(); ++i) line += doc[i] == '\n';
  return line;
}

}  // namespace

std::string replace_generated_blocks(std::string_view doc, std::string_view topic, const BlockMaker& make,
                                     std::string_view file, std::vector<std::string>* seen) {
  const std::string begin_prefix = "<!-- BEGIN generated: " + std::string(topic) + " ";
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t b = doc.find(begin_prefix, pos);
    if (b == std::string_view::npos) break;
    const size_t name_at = b + begin_prefix.size();
    const size_t close = doc.find(" -->", name_at);
    const size_t eol = doc.find('\n', name_at);
    if (close == std::string_view::npos || (eol != std::string_view::npos && close > eol))
      throw std::runtime_error(std::string(file) + ":" + std::to_string(line_at(doc, b)) + ": a marker line " +
                               begin_marker(topic, "NAME") + " expected");
    const std::string name(doc.substr(name_at, close - name_at));
    const std::optional<std::string> body = make(name);
    if (!body)
      throw std::runtime_error(std::string(file) + ":" + std::to_string(line_at(doc, b)) + ": no generated " +
                               std::string(topic) + " block named \"" + name + "\"");
    const std::string end = end_marker(topic, name);
    const size_t e = doc.find(end, close);
    if (e == std::string_view::npos)
      throw std::runtime_error(std::string(file) + ":" + std::to_string(line_at(doc, b)) + ": " +
                               begin_marker(topic, name) + " without its " + end);
    out += doc.substr(pos, b - pos);
    out += begin_marker(topic, name) + "\n" + *body + end;
    pos = e + end.size();
    if (seen) seen->push_back(name);
  }
  out += doc.substr(pos);
  return out;
}

std::optional<std::string> scenario_key_table(std::string_view section) {
  if (!find_section(section)) return std::nullopt;
  std::string out = "| key | type | default | event may change | unit | meaning |\n|---|---|---|---|---|---|\n";
  for (const KeySpec& k : keys()) {
    if (k.section != section) continue;
    out += "| " + code(k.key) + " | " + cell(type_text(k)) + " | " + cell(default_text(k)) + " | " +
           (k.changeable ? "yes" : "") + " | " + cell(k.unit) + " | " + cell(k.doc) + " |\n";
  }
  return out;
}

std::string scenario_keys_document(std::string_view doc, std::string_view file) {
  std::vector<std::string> seen;
  std::string out = replace_generated_blocks(doc, kScenarioKeysTopic, scenario_key_table, file, &seen);
  for (const SectionSpec& s : sections()) {
    bool found = false;
    for (const std::string& name : seen) found = found || name == s.name;
    if (!found)
      throw std::runtime_error(std::string(file) + ": no generated table of " + section_title(s) + " (a block " +
                               begin_marker(kScenarioKeysTopic, s.name) + " ... " +
                               end_marker(kScenarioKeysTopic, s.name) + ")");
  }
  return out;
}

std::string scenario_key_tables() {
  std::string out;
  for (const SectionSpec& s : sections())
    out += (out.empty() ? "" : "\n") + begin_marker(kScenarioKeysTopic, s.name) + "\n" + *scenario_key_table(s.name) +
           end_marker(kScenarioKeysTopic, s.name) + "\n";
  return out;
}

}  // namespace lightind::detail
