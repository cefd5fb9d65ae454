// lightind: the embedded front-end files. The build passes their paths (LIGHTIND_WEB_*),
// and the assembler's .incbin puts each file's bytes into .rodata, so the program needs no
// file at run time and the 1 MB charting library costs no compile time as a C++ array.
#include "report/assets.hpp"

#include <stdexcept>
#include <vector>

// Each asset: symbols <name>_begin and <name>_end around the file's bytes.
#define LIGHTIND_INCBIN(name, path)                                                                   \
  asm(".section .rodata\n.balign 16\n.globl lightind_web_" #name "_begin\n.hidden lightind_web_" #name \
      "_begin\nlightind_web_" #name "_begin:\n.incbin \"" path "\"\n.globl lightind_web_" #name        \
      "_end\n.hidden lightind_web_" #name "_end\nlightind_web_" #name "_end:\n.byte 0\n.previous\n");  \
  extern "C" const char lightind_web_##name##_begin[];                                                 \
  extern "C" const char lightind_web_##name##_end[];

LIGHTIND_INCBIN(echarts, LIGHTIND_WEB_ECHARTS_JS)
LIGHTIND_INCBIN(charts, LIGHTIND_WEB_SRC "/charts.js")
LIGHTIND_INCBIN(report, LIGHTIND_WEB_SRC "/report.js")
LIGHTIND_INCBIN(page, LIGHTIND_WEB_SRC "/page.js")
LIGHTIND_INCBIN(style, LIGHTIND_WEB_SRC "/style.css")
LIGHTIND_INCBIN(document_html, LIGHTIND_WEB_SRC "/document.html")
LIGHTIND_INCBIN(report_html, LIGHTIND_WEB_SRC "/report.html")
LIGHTIND_INCBIN(page_html, LIGHTIND_WEB_SRC "/page.html")

namespace lightind::web {

#define LIGHTIND_ASSET(fn, name) \
  std::string_view fn() { return {lightind_web_##name##_begin, lightind_web_##name##_end}; }

LIGHTIND_ASSET(echarts_js, echarts)
LIGHTIND_ASSET(charts_js, charts)
LIGHTIND_ASSET(report_js, report)
LIGHTIND_ASSET(page_js, page)
LIGHTIND_ASSET(style_css, style)
LIGHTIND_ASSET(document_html, document_html)
LIGHTIND_ASSET(report_html, report_html)
LIGHTIND_ASSET(page_html, page_html)

std::string_view echarts_version() { return LIGHTIND_WEB_ECHARTS_VERSION; }

std::string fill(std::string_view tmpl, const std::vector<std::pair<std::string, std::string_view>>& values) {
  std::string out;
  size_t total = tmpl.size();
  for (const auto& v : values) total += v.second.size();
  out.reserve(total);
  size_t pos = 0;
  for (;;) {
    const size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    const size_t close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = tmpl.substr(open + 2, close - open - 2);
    const std::string_view* value = nullptr;
    for (const auto& v : values)
      if (v.first == name) value = &v.second;
    if (!value) throw std::logic_error("template placeholder without a value: " + std::string(name));
    out.append(tmpl.substr(pos, open - pos));
    out.append(*value);
    pos = close + 2;
  }
  out.append(tmpl.substr(pos));
  return out;
}

std::string document(std::string_view tool, std::string_view kind, std::string_view title, std::string_view body,
                     std::string_view data, std::string_view app_js) {
  const std::string filled_body = fill(body, {{"TITLE", title}});
  return fill(document_html(), {{"TOOL", tool},
                                {"KIND", kind},
                                {"TITLE", title},
                                {"CSS", style_css()},
                                {"ECHARTS_VERSION", echarts_version()},
                                {"BODY", filled_body},
                                {"DATA", data},
                                {"ECHARTS", echarts_js()},
                                {"CHARTS_JS", charts_js()},
                                {"APP_JS", app_js}});
}

std::string script_safe(std::string json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += json[i];
    }
  }
  return out;
}

}  // namespace lightind::web
