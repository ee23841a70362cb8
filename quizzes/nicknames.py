"""Nicknames players choose: cleaned, checked, and kept clean of offensive words.

The word lists in ``wordlists/`` (Polish, Ukrainian, English) are matched against
the nickname normalised every way children disguise words: case, diacritics,
leetspeak ("kurw@", "5h1t"), separators ("k.u.r.w.a", "f u c k"), stretched
letters ("fuuuck") and Latin letters standing in for Cyrillic ones ("xуй").

A list line is a word matched as a whole word (``dick``), a word with ``*`` at
the end matched at the start of a word (``bitch*`` also catches "bitches"), or
with ``*`` at both ends matched anywhere (``*kurw*``). ``#`` starts a comment.
This module has no Django import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from quizzes.engine.text import strip_diacritics

MIN_LENGTH = 2
MAX_LENGTH = 20
WORDLISTS = Path(__file__).resolve().parent / "wordlists"
LANGUAGES = ("pl", "uk", "en")

_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "+": "t",
        "|": "i",
        "€": "e",
    }
)
_STROKES = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
# Latin letters that look like Cyrillic ones, for words written in mixed scripts.
_TO_CYRILLIC = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
    }
)
_WORD = re.compile(r"[^\W_]+")
_REPEATS = re.compile(r"(.)\1+")
# Besides letters, digits and spaces, nicknames may use these.
_ALLOWED_MARKS = frozenset("-_.'’")


class NicknameError(ValueError):
    """A nickname that cannot be used; ``code`` says why: ``length``,
    ``characters`` or ``offensive``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean(nickname: str) -> str:
    """Returns the nickname with spacing tidied; raises :class:`NicknameError`
    ``length`` when it is too short or long."""
    text = " ".join(unicodedata.normalize("NFKC", nickname).split())
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise NicknameError("length")
    return text


def _check_characters(text: str) -> None:
    if not all(ch.isalnum() or ch == " " or ch in _ALLOWED_MARKS for ch in text):
        raise NicknameError("characters")
    if not any(ch.isalnum() for ch in text):
        raise NicknameError("characters")


def key(nickname: str) -> str:
    """Returns what makes two nicknames the same player: case and diacritics
    ignored, so "Żubr" and "zubr" cannot both play."""
    folded = strip_diacritics(nickname.casefold()).translate(_STROKES)
    return " ".join(_WORD.findall(folded))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _forms(nickname: str) -> list[list[str]]:
    """Returns the nickname's word lists under each way of reading it."""
    base = strip_diacritics(nickname.casefold()).translate(_STROKES)
    readings = {base, base.translate(_LEET)}
    readings |= {r.translate(_TO_CYRILLIC) for r in list(readings)}
    forms = []
    for reading in readings:
        words = _words(reading)
        for variant in (words, [_REPEATS.sub(r"\1", w) for w in words]):
            forms.append(variant)
            # Letters spelled apart ("k u r w a") also read as one word.
            forms.append(["".join(variant)])
    return forms


@dataclass(frozen=True)
class _Entry:
    word: str
    prefix: bool
    anywhere: bool

    def matches(self, word: str) -> bool:
        if self.anywhere:
            return self.word in word
        if self.prefix:
            return word.startswith(self.word)
        return word == self.word


def _parse(line: str) -> _Entry | None:
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    anywhere = line.startswith("*") and line.endswith("*")
    prefix = line.endswith("*")
    word = "".join(_words(key(line.strip("*"))))
    return _Entry(word, prefix, anywhere) if word else None


@cache
def entries() -> tuple[_Entry, ...]:
    """Returns the entries of every word list (read once)."""
    found = []
    for language in LANGUAGES:
        text = (WORDLISTS / f"{language}.txt").read_text(encoding="utf-8")
        found.extend(e for e in map(_parse, text.splitlines()) if e)
    return tuple(found)


def is_offensive(nickname: str) -> bool:
    """Returns whether any reading of the nickname contains a listed word."""
    listed = entries()
    return any(
        entry.matches(word)
        for words in _forms(nickname)
        for word in words
        for entry in listed
    )


def check(nickname: str) -> str:
    """Returns the cleaned nickname; raises :class:`NicknameError`: ``length``,
    ``offensive``, or ``characters`` when it has characters other than letters,
    digits, spaces and ``- _ . '``. Offensive words are looked for first, so a
    word disguised with symbols ("kurw@") is called what it is."""
    text = clean(nickname)
    if is_offensive(text):
        raise NicknameError("offensive")
    _check_characters(text)
    return text
