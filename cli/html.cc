#include "cli/html.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/recorder.h"
#include "cli/svg.h"
#include "cli/text_escape.h"
#include "cli/time_axis.h"

namespace asyncsim::cli {
namespace {

constexpr char kStyle[] = R"css(
body { margin: 0; font: 14px/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif;
  color: #222; background: #fafafa; }
header { padding: 10px 16px; background: #fff; border-bottom: 1px solid #ddd;
  position: sticky; top: 0; z-index: 1; }
h1 { font-size: 16px; margin: 0 0 6px; font-family: "DejaVu Sans Mono",
  Menlo, Consolas, monospace; }
h2 { font-size: 13px; margin: 0 0 6px; color: #555; text-transform: uppercase;
  letter-spacing: .05em; }
.controls { display: flex; gap: 12px; align-items: center; }
#scrub { width: 420px; max-width: 60vw; }
output { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
main { display: flex; gap: 16px; padding: 16px; align-items: flex-start; }
#stdout { flex: 0 1 44%; min-width: 280px; }
#timeline { flex: 1 1 56%; overflow-x: auto; }
#timeline svg { max-width: 100%; height: auto; background: #fff;
  border: 1px solid #ddd; }
ol { list-style: none; margin: 0; padding: 0; background: #fff;
  border: 1px solid #ddd; font-family: "DejaVu Sans Mono", Menlo, Consolas,
  monospace; font-size: 12px; }
li { padding: 1px 8px; white-space: pre-wrap; word-break: break-word;
  border-bottom: 1px solid #f0f0f0; }
li .t { color: #888; }
li .who { color: #1f77b4; }
li.future { opacity: .25; }
li.hl { background: #ffeb99; }
svg.focus g.task { opacity: .25; }
svg.focus g.task.hl { opacity: 1; }
g.task.hl rect { stroke: #000; stroke-width: 1px; }
)css";

// The page's behaviour; see html.h. No network, no libraries.
constexpr char kScript[] = R"js(
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function (e) {
    body.setAttribute("data-error", String(e.message));
  });
  var svg = document.querySelector("#timeline svg");
  var num = function (name) { return parseFloat(svg.getAttribute(name)); };
  var x0 = num("data-x0"), x1 = num("data-x1"), end = num("data-end");
  var top = num("data-top"), bottom = num("data-bottom");
  var cursor = document.createElementNS("http://www.w3.org/2000/svg", "line");
  cursor.setAttribute("stroke", "#1f77b4");
  cursor.setAttribute("stroke-width", "2");
  cursor.setAttribute("y1", String(top));
  cursor.setAttribute("y2", String(bottom));
  svg.appendChild(cursor);
  var lines = Array.prototype.slice.call(document.querySelectorAll("#lines li"));
  var tasks = {};
  Array.prototype.forEach.call(svg.querySelectorAll("g.task"), function (g) {
    tasks[g.getAttribute("data-task")] = g;
  });
  var scrub = document.getElementById("scrub");
  var now = document.getElementById("now");
  function show(t) {
    var x = end > 0 ? x0 + (x1 - x0) * t / end : x0;
    cursor.setAttribute("x1", String(x));
    cursor.setAttribute("x2", String(x));
    now.textContent = t.toFixed(3) + " s";
    lines.forEach(function (li) {
      li.classList.toggle("future", parseFloat(li.getAttribute("data-time")) > t);
    });
  }
  function highlight(task, on) {
    svg.classList.toggle("focus", on);
    if (tasks[task]) tasks[task].classList.toggle("hl", on);
    lines.forEach(function (li) {
      if (li.getAttribute("data-task") === task) li.classList.toggle("hl", on);
    });
  }
  lines.forEach(function (li) {
    var task = li.getAttribute("data-task");
    li.addEventListener("mouseenter", function () { highlight(task, true); });
    li.addEventListener("mouseleave", function () { highlight(task, false); });
  });
  Object.keys(tasks).forEach(function (task) {
    tasks[task].addEventListener("mouseenter", function () { highlight(task, true); });
    tasks[task].addEventListener("mouseleave", function () { highlight(task, false); });
  });
  scrub.addEventListener("input", function () { show(parseFloat(scrub.value)); });
  var playing = 0;
  document.getElementById("play").addEventListener("click", function () {
    var id = ++playing;
    var span = Math.max(5, Math.min(30, end)) * 1000;  // ms of real time
    var start = performance.now();
    function frame(clock) {
      if (id !== playing) return;
      var t = Math.min(end, end * (clock - start) / span);
      scrub.value = String(t);
      show(t);
      if (end > t) requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  });
  // A link may name a moment and a task: page.html#t=14&task=2.
  var start_at = end;
  location.hash.slice(1).split("&").forEach(function (part) {
    var kv = part.split("=");
    if (kv[0] === "t" && isFinite(parseFloat(kv[1]))) {
      start_at = Math.max(0, Math.min(end, parseFloat(kv[1])));
    }
    if (kv[0] === "task" && tasks[kv[1]]) highlight(kv[1], true);
  });
  scrub.value = String(start_at);
  show(start_at);
  body.setAttribute("data-lines", String(lines.length));
  body.setAttribute("data-rows", String(Object.keys(tasks).length));
  body.setAttribute("data-ready", "1");
})();
)js";

// Seconds with three decimals.
std::string Seconds(absl::Duration t) {
  return SecondsLabel(t, absl::Milliseconds(1));
}

}  // namespace

std::string RenderHtml(const Recording& recording, const HtmlOptions& options) {
  const std::string title = XmlEscape(options.title);
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>",
      title, "</title>\n<style>", kStyle, "</style>\n</head>\n",
      "<body data-ready=\"0\">\n<header>\n<h1>", title, "</h1>\n",
      "<div class=\"controls\"><label for=\"scrub\">virtual time</label> "
      "<input type=\"range\" id=\"scrub\" min=\"0\" max=\"",
      Seconds(recording.end), "\" step=\"0.001\" value=\"",
      Seconds(recording.end), "\"/> <output id=\"now\">",
      Seconds(recording.end),
      " s</output> <button id=\"play\" type=\"button\">play</button>");
  if (!recording.ending.empty()) {
    absl::StrAppend(&html, " <strong class=\"ending\">",
                    XmlEscape(recording.ending), " at ", Seconds(recording.end),
                    " s</strong>");
  }
  absl::StrAppend(&html,
                  "</div>\n</header>\n<main>\n<section id=\"stdout\">"
                  "<h2>Output</h2>\n<ol id=\"lines\">\n");
  for (const PrintedLine& line : recording.lines) {
    const std::string who =
        line.task < 0 ? "" : XmlEscape(recording.tasks[line.task].name);
    absl::StrAppend(&html, "<li class=\"line\" data-time=\"",
                    Seconds(line.time), "\" data-task=\"", line.task,
                    "\"><span class=\"t\">", Seconds(line.time),
                    "</span> <span class=\"who\">", who, "</span> ",
                    XmlEscape(line.text), "</li>\n");
  }
  std::string svg = RenderSvg(recording, {.title = options.title});
  // Inline: the XML declaration is for a file of its own.
  if (svg.starts_with("<?xml")) svg.erase(0, svg.find('\n') + 1);
  absl::StrAppend(&html,
                  "</ol>\n</section>\n<section id=\"timeline\">"
                  "<h2>Timeline</h2>\n",
                  svg, "</section>\n</main>\n<script>", kScript,
                  "</script>\n</body>\n</html>\n");
  return html;
}

}  // namespace asyncsim::cli
