// lightind: umbrella header.
#pragma once

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"
#include "lightind/indicators.hpp"
#include "lightind/limits.hpp"
#include "lightind/results.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "lightind/series.hpp"
#include "lightind/sweep.hpp"
#include "lightind/version.hpp"
