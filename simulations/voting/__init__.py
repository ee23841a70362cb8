"""Voting and apportionment methods, pure Python, each explaining its own count.

See ``docs/voting/README.md`` for the methods, the Polish rules they follow and the
command line (``python -m simulations.voting``).
"""

from .base import FileFormatError, Lot, Result, TieBreak, VotingError

__all__ = ["FileFormatError", "Lot", "Result", "TieBreak", "VotingError"]
