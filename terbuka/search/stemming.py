"""Indonesian tokens and stems, the same at index time and at query time.

Text is folded (lower case, accents removed) and cut into ASCII runs of letters and digits:
both FTS5's `unicode61` tokenizer and PostgreSQL's `simple` parser read such a run as one
token, so what Python stores is exactly what each engine indexes. Words are then stemmed
with Sastrawi ('penganggaran' and 'anggaran' both become 'anggar').
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

TOKEN_RE = re.compile(r"[a-z0-9]+")
# Longer runs are hashes, encoded data or URLs squeezed together: never searched for, and
# PostgreSQL refuses lexemes above 2 KB anyway.
MAX_TOKEN_CHARS = 64
STEM_CACHE_SIZE = 200_000
# The shape of the filter tokens indexed beside the text (engines.query.facet_token). Text
# never yields them, so a word can never match a filter and the engines need no weights or
# columns to keep the two apart.
FACET_NAMES = ("kind", "body", "unit", "class", "type", "year")
RESERVED_RE = re.compile(rf"(?:{'|'.join(FACET_NAMES)})(?:x[0-9a-f]*|[0-9]+)")


def fold(text: str) -> str:
    """Return `text` in lower case without accents (NFKD), keeping every other character."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_indexed(token: str) -> bool:
    """Tell whether a folded token is indexed (not too long, not shaped like a filter)."""
    return len(token) <= MAX_TOKEN_CHARS and not RESERVED_RE.fullmatch(token)


def tokens(text: str) -> list[str]:
    """Return the folded tokens of `text` that are indexed, in order."""
    return [t for t in TOKEN_RE.findall(fold(text)) if is_indexed(t)]


@cache
def _stemmer() -> Any:
    # The factory reads a 30,000-word dictionary (about 10 ms); the stemmer itself is built
    # without the factory's unbounded result cache, which `stem` replaces with a bounded one.
    from Sastrawi.Dictionary.ArrayDictionary import (  # type: ignore[import-untyped]
        ArrayDictionary,
    )
    from Sastrawi.Stemmer.Stemmer import Stemmer  # type: ignore[import-untyped]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # type: ignore[import-untyped]

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(token: str) -> str:
    """Return the stem of one folded token; numbers and codes are kept as they are."""
    if not token.isalpha():
        return token
    result = str(_stemmer().stem_word(token))
    return result if TOKEN_RE.fullmatch(result) else token


def stems(text: str) -> list[str]:
    """Return the stems of the tokens of `text`, in order (one per token)."""
    return [stem(t) for t in tokens(text)]


def stem_text(text: str) -> str:
    """Return the stems of `text` joined by spaces: the column an engine indexes."""
    return " ".join(stems(text))
