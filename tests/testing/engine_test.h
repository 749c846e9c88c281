// Copyright 2026 The asyncsim Authors.
//
// The names every engine test (tests/<header>_test.cc) uses, declared once
// here instead of the same block of using-declarations atop each file.
//
// An engine test lives in `asyncsim::engine_test`: it sees the engine's
// names (it is inside `asyncsim`), and through this header the test helpers
// and the gMock matchers the engine tests share. Other names it declares
// itself. `testing::` there is gtest's: the helpers' namespace is
// `testutil`, which shadows nothing.
//
// Example:
//
//   #include "tests/testing/engine_test.h"
//
//   namespace asyncsim::engine_test {
//   namespace {
//
//   TEST(Lock, AcquiringAFreeLockTakesNoHop) {
//     Trace trace;
//     auto main = [&]() -> Task<void> { ... };
//     ASSERT_TRUE(asyncsim::Run(main()).ok());
//     EXPECT_THAT(trace.lines(), ElementsAre("0.000 acquired", ...));
//   }
//
//   }  // namespace
//   }  // namespace asyncsim::engine_test

#ifndef ASYNCSIM_TESTS_TESTING_ENGINE_TEST_H_
#define ASYNCSIM_TESTS_TESTING_ENGINE_TEST_H_

#include "gmock/gmock.h"
#include "tests/testing/ticker.h"
#include "tests/testing/trace.h"

namespace asyncsim::engine_test {

using ::asyncsim::testutil::CpythonGolden;
using ::asyncsim::testutil::Finally;
using ::asyncsim::testutil::Lifetimes;
using ::asyncsim::testutil::Py;
using ::asyncsim::testutil::PyFloat;
using ::asyncsim::testutil::Tick;
using ::asyncsim::testutil::Ticker;
using ::asyncsim::testutil::Trace;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

}  // namespace asyncsim::engine_test

#endif  // ASYNCSIM_TESTS_TESTING_ENGINE_TEST_H_
