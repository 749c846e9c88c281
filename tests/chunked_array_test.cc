#include "engine/internal/chunked_array.h"

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

using Array = ChunkedArray<intptr_t*, 1024>;
constexpr size_t kChunk = Array::kChunk;

// Distinct fake pointers, never dereferenced.
intptr_t* Fake(size_t i) { return reinterpret_cast<intptr_t*>((i + 1) * 8); }

TEST(ChunkedArray, EntriesKeepTheirIndexesAcrossChunks) {
  Array array;
  for (size_t i = 0; i < 3 * kChunk + 5; ++i) array.push_back(Fake(i));
  ASSERT_EQ(array.size(), 3 * kChunk + 5);
  EXPECT_EQ(array.chunks(), 4u);
  for (size_t i = 0; i < array.size(); ++i) EXPECT_EQ(array[i], Fake(i));
  array[kChunk] = nullptr;
  EXPECT_EQ(array[kChunk], nullptr);
  EXPECT_EQ(array[kChunk + 1], Fake(kChunk + 1));
}

TEST(ChunkedArray, EachChunkHoldsItsEntriesContiguously) {
  Array array;
  for (size_t i = 0; i < 2 * kChunk; ++i) array.push_back(Fake(i));
  for (size_t base = 0; base < array.size(); base += kChunk) {
    intptr_t** chunk = &array[base];
    for (size_t j = 0; j < kChunk; ++j) EXPECT_EQ(chunk[j], Fake(base + j));
  }
}

TEST(ChunkedArray, ClearEmptiesItAndKeepsAsManyChunksAsAsked) {
  Array array;
  for (size_t i = 0; i < 3 * kChunk; ++i) array.push_back(Fake(i));
  array.clear();  // Keeps every chunk.
  EXPECT_EQ(array.size(), 0u);
  EXPECT_EQ(array.chunks(), 3u);
  for (size_t i = 0; i < kChunk + 1; ++i) array.push_back(Fake(100 + i));
  EXPECT_EQ(array.chunks(), 3u);  // Reused, not allocated.
  EXPECT_EQ(array[kChunk], Fake(100 + kChunk));

  array.clear(/*keep_chunks=*/1);
  EXPECT_EQ(array.chunks(), 1u);
  for (size_t i = 0; i < kChunk + 1; ++i) array.push_back(Fake(200 + i));
  EXPECT_EQ(array.chunks(), 2u);
  EXPECT_EQ(array[0], Fake(200));
  EXPECT_EQ(array[kChunk], Fake(200 + kChunk));
}

TEST(ChunkedArray, AReleasedChunkLeavesTheOtherIndexesAlone) {
  Array array;
  for (size_t i = 0; i < 3 * kChunk; ++i) array.push_back(Fake(i));
  array.ReleaseChunk(1);
  array.ReleaseChunk(0);
  EXPECT_EQ(array.chunks(), 3u);
  EXPECT_EQ(array.released_chunks(), 2u);
  EXPECT_EQ(array[2 * kChunk + 4], Fake(2 * kChunk + 4));
  array.push_back(Fake(1000));
  EXPECT_EQ(array[3 * kChunk], Fake(1000));

  // Emptied, it starts again from a clean directory.
  array.clear(/*keep_chunks=*/1);
  EXPECT_EQ(array.chunks(), 0u);
  EXPECT_EQ(array.released_chunks(), 0u);
  array.push_back(Fake(5));
  EXPECT_EQ(array[0], Fake(5));
}

TEST(ChunkedArray, SwapExchangesEntriesAndChunks) {
  Array a, b;
  for (size_t i = 0; i < kChunk + 1; ++i) a.push_back(Fake(i));
  b.push_back(Fake(500));
  a.swap(b);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0], Fake(500));
  ASSERT_EQ(b.size(), kChunk + 1);
  EXPECT_EQ(b[kChunk], Fake(kChunk));
  a.push_back(Fake(501));  // Each appends into its own chunks.
  b.push_back(Fake(502));
  EXPECT_EQ(a[1], Fake(501));
  EXPECT_EQ(b[kChunk + 1], Fake(502));
}

TEST(ChunkedArray, AppendingPastTheLimitThrowsAndKeepsTheArray) {
  ChunkedArray<intptr_t*, 2 * kChunk> array;
  for (size_t i = 0; i < 2 * kChunk; ++i) array.push_back(Fake(i));
  EXPECT_THROW(array.push_back(Fake(0)), std::length_error);
  EXPECT_EQ(array.size(), 2 * kChunk);
  EXPECT_EQ(array[2 * kChunk - 1], Fake(2 * kChunk - 1));
}

}  // namespace
}  // namespace asyncsim::internal
