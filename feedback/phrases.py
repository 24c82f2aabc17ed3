"""Matching free text against worrying phrases, the way a person would read it."""

import re
import unicodedata
from collections.abc import Iterable

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """'I DON’T feel  safe!!' -> 'i dont feel safe': no capitals, accents, apostrophes or
    punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join(_NOT_WORD.sub(" ", text).split())


def first_match(text: str, phrases: Iterable[str]) -> str | None:
    """The first phrase found in ``text`` as whole words, or None."""
    haystack = f" {normalise(text)} "
    for phrase in phrases:
        needle = normalise(phrase)
        if needle and f" {needle} " in haystack:
            return phrase
    return None
