"""A job description as text: pasted, or read out of an uploaded text, PDF or Word file.

Every refusal names what was wrong and what to do, as a 4xx: an empty or huge text, a file
that is binary or garbled, one that is not in English (the skill vocabulary and the answer
analysis are English-only), a PDF without a text layer (a scan), a "DOCX" that is not one.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import Literal

from moodlens.coaching.text import STOPWORDS, tokens
from moodlens.core.errors import MoodLensError, PayloadTooLarge

JobSource = Literal["paste", "txt", "pdf", "docx"]

# A long job description runs to about 8,000 characters; the bound leaves room for one
# with a company blurb and benefits, and refuses a pasted book.
MAX_TEXT_CHARS = 20_000
# Enough to name a few skills or duties.
MIN_WORDS = 25
MAX_FILE_BYTES = 2_000_000
MAX_PDF_PAGES = 30
# A DOCX is a zip: refuse one that would inflate past this (a zip bomb), before parsing.
MAX_DOCX_UNZIPPED = 25_000_000
# English prose uses these function words in roughly a fifth of its words; terse bullet
# lists in about a tenth. Other languages share only a few ("in", "a"), below 5%.
MIN_ENGLISH_SHARE = 0.06
MAX_NON_LATIN_SHARE = 0.2
MIN_READABLE_SHARE = 0.9
_CONTROL_OK = frozenset("\n\r\t\f")


class UnreadableJobDescription(MoodLensError):
    """The job description is empty, garbled, not English, or a file we cannot read."""

    status_code = 422


class JobDescriptionTooLarge(PayloadTooLarge):
    """The job description (text or file) is larger than the limit."""


def _refuse(message: str) -> UnreadableJobDescription:
    return UnreadableJobDescription(message, field="body.text")


def check_text(raw: str) -> str:
    """The text, tidied (line ends, runs of blanks), or a 4xx saying why it is refused."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    if not text:
        raise _refuse("The job description is empty: paste its text or upload the file.")
    if len(text) > MAX_TEXT_CHARS:
        raise JobDescriptionTooLarge(
            f"The job description is {len(text):,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,}. Paste the role's duties and requirements only."
        )
    if _readable_share(text) < MIN_READABLE_SHARE:
        raise _refuse(
            "This does not read as text (control characters or symbols throughout): it "
            "looks like a binary file or a garbled copy. Paste the text instead."
        )
    letters = [c for c in text if c.isalpha()]
    non_latin = sum(1 for c in letters if not _latin(c))
    words = tokens(text)
    english = sum(1 for w in words if w in STOPWORDS) / len(words) if words else 0.0
    if (letters and non_latin / len(letters) > MAX_NON_LATIN_SHARE) or (
        len(words) >= MIN_WORDS and english < MIN_ENGLISH_SHARE
    ):
        raise _refuse(
            "This job description does not look like English. Practice questions, skills and "
            "answer analysis are English-only for now: paste an English version."
        )
    if len(words) < MIN_WORDS:
        raise _refuse(
            f"The job description has {len(words)} words; paste at least {MIN_WORDS} "
            "(its duties and requirements) so its skills can be found."
        )
    return text


def _latin(c: str) -> bool:
    return c.isascii() or unicodedata.name(c, "").startswith("LATIN")


def _readable_share(text: str) -> float:
    bad = 0
    for c in text:
        cat = unicodedata.category(c)
        if (cat.startswith("C") and c not in _CONTROL_OK) or c == "\ufffd":
            bad += 1
    return 1.0 - bad / len(text)


def source_for(filename: str | None, content_type: str | None) -> JobSource:
    name = (filename or "").lower()
    if name.endswith(".pdf") or content_type == "application/pdf":
        return "pdf"
    if name.endswith(".docx") or (content_type or "").endswith("wordprocessingml.document"):
        return "docx"
    if name.endswith((".txt", ".md", ".text")) or (content_type or "").startswith("text/"):
        return "txt"
    raise UnreadableJobDescription(
        "Upload the job description as a .txt, .pdf or .docx file (or paste its text).",
        field="body.file",
    )


def extract_text(data: bytes, source: JobSource) -> str:
    """The text of an uploaded file, checked like pasted text."""
    if not data:
        raise UnreadableJobDescription("The uploaded file is empty.", field="body.file")
    if len(data) > MAX_FILE_BYTES:
        raise JobDescriptionTooLarge(
            f"The file is larger than {MAX_FILE_BYTES // 1_000_000} MB; a job description "
            "fits in far less. Upload the text of the posting only."
        )
    if source == "pdf":
        return check_text(_pdf_text(data))
    if source == "docx":
        return check_text(_docx_text(data))
    return check_text(_plain_text(data))


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableJobDescription(
            "This file is binary, not text. Upload a .txt, .pdf or .docx job description.",
            field="body.file",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows editors save text as cp1252; it decodes any byte, so a binary file
        # that got this far is caught by the readable-share check instead.
        return data.decode("cp1252", errors="replace")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableJobDescription(
            "This file is not a PDF (it does not start like one). Upload the posting's PDF, "
            "a .docx or .txt file, or paste its text.",
            field="body.file",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableJobDescription(
                "This PDF is password-protected; upload an unprotected copy or paste its text.",
                field="body.file",
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise JobDescriptionTooLarge(
                f"The PDF has {len(reader.pages)} pages; a job description has a few. "
                "Upload the posting only."
            )
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            part = page.extract_text() or ""
            parts.append(part)
            size += len(part)
            if size > MAX_TEXT_CHARS * 2:
                break
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableJobDescription(
            f"This PDF could not be read ({type(exc).__name__}); it may be damaged. Paste "
            "its text instead.",
            field="body.file",
        ) from exc
    text = "\n".join(parts)
    if not text.strip():
        raise UnreadableJobDescription(
            "This PDF has no text layer (it is probably a scan or an image), so there is no "
            "text to read. Paste the job description's text instead.",
            field="body.file",
        )
    return text


def _docx_text(data: bytes) -> str:
    not_docx = UnreadableJobDescription(
        "This file is not a Word .docx document. Upload a .docx, .pdf or .txt file, or paste "
        "the text.",
        field="body.file",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unzipped = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise not_docx from None
    if "word/document.xml" not in names:
        raise not_docx
    if unzipped > MAX_DOCX_UNZIPPED:
        raise JobDescriptionTooLarge("This .docx expands to more than a job description holds.")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise not_docx from exc
    except Exception as exc:  # python-docx/lxml raise their own types for malformed XML
        raise UnreadableJobDescription(
            f"This .docx could not be read ({type(exc).__name__}); paste its text instead.",
            field="body.file",
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
