#include "cli/file_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace asyncsim::cli {
namespace {

absl::Status ErrnoError(int error) {
  return absl::UnavailableError(std::strerror(error));
}

// The folder a file named `path` goes in.
std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Writes all of `text` to `fd`; an errno value on failure, else 0.
int WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Holds the signals that end a process by default, and gives them back
// (a pending one then takes effect) when it goes.
class HeldSignals {
 public:
  HeldSignals() {
    sigset_t held;
    sigemptyset(&held);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
      sigaddset(&held, signal);
    }
    ::pthread_sigmask(SIG_BLOCK, &held, &old_);
  }
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;
  ~HeldSignals() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

// Writes `path` in place (a device or FIFO), truncating a regular file.
absl::Status WriteInPlace(const std::string& path, std::string_view contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno);
  const int error = WriteAll(fd, contents);
  const int close_error = ::close(fd) == 0 ? 0 : errno;
  if (error != 0) return ErrnoError(error);
  if (close_error != 0) return ErrnoError(close_error);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckFileWritable(const std::string& path) {
  if (path.empty()) return ErrnoError(ENOENT);  // As open("") says.
  struct stat info;
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return ErrnoError(EISDIR);
    if (!S_ISREG(info.st_mode)) {
      return ::access(path.c_str(), W_OK) == 0 ? absl::OkStatus()
                                               : ErrnoError(errno);
    }
  } else if (errno != ENOENT) {
    return ErrnoError(errno);
  }
  const std::string folder = FolderOf(path);
  if (::stat(folder.c_str(), &info) != 0) return ErrnoError(errno);
  if (!S_ISDIR(info.st_mode)) return ErrnoError(ENOTDIR);
  if (::access(folder.c_str(), W_OK | X_OK) != 0) return ErrnoError(errno);
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents) {
  HeldSignals held;
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) return ErrnoError(EISDIR);
    return WriteInPlace(path, contents);
  }
  // A hidden name beside `path`: the rename stays within one file system.
  const std::string folder = FolderOf(path);
  const size_t slash = path.rfind('/');
  const std::string base =
      slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = absl::StrCat(folder, "/.", base, ".asyncsim-XXXXXX");
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno);
  temp.assign(name.data());
  int error = WriteAll(fd, contents);
  // mkstemp makes the file 0600; give it what a plain open would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (error == 0 && ::fchmod(fd, 0666 & ~mask) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    return ErrnoError(error);
  }
  return absl::OkStatus();
}

void GuardStandardDescriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() returns the lowest free descriptor: this one.
    const int opened = ::open("/dev/null", O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

}  // namespace asyncsim::cli
