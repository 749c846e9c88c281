#include "tests/testing/utf8.h"

#include "absl/status/status.h"

namespace asyncsim::testutil {

absl::StatusOr<Utf8Char> DecodeUtf8(std::string_view text) {
  const auto b0 = static_cast<uint8_t>(text[0]);
  if (b0 < 0x80) return Utf8Char{b0, 1};
  size_t length;
  uint32_t code;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    code = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    code = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    code = b0 & 0x07;
  } else {
    return absl::InvalidArgumentError("invalid UTF-8");
  }
  if (text.size() < length) {
    return absl::InvalidArgumentError("truncated UTF-8");
  }
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<uint8_t>(text[k]);
    if ((b & 0xC0) != 0x80) return absl::InvalidArgumentError("invalid UTF-8");
    code = (code << 6) | (b & 0x3F);
  }
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000)) {
    return absl::InvalidArgumentError("overlong UTF-8");
  }
  if (code >= 0xD800 && code <= 0xDFFF) {
    return absl::InvalidArgumentError("UTF-8 surrogate");
  }
  if (code > 0x10FFFF) {
    return absl::InvalidArgumentError("UTF-8 beyond U+10FFFF");
  }
  return Utf8Char{code, length};
}

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace asyncsim::testutil
