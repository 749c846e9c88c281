// The product code's UTF-8 decoder (engine/utf8.h): sys.argv's UTF-8 with
// surrogateescape. The code points for invalid bytes are those CPython 3.11
// gives, e.g.
//   python3 -c 'import sys; print(repr(sys.argv[1]))' "$(printf '\xe2\x82x')"
// prints '\udce2\udc82x'.

#include "engine/utf8.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace asyncsim {
namespace {

// Every character of `text`, decoded one after the other.
std::vector<Utf8Char> DecodeAll(std::string_view text) {
  std::vector<Utf8Char> chars;
  while (!text.empty()) {
    chars.push_back(DecodeUtf8Char(text));
    text.remove_prefix(chars.back().length);
  }
  return chars;
}

// The code points of `text`, as CPython decodes it.
std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  for (const Utf8Char& c : DecodeAll(text)) out += c.code_point;
  return out;
}

TEST(DecodeUtf8Char, DecodesAsciiAndValidSequencesOfTwoToFourBytes) {
  const std::vector<Utf8Char> chars =
      DecodeAll("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x8d");
  ASSERT_EQ(chars.size(), 4u);
  EXPECT_EQ(chars[0].code_point, U'a');
  EXPECT_EQ(chars[1].code_point, U'\u00e9');
  EXPECT_EQ(chars[2].code_point, U'\u20ac');
  EXPECT_EQ(chars[3].code_point, U'\U0001f40d');
  for (size_t i = 0; i < chars.size(); ++i) {
    EXPECT_TRUE(chars[i].valid);
    EXPECT_EQ(chars[i].length, i + 1);
  }
}

TEST(DecodeUtf8Char, DecodesTheEdgesOfEachLengthAsValid) {
  EXPECT_EQ(CodePoints(std::string_view("\0", 1)), std::u32string(1, 0));
  EXPECT_EQ(CodePoints("\x7f\xc2\x80\xdf\xbf"), U"\u007f\u0080\u07ff");
  EXPECT_EQ(CodePoints("\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"),
            U"\u0800\ud7ff\ue000\uffff");
  EXPECT_EQ(CodePoints("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"),
            U"\U00010000\U0010ffff");
}

TEST(DecodeUtf8Char, TurnsEachInvalidByteIntoItsSurrogateEscape) {
  // Lone continuation bytes, bytes that never start a sequence.
  EXPECT_EQ(CodePoints("\xff\xa0x"), std::u32string({0xDCFF, 0xDCA0, U'x'}));
  EXPECT_EQ(CodePoints("\xc0\xc1\xf5\xfe"),
            std::u32string({0xDCC0, 0xDCC1, 0xDCF5, 0xDCFE}));
  // A truncated sequence, at the end or before another character.
  EXPECT_EQ(CodePoints("\xe2\x82x"), std::u32string({0xDCE2, 0xDC82, U'x'}));
  EXPECT_EQ(CodePoints("\xf0\x9f\x90"),
            std::u32string({0xDCF0, 0xDC9F, 0xDC90}));
  // Overlong '/', a UTF-16 surrogate, past U+10FFFF.
  EXPECT_EQ(CodePoints("\xc0\xaf"), std::u32string({0xDCC0, 0xDCAF}));
  EXPECT_EQ(CodePoints("\xed\xa0\x80"),
            std::u32string({0xDCED, 0xDCA0, 0xDC80}));
  EXPECT_EQ(CodePoints("\xf4\x90\x80\x80"),
            std::u32string({0xDCF4, 0xDC90, 0xDC80, 0xDC80}));
}

TEST(DecodeUtf8Char, MarksAnInvalidByteAsOneInvalidByte) {
  const Utf8Char c = DecodeUtf8Char("\xe2\x82");
  EXPECT_FALSE(c.valid);
  EXPECT_EQ(c.length, 1u);
  EXPECT_EQ(c.code_point, char32_t{0xDCE2});
}

}  // namespace
}  // namespace asyncsim
