"""Text normalisation for comparing typed answers and nicknames.

Two typed answers are the same when they differ only in case, diacritics,
punctuation or spacing: "Łódź", "lodz" and " ŁÓDŹ! " all normalise to "lodz".
"""

from __future__ import annotations

import unicodedata

# Letters that carry their mark in the letter itself, so Unicode decomposition
# leaves them alone.
_STROKES = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)
# Dashes and slashes separate words ("pół-wyspa", "and/or"); other punctuation
# (apostrophes, dots, quotes) is dropped, so "U.S.A." matches "USA".
_SEPARATORS = frozenset("-/_\u2010\u2011\u2012\u2013\u2014\u2015")


def strip_diacritics(text: str) -> str:
    """Returns ``text`` without combining marks: "Żółć" becomes "Zolc"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Returns ``text`` case-folded, without diacritics and punctuation, with single
    spaces between words."""
    text = strip_diacritics(text.casefold()).translate(_STROKES)
    kept = []
    for ch in text:
        if ch in _SEPARATORS or ch.isspace():
            kept.append(" ")
        elif ch.isalnum():
            kept.append(ch)
    return " ".join("".join(kept).split())
