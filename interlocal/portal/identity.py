"""The instance's public identity: the name, logo and colours the portal wears.

A deployment sets ``INTERLOCAL_PORTAL_IDENTITY`` (a dict; any key left out keeps the default below, the
Àrea Metropolitana de Barcelona of the demo). The colours reach the page through a small stylesheet served by
``portal:theme`` (custom properties only): the CSP forbids inline styles. Text colours on the primary and accent
colours are chosen here for contrast (a mid-tone that neither white nor black text reads on at 4.5:1 is darkened
until one does), so that a deployment's palette cannot make the header unreadable.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "name": "Àrea Metropolitana de Barcelona",
    "short_name": "AMB",
    "logo": "portal/img/metropolis-mark.svg",  # a static path
    "primary": "#0f4c5c",
    "accent": "#e36414",
}
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DARK_TEXT = "#1b1f24"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    logo: str
    primary: str
    accent: str

    @property
    def on_primary(self) -> str:
        return readable_on(self.primary)

    @property
    def on_accent(self) -> str:
        return readable_on(self.accent)

    def css(self) -> str:
        """The portal's palette as CSS custom properties (the only thing the theme stylesheet holds)."""
        return (
            ":root {\n"
            f"  --portal-primary: {self.primary};\n"
            f"  --portal-on-primary: {self.on_primary};\n"
            f"  --portal-accent: {self.accent};\n"
            f"  --portal-on-accent: {self.on_accent};\n"
            "}\n"
        )

    def css_version(self) -> str:
        """A short fingerprint of the palette, so that a new one is fetched at once rather than after the cache."""
        return hashlib.sha256(self.css().encode()).hexdigest()[:10]


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(background: str) -> str:
    """White or near-black text, whichever reads better on the background."""
    return LIGHT_TEXT if contrast(background, LIGHT_TEXT) >= contrast(background, DARK_TEXT) else DARK_TEXT


def legible(background: str) -> str:
    """The background itself, or darkened step by step until white or near-black text on it reaches 4.5:1."""
    while max(contrast(background, LIGHT_TEXT), contrast(background, DARK_TEXT)) < 4.5:
        background = "#" + "".join(f"{int(int(background[i : i + 2], 16) * 0.9):02x}" for i in (1, 3, 5))
    return background


def identity() -> Identity:
    """The configured identity; a missing key or a colour that is not #rrggbb keeps the default."""
    configured = getattr(settings, "INTERLOCAL_PORTAL_IDENTITY", None) or {}
    values = {key: str(configured.get(key) or default) for key, default in DEFAULTS.items()}
    for key in ("primary", "accent"):
        if not HEX.match(values[key]):
            values[key] = DEFAULTS[key]
        values[key] = legible(values[key].lower())
    return Identity(**values)
