// Pacing a replay in real time (--speed) and the other views of stdout
// (--timestamps), on a fake real clock: no test waits.

#include "cli/pacer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/output.h"
#include "cli/recorder.h"
#include "cli/timed_output.h"
#include "engine/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_real_clock.h"

namespace asyncsim::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using FakeClock = ::asyncsim::testutil::FakeRealClock;

absl::Duration Ms(int64_t ms) { return absl::Milliseconds(ms); }

TEST(Pacer, WaitsUntilRealTimeCatchesUpWithVirtualTimeOverTheSpeed) {
  FakeClock clock;
  Pacer pacer(2.0, clock);
  EXPECT_TRUE(pacer.WaitUntil(absl::ZeroDuration()));
  EXPECT_THAT(clock.sleeps, IsEmpty());
  // 1 virtual second at 2x: half a real second, in slices of 100 ms.
  EXPECT_TRUE(pacer.WaitUntil(absl::Seconds(1)));
  EXPECT_EQ(clock.Elapsed(), Ms(500));
  EXPECT_THAT(clock.sleeps,
              ElementsAre(Ms(100), Ms(100), Ms(100), Ms(100), Ms(100)));
  // Time the program spent counts: only what is left is slept.
  clock.sleeps.clear();
  clock.Spend(Ms(730));
  EXPECT_TRUE(pacer.WaitUntil(absl::Seconds(3)));
  EXPECT_EQ(clock.Elapsed(), Ms(1500));
  EXPECT_THAT(clock.sleeps, ElementsAre(Ms(100), Ms(100), Ms(70)));
}

TEST(Pacer, ALateLineIsNotDelayed) {
  FakeClock clock;
  Pacer pacer(1.0, clock);
  clock.Spend(absl::Seconds(5));
  EXPECT_TRUE(pacer.WaitUntil(absl::Seconds(4)));
  EXPECT_THAT(clock.sleeps, IsEmpty());
}

TEST(Pacer, SpeedsBelowOneStretchTime) {
  FakeClock clock;
  Pacer pacer(0.25, clock);
  EXPECT_TRUE(pacer.WaitUntil(absl::Milliseconds(100)));
  EXPECT_EQ(clock.Elapsed(), Ms(400));
}

TEST(Pacer, AnInterruptStopsTheWaitWithinASliceAndEveryWaitAfter) {
  FakeClock clock;
  volatile std::sig_atomic_t interrupt = 0;
  Pacer pacer(1.0, clock, &interrupt);
  clock.on_sleep = [&] {
    if (clock.sleeps.size() == 3) interrupt = 1;
  };
  EXPECT_FALSE(pacer.WaitUntil(absl::Seconds(10)));
  // Three slices of 100 ms had passed, at speed 1.
  EXPECT_EQ(pacer.interrupted_at(), absl::Milliseconds(300));
  EXPECT_EQ(clock.Elapsed(), Ms(300));
  EXPECT_TRUE(pacer.interrupted());
  EXPECT_FALSE(pacer.WaitUntil(absl::ZeroDuration()));
  EXPECT_EQ(clock.sleeps.size(), 3u);
}

// stdout in a memory file.
class MemoryStdout {
 public:
  MemoryStdout() : fd_(memfd_create("stdout", 0)), out_(fd_) {}
  ~MemoryStdout() { close(fd_); }
  FdOutput& out() { return out_; }
  // What reached the file (not what is still buffered).
  std::string Written() const {
    std::string text(static_cast<size_t>(lseek(fd_, 0, SEEK_END)), '\0');
    pread(fd_, text.data(), text.size(), 0);
    return text;
  }

 private:
  int fd_;
  FdOutput out_;
};

TEST(TimedOutput, PassesLinesThroughUnchangedWithoutOptions) {
  VirtualClock clock;
  MemoryStdout stdout_file;
  TimedOutput out(clock, stdout_file.out(), {});
  out.Print("One");
  clock.BlockingSleep(absl::Seconds(1));
  out.Print("Two");
  stdout_file.out().Flush();
  EXPECT_EQ(stdout_file.Written(), "One\nTwo\n");
}

TEST(TimedOutput, TimestampsAreRightAlignedSecondsWithThreeDecimals) {
  VirtualClock clock;
  MemoryStdout stdout_file;
  TimedOutput out(clock, stdout_file.out(), {.timestamps = true});
  out.Print("One");
  clock.BlockingSleep(absl::Milliseconds(4250));
  out.Print("Two");
  out.Print("");
  clock.BlockingSleep(absl::Seconds(1000));
  out.Print("later");  // wider than 7: this line only
  stdout_file.out().Flush();
  EXPECT_EQ(stdout_file.Written(),
            "[  0.000] One\n"
            "[  4.250] Two\n"
            "[  4.250] \n"
            "[1004.250] later\n");
  EXPECT_EQ(TimestampPrefix(absl::Seconds(3), 10), "[     3.000] ");
}

TEST(TimedOutput, PacedLinesAreWrittenAtTheirRealTimes) {
  VirtualClock clock;
  FakeClock real;
  MemoryStdout stdout_file;
  Pacer pacer(1.0, real);
  std::vector<std::string> seen_while_sleeping;
  real.on_sleep = [&] { seen_while_sleeping.push_back(stdout_file.Written()); };
  TimedOutput out(clock, stdout_file.out(), {.pacer = &pacer});
  out.Print("One");
  // Flushed at once, before any wait.
  EXPECT_EQ(stdout_file.Written(), "One\n");
  clock.BlockingSleep(absl::Milliseconds(200));
  out.Print("Two");
  EXPECT_EQ(stdout_file.Written(), "One\nTwo\n");
  EXPECT_EQ(real.Elapsed(), Ms(200));
  // While waiting for "Two", only "One" was out.
  EXPECT_THAT(seen_while_sleeping, ElementsAre("One\n", "One\n"));
}

TEST(TimedOutput, AnInterruptDropsTheWaitingLineAndAllLaterOnes) {
  VirtualClock clock;
  FakeClock real;
  MemoryStdout stdout_file;
  volatile std::sig_atomic_t interrupt = 0;
  Pacer pacer(1.0, real, &interrupt);
  Recorder recorder;
  real.on_sleep = [&] { interrupt = 1; };
  TimedOutput out(clock, stdout_file.out(),
                  {.timestamps = true, .recorder = &recorder, .pacer = &pacer});
  out.Print("One");
  clock.BlockingSleep(absl::Seconds(1));
  out.Print("Two");  // Ctrl-C while waiting for it, 100 ms in
  EXPECT_TRUE(out.interrupted());
  // Where the replay was, not the time of the line it waited for.
  EXPECT_EQ(out.interrupted_at(), absl::Milliseconds(100));
  clock.BlockingSleep(absl::Seconds(1));
  out.Print("Three");
  stdout_file.out().Flush();
  EXPECT_EQ(stdout_file.Written(), "[  0.000] One\n");
  // The recording ended at the interruption.
  EXPECT_TRUE(recorder.finished());
  ASSERT_EQ(recorder.recording().lines.size(), 1u);
  EXPECT_EQ(recorder.recording().end, absl::Milliseconds(100));
}

}  // namespace
}  // namespace asyncsim::cli
