#include "cli/trace_json.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/text_escape.h"
#include "engine/observer.h"

namespace asyncsim::cli {
namespace {

// The tid of lines printed outside any task.
constexpr int kOutsideTid = 0;

// A JSON string literal.
std::string Quote(std::string_view text) {
  return absl::StrCat("\"", JsonEscape(text), "\"");
}

// Virtual microseconds: whole when they are, else with the nanoseconds.
std::string Micros(absl::Duration t) {
  const int64_t nanos = absl::ToInt64Nanoseconds(t);
  if (nanos % 1000 == 0) return absl::StrCat(nanos / 1000);
  return absl::StrFormat("%d.%03d", nanos / 1000, nanos % 1000);
}

class EventWriter {
 public:
  explicit EventWriter(std::string& out) : out_(out) {}

  // One event: `fields` are `"key":value` pairs, already encoded.
  void Add(const std::vector<std::string>& fields) {
    absl::StrAppend(&out_, first_ ? "" : ",\n", "{", absl::StrJoin(fields, ","),
                    "}");
    first_ = false;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// `"key":encoded`.
std::string Field(const std::string& key, const std::string& encoded) {
  return absl::StrCat(Quote(key), ":", encoded);
}

void AddThread(EventWriter& events, int tid, std::string_view name,
               int sort_index) {
  const std::string pid_tid = absl::StrCat("\"pid\":1,\"tid\":", tid);
  events.Add(
      {Field("name", Quote("thread_name")), Field("ph", Quote("M")), pid_tid,
       Field("args", absl::StrCat("{", Field("name", Quote(name)), "}"))});
  events.Add(
      {Field("name", Quote("thread_sort_index")), Field("ph", Quote("M")),
       pid_tid,
       Field("args", absl::StrCat("{\"sort_index\":", sort_index, "}"))});
}

void AddLine(EventWriter& events, const PrintedLine& line, int tid) {
  events.Add(
      {Field("name", Quote(line.text)), Field("cat", Quote("print")),
       Field("ph", Quote("i")), Field("s", Quote("t")),
       absl::StrCat("\"pid\":1,\"tid\":", tid), Field("ts", Micros(line.time)),
       Field("args", absl::StrCat("{", Field("text", Quote(line.text)), "}"))});
}

// The trace's categories, one word each: "task" (a task's life), "sleep",
// "queue", "await" (a task, gather or wait_for), "sync" (event, lock,
// semaphore, condition, future), "print", "tie" and "flow" (a queue item
// from its put to its get).
std::string_view CategoryName(WaitCategory category) {
  switch (category) {
    case WaitCategory::kSleep:
      return "sleep";
    case WaitCategory::kQueue:
      return "queue";
    case WaitCategory::kTask:
      return "await";
    case WaitCategory::kOther:
      return "sync";
  }
  return "sync";
}

// "item 3", "item 3 of queue 2": counted from 1; a queue is named only when
// there are several.
std::string ItemName(const Flow& flow, bool several_queues) {
  if (!several_queues) return absl::StrCat("item ", flow.item + 1);
  return absl::StrCat("item ", flow.item + 1, " of queue ", flow.queue + 1);
}

// One item's flow, number `id`: on each end a slice of no duration (cat
// "flow", named "put item 3" / "get item 3") for the flow event to bind
// to, then the flow event itself, of the same cat, tid and ts. Perfetto
// binds a flow event to the innermost slice open on its thread when it
// reads the event (at one timestamp it reads slices of no duration and
// flow events in file order, after the longer slices), DevTools to the
// slice of the same cat, tid and ts: either way this slice, and never a
// wait that ends or begins at that instant.
void AddFlow(EventWriter& events, const Recording& recording, const Flow& flow,
             int id, bool several_queues) {
  const std::string item = ItemName(flow, several_queues);
  const std::string& putter = recording.tasks[flow.putter].name;
  const std::string& getter = recording.tasks[flow.getter].name;
  const std::string args = absl::StrCat(
      "{", Field("queue", absl::StrCat(flow.queue + 1)), ",",
      Field("item", absl::StrCat(flow.item + 1)), ",",
      Field("put_by", Quote(putter)), ",", Field("got_by", Quote(getter)), "}");
  const std::string flow_id = absl::StrCat(id);
  const struct {
    const char* what;
    int task;
    absl::Duration time;
    const char* ph;
  } ends[] = {{"put ", flow.putter, flow.put, "s"},
              {"get ", flow.getter, flow.got, "f"}};
  for (const auto& end : ends) {
    const std::string pid_tid =
        absl::StrCat("\"pid\":1,\"tid\":", end.task + 1);
    const std::string ts = Micros(end.time);
    events.Add({Field("name", Quote(absl::StrCat(end.what, item))),
                Field("cat", Quote("flow")), Field("ph", Quote("X")), pid_tid,
                Field("ts", ts), Field("dur", "0"), Field("args", args)});
    std::vector<std::string> fields = {Field("name", Quote(item)),
                                       Field("cat", Quote("flow")),
                                       Field("ph", Quote(end.ph)),
                                       Field("id", flow_id),
                                       pid_tid,
                                       Field("ts", ts)};
    // The end binds to the enclosing slice, not to the next one to begin.
    if (std::string_view(end.ph) == "f") {
      fields.push_back(Field("bp", Quote("e")));
    }
    events.Add(fields);
  }
}

}  // namespace

std::string TraceJson(const Recording& recording, const TraceOptions& options) {
  std::string out =
      "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"clock\":\"virtual "
      "time\"},\n\"traceEvents\":[\n";
  EventWriter events(out);
  events.Add(
      {Field("name", Quote("process_name")), Field("ph", Quote("M")),
       "\"pid\":1",
       Field("args",
             absl::StrCat("{", Field("name", Quote(options.title)), "}"))});
  bool outside = false;
  for (const PrintedLine& line : recording.lines) outside |= line.task < 0;
  if (outside) AddThread(events, kOutsideTid, "outside the event loop", 0);

  for (size_t i = 0; i < recording.tasks.size(); ++i) {
    const TaskTrack& task = recording.tasks[i];
    const int tid = static_cast<int>(i) + 1;
    const std::string pid_tid = absl::StrCat("\"pid\":1,\"tid\":", tid);
    AddThread(events, tid, task.name, tid);
    const std::string outcome =
        task.outcome.has_value() ? std::string(TaskOutcomeName(*task.outcome))
                                 : "pending";
    events.Add(
        {Field("name", Quote(task.name)), Field("cat", Quote("task")),
         Field("ph", Quote("X")), pid_tid, Field("ts", Micros(task.created)),
         Field("dur", Micros(task.end - task.created)),
         Field("args",
               absl::StrCat("{", Field("outcome", Quote(outcome)), "}"))});
    for (const Wait& wait : task.waits) {
      events.Add(
          {Field("name", Quote(wait.what)),
           Field("cat", Quote(CategoryName(CategoryOf(wait.kind)))),
           Field("ph", Quote("X")), pid_tid, Field("ts", Micros(wait.start)),
           Field("dur", Micros(wait.end - wait.start)),
           Field("args",
                 absl::StrCat("{", Field("waits_on", Quote(wait.what)), ",",
                              Field("kind", Quote(WaitKindName(wait.kind))),
                              "}"))});
    }
  }
  for (const PrintedLine& line : recording.lines) {
    AddLine(events, line, line.task < 0 ? kOutsideTid : line.task + 1);
  }
  for (const Tie& tie : recording.ties) {
    std::vector<std::string> names;
    for (int task : tie.tasks) names.push_back(recording.tasks[task].name);
    const std::string woke = absl::StrJoin(names, ", ");
    std::vector<std::string> quoted;
    for (const std::string& name : names) quoted.push_back(Quote(name));
    events.Add({Field("name", Quote(absl::StrCat("tie: ", woke))),
                Field("cat", Quote("tie")), Field("ph", Quote("i")),
                Field("s", Quote("g")), "\"pid\":1,\"tid\":0",
                Field("ts", Micros(tie.time)),
                Field("args", absl::StrCat("{\"tasks\":[",
                                           absl::StrJoin(quoted, ","), "]}"))});
  }
  bool several_queues = false;
  for (const Flow& flow : recording.flows) several_queues |= flow.queue != 0;
  int id = 0;
  for (const Flow& flow : recording.flows) {
    // An item put or got outside any task has no thread to start or end on.
    if (flow.putter < 0 || flow.getter < 0) continue;
    AddFlow(events, recording, flow, ++id, several_queues);
  }
  out.append("\n]}\n");
  return out;
}

}  // namespace asyncsim::cli
