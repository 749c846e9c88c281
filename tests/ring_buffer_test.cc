#include "engine/internal/ring_buffer.h"

#include <cstdint>
#include <deque>

#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

TEST(RingBuffer, PopsItemsInTheOrderTheyWerePushed) {
  RingBuffer<int> ring;
  for (int i = 0; i < 5; ++i) ring.PushBack(i);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ring.PopFront(), i);
  EXPECT_TRUE(ring.empty());
}

TEST(RingBuffer, KeepsOrderWhenGrowingAcrossTheWrapPoint) {
  RingBuffer<uint64_t> ring;
  std::deque<uint64_t> model;
  uint64_t next = 0;
  // Interleave pushes and pops so the head wraps before each growth.
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 50 + round * 40; ++i) {
      ring.PushBack(next);
      model.push_back(next++);
    }
    for (int i = 0; i < 30; ++i) {
      ASSERT_EQ(ring.PopFront(), model.front());
      model.pop_front();
    }
    ASSERT_EQ(ring.size(), model.size());
    for (size_t i = 0; i < model.size(); ++i) ASSERT_EQ(ring[i], model[i]);
  }
}

TEST(RingBuffer, DoesNotGrowOnceItHasReachedItsWorkingSize) {
  RingBuffer<int> ring;
  for (int i = 0; i < 100; ++i) ring.PushBack(i);
  size_t capacity = ring.capacity();
  for (int i = 0; i < 100000; ++i) {
    ring.PushBack(ring.PopFront());
  }
  EXPECT_EQ(ring.capacity(), capacity);
  EXPECT_EQ(ring.size(), 100u);
}

TEST(RingBuffer, FrontIsTheOldestItemAndCanBeChangedInPlace) {
  RingBuffer<uint64_t> ring;
  // Wrap the head, so that the front is not at the start of the storage.
  for (uint64_t i = 0; i < 64; ++i) ring.PushBack(i);
  for (int i = 0; i < 40; ++i) ring.PopFront();
  for (uint64_t i = 64; i < 100; ++i) ring.PushBack(i);
  EXPECT_EQ(ring.front(), 40u);
  ring.front() = 7;
  // Past the capacity of 64: the changed front moves with the rest.
  for (uint64_t i = 100; i < 105; ++i) ring.PushBack(i);
  EXPECT_EQ(ring.capacity(), 128u);
  EXPECT_EQ(ring.PopFront(), 7u);
  EXPECT_EQ(ring.front(), 41u);
  EXPECT_EQ(ring.size(), 64u);
}

TEST(RingBuffer, ClearEmptiesItAndKeepsItUsable) {
  RingBuffer<int> ring;
  ring.PushBack(7);
  ring.Clear();
  EXPECT_TRUE(ring.empty());
  ring.PushBack(8);
  EXPECT_EQ(ring.PopFront(), 8);
}

}  // namespace
}  // namespace asyncsim::internal
