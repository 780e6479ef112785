"""Print the README's configuration table from the Settings class (one source of truth)."""

from __future__ import annotations

from moodlens.config import Settings


def settings_table() -> str:
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        shown = "(unset)" if default is None else f"`{default}`"
        rows.append(f"| `MOODLENS_{name.upper()}` | {shown} | {field.description} |")
    return "\n".join(rows)


START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def readme_with_table(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{settings_table()}\n{END}{tail}"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if "--write" in sys.argv:
        path = Path(__file__).resolve().parents[1] / "README.md"
        path.write_text(readme_with_table(path.read_text()))
    else:
        print(settings_table())
