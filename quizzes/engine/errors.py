"""Errors the engine raises, each with a stable ``code`` the edges translate."""

from __future__ import annotations


class EngineError(Exception):
    """A rule refused something; ``code`` names the rule, ``params`` fill in its
    message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class TransitionError(EngineError):
    """A host control that the session's phase does not allow."""


class AnswerRefused(EngineError):
    """An answer that does not count: malformed, late, or to a closed question."""
