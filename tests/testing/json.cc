#include "tests/testing/json.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tests/testing/utf8.h"

namespace asyncsim::testutil {
namespace {

constexpr int kMaxDepth = 256;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<JsonValue> Document() {
    if (!ValidUtf8()) return Error("invalid UTF-8");
    SkipSpace();
    absl::StatusOr<JsonValue> value = Value(0);
    if (!value.ok()) return value;
    SkipSpace();
    if (pos_ != text_.size()) return Error("text after the value");
    return value;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON error at byte ", pos_, ": ", std::string(what)));
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' ||
                        Peek() == '\r')) {
      ++pos_;
    }
  }

  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool ValidUtf8() const {
    for (size_t i = 0; i < text_.size();) {
      absl::StatusOr<Utf8Char> c = DecodeUtf8(text_.substr(i));
      if (!c.ok()) return false;
      i += c->length;
    }
    return true;
  }

  absl::StatusOr<JsonValue> Value(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    switch (Peek()) {
      case '{':
        return ObjectValue(depth);
      case '[':
        return ArrayValue(depth);
      case '"': {
        absl::StatusOr<std::string> s = String();
        if (!s.ok()) return s.status();
        return JsonValue(*std::move(s));
      }
      case 't':
        if (Consume("true")) return JsonValue(true);
        return Error("bad literal");
      case 'f':
        if (Consume("false")) return JsonValue(false);
        return Error("bad literal");
      case 'n':
        if (Consume("null")) return JsonValue(nullptr);
        return Error("bad literal");
      default:
        return Number();
    }
  }

  absl::StatusOr<JsonValue> ObjectValue(int depth) {
    ++pos_;  // {
    JsonValue::Object object;
    SkipSpace();
    if (Consume("}")) return JsonValue(std::move(object));
    while (true) {
      SkipSpace();
      if (Peek() != '"') return Error("expected a string key");
      absl::StatusOr<std::string> key = String();
      if (!key.ok()) return key.status();
      SkipSpace();
      if (!Consume(":")) return Error("expected ':'");
      SkipSpace();
      absl::StatusOr<JsonValue> value = Value(depth + 1);
      if (!value.ok()) return value;
      if (!object.emplace(*std::move(key), *std::move(value)).second) {
        return Error("duplicate key");
      }
      SkipSpace();
      if (Consume("}")) return JsonValue(std::move(object));
      if (!Consume(",")) return Error("expected ',' or '}'");
    }
  }

  absl::StatusOr<JsonValue> ArrayValue(int depth) {
    ++pos_;  // [
    JsonValue::Array array;
    SkipSpace();
    if (Consume("]")) return JsonValue(std::move(array));
    while (true) {
      SkipSpace();
      absl::StatusOr<JsonValue> value = Value(depth + 1);
      if (!value.ok()) return value;
      array.push_back(*std::move(value));
      SkipSpace();
      if (Consume("]")) return JsonValue(std::move(array));
      if (!Consume(",")) return Error("expected ',' or ']'");
    }
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  absl::StatusOr<JsonValue> Number() {
    const size_t start = pos_;
    Consume("-");
    if (Consume("0")) {
      if (IsDigit(Peek())) return Error("leading zero");
    } else if (IsDigit(Peek())) {
      while (IsDigit(Peek())) ++pos_;
    } else {
      return Error("expected a value");
    }
    if (Consume(".")) {
      if (!IsDigit(Peek())) return Error("expected a digit after '.'");
      while (IsDigit(Peek())) ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!IsDigit(Peek())) return Error("expected an exponent");
      while (IsDigit(Peek())) ++pos_;
    }
    const std::string number(text_.substr(start, pos_ - start));
    return JsonValue(std::strtod(number.c_str(), nullptr));
  }

  absl::StatusOr<uint32_t> Hex4() {
    if (pos_ + 4 > text_.size()) return Error("short \\u escape");
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9') {
        code |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        code |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        code |= c - 'A' + 10;
      } else {
        return Error("bad hex digit in \\u escape");
      }
    }
    return code;
  }

  absl::StatusOr<std::string> String() {
    ++pos_;  // "
    std::string out;
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<uint8_t>(c) < 0x20) {
        --pos_;
        return Error("raw control character in a string");
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (AtEnd()) return Error("unterminated escape");
      switch (text_[pos_++]) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          absl::StatusOr<uint32_t> code = Hex4();
          if (!code.ok()) return code.status();
          if (*code >= 0xDC00 && *code <= 0xDFFF) {
            return Error("lone low surrogate");
          }
          if (*code >= 0xD800 && *code <= 0xDBFF) {
            if (!Consume("\\u")) return Error("lone high surrogate");
            absl::StatusOr<uint32_t> low = Hex4();
            if (!low.ok()) return low.status();
            if (*low < 0xDC00 || *low > 0xDFFF) {
              return Error("high surrogate without a low one");
            }
            *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
          }
          AppendUtf8(*code, out);
          break;
        }
        default:
          --pos_;
          return Error("bad escape");
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<JsonValue> ParseJson(std::string_view text) {
  return Parser(text).Document();
}

}  // namespace asyncsim::testutil
