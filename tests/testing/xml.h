// Copyright 2026 The asyncsim Authors.
//
// A small, strict XML 1.0 well-formedness checker for tests: what the SVG
// export writes must be well-formed, and the test then looks inside.
//
// It accepts what a generated document needs and rejects everything else
// it meets: an optional `<?xml ...?>` declaration, comments, one root
// element, elements with quoted attributes (no duplicates), text and the
// five predefined entities plus character references (`&#10;`, `&#x1b;` is
// refused: not an XML character). Raw `<` or `&` in text or attributes,
// unclosed or mismatched tags, control characters other than tab, newline
// and carriage return, invalid UTF-8: errors. DOCTYPEs, CDATA and
// processing instructions after the declaration are refused (not needed).
//
// Example:
//
//   absl::StatusOr<XmlElement> svg = ParseXml(text);
//   svg->name;                              // "svg"
//   svg->FindAll("text").size();

#ifndef ASYNCSIM_TESTS_TESTING_XML_H_
#define ASYNCSIM_TESTS_TESTING_XML_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace asyncsim::testutil {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // decoded values
  std::vector<XmlElement> children;
  // The element's own text (entities decoded), its pieces concatenated.
  std::string text;

  // The attribute's value, or "" if absent.
  std::string Attribute(const std::string& key) const;
  // Every descendant (not this element) named `name`, in document order.
  std::vector<const XmlElement*> FindAll(std::string_view name) const;
  // The element's text and all its descendants', in document order.
  std::string AllText() const;
};

// The root element, or an error naming the byte offset and the problem.
absl::StatusOr<XmlElement> ParseXml(std::string_view text);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_XML_H_
