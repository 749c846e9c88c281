// Escaping a program's text for JSON and XML.

#include "cli/text_escape.h"

#include "gtest/gtest.h"

namespace asyncsim::cli {
namespace {

TEST(JsonEscape, BackslashesQuotesAndEscapesControlCharactersAsUnicode) {
  EXPECT_EQ(JsonEscape("plain"), "plain");
  EXPECT_EQ(JsonEscape("say \"hi\" \\o/"), "say \\\"hi\\\" \\\\o/");
  EXPECT_EQ(JsonEscape("\x1b[36mOne\x1b[0m"), "\\u001b[36mOne\\u001b[0m");
  EXPECT_EQ(JsonEscape(std::string("a\0b\n\t\x7f", 6)),
            "a\\u0000b\\u000a\\u0009\\u007f");
}

TEST(JsonEscape, KeepsValidUtf8AndReplacesTheRest) {
  EXPECT_EQ(JsonEscape("caf\xC3\xA9 \xF0\x9F\x90\x8D"),
            "caf\xC3\xA9 \xF0\x9F\x90\x8D");
  EXPECT_EQ(JsonEscape("\xff"), "\\ufffd");
  EXPECT_EQ(JsonEscape("\xC3"), "\\ufffd");                        // truncated
  EXPECT_EQ(JsonEscape("\xC0\xAF"), "\\ufffd\\ufffd");             // overlong
  EXPECT_EQ(JsonEscape("\xED\xA0\x80"), "\\ufffd\\ufffd\\ufffd");  // surrogate
}

// Both read text with engine/utf8.h, as PythonRepr does: one U+FFFD for
// each byte that CPython's sys.argv turns into a surrogate escape
// ('\udcff\udca0x\udce2\udc82' for these bytes).
TEST(JsonEscape, ReplacesEachByteThatSysArgvWouldSurrogateEscape) {
  EXPECT_EQ(JsonEscape("\xff\xa0x\xe2\x82"), "\\ufffd\\ufffdx\\ufffd\\ufffd");
  EXPECT_EQ(XmlEscape("\xff\xa0x\xe2\x82"),
            "\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(XmlEscape, EscapesMarkupAndShowsControlCharactersAsText) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(XmlEscape("\x1b[36mOne\t\n\x01"), "\\x1b[36mOne\\t\\n\\x01");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xff \xEF\xBF\xBF"),
            "caf\xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD");
}

}  // namespace
}  // namespace asyncsim::cli
