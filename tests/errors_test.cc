#include "engine/errors.h"

#include <exception>
#include <stdexcept>
#include <string>

#include "gtest/gtest.h"

namespace asyncsim {
namespace {

template <typename E>
std::string Describe(E e) {
  return DescribeException(std::make_exception_ptr(std::move(e)));
}

TEST(Errors, EachIsDescribedAsPythonWouldNameIt) {
  EXPECT_EQ(Describe(CancelledError()), "CancelledError");
  EXPECT_EQ(Describe(CancelledError("stop")), "CancelledError: stop");
  EXPECT_EQ(Describe(InvalidStateError("Result is not set.")),
            "InvalidStateError: Result is not set.");
  EXPECT_EQ(Describe(TimeoutError()), "TimeoutError");
  EXPECT_EQ(Describe(QueueEmpty()), "QueueEmpty");
  EXPECT_EQ(Describe(QueueFull()), "QueueFull");
  EXPECT_EQ(Describe(ValueError("task_done() called too many times")),
            "ValueError: task_done() called too many times");
  EXPECT_EQ(Describe(RuntimeError("no running event loop")),
            "RuntimeError: no running event loop");
  EXPECT_EQ(Describe(TaskLimitError("task limit reached")),
            "TaskLimitError: task limit reached");
}

TEST(Errors, ForeignExceptionsAndNoneAreStillDescribed) {
  EXPECT_EQ(Describe(std::out_of_range("index")), "exception: index");
  EXPECT_EQ(Describe(42), "unknown exception");
  EXPECT_EQ(DescribeException(nullptr), "no exception");
}

TEST(Errors, ACancelledErrorKeepsItsMessageApartFromWhat) {
  CancelledError plain;
  EXPECT_STREQ(plain.what(), "CancelledError");
  EXPECT_EQ(plain.message(), "");
  CancelledError with("bye");
  EXPECT_STREQ(with.what(), "bye");
  EXPECT_EQ(with.message(), "bye");
}

TEST(Errors, TheyDeriveFromTheStandardExceptionsTheirMeaningSuggests) {
  // A program may catch them by the standard base, as Python code catches
  // an Exception subclass by its base.
  EXPECT_THROW(throw ValueError("x"), std::invalid_argument);
  EXPECT_THROW(throw RuntimeError("x"), std::runtime_error);
  EXPECT_THROW(throw TimeoutError(), std::runtime_error);
  EXPECT_THROW(throw InvalidStateError("x"), std::logic_error);
  EXPECT_THROW(throw CancelledError(), std::exception);
}

// A program's own refinement of CancelledError, as a Python subclass.
class MyCancelled : public CancelledError {
 public:
  using CancelledError::CancelledError;
};
// One that derives from CancelledError through a virtual base, and one that
// has it as a second base (its object is not at the start).
class VirtualCancelled : public virtual CancelledError {};
struct Tag {
  virtual ~Tag() = default;
  int tag = 7;
};
class TaggedCancelled : public Tag, public CancelledError {};
// Two CancelledError bases: `catch (const CancelledError&)` cannot bind.
class AmbiguousCancelled : public MyCancelled, public CancelledError {};

TEST(Errors, AHeldCancelledErrorIsToldApartAsItsCatchClauseWould) {
  using internal::HoldsCancelledError;
  EXPECT_TRUE(HoldsCancelledError(std::make_exception_ptr(CancelledError())));
  EXPECT_TRUE(
      HoldsCancelledError(std::make_exception_ptr(CancelledError("msg"))));
  EXPECT_TRUE(HoldsCancelledError(std::make_exception_ptr(MyCancelled("m"))));
  EXPECT_TRUE(HoldsCancelledError(std::make_exception_ptr(VirtualCancelled())));
  EXPECT_TRUE(HoldsCancelledError(std::make_exception_ptr(TaggedCancelled())));

  EXPECT_FALSE(HoldsCancelledError(nullptr));
  EXPECT_FALSE(HoldsCancelledError(std::make_exception_ptr(ValueError("x"))));
  EXPECT_FALSE(HoldsCancelledError(std::make_exception_ptr(TimeoutError())));
  EXPECT_FALSE(HoldsCancelledError(std::make_exception_ptr(std::exception())));
  EXPECT_FALSE(HoldsCancelledError(std::make_exception_ptr(42)));
  EXPECT_FALSE(
      HoldsCancelledError(std::make_exception_ptr(AmbiguousCancelled())));
}

TEST(Errors, AnExceptionCaughtAndKeptIsToldApartTheSameWay) {
  // What a task's promise keeps: std::current_exception() in a handler,
  // also after a rethrow.
  auto caught = [](auto thrower) {
    try {
      thrower();
    } catch (...) {
      return std::current_exception();
    }
    return std::exception_ptr();
  };
  EXPECT_TRUE(
      internal::HoldsCancelledError(caught([] { throw MyCancelled("bye"); })));
  EXPECT_TRUE(internal::HoldsCancelledError(caught([] {
    try {
      throw CancelledError();
    } catch (...) {
      throw;
    }
  })));
  EXPECT_TRUE(internal::HoldsCancelledError(caught([] {
    std::rethrow_exception(std::make_exception_ptr(TaggedCancelled()));
  })));
  EXPECT_FALSE(internal::HoldsCancelledError(
      caught([] { throw std::runtime_error("no"); })));
}

}  // namespace
}  // namespace asyncsim
