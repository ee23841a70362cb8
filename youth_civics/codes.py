"""Human-typable secret codes with a check character.

Codes use Crockford's base-32 alphabet (no I, L, O or U, so nothing is mistaken for
1 or 0) and end with a check character computed by the Luhn mod N algorithm over that
alphabet, which catches every single mistyped character and every swap of two
neighbours but one (0 and Z). A sign-in code has 14 random characters (70 bits) plus
the check character, printed in three groups of five: ``7KQ2M-X9D4R-THB3P``.

Only a SHA-256 hash of a code is stored. With 70 random bits no salt is needed: a
table of all codes cannot be built, and the hash must be deterministic so that a code
typed in can be looked up.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Letters people type by mistake for the digits Crockford leaves out.
_TYPOS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_N = len(ALPHABET)

DEFAULT_LENGTH = 14
GROUP = 5


class CodeError(ValueError):
    """A code that cannot be right: wrong length, foreign character or bad check."""


def check_character(body: str) -> str:
    """Returns the Luhn mod 32 check character of ``body`` (already normalised)."""
    factor = 2
    total = 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def generate(length: int = DEFAULT_LENGTH) -> str:
    """Returns a new random code of ``length`` characters plus its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return body + check_character(body)


def normalise(text: str) -> str:
    """Returns ``text`` upper-cased, without spaces or dashes, typos mapped."""
    return "".join(text.split()).replace("-", "").upper().translate(_TYPOS)


def validate(text: str, length: int = DEFAULT_LENGTH) -> str:
    """Returns the normalised code; raises :class:`CodeError` saying what is wrong."""
    code = normalise(text)
    if len(code) != length + 1:
        raise CodeError("wrong_length")
    if any(ch not in _VALUE for ch in code):
        raise CodeError("bad_character")
    if check_character(code[:-1]) != code[-1]:
        raise CodeError("bad_check")
    return code


def display(code: str) -> str:
    """Returns the code in groups of five for printing: ``7KQ2M-X9D4R-THB3P``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def digest(code: str) -> str:
    """Returns the SHA-256 hex digest under which a normalised code is stored."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
