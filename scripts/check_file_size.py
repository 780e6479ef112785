"""The soft limit on hand-written files (issue 16 §3): at most 400 lines each.

Run by `make lint`. A file over the limit fails the check unless it is
- generated or data (GENERATED_OR_DATA: nobody reads them top to bottom), or
- on the TO_SPLIT list: files that were over the limit when the check came in. They are
  printed on every run, so the debt stays visible; take a file off the list when it is split
  (the check says when one has come under the limit).

Usage: python scripts/check_file_size.py [--limit N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

LIMIT = 400

# Hand-written code and styles; data formats (YAML, JSON, fixtures' audio) are not counted.
SOURCE_SUFFIXES = (".py", ".ts", ".tsx", ".js", ".mjs", ".css", ".sh")

GENERATED_OR_DATA = (
    "web/src/client/schema.d.ts",  # generated from the OpenAPI schema (npm run gen:client)
    "migrations/versions/*",  # schema history: written once, never restructured
    "web/src/features/reports/testing/demoReport.ts",  # a whole report document, as data
    "web/src/features/progress/testing/demoProgress.ts",  # a progress document, as data
)

# Files over the limit when the check came in (2026-12-03), listed to be split. Empty since
# 2026-12-04: all 24 were split. Kept so a file that must wait can be listed, visibly, again.
TO_SPLIT: tuple[str, ...] = ()


class Findings:
    # A plain class: tests load this script by path, outside sys.modules, where a dataclass
    # cannot resolve its own module.
    def __init__(self) -> None:
        self.too_long: list[tuple[str, int]] = []
        self.to_split: list[tuple[str, int]] = []
        self.split_done: list[str] = []

    @property
    def ok(self) -> bool:
        return not self.too_long


def _matches(path: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch(path, pattern) for pattern in patterns)


def check(
    files: Iterable[tuple[str, int]],
    *,
    limit: int = LIMIT,
    to_split: Iterable[str] = TO_SPLIT,
    exempt: Iterable[str] = GENERATED_OR_DATA,
) -> Findings:
    """Sort (path, line count) pairs into over the limit, still to split, and split already."""
    to_split, exempt = tuple(to_split), tuple(exempt)
    findings = Findings()
    seen: set[str] = set()
    for path, lines in sorted(files):
        seen.add(path)
        if not path.endswith(SOURCE_SUFFIXES) or _matches(path, exempt):
            continue
        if path in to_split:
            if lines > limit:
                findings.to_split.append((path, lines))
            else:
                findings.split_done.append(path)
        elif lines > limit:
            findings.too_long.append((path, lines))
    # A listed file that was split into others (or deleted) is done too.
    findings.split_done.extend(p for p in to_split if p not in seen)
    return findings


def repository_files(root: Path) -> list[tuple[str, int]]:
    """Tracked files plus new ones not ignored, so a local run sees files not committed yet."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    files = []
    for name in sorted(set(listed)):
        path = root / name
        if name.endswith(SOURCE_SUFFIXES) and path.is_file():
            with path.open("rb") as handle:
                files.append((name, sum(1 for _ in handle)))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    findings = check(repository_files(root), limit=args.limit)
    if findings.to_split:
        print(f"To split (over {args.limit} lines when the check came in):")
        for path, lines in findings.to_split:
            print(f"  {lines:5d}  {path}")
    for path in findings.split_done:
        print(f"note: {path} is no longer over {args.limit} lines; take it off TO_SPLIT")
    if findings.too_long:
        print(f"Over the soft limit of {args.limit} lines (split the file, see issue 16):")
        for path, lines in findings.too_long:
            print(f"  {lines:5d}  {path}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
