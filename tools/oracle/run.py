#!/usr/bin/env python3
"""Run a Python program on CPython's asyncio with an ideal virtual clock.

    python3 tools/oracle/run.py [--seed N] [--max-iterations K] [--max-time T]
                                PROGRAM.py [program args...]

Prints exactly what the program prints. Exit status: the program's own
(0 normally, 1 uncaught exception, 2 argparse error, ...), 3 deadlock,
4 runaway (iteration or virtual-time guard). See tools/oracle/vclock.py and
tools/oracle/README.md.

Options must come before PROGRAM.py; everything after it goes to the program.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vclock  # noqa: E402

USAGE = ("usage: run.py [--seed N] [--max-iterations K] [--max-time T] "
         "PROGRAM.py [args...]\n")


def _parse_seed(text):
    try:
        return int(text)        # Python int syntax: -5, +3, 1_000, 007
    except ValueError:
        return int(text, 0)     # 0x.., 0o.., 0b..


def main(argv):
    seed = vclock.DEFAULT_SEED
    max_iterations = vclock.DEFAULT_MAX_ITERATIONS
    max_time = vclock.DEFAULT_MAX_TIME
    i = 0
    try:
        while i < len(argv) and argv[i].startswith("-"):
            opt = argv[i]
            if opt in ("-h", "--help"):
                sys.stdout.write(USAGE)
                return 0
            if opt == "--":
                i += 1
                break
            opt, eq, value = opt.partition("=")
            if not eq:
                i += 1
                value = argv[i]
            if opt == "--seed":
                seed = _parse_seed(value)
            elif opt == "--max-iterations":
                max_iterations = int(value)
            elif opt == "--max-time":
                max_time = float(value)
            else:
                raise ValueError(f"unknown option {opt}")
            i += 1
        if i >= len(argv):
            raise ValueError("missing PROGRAM.py")
    except (ValueError, IndexError) as exc:
        sys.stderr.write(f"run.py: {exc}\n{USAGE}")
        return 2
    program, args = argv[i], argv[i + 1:]
    vclock.run_program(program, args, seed=seed,
                       max_iterations=max_iterations, max_time=max_time)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
