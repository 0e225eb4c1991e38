"""Documents printed as PDF with WeasyPrint: the annual report, the weekly bulletin."""

from typing import Any

from django.template.loader import render_to_string


def pdf_of(template: str, context: dict[str, Any]) -> bytes:
    """The template rendered with `context`, as a PDF (WeasyPrint is imported when first needed: it loads slowly)."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf() or b""
