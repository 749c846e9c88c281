#include "cli/text_wrap.h"

#include <string>
#include <string_view>

namespace asyncsim::cli {

std::string WrapWords(std::string_view text, int width, std::string_view first,
                      std::string_view rest) {
  std::string out;
  std::string line(first);
  bool empty = true;
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    at = end;
    if (!empty && static_cast<int>(line.size() + 1 + word.size()) > width) {
      out.append(line).push_back('\n');
      line = std::string(rest);
      empty = true;
    }
    if (!empty) line.push_back(' ');
    line.append(word);
    empty = false;
  }
  out.append(line).push_back('\n');
  return out;
}

}  // namespace asyncsim::cli
