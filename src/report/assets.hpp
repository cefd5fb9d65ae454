// lightind: the front-end files embedded in the program (web/): the charting library
// (ECharts, from the npm lockfile web/package-lock.json), the shared chart code, the report
// and page scripts, the style sheet and the two HTML templates.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lightind::web {

[[nodiscard]] std::string_view echarts_js();   ///< web/node_modules/echarts/dist/echarts.min.js
[[nodiscard]] std::string_view echarts_version();
[[nodiscard]] std::string_view charts_js();    ///< web/src/charts.js: indicator labels, chart options
[[nodiscard]] std::string_view report_js();    ///< web/src/report.js
[[nodiscard]] std::string_view page_js();      ///< web/src/page.js
[[nodiscard]] std::string_view style_css();    ///< web/src/style.css
[[nodiscard]] std::string_view document_html();  ///< web/src/document.html: head, scripts (template)
[[nodiscard]] std::string_view report_html();    ///< web/src/report.html: the report's body (template)
[[nodiscard]] std::string_view page_html();      ///< web/src/page.html: the serve page's body (template)

/// Fills `{{NAME}}` placeholders of a template in one pass (a value is never rescanned, so
/// data that happens to contain "{{" is safe). Throws std::logic_error on a placeholder
/// without a value.
[[nodiscard]] std::string fill(std::string_view tmpl, const std::vector<std::pair<std::string, std::string_view>>& values);

/// A whole HTML file: web/src/document.html (the style sheet, the charting library, the
/// chart code, `data` (JSON, made script_safe by the caller) and `app_js`) around `body`, a
/// body template whose {{TITLE}} placeholders get `title` (HTML text), as in <title>. `tool`
/// names the writer in the generator tag ("report", "serve"); `kind` is the body's class.
[[nodiscard]] std::string document(std::string_view tool, std::string_view kind, std::string_view title,
                                   std::string_view body, std::string_view data, std::string_view app_js);

/// JSON text made safe inside an HTML <script> element ("</" written as "<\/", which JSON reads back the same).
[[nodiscard]] std::string script_safe(std::string json);

}  // namespace lightind::web
