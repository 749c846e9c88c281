#include "cli/suggest.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace asyncsim::cli {
namespace {

using ::testing::Optional;

const std::vector<std::string> kScenarios = {"countsync", "countasync", "rand",
                                             "chained", "asyncq"};
const std::vector<std::string> kOptions = {
    "--seed",    "--until",      "--max-steps", "--max-tasks",
    "--color",   "--timestamps", "--timeline",  "--ties",
    "--trace",   "--svg",        "--speed",     "--check-determinism",
    "--version", "--help"};

TEST(Suggest, FindsTheNameBehindACaseSlip) {
  EXPECT_THAT(Suggest("ASYNCQ", kScenarios), Optional(std::string("asyncq")));
  EXPECT_THAT(Suggest("Chained", kScenarios), Optional(std::string("chained")));
}

TEST(Suggest, FindsTheNameBehindAMissingExtraOrSwappedLetter) {
  EXPECT_THAT(Suggest("--timline", kOptions),
              Optional(std::string("--timeline")));
  EXPECT_THAT(Suggest("--seeed", kOptions), Optional(std::string("--seed")));
  EXPECT_THAT(Suggest("chaiend", kScenarios), Optional(std::string("chained")));
  EXPECT_THAT(Suggest("countasnyc", kScenarios),
              Optional(std::string("countasync")));
  EXPECT_THAT(Suggest("--max-step", kOptions),
              Optional(std::string("--max-steps")));
}

TEST(Suggest, SaysNothingWhenNoNameIsClose) {
  EXPECT_EQ(Suggest("xyz", kScenarios), std::nullopt);
  EXPECT_EQ(Suggest("--verbose", kOptions), std::nullopt);
  EXPECT_EQ(Suggest("", kScenarios), std::nullopt);
  EXPECT_EQ(Suggest(std::string(100000, 'a'), kScenarios), std::nullopt);
}

}  // namespace
}  // namespace asyncsim::cli
