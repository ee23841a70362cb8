"""The procedure of a council sitting, pure Python: quorum and majorities.

See ``docs/councils.md`` for the rules and the articles they come from.
"""
