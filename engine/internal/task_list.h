// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/task_list.h
// -----------------------------------------------------------------------------
//
// `TaskList` is the loop's tasks in creation order: asyncio.all_tasks(), plus
// the done tasks not yet destroyed. An array of task pointers with holes, and
// in each task its index, so that adding and removing a task are O(1) and
// the order is creation order.
//
// Guarantees:
//   * `ForEach` visits the listed tasks in the order they were pushed.
//   * `Remove` is O(1) amortized: emptied chunks go back to the pool, and
//     the live entries are compacted (in order) only when most entries held
//     are holes.
//
// Example:
//
//   tasks.PushBack(task);
//   tasks.ForEach([](TaskBase* task) { ... });
//   tasks.Remove(task);

#ifndef ASYNCSIM_ENGINE_INTERNAL_TASK_LIST_H_
#define ASYNCSIM_ENGINE_INTERNAL_TASK_LIST_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/internal/chunked_array.h"
#include "engine/internal/task_state.h"

namespace asyncsim::internal {

// The loop's tasks in creation order (asyncio.all_tasks(), plus the done
// ones not yet destroyed): an array of task pointers with a hole where a
// task left, and in each task its index: eight bytes a task.
//
// Tasks mostly leave in about the order they came (a gather drops its
// children in order), so a chunk of the array whose tasks have all left
// goes back to the pool at once, and no task moves. The live entries move
// to a fresh array (in order, each moved task told its new index) only
// when three quarters of the entries in the chunks still held are holes,
// or when the directory is 64 times the chunks still held: amortized, a
// removal moves a third of a task at most.
class TaskList {
 public:
  TaskList() = default;
  TaskList(const TaskList&) = delete;
  TaskList& operator=(const TaskList&) = delete;
  ~TaskList() { Clear(); }

  // Whether `task` is on a TaskList.
  static bool Listed(const TaskBase* task) {
    return task->list_index_ != TaskBase::kUnlisted;
  }
  // Throws std::length_error with 2^32 - 128 entries (holes included).
  inline void PushBack(TaskBase* task);
  // Requires the task to be on this list.
  inline void Remove(TaskBase* task);
  // Unlists every task (they are not destroyed).
  inline void Clear();
  // Calls `f(TaskBase*)` for each task in order. `f` must not add or
  // remove tasks.
  template <typename F>
  void ForEach(F&& f) const;

 private:
  // Compaction waits for this many chunks: small lists keep their holes.
  static constexpr size_t kCompactMinChunks = 8;
  // PushBack's, when it opens a chunk.
  void NewChunk();
  // Remove's, when the last task of chunk `k` left.
  void ChunkEmptied(size_t k);
  // Remove's, when live_ fell to compact_at_.
  void FewLeft();
  // Moves the live entries to a fresh array, in order.
  void Compact();
  // Sets compact_at_ for the chunks now held.
  void UpdateCompactAt();

  using Slots = ChunkedArray<TaskBase*, (size_t{1} << 32) - 128>;
  Slots slots_;
  // Tasks on the list, and in each chunk of slots_.
  size_t live_ = 0;
  std::vector<uint8_t> chunk_live_;
  // live_ at which FewLeft runs: a quarter of the entries in the chunks
  // held, once there are kCompactMinChunks of them; else 0.
  size_t compact_at_ = 0;
  static_assert(Slots::kChunk <= 255);
};

inline void TaskList::PushBack(TaskBase* task) {
  const size_t index = slots_.size();
  slots_.push_back(task);
  task->list_index_ = static_cast<uint32_t>(index);
  if (index % Slots::kChunk == 0) [[unlikely]] {
    NewChunk();
  }
  ++chunk_live_.back();
  ++live_;
}

inline void TaskList::Remove(TaskBase* task) {
  assert(task->list_index_ != TaskBase::kUnlisted);
  const size_t index = task->list_index_;
  slots_[index] = nullptr;
  task->list_index_ = TaskBase::kUnlisted;
  if (--chunk_live_[index / Slots::kChunk] == 0) [[unlikely]] {
    ChunkEmptied(index / Slots::kChunk);
  }
  if (--live_ <= compact_at_) [[unlikely]] {
    FewLeft();
  }
}

inline void TaskList::Clear() {
  ForEach([](TaskBase* task) { task->list_index_ = TaskBase::kUnlisted; });
  slots_.clear(/*keep_chunks=*/0);
  chunk_live_.clear();
  live_ = 0;
  compact_at_ = 0;
}

template <typename F>
void TaskList::ForEach(F&& f) const {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (chunk_live_[i / Slots::kChunk] == 0) {
      i |= Slots::kChunk - 1;  // Skip the chunk: it may be released.
      continue;
    }
    if (TaskBase* task = slots_[i]) f(task);
  }
}

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_TASK_LIST_H_
