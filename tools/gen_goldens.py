#!/usr/bin/env python3
"""Regenerate the golden files from CPython, via the oracle (tools/oracle).

    python3 tools/gen_goldens.py            rewrite every golden file
    python3 tools/gen_goldens.py --check    regenerate into a temp dir and
                                            diff; exit 1 if anything differs
    options: --python EXE   run the oracle under another interpreter
             --jobs N       parallel runs (default: CPU count)
             --only WHICH   `golden` or `cpython` (default: both)

Two sets of goldens (formats in tests/golden/README.md and
tests/cpython/README.md):

* tests/golden/: one case a line in cases.txt (`name | scenario | seed |
  args`); the oracle runs tools/oracle/programs/<scenario>.py with that seed
  and those args, giving <name>.stdout (exact bytes) and <name>.status.
* tests/cpython/: each <name>.py is an engine-semantics order test; its
  stdout becomes <name>.golden. Directives in the program's comments:
  `# expect-status: N` (default 0; any other status is an error) and
  `# record-stderr` (stderr becomes <name>.stderr).

Goldens come from CPython only. Runs use PYTHONHASHSEED=0 and UTF-8 output,
without asyncio debug mode.
"""

import argparse
import concurrent.futures
import filecmp
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE = os.path.join(ROOT, "tools", "oracle", "run.py")
PROGRAMS = os.path.join(ROOT, "tools", "oracle", "programs")
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden")
CASES = os.path.join(GOLDEN_DIR, "cases.txt")
CPYTHON_DIR = os.path.join(ROOT, "tests", "cpython")
TIMEOUT = 60  # seconds of real time per run
NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


class Case:
    def __init__(self, name, scenario, seed, args, lineno):
        self.name, self.scenario, self.seed = name, scenario, seed
        self.args, self.lineno = args, lineno


def parse_cases(path):
    """Parse a case file: `name | scenario | seed | args`, `#` comments."""
    cases, names = [], set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            fields = [x.strip() for x in text.split("|")]
            if len(fields) != 4:
                raise SystemExit(f"{path}:{lineno}: want 4 `|`-separated "
                                 f"fields, got {len(fields)}")
            name, scenario, seed, args = fields
            if not NAME_RE.match(name) or name in names:
                raise SystemExit(f"{path}:{lineno}: bad or duplicate name "
                                 f"{name!r}")
            if not NAME_RE.match(scenario):
                raise SystemExit(f"{path}:{lineno}: bad scenario {scenario!r}")
            try:
                seed = int(seed)
            except ValueError:
                raise SystemExit(f"{path}:{lineno}: seed {seed!r} is not an "
                                 f"int") from None
            names.add(name)
            cases.append(Case(name, scenario, seed, args.split(), lineno))
    return cases


def oracle_env():
    env = dict(os.environ)
    for var in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS",
                "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONPATH"):
        env.pop(var, None)
    env.update(PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8",
               PYTHONDONTWRITEBYTECODE="1", PYTHONUTF8="1")
    return env


