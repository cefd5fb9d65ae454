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
[[nodiscard]] std::string_view report_html();  ///< web/src/report.html (template)
[[nodiscard]] std::string_view page_html();    ///< web/src/page.html (template)

/// Fills `{{NAME}}` placeholders of a template in one pass (a value is never rescanned, so
/// data that happens to contain "{{" is safe). Throws std::logic_error on a placeholder
/// without a value.
[[nodiscard]] std::string fill(std::string_view tmpl, const std::vector<std::pair<std::string, std::string_view>>& values);

/// JSON text made safe inside an HTML <script> element ("</" written as "<\/", which JSON reads back the same).
[[nodiscard]] std::string script_safe(std::string json);

}  // namespace lightind::web
