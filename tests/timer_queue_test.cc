#include "engine/internal/timer_queue.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

// Nodes are declared before their queue in these tests: a node must be out
// of its queue when it is destroyed, and the queue's destructor clears it.
struct Named : TimerNode {
  explicit Named(std::string n) : name(std::move(n)) {}
  std::string name;
};

std::vector<std::string> PopAll(TimerQueue& timers, VirtualTime now) {
  std::vector<std::string> names;
  // The loop's end_time: deadlines up to `now` are due.
  timers.PopDue(now + 1e-9, [&](TimerNode* node) {
    names.push_back(static_cast<Named*>(node)->name);
  });
  return names;
}

TEST(TimerQueue, FiresInDeadlineOrderAndTiesInPushOrder) {
  Named a("a"), b("b"), c("c"), d("d"), e("e");
  TimerQueue timers;
  timers.Push(&c, 30);
  timers.Push(&a, 10);
  timers.Push(&d, 30);
  timers.Push(&b, 20);
  timers.Push(&e, 10);
  EXPECT_THAT(timers.NextDeadline(), Optional(10));
  EXPECT_THAT(PopAll(timers, 25), ElementsAre("a", "e", "b"));
  EXPECT_THAT(PopAll(timers, 100), ElementsAre("c", "d"));
  EXPECT_TRUE(timers.empty());
  EXPECT_EQ(timers.NextDeadline(), std::nullopt);
}

TEST(TimerQueue, CancelledTimersNeverSetTheNextDeadline) {
  Named a("a"), b("b"), c("c");
  TimerQueue timers;
  timers.Push(&a, 5);
  timers.Push(&b, 5);
  timers.Push(&c, 9);
  timers.Remove(&a);
  timers.Remove(&b);
  EXPECT_THAT(timers.NextDeadline(), Optional(9));
  EXPECT_EQ(timers.size(), 1u);
}

TEST(TimerQueue, ATimerPushedAtADeadlineWhoseOthersWereCancelledStillFires) {
  Named a("a"), b("b");
  TimerQueue timers;
  timers.Push(&a, 5);
  timers.Remove(&a);
  timers.Push(&b, 5);
  EXPECT_THAT(PopAll(timers, 5), ElementsAre("b"));
}

TEST(TimerQueue, ARemovedNodeLeavesNoTraceInItsBucket) {
  Named a("a");
  TimerQueue timers;
  {
    Named gone("gone");
    timers.Push(&gone, 1);
    timers.Remove(&gone);
  }
  timers.Push(&a, 2);
  EXPECT_THAT(PopAll(timers, 10), ElementsAre("a"));
}

TEST(TimerQueue, ANodeIsTwoWordsAndKeepsItsOwnersTagThroughTheQueue) {
  struct Tagged : TimerNode {
    explicit Tagged(uint32_t tag) { set_tag(tag); }
  };
  EXPECT_EQ(sizeof(TimerNode), 8u);
  TimerQueue timers;
  Tagged a(TimerNode::kMaxTag), b(1), c(0);
  timers.Push(&a, 7);
  timers.Push(&b, 7);
  timers.Push(&c, 3);
  EXPECT_EQ(timers.DeadlineOf(&a), 7);
  EXPECT_EQ(timers.DeadlineOf(&c), 3);
  timers.Remove(&b);
  EXPECT_FALSE(b.linked());
  std::vector<uint32_t> tags;
  timers.PopDue(10 + 1e-9, [&](TimerNode* node) {
    EXPECT_FALSE(node->linked());
    tags.push_back(node->tag());
  });
  EXPECT_THAT(tags, ElementsAre(0u, TimerNode::kMaxTag));
  EXPECT_EQ(b.tag(), 1u);
}

TEST(TimerQueue, ClearingTheQueueUnlinksEveryNode) {
  Named a("a"), b("b");
  TimerQueue timers;
  timers.Push(&a, 1);
  timers.Push(&b, 2);
  timers.Clear();
  EXPECT_FALSE(a.linked());
  EXPECT_FALSE(b.linked());
  EXPECT_FALSE(timers.NextDeadline().has_value());
  // Buckets are numbered afresh: a later push works as on a new queue.
  timers.Push(&b, 5);
  EXPECT_EQ(timers.DeadlineOf(&b), 5);
  EXPECT_THAT(PopAll(timers, 5), ElementsAre("b"));
}

// A bucket's pointers are kept in chunks of TimerNodeArray::kChunk: timers
// across chunk boundaries keep their order, holes and all, and a retired
// bucket's chunks serve the next deadline.
TEST(TimerQueue, ABucketSpanningManyChunksKeepsPushOrderAndIsReused) {
  std::vector<std::unique_ptr<Named>> nodes;
  for (int i = 0; i < 1000; ++i) {
    nodes.push_back(std::make_unique<Named>(std::to_string(i)));
  }
  TimerQueue timers;
  std::vector<std::string> expected;
  for (int i = 0; i < 700; ++i) timers.Push(nodes[i].get(), 5);
  for (int i = 0; i < 700; ++i) {
    if (i % 7 == 3 || i == 127 || i == 128 || i == 255) {
      timers.Remove(nodes[i].get());
    } else {
      expected.push_back(std::to_string(i));
    }
  }
  EXPECT_EQ(PopAll(timers, 5), expected);
  expected.clear();
  for (int i = 700; i < 1000; ++i) {
    timers.Push(nodes[i].get(), 9);
    expected.push_back(std::to_string(i));
  }
  EXPECT_EQ(PopAll(timers, 9), expected);
  EXPECT_TRUE(timers.empty());
}

TEST(TimerQueue, ManyDistinctDeadlinesComeOutSorted) {
  TimerQueue timers;
  std::vector<std::unique_ptr<Named>> nodes;
  for (int i = 0; i < 1000; ++i) {
    nodes.push_back(std::make_unique<Named>(std::to_string(i)));
    timers.Push(nodes.back().get(), (i * 7919) % 1000);
  }
  VirtualTime last = -1;
  while (auto next = timers.NextDeadline()) {
    EXPECT_GT(*next, last);
    last = *next;
    EXPECT_EQ(PopAll(timers, *next).size(), 1u);
  }
}

TEST(TimerQueue, InterleavedDeadlinesKeepPushOrderWhateverTheCacheHolds) {
  // Many live deadlines pushed in a scrambled interleaving: some share a
  // slot of the bucket cache, so pushes alternate between cache hits and
  // look-ups. The order out must be a stable sort by deadline.
  TimerQueue timers;
  std::vector<std::unique_ptr<Named>> nodes;
  std::vector<std::pair<VirtualTime, int>> expected;
  uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1103515245u + 12345u;
    const VirtualTime deadline = static_cast<VirtualTime>((x >> 16) % 600);
    nodes.push_back(std::make_unique<Named>(std::to_string(i)));
    timers.Push(nodes.back().get(), deadline);
    expected.emplace_back(deadline, i);
  }
  std::stable_sort(
      expected.begin(), expected.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> want;
  for (const auto& [deadline, i] : expected) want.push_back(std::to_string(i));
  std::vector<std::string> got;
  while (auto next = timers.NextDeadline()) {
    for (std::string& name : PopAll(timers, *next)) got.push_back(name);
  }
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace asyncsim::internal
