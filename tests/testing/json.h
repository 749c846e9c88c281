// Copyright 2026 The asyncsim Authors.
//
// A strict JSON parser for tests (RFC 8259): what the trace export writes
// must parse, and the test then looks inside.
//
// Strict means: one value and nothing after it but whitespace; no trailing
// commas, comments, single quotes, NaN or leading zeros; raw control
// characters in strings are errors; escapes are the eight of the RFC plus
// `\uXXXX` (surrogate pairs must pair up); the text must be valid UTF-8.
// Strings come back decoded, as UTF-8.
//
// Example:
//
//   absl::StatusOr<JsonValue> json = ParseJson(R"({"a": [1, "x"]})");
//   json->At("a")[1].AsString();  // "x"

#ifndef ASYNCSIM_TESTS_TESTING_JSON_H_
#define ASYNCSIM_TESTS_TESTING_JSON_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace asyncsim::testutil {

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Object = std::map<std::string, JsonValue>;

  JsonValue() = default;
  explicit JsonValue(std::nullptr_t) {}
  explicit JsonValue(bool b) : value_(b) {}
  explicit JsonValue(double d) : value_(d) {}
  explicit JsonValue(std::string s) : value_(std::move(s)) {}
  explicit JsonValue(Array a) : value_(std::move(a)) {}
  explicit JsonValue(Object o) : value_(std::move(o)) {}

  bool IsNull() const { return std::holds_alternative<std::nullptr_t>(value_); }
  bool IsBool() const { return std::holds_alternative<bool>(value_); }
  bool IsNumber() const { return std::holds_alternative<double>(value_); }
  bool IsString() const { return std::holds_alternative<std::string>(value_); }
  bool IsArray() const { return std::holds_alternative<Array>(value_); }
  bool IsObject() const { return std::holds_alternative<Object>(value_); }

  // Each requires the matching Is...() (else throws std::bad_variant_access).
  bool AsBool() const { return std::get<bool>(value_); }
  double AsNumber() const { return std::get<double>(value_); }
  const std::string& AsString() const { return std::get<std::string>(value_); }
  const Array& AsArray() const { return std::get<Array>(value_); }
  const Object& AsObject() const { return std::get<Object>(value_); }

  // For objects: whether `key` is there, and its value (throws
  // std::out_of_range if it is not).
  bool Has(const std::string& key) const {
    return IsObject() && AsObject().count(key) > 0;
  }
  const JsonValue& At(const std::string& key) const {
    return AsObject().at(key);
  }
  const JsonValue& operator[](size_t i) const { return AsArray().at(i); }

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object>
      value_ = nullptr;
};

// The value `text` holds, or an error naming the byte offset and the
// problem.
absl::StatusOr<JsonValue> ParseJson(std::string_view text);

}  // namespace asyncsim::testutil

#endif  // ASYNCSIM_TESTS_TESTING_JSON_H_
