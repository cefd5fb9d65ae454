// ProjectQueue (src/engine/economy.hpp): projects complete by month, and each enterprise's
// capacity sees its projects' additions in the order they were started, bit for bit, as a
// plain list per month applied in order would (the dense slots must not reorder them).
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "engine/economy.hpp"

namespace lightind::detail {
namespace {

// The reference: one list per completion month, applied in the order started.
struct ListQueue {
  std::map<int, std::vector<Project>> by_month;
  void push_back(const Project& p) { by_month[p.complete_month].push_back(p); }
  template <class F>
  void complete_due(int month, F&& f) {
    while (!by_month.empty() && by_month.begin()->first <= month) {
      for (const Project& p : by_month.begin()->second) f(p);
      by_month.erase(by_month.begin());
    }
  }
};

TEST(ProjectQueue, CompletesByMonthInTheOrderStartedPerEnterprise) {
  // Additions chosen so that their order shows in the sum: 1e16 + 1 + 1 is 1e16 one way and
  // 1e16 + 2 the other.
  ProjectQueue q;
  ListQueue ref;
  const std::vector<Project> started = {
      {0, 1e16, 5, -1}, {0, 1.0, 5, -1}, {0, 1.0, 5, -1},  // three plain projects of one month
      {1, 1.0, 5, -1},  {1, 1.0, 5, -1}, {1, 1e16, 5, -1},
      {2, 1.0, 5, 0},   {2, 1e16, 5, -1}, {2, 1.0, 5, -1},  // a listed project first: all in order
      {3, 2.5, 7, -1},  {3, 1.5, 6, -1},                   // months out of order
      {4, 3.0, 9, 1},                                       // a listed project alone
  };
  for (const Project& p : started) {
    q.push_back(p);
    ref.push_back(p);
  }
  std::vector<double> cap(5, 0.0), cap_ref(5, 0.0);
  std::vector<int> listed, listed_ref;
  auto apply = [](std::vector<double>& c, std::vector<int>& l) {
    return [&c, &l](const Project& p) {
      c[static_cast<size_t>(p.enterprise)] += p.capacity;
      if (p.listed >= 0) l.push_back(p.listed);
    };
  };
  q.complete_due(4, apply(cap, listed));
  EXPECT_EQ(cap, std::vector<double>(5, 0.0));  // nothing due before month 5
  for (int m : {5, 6, 8, 9}) {
    q.complete_due(m, apply(cap, listed));
    ref.complete_due(m, apply(cap_ref, listed_ref));
    for (size_t e = 0; e < cap.size(); ++e) EXPECT_EQ(cap[e], cap_ref[e]) << "month " << m << ", enterprise " << e;
    EXPECT_EQ(listed, listed_ref) << "month " << m;
  }
  EXPECT_EQ(cap[0], 1e16);       // (1e16 + 1) + 1: each 1 is lost
  EXPECT_EQ(cap[1], 2.0 + 1e16); // (1 + 1) + 1e16
  EXPECT_EQ(cap[3], 4.0);
  EXPECT_EQ(cap[4], 3.0);
  EXPECT_EQ(listed, (std::vector<int>{0, 1}));
  // A month's storage is reused: what completes later is not mixed with what completed.
  q.push_back({0, 7.0, 12, -1});
  q.push_back({2, 8.0, 12, -1});
  std::vector<double> later(5, 0.0);
  std::vector<int> none;
  q.complete_due(12, apply(later, none));
  EXPECT_EQ(later, (std::vector<double>{7.0, 0.0, 8.0, 0.0, 0.0}));
  EXPECT_TRUE(none.empty());
}

TEST(ProjectQueue, ACopyCompletesOnItsOwn) {
  // Checkpoints copy the economy: a copy and the original complete independently.
  ProjectQueue a;
  a.push_back({0, 1.0, 3, -1});
  ProjectQueue b = a;
  b.push_back({0, 2.0, 3, -1});
  a.push_back({1, 4.0, 3, -1});
  std::vector<double> ca(2, 0.0), cb(2, 0.0);
  a.complete_due(3, [&](const Project& p) { ca[static_cast<size_t>(p.enterprise)] += p.capacity; });
  b.complete_due(3, [&](const Project& p) { cb[static_cast<size_t>(p.enterprise)] += p.capacity; });
  EXPECT_EQ(ca, (std::vector<double>{1.0, 4.0}));
  EXPECT_EQ(cb, (std::vector<double>{3.0, 0.0}));
}

}  // namespace
}  // namespace lightind::detail
