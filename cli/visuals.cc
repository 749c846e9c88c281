#include "cli/visuals.h"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
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
#include "cli/interrupt.h"
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

// Opens `path` for writing, or says why it cannot be.
absl::Status Open(std::string_view option,
                  const std::optional<std::string>& path, std::ofstream& file) {
  if (!path.has_value()) return absl::OkStatus();
  errno = 0;
  file.open(*path, std::ios::binary | std::ios::trunc);
  if (file) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: cannot write %s: %s", std::string(option), PythonRepr(*path),
      errno != 0 ? std::strerror(errno) : "cannot open"));
}

// Writes what `render` makes to `file`, opened for `path`.
template <typename Render>
absl::Status Write(std::string_view option,
                   const std::optional<std::string>& path, std::ofstream& file,
                   Render render) {
  if (!path.has_value()) return absl::OkStatus();
  file << render();
  file.close();
  if (file) return absl::OkStatus();
  return absl::InternalError(absl::StrFormat(
      "%s: writing %s failed", std::string(option), PythonRepr(*path)));
}

}  // namespace

void AddVisualFlags(CLI::App& app, VisualFlags& flags) {
  const auto last = CLI::MultiOptionPolicy::TakeLast;
  app.add_flag("--timestamps", flags.timestamps,
               "Prefix each printed line with its virtual time: [  4.000] "
               "(seconds, right-aligned in 7 characters, or wider for "
               "--until)")
      ->multi_option_policy(last);
  app.add_flag("--timeline", flags.timeline,
               "After the run, draw the tasks' timeline on stderr: one row per "
               "task, marks for running, sleeping, waiting, done (legend "
               "included; as wide as the terminal)")
      ->multi_option_policy(last);
  app.add_flag("--ties", flags.ties,
               "After the run, list on stderr the instants where tasks woke "
               "together, whose order real CPython may break differently")
      ->multi_option_policy(last);
  app.add_option("--trace", flags.trace,
                 "Write a Chrome Trace Event JSON file (Perfetto, "
                 "chrome://tracing): a track per task, spans for sleeps and "
                 "waits, an instant per printed line; virtual microseconds")
      ->type_name("FILE")
      ->multi_option_policy(last);
  app.add_option("--svg", flags.svg, "Write the timeline as an SVG picture")
      ->type_name("FILE")
      ->multi_option_policy(last);
  app.add_option("--speed", flags.speed,
                 "Replay in real time, X virtual seconds per real second (1: "
                 "as slow as the real program); Ctrl-C stops (exit status "
                 "130). Default: instant")
      ->type_name("X")
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
  // One regular file cannot hold both (/dev/null can).
  struct stat file;
  if (flags.trace.has_value() && flags.trace == flags.svg &&
      (::stat(flags.trace->c_str(), &file) != 0 || S_ISREG(file.st_mode))) {
    return absl::InvalidArgumentError(
        absl::StrCat("--trace and --svg both name ", PythonRepr(*flags.trace),
                     ": each needs a file of its own"));
  }
  if (flags.speed.has_value()) {
    double speed;
    if (!absl::SimpleAtod(*flags.speed, &speed) || !std::isfinite(speed) ||
        speed <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--speed: expected a number of virtual seconds per real second > 0, "
          "got ",
          PythonRepr(*flags.speed)));
    }
    settings.speed = speed;
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
  std::ofstream trace_file;
  std::ofstream svg_file;
  if (absl::Status s = Open("--trace", settings.trace_path, trace_file);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Open("--svg", settings.svg_path, svg_file); !s.ok()) {
    return s;
  }
  std::unique_ptr<VisualRun> run(
      new VisualRun(settings, clock, out, real_clock, std::move(title)));
  run->trace_file_ = std::move(trace_file);
  run->svg_file_ = std::move(svg_file);
  return run;
}

absl::Status VisualRun::Finish(std::ostream& err, int width) {
  if (recorder_ == nullptr) return absl::OkStatus();
  const Recording& recording = recorder_->Finish(clock_.Now());
  if (settings_.timeline) {
    err << RenderTimeline(recording, {.width = width});
  }
  if (settings_.ties) err << RenderTies(recording, width);
  err << std::flush;
  absl::Status status =
      Write("--trace", settings_.trace_path, trace_file_,
            [&] { return TraceJson(recording, {.title = title_}); });
  absl::Status svg = Write("--svg", settings_.svg_path, svg_file_, [&] {
    return RenderSvg(recording, {.title = title_});
  });
  status.Update(svg);
  return status;
}

}  // namespace asyncsim::cli