def run_oracle(python, program, seed, args):
    """Run the oracle; return (status, stdout bytes, stderr bytes)."""
    cmd = [python, ORACLE, "--seed", str(seed), program, *args]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                          env=oracle_env(), cwd=ROOT, timeout=TIMEOUT)
    return proc.returncode, proc.stdout, proc.stderr


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def expectations(program):
    """The `# expect-status: N` and `# record-stderr` directives."""
    status, stderr = 0, False
    with open(program, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*#\s*expect-status:\s*(-?\d+)\s*$", line)
            if m:
                status = int(m.group(1))
            if re.match(r"\s*#\s*record-stderr\s*$", line):
                stderr = True
    return status, stderr


def golden_jobs(out_dir, python):
    """(label, thunk) pairs; each thunk writes its files, returns errors."""
    jobs = []
    for case in parse_cases(CASES):
        program = os.path.join(PROGRAMS, case.scenario + ".py")
        if not os.path.isfile(program):
            raise SystemExit(f"{CASES}:{case.lineno}: no program {program}")

        def job(case=case, program=program):
            status, out, err = run_oracle(python, program, case.seed,
                                          case.args)
            write(os.path.join(out_dir, case.name + ".stdout"), out)
            write(os.path.join(out_dir, case.name + ".status"),
                  f"{status}\n".encode())
            if status not in (0, 3):
                return [f"case {case.name}: status {status}\n"
                        + err.decode("utf-8", "replace")]
            return []
        jobs.append((case.name, job))
    return jobs


def cpython_jobs(out_dir, python):
    jobs = []
    entries = os.listdir(CPYTHON_DIR) if os.path.isdir(CPYTHON_DIR) else []
    for entry in sorted(entries):
        if not entry.endswith(".py"):
            continue
        name = entry[:-3]
        program = os.path.join(CPYTHON_DIR, entry)

        def job(name=name, program=program):
            want_status, want_stderr = expectations(program)
            status, out, err = run_oracle(python, program, 444, [])
            write(os.path.join(out_dir, name + ".golden"), out)
            if want_stderr:
                write(os.path.join(out_dir, name + ".stderr"), err)
            errors = []
            if status != want_status:
                errors.append(f"{name}: status {status}, expected "
                              f"{want_status}\n"
                              + err.decode("utf-8", "replace"))
            elif err and not want_stderr and want_status == 0:
                errors.append(f"{name}: unexpected stderr\n"
                              + err.decode("utf-8", "replace"))
            return errors
        jobs.append((name, job))
    return jobs


def generated_names(directory, suffixes):
    if not os.path.isdir(directory):
        return set()
    return {e for e in os.listdir(directory) if e.endswith(suffixes)}


def compare_dirs(fresh, committed, suffixes):
    """Differences between freshly generated files and the committed ones."""
    problems = []
    new = generated_names(fresh, suffixes)
    old = generated_names(committed, suffixes)
    for name in sorted(new - old):
        problems.append(f"missing: {os.path.join(committed, name)}")
    for name in sorted(old - new):
        problems.append(f"stale (no case produces it): "
                        f"{os.path.join(committed, name)}")
    for name in sorted(new & old):
        a, b = os.path.join(fresh, name), os.path.join(committed, name)
        if not filecmp.cmp(a, b, shallow=False):
            problems.append(f"differs: {b}")
            problems.extend(_first_difference(a, b))
    return problems


def _first_difference(fresh, committed):
    with open(fresh, "rb") as f:
        new = f.read().splitlines(keepends=True)
    with open(committed, "rb") as f:
        old = f.read().splitlines(keepends=True)
    for i in range(max(len(new), len(old))):
        n = new[i] if i < len(new) else b"<end of file>"
        o = old[i] if i < len(old) else b"<end of file>"
        if n != o:
            return [f"    line {i + 1}: committed {o!r}",
                    f"    line {i + 1}: CPython   {n!r}"]
    return []


SETS = {
    # name: (committed dir, job factory, generated suffixes)
    "golden": (GOLDEN_DIR, golden_jobs, (".stdout", ".status")),
    "cpython": (CPYTHON_DIR, cpython_jobs, (".golden", ".stderr")),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and diff")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter that runs the oracle")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", choices=sorted(SETS), action="append")
    opts = ap.parse_args()
    started = time.monotonic()

    selected = opts.only or sorted(SETS)
    problems, count = [], 0
    with tempfile.TemporaryDirectory(prefix="goldens-") as tmp:
        jobs, targets = [], {}
        for which in selected:
            committed, factory, suffixes = SETS[which]
            out_dir = os.path.join(tmp, which) if opts.check else committed
            os.makedirs(out_dir, exist_ok=True)
            targets[which] = out_dir
            if not opts.check:  # drop old outputs so stale files vanish
                for name in generated_names(committed, suffixes):
                    os.remove(os.path.join(committed, name))
            jobs.extend(factory(out_dir, opts.python))
        with concurrent.futures.ThreadPoolExecutor(opts.jobs) as pool:
            futures = {pool.submit(job): label for label, job in jobs}
            for fut in concurrent.futures.as_completed(futures):
                problems.extend(fut.result())
        count = len(jobs)
        if opts.check:
            for which in selected:
                committed, _, suffixes = SETS[which]
                problems.extend(compare_dirs(targets[which], committed,
                                             suffixes))

    elapsed = time.monotonic() - started
    for p in problems:
        print(p, file=sys.stderr)
    verb = "checked" if opts.check else "generated"
    state = "FAILED" if problems else "ok"
    print(f"{verb} {count} goldens ({', '.join(selected)}) with "
          f"{opts.python} in {elapsed:.1f}s: {state}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
