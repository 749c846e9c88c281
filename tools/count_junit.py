#!/usr/bin/env python3
"""Counts gtest results from the JUnit XML that `bazel test` leaves behind.

Usage: count_junit.py TESTLOGS_DIR LABEL...

Prints `P F S` (passed, failed, skipped test cases) for the given test
targets. A target with no test.xml (it did not build, or did not run) counts
as one failed case, so a broken build can never read as green. Only the
named targets are read, so stale results of deleted tests are ignored.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET


def count_target(testlogs: pathlib.Path, label: str):
    package, _, name = label.lstrip("/").partition(":")
    target_dir = testlogs / package / name
    xmls = sorted(target_dir.glob("**/test.xml")) if target_dir.is_dir() else []
    if not xmls:
        return 0, 1, 0
    passed = failed = skipped = 0
    for xml in xmls:
        try:
            root = ET.parse(xml).getroot()
        except ET.ParseError:
            failed += 1
            continue
        cases = list(root.iter("testcase"))
        if not cases:
            failed += 1
            continue
        for case in cases:
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.get("result") == "skipped" or case.get("status") == "notrun":
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    testlogs = pathlib.Path(sys.argv[1])
    totals = [0, 0, 0]
    for label in sys.argv[2:]:
        for i, n in enumerate(count_target(testlogs, label)):
            totals[i] += n
    print(*totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
