"""The soft 400-line limit (scripts/check_file_size.py, run by `make lint`)."""

from __future__ import annotations

from tests.scripts import load_script

checker = load_script("check_file_size")


def test_a_new_file_over_the_limit_fails_the_check() -> None:
    findings = checker.check(
        [("src/moodlens/new.py", 401), ("src/moodlens/small.py", 400)], to_split=(), exempt=()
    )
    assert findings.too_long == [("src/moodlens/new.py", 401)]
    assert not findings.ok


def test_files_on_the_to_split_list_are_reported_not_hidden() -> None:
    findings = checker.check([("src/moodlens/big.py", 900)], to_split=("src/moodlens/big.py",))
    assert findings.ok
    assert findings.to_split == [("src/moodlens/big.py", 900)]


def test_a_split_file_is_named_for_removal_from_the_list() -> None:
    findings = checker.check(
        [("src/moodlens/was_big.py", 120)],
        to_split=("src/moodlens/was_big.py", "src/moodlens/gone.py"),
    )
    assert findings.split_done == ["src/moodlens/was_big.py", "src/moodlens/gone.py"]


def test_generated_and_data_files_do_not_count() -> None:
    findings = checker.check(
        [
            ("web/src/client/schema.d.ts", 8000),
            ("migrations/versions/0001_initial.py", 600),
            ("src/moodlens/content/templates.yaml", 2000),
        ]
    )
    assert findings.ok and not findings.to_split
