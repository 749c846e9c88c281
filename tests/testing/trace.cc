#include "tests/testing/trace.h"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "engine/loop.h"
#include "gtest/gtest.h"

namespace asyncsim::testutil {

void Trace::Print(std::string_view text) {
  Loop* loop = Loop::Current();
  double now = loop != nullptr ? loop->clock().Seconds() : 0.0;
  lines_.push_back(absl::StrFormat("%.3f %s", now, text));
}

std::string Trace::Text() const {
  std::string text;
  for (const std::string& line : lines_) {
    text += line;
    text += '\n';
  }
  return text;
}

std::string ReadRunfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string CpythonGolden(const std::string& name) {
  return ReadRunfile("tests/cpython/" + name + ".golden");
}

}  // namespace asyncsim::testutil
