"""Job descriptions for the practice tests, and real documents made from them."""

from __future__ import annotations

import io

BACKEND_JOB = """Senior Backend Engineer, Payments

About the role
We are looking for a senior backend engineer to join our payments team. You will work
closely with product managers and stakeholders across finance.

Responsibilities
- Own the reliability of the billing platform and lead incident response for payment outages.
- Design and build scalable APIs and microservices in Python and Go.
- Mentor junior engineers through code reviews and pairing.
- Partner with finance stakeholders to define requirements for invoicing and reconciliation.
- Improve performance of our PostgreSQL queries and Kafka consumers.

Requirements
- 5+ years of backend experience with Python, SQL and distributed systems.
- Experience with Kafka, Kubernetes and AWS.
- Strong communication skills; able to explain trade-offs to non-engineers.
- Experience with reconciliation, invoicing or ledger systems is a plus.
"""

GERMAN_JOB = """Senior Backend-Entwickler (m/w/d) Zahlungsverkehr

Deine Aufgaben
- Du verantwortest die Zuverlässigkeit unserer Abrechnungsplattform und leitest die
  Behebung von Störungen im Zahlungsverkehr.
- Du entwirfst und entwickelst skalierbare Schnittstellen und Microservices in Python.
- Du begleitest jüngere Kolleginnen und Kollegen durch Code-Reviews.

Dein Profil
- Mindestens fünf Jahre Erfahrung in der Backend-Entwicklung mit Python und SQL.
- Sehr gute Kommunikationsfähigkeiten und Freude an der Zusammenarbeit im Team.
"""


def pdf_bytes(text: str) -> bytes:
    """A real PDF with a text layer, rendered by WeasyPrint (the product's PDF engine)."""
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    out = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    assert out is not None
    return bytes(out)


def scanned_pdf_bytes() -> bytes:
    """A PDF with pages but no text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes(text: str) -> bytes:
    """A real Word document (python-docx), bullets as list paragraphs, a requirements table."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nice to have"
    table.rows[0].cells[1].text = "Experience with Terraform for cloud infrastructure."
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
