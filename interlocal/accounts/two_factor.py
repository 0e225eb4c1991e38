"""The QR code of an authenticator's setup link, as inline SVG (the CSP allows no scripts, and no images from elsewhere)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An <svg> element drawing `url` as a QR code, titled for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, title="QR code", svgclass="qr", omitsize=False)
    return mark_safe(svg)  # noqa: S308 - segno writes the SVG and escapes the title
