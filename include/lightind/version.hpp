// lightind: program version and the source commit it was built from.
#pragma once

namespace lightind {
const char* version();
const char* source_commit();
}  // namespace lightind
