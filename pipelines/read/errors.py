"""Errors a reader raises when a file cannot become a grid.

Each carries a stable ``code`` (stored in ``quarantine.reason_code`` so analysts can
filter) and a message a person can act on: what is wrong and what to do about it.
"""

from __future__ import annotations


class ReadError(Exception):
    """A whole file could not be read; the file is quarantined, never half-loaded."""

    def __init__(self, code: str, message: str, excerpt: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.excerpt = excerpt

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, str]]:
        """Rebuild from all three fields: a parse worker returns the error to the writer
        by pickle, which would otherwise call ``ReadError(message)`` and fail."""
        return (type(self), (self.code, self.message, self.excerpt))
