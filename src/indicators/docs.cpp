// lightind: the indicator registry as JSON (the page, the report, Python) and as
// docs/INDICATORS.md (`lightind docs indicators`).
#include <string>

#include <nlohmann/json.hpp>

#include "lightind/indicators.hpp"

namespace lightind::indicators {

std::string with_currency(std::string_view text, std::string_view currency) {
  static constexpr std::string_view kMark = "{currency}";
  std::string out(text);
  for (size_t at = out.find(kMark); at != std::string::npos; at = out.find(kMark, at + currency.size()))
    out.replace(at, kMark.size(), currency);
  return out;
}

std::string unit(const Indicator& i, std::string_view currency) { return with_currency(i.unit, currency); }

std::string to_json(std::string_view currency) {
  using json = nlohmann::ordered_json;
  json list = json::array();
  std::vector<const Indicator*> entries;
  for (const Indicator& i : all()) entries.push_back(&i);
  for (const Indicator* i : registered()) entries.push_back(i);  // the scenarios' aggregates
  for (const Indicator* ip : entries) {
    const Indicator& i = *ip;
    list.push_back({{"name", i.name},
                    {"level", to_string(i.level)},
                    {"label", i.label},
                    {"unit", unit(i, currency)},
                    {"direction", to_string(i.direction)},
                    {"over_time", to_string(i.over_time)},
                    {"over_parts", to_string(i.over_parts)},
                    {"difference", to_string(i.difference)},
                    {"section", i.section},
                    {"doc", i.doc},
                    {"groups", i.groups}});
  }
  json views = json::object();
  for (const auto& [name, v] : {std::pair{"run_headline", View::run_headline}, std::pair{"compare", View::compare},
                                std::pair{"page", View::page}}) {
    json names = json::array();
    for (const std::string_view n : view(v)) names.push_back(n);
    views[name] = std::move(names);
  }
  return json{{"indicators", std::move(list)}, {"views", std::move(views)}}.dump();
}

std::string markdown() {
  std::string out;
  for (const Section& s : sections()) {
    if (!out.empty()) out += "\n";
    out += std::string(static_cast<size_t>(s.depth), '#') + " " + std::string(s.title) + "\n";
    if (!s.intro.empty()) out += "\n" + std::string(s.intro) + "\n";
    bool any = false, mixed = false;
    Level first = Level::aggregate;
    for (const Indicator& i : all()) {
      if (i.section != s.id) continue;
      if (!any) first = i.level;
      mixed = mixed || i.level != first;
      any = true;
    }
    if (!any) continue;
    out += mixed ? "\n| indicator | sector | unit | better | year | parts | meaning |\n|---|---|---|---|---|---|---|\n"
                 : "\n| indicator | unit | better | year | parts | meaning |\n|---|---|---|---|---|---|\n";
    for (const Indicator& i : all()) {
      if (i.section != s.id) continue;
      out += "| `" + std::string(i.name) + "` | ";
      if (mixed) out += std::string(i.level == Level::aggregate ? "empty" : "set") + " | ";
      out += unit(i) + " | " + to_string(i.direction) + " | " + to_string(i.over_time) + " | " +
             to_string(i.over_parts) + " | " + std::string(i.doc) + " |\n";
    }
  }
  return out;
}

}  // namespace lightind::indicators
