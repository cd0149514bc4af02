"""The official wording as rules quote it: whitespace-normalised text, excerpts, and the quote-in-label test.

A quote is verbatim: one stretch of the label, or several stretches in the label's order joined by
``" [...] "`` where words were left out (the way a long legal text is quoted).  Whitespace is normalised
on both sides; case and punctuation are kept.
"""

from __future__ import annotations

import re
import unicodedata

ELISION = " [...] "
_PARENTHESIS = re.compile(r" \([^()]{16,}\)")


def normalise(text: str) -> str:
    """NFC with every run of whitespace turned into one space, trimmed (case and punctuation kept)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def quoted(quote: str, label: str) -> bool:
    """True when every stretch of ``quote`` occurs in ``label``, in order, once whitespace is normalised."""
    text, at = normalise(label), 0
    parts = [normalise(p) for p in normalise(quote).split(ELISION.strip())]
    if not all(parts):
        return False
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _head(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)].rstrip(" ;,")


def _tail(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[text.find(" ", len(text) - limit) + 1 :].lstrip(" ;,")


def excerpt(label: str, limit: int = 240) -> str:
    """A short verbatim quote of a label: the whole label when it fits in ``limit`` characters; else the label
    without its long parenthetical asides; else its opening and its end (where a ladder's option adds the
    words that set it apart), the words between left out."""
    text = normalise(label)
    if len(text) <= limit:
        return text
    stretches = [s.strip() for s in _PARENTHESIS.split(text) if s.strip(" ;,.")]
    short = ELISION.join(stretches)
    if len(short) <= limit:
        return short
    half = (limit - len(ELISION)) // 2
    return _head(stretches[0], half) + ELISION + _tail(stretches[-1], half)
