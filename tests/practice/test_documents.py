"""Job descriptions read from real files, and every kind of bad input refused with a reason."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from moodlens.practice import documents
from moodlens.practice.documents import JobDescriptionTooLarge, UnreadableJobDescription
from tests.practice.jobs import BACKEND_JOB, GERMAN_JOB, docx_bytes, pdf_bytes, scanned_pdf_bytes


def test_a_real_pdf_is_read_with_its_duties() -> None:
    text = documents.extract_text(pdf_bytes(BACKEND_JOB), "pdf")
    assert "Own the reliability of the billing platform" in text
    assert "Kafka" in text


def test_a_real_docx_is_read_with_bullets_and_tables() -> None:
    text = documents.extract_text(docx_bytes(BACKEND_JOB), "docx")
    assert "Mentor junior engineers through code reviews and pairing." in text
    assert "Experience with Terraform for cloud infrastructure." in text


def test_plain_text_files_decode_utf8_and_windows_text() -> None:
    assert "Kafka" in documents.extract_text(BACKEND_JOB.encode("utf-8-sig"), "txt")
    windows = (BACKEND_JOB + "\nCaf\u00e9 perks.").encode("cp1252")
    assert "Caf\u00e9 perks." in documents.extract_text(windows, "txt")


@pytest.mark.parametrize("raw", ["", "   \n\t  "])
def test_empty_text_is_refused(raw: str) -> None:
    with pytest.raises(UnreadableJobDescription, match="empty"):
        documents.check_text(raw)


def test_huge_text_is_refused_with_its_size() -> None:
    with pytest.raises(JobDescriptionTooLarge, match="limit is 20,000"):
        documents.check_text(BACKEND_JOB * 40)


def test_huge_file_is_refused_before_parsing() -> None:
    with pytest.raises(JobDescriptionTooLarge):
        documents.extract_text(b"a" * (documents.MAX_FILE_BYTES + 1), "txt")


def test_binary_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="binary"):
        documents.extract_text(os.urandom(4096), "txt")
    # Random bytes without NULs decode as cp1252 and are caught as garbled instead.
    noise = bytes(b for b in os.urandom(20000) if b)[:8000]
    with pytest.raises(UnreadableJobDescription, match=r"binary|garbled"):
        documents.extract_text(noise, "txt")


def test_garbled_text_is_refused() -> None:
    garbled = "".join(chr(0x01 + (i % 8)) + "ab" for i in range(400))
    with pytest.raises(UnreadableJobDescription, match="garbled"):
        documents.check_text(garbled)


def test_non_english_text_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="English"):
        documents.check_text(GERMAN_JOB)
    russian = "Мы ищем опытного разработчика для команды платежей. " * 10
    with pytest.raises(UnreadableJobDescription, match="English"):
        documents.check_text(russian)


def test_terse_english_bullet_lists_pass_the_language_check() -> None:
    terse = (
        "Data Analyst\n- SQL and Python for analysis\n- Build dashboards in Tableau for the "
        "sales team\n- Run A/B tests with product managers\n- Present insights to leadership "
        "every week\n- Own data quality of the revenue warehouse"
    )
    assert documents.check_text(terse).startswith("Data Analyst")


def test_too_short_text_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="at least 25"):
        documents.check_text("Backend engineer, Python and SQL.")


def test_a_pdf_without_a_text_layer_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="no text layer"):
        documents.extract_text(scanned_pdf_bytes(), "pdf")


def test_a_file_named_pdf_that_is_not_one_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="not a PDF"):
        documents.extract_text(BACKEND_JOB.encode(), "pdf")
    with pytest.raises(UnreadableJobDescription, match="could not be read"):
        documents.extract_text(b"%PDF-1.7\n" + os.urandom(2000), "pdf")


def test_a_docx_that_is_not_one_is_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match="not a Word"):
        documents.extract_text(BACKEND_JOB.encode(), "docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "a zip, but no Word document inside")
    with pytest.raises(UnreadableJobDescription, match="not a Word"):
        documents.extract_text(buf.getvalue(), "docx")


def test_unknown_file_types_are_refused() -> None:
    with pytest.raises(UnreadableJobDescription, match=r"\.txt, \.pdf or \.docx"):
        documents.source_for("job.png", "image/png")
    assert documents.source_for("JD.PDF", None) == "pdf"
    assert documents.source_for("jd.docx", None) == "docx"
    assert documents.source_for("jd", "text/plain") == "txt"
