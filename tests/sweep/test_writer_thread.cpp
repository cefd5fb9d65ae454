// Tests of the sweep's writer thread (sweep::WriterThread): order, back-pressure, errors.
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/sweep.hpp"

namespace lightind::sweep {
namespace {

RunResult result_with_seed(std::uint64_t seed) {
  RunResult r;
  r.seed = seed;
  return r;
}

TEST(WriterThread, WritesEveryResultInPushOrderOnItsOwnThread) {
  std::vector<std::pair<int, std::uint64_t>> written;
  std::thread::id writer_id;
  {
    WriterThread w(
        [&](int i, RunResult&& r) {
          writer_id = std::this_thread::get_id();
          written.emplace_back(i, r.seed);
        },
        2);
    for (int i = 0; i < 50; ++i) w.push(i, result_with_seed(static_cast<std::uint64_t>(100 + i)));
    w.finish();
  }
  ASSERT_EQ(written.size(), 50U);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(written[static_cast<size_t>(i)].first, i);
    EXPECT_EQ(written[static_cast<size_t>(i)].second, static_cast<std::uint64_t>(100 + i));
  }
  EXPECT_NE(writer_id, std::this_thread::get_id());
}

TEST(WriterThread, PushWaitsWhileTheQueueIsFull) {
  std::atomic<bool> release{false};
  std::atomic<int> pushed{0};
  WriterThread w(
      [&](int, RunResult&&) {
        while (!release) std::this_thread::yield();
      },
      1);
  std::thread producer([&] {
    for (int i = 0; i < 3; ++i) {
      w.push(i, RunResult{});
      ++pushed;
    }
  });
  // The writer holds run 0, the queue run 1: run 2 waits.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(pushed.load(), 2);
  release = true;
  producer.join();
  w.finish();
  EXPECT_EQ(pushed.load(), 3);
}

TEST(WriterThread, TheFirstErrorStopsPushesAndComesBackFromFinish) {
  std::vector<int> written;
  WriterThread w([&](int i, RunResult&&) {
    if (i == 1) throw std::runtime_error("disk full at run 1");
    written.push_back(i);
  });
  w.push(0, RunResult{});
  w.push(1, RunResult{});
  bool push_threw = false;
  for (int i = 2; i < 1000 && !push_threw; ++i) {
    try {
      w.push(i, RunResult{});
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    } catch (const std::runtime_error& e) {
      push_threw = true;
      EXPECT_STREQ(e.what(), "disk full at run 1");
    }
  }
  EXPECT_TRUE(push_threw);
  try {
    w.finish();
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "disk full at run 1");
  }
  EXPECT_EQ(written, std::vector<int>{0});  // nothing after the failure is written
}

}  // namespace
}  // namespace lightind::sweep
