// libFuzzer target: the served page's request parsing on arbitrary bytes (scripts/fuzz.sh
// SECONDS query runs it). The bytes are read two ways:
//  - as a query string, split and percent-decoded by cpp-httplib as the server does, then
//    parse_query on the reference scenario's knobs: a rejection must be a message that
//    serialises to JSON (the 500 of issue 10 came from one that did not); accepted settings
//    must give their overrides and a canonical query that parses back to the same settings;
//  - as the bytes of a connection, framed by frame_request: a complete request lies within
//    the bytes, a refusal has an HTTP status and a message.
// Any exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "lightind/lightind.hpp"
#include "serve/http.hpp"
#include "serve/knobs.hpp"
#include "serve/query.hpp"

namespace {

const lightind::serve::Knobs* knobs = nullptr;

std::vector<std::pair<std::string, std::string>> split_query(const std::string& text) {
  httplib::Params params;
  httplib::detail::parse_query_text(text, params);
  return {params.begin(), params.end()};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static const lightind::Description d = lightind::load_scenario(LIGHTIND_SOURCE_DIR "/scenarios/dprk-2013.toml");
  static const lightind::serve::Knobs k(d);
  knobs = &k;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  const auto r = lightind::serve::parse_query(*knobs, split_query(text));
  if (!r.ok()) {
    // The message is valid UTF-8: a strict dump does not throw and reads back the same.
    const std::string body = nlohmann::json{{"error", r.error}}.dump();
    if (nlohmann::json::parse(body).at("error").get<std::string>() != r.error) std::abort();
    if (lightind::serve::error_json(r.error) != body + "\n") std::abort();
  } else {
    (void)knobs->sets(r.settings);
    (void)knobs->seed(r.settings);
    const auto again = lightind::serve::parse_query(*knobs, split_query(knobs->query(r.settings)));
    if (!again.ok() || again.settings != r.settings) std::abort();
  }

  const auto f = lightind::serve::frame_request(text);
  using Kind = lightind::serve::Frame::Kind;
  if (f.kind == Kind::complete && (f.head_length > f.total_length || f.total_length > size || f.head_length < 4)) std::abort();
  if (f.kind == Kind::rejected && (f.status < 400 || f.status > 501 || f.message.empty())) std::abort();
  return 0;
}
