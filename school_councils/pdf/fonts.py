"""Fonts for printed PDFs.

The fonts built into every PDF reader (Helvetica, Courier...) and the ones reportlab
ships (Bitstream Vera) lack most Polish letters (ą, ę, ś, ż...) and all Cyrillic.
DejaVu Sans, the extension of Vera that has them, is kept beside this module, so a
card prints the same on a fresh machine whatever fonts its system has installed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
# Codes use only digits and capital ASCII letters, which every reader's Courier has,
# so the monospaced font needs no embedding.
MONO = "Courier-Bold"


@functools.cache
def register() -> None:
    """Registers the embedded fonts with reportlab (once per process)."""
    for name in (SANS, SANS_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)


def missing_characters(text: str, font_name: str = SANS) -> set[str]:
    """Returns the characters of ``text`` that the font cannot draw."""
    register()
    glyphs = pdfmetrics.getFont(font_name).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in glyphs}
