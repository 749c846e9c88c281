#include "cli/visuals.h"

#include <sys/stat.h>

#include <cmath>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "cli/file_output.h"
#include "cli/html.h"
#include "cli/interrupt.h"
#include "cli/number_syntax.h"
#include "cli/pacer.h"
#include "cli/recorder.h"
#include "cli/svg.h"
#include "cli/ties.h"
#include "cli/timed_output.h"
#include "cli/timeline.h"
#include "cli/trace_json.h"
#include "engine/python_repr.h"

namespace asyncsim::cli {
namespace {

// Says before the run whether `path` can be written at its end.
absl::Status CheckWritable(std::string_view option,
                           const std::optional<std::string>& path) {
  if (!path.has_value()) return absl::OkStatus();
  absl::Status status = CheckFileWritable(*path);
  if (status.ok()) return status;
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: cannot write %s: %s", std::string(option),
                      PythonRepr(*path), status.message()));
}

// Writes what `render` makes to `path`, all of it or nothing.
template <typename Render>
absl::Status Write(std::string_view option,
                   const std::optional<std::string>& path, Render render) {
  if (!path.has_value()) return absl::OkStatus();
  absl::Status status = WriteFileAtomically(*path, render());
  if (status.ok()) return status;
  return absl::InternalError(
      absl::StrFormat("%s: writing %s failed: %s", std::string(option),
                      PythonRepr(*path), status.message()));
}

}  // namespace

void AddVisualFlags(CLI::App& app, VisualFlags& flags) {
  const auto last = CLI::MultiOptionPolicy::TakeLast;
  constexpr char kGroup[] = "Seeing the timing";
  app.add_flag("--timestamps", flags.timestamps,
               "Prefix each printed line with its virtual time, in brackets: "
               "seconds with three decimals, right-aligned in 7 characters "
               "(wider for --until)")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_flag("--timeline", flags.timeline,
               "After the run, draw the tasks' timeline on stderr: one row per "
               "task, marks for running, sleeping, waiting, done (legend "
               "included; as wide as the terminal)")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_flag("--ties", flags.ties,
               "After the run, list on stderr the instants where tasks woke "
               "together, whose order real CPython may break differently")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_option("--trace", flags.trace,
                 "Write a Chrome Trace Event JSON file (Perfetto, "
                 "chrome://tracing): a track per task, spans for sleeps and "
                 "waits, an instant per printed line; virtual microseconds")
      ->type_name("FILE")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_option("--svg", flags.svg, "Write the timeline as an SVG picture")
      ->type_name("FILE")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_option("--html", flags.html,
                 "Write a teacher's page: one self-contained HTML file with "
                 "the output and the timeline side by side, time scrubbable, "
                 "hovering a line highlights its task")
      ->type_name("FILE")
      ->group(kGroup)
      ->multi_option_policy(last);
  app.add_option("--speed", flags.speed,
                 "Replay in real time, X virtual seconds per real second (1: "
                 "as slow as the real program); Ctrl-C stops (exit status "
                 "130). Default: instant")
      ->type_name("X")
      ->group(kGroup)
      ->multi_option_policy(last);
}

absl::StatusOr<VisualSettings> ValidateVisualFlags(const VisualFlags& flags,
                                                   absl::Duration horizon) {
  VisualSettings settings;
  settings.timestamps = flags.timestamps;
  if (horizon != absl::InfiniteDuration()) {
    const int width = static_cast<int>(
        absl::StrFormat("%.3f", absl::ToDoubleSeconds(horizon)).size());
    settings.timestamp_width = std::max(settings.timestamp_width, width);
  }
  settings.timeline = flags.timeline;
  settings.ties = flags.ties;
  settings.trace_path = flags.trace;
  settings.svg_path = flags.svg;
  settings.html_path = flags.html;
  // One regular file cannot hold two of them (/dev/null can).
  const std::pair<const char*, const std::optional<std::string>*> files[] = {
      {"--trace", &flags.trace},
      {"--svg", &flags.svg},
      {"--html", &flags.html}};
  for (size_t i = 0; i < std::size(files); ++i) {
    for (size_t j = i + 1; j < std::size(files); ++j) {
      const std::optional<std::string>& a = *files[i].second;
      struct stat file;
      if (a.has_value() && a == *files[j].second &&
          (::stat(a->c_str(), &file) != 0 || S_ISREG(file.st_mode))) {
        return absl::InvalidArgumentError(
            absl::StrCat(files[i].first, " and ", files[j].first, " both name ",
                         PythonRepr(*a), ": each needs a file of its own"));
      }
    }
  }
  if (flags.speed.has_value()) {
    std::optional<double> speed = ParseAmount(*flags.speed);
    if (!speed.has_value() || !std::isfinite(*speed) || *speed <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--speed: expected a number of virtual seconds per real second > 0, "
          "got ",
          PythonRepr(*flags.speed)));
    }
    settings.speed = *speed;
  }
  return settings;
}

VisualRun::VisualRun(const VisualSettings& settings, const VirtualClock& clock,
                     FdOutput& out, RealClock& real_clock, std::string title)
    : settings_(settings),
      clock_(clock),
      title_(std::move(title)),
      interrupt_handler_(settings.speed.has_value()
                             ? std::make_unique<ScopedInterruptHandler>()
                             : nullptr),
      pacer_(settings.speed.has_value()
                 ? std::make_unique<Pacer>(*settings.speed, real_clock,
                                           &InterruptFlag())
                 : nullptr),
      recorder_(settings.Records() ? std::make_unique<Recorder>() : nullptr),
      output_(clock, out,
              {.timestamps = settings.timestamps,
               .timestamp_width = settings.timestamp_width,
               .recorder = recorder_.get(),
               .pacer = pacer_.get()}) {}

absl::StatusOr<std::unique_ptr<VisualRun>> VisualRun::Start(
    const VisualSettings& settings, const VirtualClock& clock, FdOutput& out,
    RealClock& real_clock, std::string title) {
  if (absl::Status s = CheckWritable("--trace", settings.trace_path); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckWritable("--svg", settings.svg_path); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckWritable("--html", settings.html_path); !s.ok()) {
    return s;
  }
  return std::unique_ptr<VisualRun>(
      new VisualRun(settings, clock, out, real_clock, std::move(title)));
}

absl::Status VisualRun::Finish(std::ostream& err, int width,
                               std::string_view ending) {
  if (recorder_ == nullptr) return absl::OkStatus();
  recorder_->Finish(clock_.Now());
  recorder_->set_ending(interrupted() ? "interrupted" : ending);
  const Recording& recording = recorder_->recording();
  if (settings_.timeline) {
    err << RenderTimeline(recording, {.width = width});
  }
  if (settings_.ties) err << RenderTies(recording, width);
  err << std::flush;
  absl::Status status = Write("--trace", settings_.trace_path, [&] {
    return TraceJson(recording, {.title = title_});
  });
  absl::Status svg = Write("--svg", settings_.svg_path, [&] {
    return RenderSvg(recording, {.title = title_});
  });
  status.Update(svg);
  status.Update(Write("--html", settings_.html_path, [&] {
    return RenderHtml(recording, {.title = title_});
  }));
  return status;
}

}  // namespace asyncsim::cli
