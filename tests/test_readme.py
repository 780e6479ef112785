"""The README's configuration table must list every setting the app reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.sqlite
def test_readme_configuration_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "settings_table", ROOT / "scripts/settings_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text()
    assert module.readme_with_table(readme) == readme, (
        "README configuration table is stale: "
        "run `.venv/bin/python scripts/settings_table.py --write`"
    )
