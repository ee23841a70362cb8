"""Printable PDFs of the schools area: pupils' sign-in cards."""

from school_councils.pdf.cards import CARDS_PER_PAGE, cards_pdf

__all__ = ["CARDS_PER_PAGE", "cards_pdf"]
