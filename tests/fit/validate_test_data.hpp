// A small data file and free-parameters file for the tests of `lightind validate`
// (test_validate.cpp, test_validate_cli.cpp). The figures are made up for hand-computed
// baselines: GDP growth 2, 1, 3 in 2013-2015 and 0, 4 in 2016-2017.
#pragma once

namespace lightind::fit_test {

// In sample before 2016: gdp[2013..2015], rice[2013-2014]; the period mean rice[2013-2017]
// and gdp[2016], gdp[2017] lie (partly) in the hold-out 2016-2017.
inline const char* kValidateData = R"toml([[moments]]
id = "gdp"
text = "GDP growth (made up)"
source = "test"
kind = "growth"
indicator = "gdp_real"
# source: test figures
values = { 2013 = 2.0, 2014 = 1.0, 2015 = 3.0, 2016 = 0.0, 2017 = 4.0 }
# assumption: test
se = 1.5

[[moments]]
id = "rice"
text = "rice price, early years (made up)"
source = "test"
kind = "mean"
indicator = "market_rice_price"
years = [2013, 2014]
# source: test figures
value = 5000
# assumption: test
se = 1000

[[moments]]
id = "rice_all"
text = "rice price, all years (made up)"
source = "test"
kind = "mean"
indicator = "market_rice_price"
years = [2013, 2014, 2015, 2016, 2017]
# source: test figures
value = 5500
# assumption: test
se = 1000
)toml";

inline const char* kValidateFree = R"toml([[free]]
key = "prices.cost_pull"
min = 0.01
max = 0.1
start = 0.03
why = "test"
)toml";

}  // namespace lightind::fit_test
