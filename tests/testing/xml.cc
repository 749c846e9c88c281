#include "tests/testing/xml.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tests/testing/utf8.h"

namespace asyncsim::testutil {
namespace {

constexpr int kMaxDepth = 256;

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// XML 1.0's Char production.
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<XmlElement> Document() {
    if (absl::Status s = CheckCharacters(); !s.ok()) return s;
    if (Consume("<?xml")) {
      const size_t end = text_.find("?>", pos_);
      if (end == std::string_view::npos) return Error("unterminated <?xml");
      pos_ = end + 2;
    }
    if (absl::Status s = Misc(); !s.ok()) return s;
    if (Peek() != '<') return Error("expected the root element");
    absl::StatusOr<XmlElement> root = Element(0);
    if (!root.ok()) return root;
    if (absl::Status s = Misc(); !s.ok()) return s;
    if (pos_ != text_.size()) return Error("content after the root element");
    return root;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("XML error at byte ", pos_, ": ", std::string(what)));
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(Peek())) ++pos_;
  }

  // Valid UTF-8, and only XML characters.
  absl::Status CheckCharacters() {
    for (size_t i = 0; i < text_.size();) {
      absl::StatusOr<Utf8Char> c = DecodeUtf8(text_.substr(i));
      if (!c.ok()) {
        pos_ = i;
        return Error(std::string(c.status().message()));
      }
      const uint32_t code = c->code;
      const size_t length = c->length;
      if (!IsXmlChar(code)) {
        pos_ = i;
        return Error(absl::StrCat("character U+", absl::Hex(code),
                                  " is not allowed in XML"));
      }
      i += length;
    }
    return absl::OkStatus();
  }

  // Whitespace and comments.
  absl::Status Misc() {
    while (true) {
      SkipSpace();
      if (text_.substr(pos_, 4) != "<!--") return absl::OkStatus();
      if (absl::Status s = Comment(); !s.ok()) return s;
    }
  }

  absl::Status Comment() {
    pos_ += 4;
    const size_t end = text_.find("--", pos_);
    if (end == std::string_view::npos) return Error("unterminated comment");
    pos_ = end;
    if (!Consume("-->")) return Error("'--' inside a comment");
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> Name() {
    if (!IsNameStart(Peek())) return Error("expected a name");
    const size_t start = pos_;
    while (!AtEnd() && IsNameChar(Peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // After '&': an entity or character reference, appended decoded.
  absl::Status Reference(std::string& out) {
    const size_t end = text_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 10) {
      return Error("unterminated reference");
    }
    const std::string_view ref = text_.substr(pos_, end - pos_);
    if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return Error("empty character reference");
      uint32_t code = 0;
      for (char c : digits) {
        uint32_t d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (hex && c >= 'a' && c <= 'f') {
          d = c - 'a' + 10;
        } else if (hex && c >= 'A' && c <= 'F') {
          d = c - 'A' + 10;
        } else {
          return Error("bad character reference");
        }
        code = code * (hex ? 16 : 10) + d;
        if (code > 0x10FFFF) return Error("character reference too large");
      }
      if (!IsXmlChar(code)) {
        return Error("character reference to a non-XML character");
      }
      AppendUtf8(code, out);
    } else {
      return Error(absl::StrCat("unknown entity &", std::string(ref), ";"));
    }
    pos_ = end + 1;
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> AttributeValue() {
    const char quote = Peek();
    if (quote != '"' && quote != '\'') return Error("unquoted attribute");
    ++pos_;
    std::string value;
    while (true) {
      if (AtEnd()) return Error("unterminated attribute value");
      const char c = text_[pos_++];
      if (c == quote) return value;
      if (c == '<') return Error("'<' in an attribute value");
      if (c == '&') {
        if (absl::Status s = Reference(value); !s.ok()) return s;
      } else {
        value.push_back(c);
      }
    }
  }

  absl::StatusOr<XmlElement> Element(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    ++pos_;  // <
    XmlElement element;
    absl::StatusOr<std::string> name = Name();
    if (!name.ok()) return name.status();
    element.name = *std::move(name);
    while (true) {
      const bool spaced = !AtEnd() && IsSpace(Peek());
      SkipSpace();
      if (Consume("/>")) return element;
      if (Consume(">")) break;
      if (!spaced) return Error("expected a space before an attribute");
      absl::StatusOr<std::string> key = Name();
      if (!key.ok()) return key.status();
      SkipSpace();
      if (!Consume("=")) return Error("expected '=' after an attribute");
      SkipSpace();
      absl::StatusOr<std::string> value = AttributeValue();
      if (!value.ok()) return value.status();
      if (!element.attributes.emplace(*std::move(key), *std::move(value))
               .second) {
        return Error("duplicate attribute");
      }
    }
    // Content, up to the end tag.
    while (true) {
      if (AtEnd()) {
        return Error(absl::StrCat("unclosed <", element.name, ">"));
      }
      if (Consume("</")) {
        absl::StatusOr<std::string> end = Name();
        if (!end.ok()) return end.status();
        if (*end != element.name) {
          return Error(
              absl::StrCat("</", *end, "> closes <", element.name, ">"));
        }
        SkipSpace();
        if (!Consume(">")) return Error("expected '>'");
        return element;
      }
      if (text_.substr(pos_, 4) == "<!--") {
        if (absl::Status s = Comment(); !s.ok()) return s;
        continue;
      }
      if (text_.substr(pos_, 2) == "<!" || text_.substr(pos_, 2) == "<?") {
        return Error("CDATA, DOCTYPE or processing instruction (unsupported)");
      }
      if (Peek() == '<') {
        absl::StatusOr<XmlElement> child = Element(depth + 1);
        if (!child.ok()) return child;
        element.children.push_back(*std::move(child));
        continue;
      }
      const char c = text_[pos_++];
      if (c == '&') {
        if (absl::Status s = Reference(element.text); !s.ok()) return s;
      } else if (c == '>' && pos_ >= 3 && text_.substr(pos_ - 3, 3) == "]]>") {
        return Error("']]>' in text");
      } else {
        element.text.push_back(c);
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void Collect(const XmlElement& element, std::string_view name,
             std::vector<const XmlElement*>& out) {
  for (const XmlElement& child : element.children) {
    if (child.name == name) out.push_back(&child);
    Collect(child, name, out);
  }
}

}  // namespace

std::string XmlElement::Attribute(const std::string& key) const {
  auto it = attributes.find(key);
  return it == attributes.end() ? "" : it->second;
}

std::vector<const XmlElement*> XmlElement::FindAll(
    std::string_view name) const {
  std::vector<const XmlElement*> found;
  Collect(*this, name, found);
  return found;
}

std::string XmlElement::AllText() const {
  std::string all = text;
  for (const XmlElement& child : children) all += child.AllText();
  return all;
}

absl::StatusOr<XmlElement> ParseXml(std::string_view text) {
  return Parser(text).Document();
}

}  // namespace asyncsim::testutil
