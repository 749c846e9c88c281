#include "engine/internal/intrusive_list.h"

#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim::internal {
namespace {

using ::testing::ElementsAre;

struct Node : ListHook {
  explicit Node(int v) : value(v) {}
  int value;
};

std::vector<int> Values(const IntrusiveList<Node>& list) {
  std::vector<int> values;
  list.ForEach([&](Node* n) { values.push_back(n->value); });
  return values;
}

TEST(IntrusiveList, KeepsFifoOrderAndRemovesFromTheMiddle) {
  IntrusiveList<Node> list;
  Node a(1), b(2), c(3);
  list.PushBack(&a);
  list.PushBack(&b);
  list.PushBack(&c);
  list.Remove(&b);
  EXPECT_THAT(Values(list), ElementsAre(1, 3));
  EXPECT_EQ(list.PopFront()->value, 1);
  EXPECT_EQ(list.size(), 1u);
}

TEST(IntrusiveList, ANodeDestroyedWhileLinkedLeavesTheList) {
  IntrusiveList<Node> list;
  Node a(1);
  list.PushBack(&a);
  {
    Node b(2);
    list.PushBack(&b);
  }
  EXPECT_THAT(Values(list), ElementsAre(1));
}

TEST(IntrusiveList, AListDestroyedFirstOrphansItsNodes) {
  Node a(1);
  {
    IntrusiveList<Node> list;
    list.PushBack(&a);
    EXPECT_TRUE(a.linked());
  }
  EXPECT_FALSE(a.linked());
}

TEST(IntrusiveList, ForEachMayUnlinkTheCurrentNode) {
  IntrusiveList<Node> list;
  Node a(1), b(2), c(3);
  list.PushBack(&a);
  list.PushBack(&b);
  list.PushBack(&c);
  list.ForEach([](Node* n) {
    if (n->value != 2) n->Unlink();
  });
  EXPECT_THAT(Values(list), ElementsAre(2));
}

}  // namespace
}  // namespace asyncsim::internal
