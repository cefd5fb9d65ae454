// The split of `lightind validate` (src/fit/validate.hpp): the in-sample moments are exactly
// those wholly before the hold-out, the hold-out is read and checked, and the subset enters
// the fit problem's hash.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "fit/validate.hpp"
#include "fit/validate_test_data.hpp"
#include "test_util.hpp"

namespace lightind::fit {
namespace {

std::string scratch_data() {
  return test_util::write_file((test_util::test_path(test_util::scratch_root() / "fit") / "data.toml").string(),
                               fit_test::kValidateData);
}

std::vector<std::string> ids(const Data& d) {
  std::vector<std::string> out;
  for (const Moment& m : d.moments) out.push_back(m.id);
  return out;
}

TEST(FitValidate, InSampleDropsExactlyTheHeldOutMoments) {
  const Data whole = load_data(scratch_data());
  const Data in = in_sample(whole, {2016, 2017});
  EXPECT_EQ(ids(in), (std::vector<std::string>{"gdp[2013]", "gdp[2014]", "gdp[2015]", "rice[2013-2014]"}));
  EXPECT_EQ(in.subset, "the 4 moments wholly before 2016");
  EXPECT_EQ(in.text, whole.text);
  EXPECT_EQ(in.last_year(), 2015);  // the fit's runs end in December 2015
  // A later hold-out keeps more: 2017 alone leaves gdp[2016] in sample, rice[2013-2017] still out.
  EXPECT_EQ(ids(in_sample(whole, {2017, 2017})).size(), 5u);
}

TEST(FitValidate, InSampleOfTheShippedData) {
  const Data whole = load_data(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/data/dprk-2012-2019.toml");
  const Data in = in_sample(whole, {2018, 2019});
  // 33 moments: 2018 and 2019 of GDP, agriculture, light, heavy and trade (10) and the two
  // 2013-2019 means leave; 5 + 5 + 2 + 3 + 6 stay.
  ASSERT_EQ(in.moments.size(), 21u);
  for (const Moment& m : in.moments)
    for (int y : m.years) EXPECT_LT(y, 2018) << m.id;
  const std::vector<std::string> kept_ids = ids(in);
  for (const Moment& m : whole.moments) {
    const bool before = m.years.back() < 2018;
    const bool kept = std::find(kept_ids.begin(), kept_ids.end(), m.id) != kept_ids.end();
    EXPECT_EQ(kept, before) << m.id;
  }
}

TEST(FitValidate, SubsetChangesTheProblemHash) {
  const Data whole = load_data(scratch_data());
  const Free free;
  const Options opt;
  const std::string scenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const std::string a = problem_text(scenario, whole, free, opt);
  const std::string b = problem_text(scenario, in_sample(whole, {2016, 2017}), free, opt);
  EXPECT_EQ(b, a.substr(0, a.find("free ")) + "data subset: the 4 moments wholly before 2016\n" +
                   a.substr(a.find("free ")));
  EXPECT_NE(problem_hash(a), problem_hash(b));
  // The last held-out year does not change the fit: the same problem.
  EXPECT_EQ(problem_hash(b), problem_hash(problem_text(scenario, in_sample(whole, {2016, 2016}), free, opt)));
}

TEST(FitValidate, ParseHoldout) {
  EXPECT_EQ(parse_holdout("2018-2019").first, 2018);
  EXPECT_EQ(parse_holdout("2018-2019").last, 2019);
  EXPECT_EQ(parse_holdout("2018").last, 2018);
  for (const char* bad : {"", "2018-", "-2019", "2018:2019", "2018-2019x", "20a8", "2018-2019-2020"}) {
    try {
      (void)parse_holdout(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), std::string("lightind validate: --holdout: expected the held-out years as "
                                                   "YEAR-YEAR (e.g. 2018-2019) or YEAR, found \"") +
                                           bad + "\"");
    }
  }
  try {
    (void)parse_holdout("2019-2018");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "lightind validate: --holdout: expected a first held-out year no later than the last, "
                           "found 2019-2018");
  }
}

TEST(FitValidate, HoldoutRejections) {
  const std::string path = scratch_data();
  const Data whole = load_data(path);
  const auto message = [&](Holdout h) {
    try {
      (void)in_sample(whole, h);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({2017, 2018}), path + ": --holdout: expected held-out years within the data's 2013-2017, found 2017-2018");
  EXPECT_EQ(message({2012, 2013}), path + ": --holdout: expected held-out years within the data's 2013-2017, found 2012-2013");
  EXPECT_EQ(message({2013, 2017}), path + ": --holdout: expected moments wholly before 2013 to fit on (in-sample years), "
                                          "found 2013-2017 (no moment's years all lie before it)");
  // No growth moment held out: a data file of the GDP years 2013-2015 and a 2016 mean.
  Data growth_gap = whole;
  growth_gap.moments.erase(growth_gap.moments.begin() + 3, growth_gap.moments.begin() + 5);  // gdp 2016, 2017
  try {
    (void)in_sample(growth_gap, {2016, 2017});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": --holdout: expected a growth moment of one year in the held-out years (the table scores "
                     "growth), found 2016-2017");
  }
}

}  // namespace
}  // namespace lightind::fit
