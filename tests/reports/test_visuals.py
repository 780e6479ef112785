"""The PDF as a reader sees it (issue 15): rendered pages, not the HTML behind them.

Each page is rasterised with poppler's `pdftoppm` (the PNGs are written next to the test's
temporary files, for a person to open), and poppler's `pdftotext -bbox` gives where every
word landed on its page. The "Top strengths / Top improvements" block must not overlap
"Drills for next time", and the timeline's time axis must end at the session's real
length, not at the wall-clock end of the session.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.reports import render
from moodlens.reports.demo_data import Level
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = [
    pytest.mark.sqlite,
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
        reason="poppler-utils (pdftoppm, pdftotext) is installed by scripts/install-system-deps.sh",
    ),
]

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: Word) -> bool:
        return (
            self.page == other.page
            and self.x0 < other.x1
            and other.x0 < self.x1
            and self.y0 < other.y1
            and other.y0 < self.y1
        )


def words_of(pdf: Path) -> list[Word]:
    """Every word with its page and box, in the PDF's reading order."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    out: list[Word] = []
    for page, chunk in enumerate(html.split("<page ")[1:], start=1):
        for m in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            out.append(Word(page, x0, y0, x1, y1, m.group(5)))
    return out


def rasterise(pdf: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))


def _find(words: list[Word], phrase: str, start: int = 0) -> int:
    parts = phrase.split()
    for i in range(start, len(words) - len(parts) + 1):
        if [w.text for w in words[i : i + len(parts)]] == parts:
            return i
    raise AssertionError(f"{phrase!r} not in the PDF")


async def _pdf(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    levels: tuple[Level, ...],
    tmp_path: Path,
) -> tuple[Path, dict[str, Any]]:
    user = await factories.user(db)
    session = await factories.built_session(db, user, factories.plan(levels))
    r = await client.get(f"/v1/sessions/{session.id}/report", headers=auth_headers(user, settings))
    assert r.status_code == 200, r.text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render.report_pdf(r.json()))
    return pdf, r.json()


@pytest.mark.parametrize(
    "levels",
    [("weak", "fair", "strong", "fair", "weak"), ("strong", "weak", "fair", "strong", "fair")],
)
async def test_strengths_block_does_not_overlap_the_drills(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    tmp_path: Path,
    levels: tuple[Level, ...],
) -> None:
    pdf, rep = await _pdf(client, db, settings, levels, tmp_path)
    pages = rasterise(pdf)
    assert pages, "pdftoppm wrote no page"
    for png in pages:
        with Image.open(png) as im:
            # A real page: mostly white, with ink on it.
            histogram = im.convert("L").histogram()
            # Text in the report's grey (#5a6478, the sources list) is about 100 dark: a last
            # page holding only the sources has no pixel under 100.
            ink = sum(histogram[:160])
            paper = sum(histogram[200:])
            assert paper > ink > 0, png
    words = words_of(pdf)
    heading = words[_find(words, "Drills for next time")]
    # The same texts appear earlier among the factors of "Scores by area": look after the
    # block's own heading.
    block = _find(words, "Top strengths")
    items = [*rep["strengths"], *rep["improvements"]]
    assert items
    placed: list[Word] = []
    for item in items:
        head = " ".join(item["text"].split()[:3])
        i = _find(words, head, block)
        placed += words[i : i + 3]
    below = [
        w.text
        for w in placed
        if w.page > heading.page or (w.page == heading.page and w.y1 > heading.y0 + 0.5)
    ]
    assert below == [], f"strengths/improvements run into 'Drills for next time': {below[:6]}"


async def test_timeline_axis_ends_at_the_session_s_real_length(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    pdf, rep = await _pdf(client, db, settings, ("fair", "strong", "weak"), tmp_path)
    assert rasterise(pdf)
    words = words_of(pdf)
    start = _find(words, "Timeline")
    zero = next(w for w in words[start:] if w.text == "0:00")
    axis = sorted(
        (w for w in words if w.page == zero.page and abs(w.y0 - zero.y0) < 1.0),
        key=lambda w: w.x0,
    )
    labels = [w.text for w in axis if re.fullmatch(r"\d+:\d\d", w.text)]
    assert len(labels) >= 3, "no time labels on the timeline axis"
    tl = rep["timeline"]
    ends: list[float] = [float(e) for _, e in tl["answer_spans"] if e is not None]
    recorded = max([*(float(t) for t in tl["t"][-1:]), *ends])
    # The axis ends where the recording ends: a session ended long after its last answer is
    # not drawn on its wall-clock length with everything squeezed at the start.
    assert labels[-1] == render.clock(recorded), (labels, recorded)
    assert labels[0] == "0:00"
    # The third answer was typed: no delivery score, and the page says so.
    assert rep["answers"][2]["input_mode"] == "typed"
    text = " ".join(w.text for w in words)
    assert "Delivery not measured" in text
