"""The README's configuration table must list every setting the app reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.sqlite
def test_readme_configuration_table_is_current() -> None:
    module = load_script("settings_table")
    readme = (ROOT / "README.md").read_text()
    assert module.readme_with_table(readme) == readme, (
        "README configuration table is stale: "
        "run `.venv/bin/python scripts/settings_table.py --write`"
    )
