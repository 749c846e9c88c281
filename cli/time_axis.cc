#include "cli/time_axis.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace asyncsim::cli {

namespace {

// Hundredths of the mantissas of each series. Each fine step has a nice
// multiple (8 at 25 steps, the others within 8), so a chart of fine columns
// still gets round ticks: no 1.5, 3 or 6, whose multiples are never 1, 2 or
// 5. Neighbours are at most 1.6 apart, so fine columns fill at least 62%
// of the room.
constexpr int64_t kNice[] = {100, 200, 500};
constexpr int64_t kFine[] = {100, 125, 200, 250, 400, 500, 800};

template <size_t N>
absl::Duration SmallestStep(absl::Duration at_least,
                            const int64_t (&hundredths)[N]) {
  const int64_t want = absl::ToInt64Nanoseconds(at_least);
  if (want <= 1) return absl::Nanoseconds(1);
  for (int64_t power = 1; power <= std::numeric_limits<int64_t>::max() / 1000;
       power *= 10) {
    for (int64_t m : hundredths) {
      if (m * power % 100 != 0) continue;  // whole nanoseconds only
      if (m * power / 100 >= want) return absl::Nanoseconds(m * power / 100);
    }
  }
  return absl::InfiniteDuration();
}

template <size_t N>
bool InSeries(absl::Duration d, const int64_t (&hundredths)[N]) {
  int64_t nanos = absl::ToInt64Nanoseconds(d);
  if (nanos <= 0) return false;
  nanos *= 100;
  while (nanos % 10 == 0 && nanos >= 1000) nanos /= 10;
  for (int64_t m : hundredths) {
    if (nanos == m) return true;
  }
  return false;
}

}  // namespace

absl::Duration NiceStep(absl::Duration at_least) {
  return SmallestStep(at_least, kNice);
}

absl::Duration FineStep(absl::Duration at_least) {
  return SmallestStep(at_least, kFine);
}

bool IsNiceStep(absl::Duration d) { return InSeries(d, kNice); }

bool IsFineStep(absl::Duration d) { return InSeries(d, kFine); }

std::string SecondsLabel(absl::Duration t, absl::Duration step) {
  constexpr int64_t kNanosPerSecond = 1'000'000'000;
  int64_t unit = absl::ToInt64Nanoseconds(step);
  int decimals = 0;
  while (decimals < 9 && unit % kNanosPerSecond != 0) {
    unit *= 10;
    ++decimals;
  }
  const int64_t nanos = absl::ToInt64Nanoseconds(t);
  const int64_t whole = nanos / kNanosPerSecond;
  std::string label = absl::StrCat(nanos < 0 && whole == 0 ? "-" : "", whole);
  if (decimals > 0) {
    int64_t fraction = std::llabs(nanos % kNanosPerSecond);
    for (int i = decimals; i < 9; ++i) fraction /= 10;
    absl::StrAppendFormat(&label, ".%0*d", decimals, fraction);
  }
  return label;
}

}  // namespace asyncsim::cli
