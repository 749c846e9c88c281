#include "cli/file_output.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

extern char** environ;

namespace asyncsim::cli {
namespace {

using ::testing::AnyOf;
using ::testing::EndsWith;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// A fresh folder under the test's temporary directory.
std::string NewFolder(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string folder = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name;
  std::string command = "rm -rf '" + folder + "' && mkdir -p '" + folder + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return folder;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The names in `folder`, hidden ones included.
std::vector<std::string> Names(const std::string& folder) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return names;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  return names;
}

// How a child of asyncsim is started: which standard descriptors it finds
// closed, and a file size limit.
struct Spawn {
  std::vector<std::string> args;
  bool close_stdout = false;
  bool close_stderr = false;
  rlim_t file_size_limit = RLIM_INFINITY;
};

// Starts asyncsim as `spawn` says, stdin and any open stream on /dev/null.
pid_t Start(const Spawn& spawn) {
  std::vector<std::string> argv = {testutil::AsyncsimBinary()};
  argv.insert(argv.end(), spawn.args.begin(), spawn.args.end());
  std::vector<char*> cargv;
  for (std::string& arg : argv) cargv.push_back(arg.data());
  cargv.push_back(nullptr);
  // posix_spawn cannot set a resource limit: fork, then exec.
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int null = ::open("/dev/null", O_RDWR);
  ::dup2(null, 0);
  spawn.close_stdout ? ::close(1) : ::dup2(null, 1);
  spawn.close_stderr ? ::close(2) : ::dup2(null, 2);
  if (null > 2) ::close(null);
  if (spawn.file_size_limit != RLIM_INFINITY) {
    rlimit limit = {spawn.file_size_limit, spawn.file_size_limit};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ::execve(cargv[0], cargv.data(), environ);
  ::_exit(127);
}

// The exit status, or 128 + the signal that ended it.
int Wait(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int RunToEnd(const Spawn& spawn) { return Wait(Start(spawn)); }

TEST(WriteFileAtomically, WritesTheWholeFileAndLeavesNothingElse) {
  const std::string folder = NewFolder("whole");
  ASSERT_TRUE(WriteFileAtomically(folder + "/t.json", "{}\n").ok());
  EXPECT_EQ(ReadFile(folder + "/t.json"), "{}\n");
  EXPECT_THAT(Names(folder), UnorderedElementsAre("t.json"));
}

TEST(WriteFileAtomically, ReplacesAnExistingFile) {
  const std::string folder = NewFolder("replace");
  WriteFile(folder + "/t.svg", std::string(10000, 'x'));
  ASSERT_TRUE(WriteFileAtomically(folder + "/t.svg", "<svg/>").ok());
  EXPECT_EQ(ReadFile(folder + "/t.svg"), "<svg/>");
}

TEST(WriteFileAtomically, GivesTheFileTheModeAPlainOpenWould) {
  const std::string folder = NewFolder("mode");
  const mode_t mask = ::umask(022);
  ASSERT_TRUE(WriteFileAtomically(folder + "/t.svg", "<svg/>").ok());
  ::umask(mask);
  struct stat info;
  ASSERT_EQ(::stat((folder + "/t.svg").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST(WriteFileAtomically, WritesADeviceInPlace) {
  ASSERT_TRUE(WriteFileAtomically("/dev/null", "anything").ok());
  struct stat info;
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
}

TEST(WriteFileAtomically, FailsOnAMissingFolderAndAFolder) {
  const std::string folder = NewFolder("missing");
  EXPECT_EQ(WriteFileAtomically(folder + "/no/t.json", "{}").message(),
            "No such file or directory");
  EXPECT_EQ(WriteFileAtomically(folder, "{}").message(), "Is a directory");
}

TEST(CheckFileWritable, SaysWhyAPathCannotBeWrittenWithoutTouchingIt) {
  const std::string folder = NewFolder("check");
  WriteFile(folder + "/old.json", "old");
  EXPECT_TRUE(CheckFileWritable(folder + "/old.json").ok());
  EXPECT_TRUE(CheckFileWritable(folder + "/new.json").ok());
  EXPECT_TRUE(CheckFileWritable("/dev/null").ok());
  EXPECT_EQ(CheckFileWritable(folder + "/no/t.json").message(),
            "No such file or directory");
  EXPECT_EQ(CheckFileWritable(folder).message(), "Is a directory");
  EXPECT_EQ(CheckFileWritable("").message(), "No such file or directory");
  EXPECT_EQ(CheckFileWritable(folder + "/old.json/t").message(),
            "Not a directory");
  EXPECT_EQ(ReadFile(folder + "/old.json"), "old");
  EXPECT_THAT(Names(folder), UnorderedElementsAre("old.json"));
}

TEST(GuardStandardDescriptors, ReopensAClosedStdoutSoThatWritesFail) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(1);
    GuardStandardDescriptors();
    const int file = ::open("/dev/null", O_WRONLY);
    const bool reused = file == 1;
    const bool write_failed = ::write(1, "x", 1) < 0 && errno == EBADF;
    ::_exit(!reused && write_failed ? 0 : 1);
  }
  EXPECT_EQ(Wait(pid), 0);
}

// The command-line route: asyncsim run with closed descriptors, killed, or
// under a file size limit.

TEST(AsyncsimFiles, AClosedStdoutIsAFailedWriteAndNeverReceivesTheTrace) {
  const std::string folder = NewFolder("closed_stdout");
  const std::string trace = folder + "/t.json";
  EXPECT_EQ(RunToEnd({.args = {"--trace", trace, "chained", "1"},
                      .close_stdout = true}),
            1);
  // Nothing of stdout in the trace, if there is one.
  EXPECT_THAT(ReadFile(trace), Not(HasSubstr("sleeping")));
}

TEST(AsyncsimFiles, AClosedStderrNeverReceivesTheTrace) {
  const std::string folder = NewFolder("closed_stderr");
  const std::string trace = folder + "/t.json";
  EXPECT_EQ(RunToEnd({.args = {"--timeline", "--trace", trace, "chained", "1"},
                      .close_stderr = true}),
            0);
  const std::string json = ReadFile(trace);
  EXPECT_THAT(json, StartsWith("{\"displayTimeUnit\""));
  EXPECT_THAT(json, Not(HasSubstr("virtual seconds")));  // The timeline's.
}

TEST(AsyncsimFiles, AKilledPacedRunLeavesTheOldFilesAsTheyWere) {
  for (int signal : {SIGTERM, SIGHUP, SIGINT}) {
    const std::string folder = NewFolder("killed");
    WriteFile(folder + "/t.json", "old trace");
    WriteFile(folder + "/t.svg", "old svg");
    // countasync's one virtual second takes one real second at --speed 1.
    const pid_t pid =
        Start({.args = {"--speed", "1", "--trace", folder + "/t.json", "--svg",
                        folder + "/t.svg", "countasync"}});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(pid, signal);
    const int status = Wait(pid);
    if (signal == SIGINT) {
      // Ctrl-C ends a paced replay (130) with its files written whole; one
      // that comes before the handler is set kills it (also 130), files
      // untouched.
      EXPECT_EQ(status, 130);
      EXPECT_THAT(ReadFile(folder + "/t.svg"),
                  AnyOf(Eq("old svg"), EndsWith("</svg>\n")));
      EXPECT_THAT(ReadFile(folder + "/t.json"),
                  AnyOf(Eq("old trace"), EndsWith("]}\n")));
    } else {
      EXPECT_EQ(status, 128 + signal);
      EXPECT_EQ(ReadFile(folder + "/t.json"), "old trace");
      EXPECT_EQ(ReadFile(folder + "/t.svg"), "old svg");
    }
    EXPECT_THAT(Names(folder), UnorderedElementsAre("t.json", "t.svg"))
        << "signal " << signal;
  }
}

TEST(AsyncsimFiles, AFileSizeLimitIsAWriteErrorThatLeavesNoPartOfTheFile) {
  const std::string folder = NewFolder("fsize");
  WriteFile(folder + "/t.json", "old");
  EXPECT_EQ(RunToEnd({.args = {"--trace", folder + "/t.json", "asyncq", "-p",
                               "20", "-c", "20"},
                      .file_size_limit = 1024}),
            1);
  EXPECT_EQ(ReadFile(folder + "/t.json"), "old");
  EXPECT_THAT(Names(folder), UnorderedElementsAre("t.json"));
}

}  // namespace
}  // namespace asyncsim::cli
