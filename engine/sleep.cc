#include "engine/sleep.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace asyncsim {

std::string SleepAwaiter::Describe() const {
  return absl::StrCat("sleep(", absl::FormatDuration(absl::Nanoseconds(ticks_)),
                      ")");
}

}  // namespace asyncsim
