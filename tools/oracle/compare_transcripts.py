#!/usr/bin/env python3
"""Compare the seed document's transcripts with the oracle's output.

    python3 tools/oracle/compare_transcripts.py [--python EXE] [--verbose]

For each line of tests/golden/transcripts/commands.txt, runs the oracle on
that command and compares its stdout with <name>.txt line by line. Allowed
differences, and only these:

* the script name: the document saved every program as `tmp.py`;
* os.urandom hex items (`<f1cfedbead>`): real randomness in the document,
  a deterministic stream in the oracle; same length, and each document item
  must stand for one and the same oracle item on every line (so the right
  consumer gets the right item);
* durations (numbers with a fraction, like `8.01` or `0.00031`): real
  jitter in the document; must agree within 0.02.

A leading `$ python tmp.py ...` line (the command) and trailing blank lines
of a transcript are not output and are skipped. Every line that is not
byte-identical is reported with both texts. Exit status 1 if any line
differs beyond the allowances (or the line counts differ).
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gen_goldens  # noqa: E402  (case-file parser and oracle runner)

TRANSCRIPTS = os.path.join(ROOT, "tests", "golden", "transcripts")
TOLERANCE = 0.02
TOKEN = re.compile(r"(<[0-9a-f]+>|\d+\.\d+)")


def transcript_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[0].startswith("$ "):
        lines = lines[1:]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def compare_line(doc, got, script, hexmap):
    """Return (ok, reasons) for one transcript line vs the oracle's line.

    ``hexmap`` maps the document's urandom items to the oracle's, so that an
    item must be the same one wherever it appears (a bijection).
    """
    reasons = []
    if "tmp.py" in doc:
        doc = doc.replace("tmp.py", script)
        reasons.append("script name")
    a, b = TOKEN.split(doc), TOKEN.split(got)
    if len(a) != len(b):
        return False, ["text"]
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if i % 2 == 0:  # plain text between tokens
            return False, ["text"]
        if x.startswith("<") and y.startswith("<"):
            if len(x) != len(y):
                return False, ["urandom hex length"]
            if hexmap.setdefault(x, y) != y or \
                    hexmap.setdefault("oracle" + y, x) != x:
                return False, [f"urandom item {x} is {hexmap[x]} elsewhere"]
            reasons.append("urandom hex")
        elif x[0].isdigit() and y[0].isdigit():
            delta = abs(float(x) - float(y))
            if delta > TOLERANCE + 1e-12:
                return False, [f"duration off by {delta:.5f}"]
            reasons.append(f"duration {x} vs {y}")
        else:
            return False, ["text"]
    return True, reasons


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--verbose", action="store_true",
                    help="print every line, not only the differing ones")
    opts = ap.parse_args()

    failures = 0
    cases = gen_goldens.parse_cases(os.path.join(TRANSCRIPTS, "commands.txt"))
    for case in cases:
        program = os.path.join(gen_goldens.PROGRAMS, case.scenario + ".py")
        status, out, err = gen_goldens.run_oracle(opts.python, program,
                                                  case.seed, case.args)
        got = out.decode("utf-8").split("\n")
        while got and got[-1] == "":
            got.pop()
        doc = transcript_lines(os.path.join(TRANSCRIPTS, case.name + ".txt"))
        cmd = " ".join([f"{case.scenario}.py", *case.args])
        print(f"== {case.name}: {cmd} (seed {case.seed}), exit {status}, "
              f"{len(doc)} transcript lines, {len(got)} oracle lines")
        identical = tolerated = bad = 0
        hexmap = {}
        for i in range(max(len(doc), len(got))):
            d = doc[i] if i < len(doc) else None
            g = got[i] if i < len(got) else None
            if d is not None and g is not None:
                if d == g:
                    identical += 1
                    if opts.verbose:
                        print(f"   {i + 1:3} same  {g}")
                    continue
                ok, reasons = compare_line(d, g, case.scenario + ".py", hexmap)
            else:
                ok, reasons = False, ["missing line"]
            tag = "ok  " if ok else "DIFF"
            tolerated += ok
            bad += not ok
            print(f"   {i + 1:3} {tag}  transcript: {d}")
            print(f"   {'':3}       oracle:     {g}")
            print(f"   {'':3}       ({', '.join(reasons)})")
        print(f"   {identical} identical, {tolerated} equal up to the "
              f"allowances, {bad} differing")
        if status != 0:
            print(f"   oracle exit status {status}:\n"
                  + err.decode("utf-8", "replace"))
            bad += 1
        failures += bad
    print("transcripts match" if not failures
          else f"{failures} line(s) differ beyond the allowances")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
