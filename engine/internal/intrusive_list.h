// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: internal/intrusive_list.h
// -----------------------------------------------------------------------------
//
// `IntrusiveList<T>` is a doubly linked FIFO of nodes that live elsewhere
// (inside awaiters, in coroutine frames), so that waiting on a queue, an
// event or a timer never allocates. It is the C++ form of the `deque` of
// waiter futures that CPython's asyncio keeps.
//
// Guarantees:
//   * O(1) `PushBack`, `PopFront` and `Remove` (CPython's `deque.remove` is
//     O(n); the order of the remaining nodes is the same). The list itself
//     is one pointer (it is circular); `size()` counts.
//   * Either side may be destroyed first: a node unlinks itself when it is
//     destroyed, and a list orphans its nodes when it is destroyed. This is
//     what makes tearing down a half-finished simulation safe in any order.
//
// Example:
//
//   struct Waiter : ListHook { int id; };
//   IntrusiveList<Waiter> waiters;
//   Waiter w;
//   waiters.PushBack(&w);
//   waiters.front()->id;  // w.id

#ifndef ASYNCSIM_ENGINE_INTERNAL_INTRUSIVE_LIST_H_
#define ASYNCSIM_ENGINE_INTERNAL_INTRUSIVE_LIST_H_

#include <cassert>
#include <cstddef>

namespace asyncsim::internal {

class ListBase;

// Embed (inherit) this in a node type. Not copyable or movable: a node's
// address is its identity while it is linked.
class ListHook {
 public:
  ListHook() = default;
  ListHook(const ListHook&) = delete;
  ListHook& operator=(const ListHook&) = delete;
  ~ListHook() { Unlink(); }

  bool linked() const { return list_ != nullptr; }
  // The list this node is on, or null.
  ListBase* list() const { return list_; }
  // Leaves the list it is on, if any.
  inline void Unlink();

 private:
  friend class ListBase;
  ListHook* prev_ = nullptr;
  ListHook* next_ = nullptr;
  ListBase* list_ = nullptr;
};

class ListBase {
 public:
  ListBase() = default;
  ListBase(const ListBase&) = delete;
  ListBase& operator=(const ListBase&) = delete;
  ~ListBase() { Clear(); }

  bool empty() const { return head_ == nullptr; }
  // Counts the nodes: O(n). (No counter is kept, so that a list is one
  // pointer: every future has one.)
  size_t size() const {
    size_t n = 0;
    for (const ListHook* node = head_; node != nullptr; node = next(node)) ++n;
    return n;
  }

  void PushBack(ListHook* node) {
    assert(!node->linked());
    node->list_ = this;
    if (head_ == nullptr) {
      node->prev_ = node->next_ = node;
      head_ = node;
      return;
    }
    ListHook* tail = head_->prev_;
    node->prev_ = tail;
    node->next_ = head_;
    tail->next_ = node;
    head_->prev_ = node;
  }

  // Requires `node->list() == this`.
  void Remove(ListHook* node) {
    assert(node->list_ == this);
    if (node->next_ == node) {
      head_ = nullptr;
    } else {
      node->prev_->next_ = node->next_;
      node->next_->prev_ = node->prev_;
      if (head_ == node) head_ = node->next_;
    }
    node->prev_ = node->next_ = nullptr;
    node->list_ = nullptr;
  }

  // Unlinks every node (they are not destroyed).
  void Clear() {
    while (head_ != nullptr) Remove(head_);
  }

 protected:
  ListHook* head() const { return head_; }
  // The node after `node`, or null after the last one.
  ListHook* next(const ListHook* node) const {
    return node->next_ != head_ ? node->next_ : nullptr;
  }
  // The last node. Requires `!empty()`.
  ListHook* tail() const { return head_->prev_; }

 private:
  // Circular: the first node's `prev_` is the last node.
  ListHook* head_ = nullptr;
};

void ListHook::Unlink() {
  if (list_ != nullptr) list_->Remove(this);
}

// A typed view of `ListBase`: `T` must derive from `ListHook` (once).
template <typename T>
class IntrusiveList : public ListBase {
 public:
  T* front() const { return static_cast<T*>(head()); }

  // Requires `!empty()`.
  T* PopFront() {
    T* node = front();
    Remove(node);
    return node;
  }

  // Calls `f(T*)` for each node in order. `f` may unlink the node it is
  // given (but no other).
  template <typename F>
  void ForEach(F&& f) const {
    if (empty()) return;
    ListHook* const last = tail();
    for (ListHook* node = head();;) {
      ListHook* following = next(node);
      const bool at_last = node == last;
      f(static_cast<T*>(node));
      if (at_last) return;
      node = following;
    }
  }
};

}  // namespace asyncsim::internal

#endif  // ASYNCSIM_ENGINE_INTERNAL_INTRUSIVE_LIST_H_
