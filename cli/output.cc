#include "cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/loop.h"

namespace asyncsim::cli {

FdOutput::FdOutput(int fd) : fd_(fd) { buffer_.reserve(kCapacity); }

FdOutput::~FdOutput() { Flush(); }

std::string FdOutput::error() const {
  return error_ == 0 ? std::string() : std::strerror(error_);
}

void FdOutput::Print(std::string_view line) {
  buffer_.append(line);
  buffer_.push_back('\n');
  if (buffer_.size() >= kCapacity) Flush();
}

void FdOutput::Write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kCapacity) Flush();
}

void FdOutput::Flush() {
  std::string_view pending = buffer_;
  while (ok_ && !pending.empty()) {
    ssize_t written = ::write(fd_, pending.data(), pending.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      ok_ = false;
      error_ = errno;
      if (Loop* loop = Loop::Current(); loop != nullptr) {
        loop->Abort(absl::UnavailableError(
            absl::StrCat("cannot write to stdout: ", error())));
      }
      break;
    }
    pending.remove_prefix(static_cast<size_t>(written));
  }
  buffer_.clear();
}

}  // namespace asyncsim::cli
