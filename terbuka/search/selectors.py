"""Reading the search index: one page of ranked hits with snippets, and the filter options.

Cost is bounded whatever the corpus (quality.md 1.3): the engine picks the newest
`CANDIDATES` matches and scores only those; pages are cut from that ranked list with an
opaque keyset cursor over (score, id), and nothing counts the match set. A page takes at most
three SQL statements (two from the engine, one for the rows shown).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import ValidationError
from terbuka.search.engines import Filters, SearchQuery, engine_for, parse_query
from terbuka.search.models import SearchEntry
from terbuka.search.stemming import TOKEN_RE, fold, stem

# Only the newest CANDIDATES matches are scored; results come from those.
CANDIDATES = 1000
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
MAX_CURSOR_CHARS = 200
# The longest search text the page and the API accept.
QUERY_MAX_LENGTH = 200
# Snippets come from the beginning of the text only: scanning 200,000 characters for each of
# 50 results would cost more than the search itself.
SNIPPET_SCAN_CHARS = 20_000
SNIPPET_CHARS = 240
# The span the best snippet window may cover, in characters (about 30 words).
SNIPPET_WINDOW_CHARS = 200
BODY_OPTIONS = 500
UNIT_OPTIONS = 300


@dataclass(frozen=True)
class SearchHit:
    type: str
    id: int
    title: str
    url: str
    snippet: SafeString
    title_html: SafeString
    published_at: datetime
    info_class: str
    doc_type: str
    year: int | None
    body_name: str
    unit_name: str

    @property
    def type_label(self) -> str:
        return str(SearchEntry.Kind(self.type).label)


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchHit]
    next_cursor: str | None
    # True when more rows matched than were scored: the answer covers the newest CANDIDATES.
    capped: bool = False


# --- Cursor -----------------------------------------------------------------------------------


def _invalid_cursor() -> ValidationError:
    message = _("Penanda halaman tidak valid. Mulai lagi dari halaman pertama.")
    return ValidationError(message, code="invalid_cursor", fields={"cursor": [message]})


def encode_cursor(score: float, pk: int) -> str:
    raw = json.dumps({"s": score, "i": pk}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, int]:
    """Return the (score, id) a cursor points after, or raise ValidationError."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise _invalid_cursor()
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        data = json.loads(raw)
        score, pk = data["s"], data["i"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise _invalid_cursor() from None
    valid = (
        type(score) in (int, float)
        and math.isfinite(score)
        and type(pk) is int
        and 0 < pk < 2**63
        and set(data) == {"s", "i"}
    )
    if not valid:
        raise _invalid_cursor()
    return float(score), pk


# --- Highlighting -----------------------------------------------------------------------------


class _Matcher:
    """Tell which query term a word of the original text stands for, if any."""

    def __init__(self, query: SearchQuery) -> None:
        self.stems: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        for index, term in enumerate(query.terms):
            if term.kind == "prefix":
                self.prefixes += [(p, index) for p in term.stems]
            else:
                for s in term.stems:
                    self.stems.setdefault(s, index)
        # Sastrawi keeps every letter of the stem but the first (menyapu -> sapu), so a word
        # without any of these tails cannot match; the regex finds the others at C speed.
        tails = {s[1:] for s in self.stems} | {p[1:] for p, _ in self.prefixes}
        if "" in tails:  # a one-letter stem: every word is a candidate
            self.pattern = re.compile(r"[^\W_]+")
        else:
            alternatives = "|".join(sorted(map(re.escape, tails), key=len, reverse=True))
            self.pattern = re.compile(rf"\b[^\W_]*?(?:{alternatives})[^\W_]*", re.IGNORECASE)
        self._seen: dict[str, int | None] = {}

    def term_of(self, word: str) -> int | None:
        if word in self._seen:
            return self._seen[word]
        found = None
        for part in TOKEN_RE.findall(fold(word)):
            stemmed = stem(part)
            if stemmed in self.stems:
                found = self.stems[stemmed]
                break
            found = next(
                (i for p, i in self.prefixes if part.startswith(p) or stemmed.startswith(p)),
                None,
            )
            if found is not None:
                break
        self._seen[word] = found
        return found

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Return (start, end, term index) of every matching word of `text`."""
        found = []
        for match in self.pattern.finditer(text):
            term = self.term_of(match.group())
            if term is not None:
                found.append((match.start(), match.end(), term))
        return found


_SPACE_RE = re.compile(r"\s+")


def _render(text: str, start: int, end: int, matches: list[tuple[int, int, int]]) -> str:
    pieces, position = [], start
    for m_start, m_end, _term in matches:
        if m_start < start or m_end > end:
            continue
        pieces.append(html.escape(_SPACE_RE.sub(" ", text[position:m_start])))
        pieces.append(f"<mark>{html.escape(text[m_start:m_end])}</mark>")
        position = m_end
    pieces.append(html.escape(_SPACE_RE.sub(" ", text[position:end])))
    return "".join(pieces)


def _best_window(matches: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Return the span of the first window holding the most distinct terms."""
    best, best_span = 0, (0, 0)
    counts: dict[int, int] = {}
    left = 0
    for _start, end, term in matches:
        counts[term] = counts.get(term, 0) + 1
        while end - matches[left][0] > SNIPPET_WINDOW_CHARS:
            left_term = matches[left][2]
            counts[left_term] -= 1
            if not counts[left_term]:
                del counts[left_term]
            left += 1
        if len(counts) > best:
            best, best_span = len(counts), (matches[left][0], end)
    return best_span


def snippet_html(text: str, matcher: _Matcher, *, truncated: bool = False) -> SafeString:
    """Return about 30 words of `text` around the most query terms, escaped, terms marked."""
    matches = matcher.matches(text)
    window_start, window_end = _best_window(matches) if matches else (0, 0)
    start = max(0, window_start - max(0, SNIPPET_CHARS - (window_end - window_start)) // 2)
    end = min(len(text), max(window_end, start + SNIPPET_CHARS))
    if start > 0:
        # Begin at a word: after the first space at or past `start` (when close enough).
        space = text.find(" ", start, window_start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", window_end, end)
        end = space if space != -1 else end
    body = _render(text, start, end, matches).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) or truncated else ""
    # Every piece of the text went through html.escape(); only <mark> tags were added.
    return mark_safe(prefix + body + suffix)  # noqa: S308


def title_html(title: str, matcher: _Matcher) -> SafeString:
    """Return the title escaped, with the words matching the query marked."""
    # Escaped in _render; only <mark> tags were added.
    return mark_safe(_render(title, 0, len(title), matcher.matches(title)))  # noqa: S308


# --- Search -----------------------------------------------------------------------------------


def _filters(
    *,
    body: int | str | None,
    unit_id: int | None,
    kind: str | None,
    info_class: str | None,
    year: int | None,
    doc_type: str | None,
) -> Filters:
    body_id, body_slug = None, None
    if isinstance(body, int):
        body_id = body
    elif body:
        body_id, body_slug = (int(body), None) if body.isdigit() else (None, body)
    return Filters(
        body_id=body_id,
        body_slug=body_slug,
        unit_id=unit_id,
        kind=kind or None,
        info_class=info_class or None,
        year=year,
        doc_type=doc_type or None,
    )


_HIT_COLUMNS = (
    "pk",
    "kind",
    "object_id",
    "title",
    "url",
    "published_at",
    "info_class",
    "doc_type",
    "year",
    "body__name",
    "unit__name",
    "head",
)


def _hits(page: list[tuple[int, float]], query: SearchQuery) -> list[SearchHit]:
    rows = (
        SearchEntry.objects.filter(pk__in=[pk for pk, _score in page])
        .annotate(head=Substr("text", 1, SNIPPET_SCAN_CHARS + 1))
        .values_list(*_HIT_COLUMNS)
    )
    by_pk = {row[0]: row for row in rows}
    matcher = _Matcher(query)
    hits = []
    for pk, _score in page:
        if pk not in by_pk:  # removed between the two statements
            continue
        (
            _pk,
            kind,
            object_id,
            title,
            url,
            published_at,
            info_class,
            doc_type,
            year,
            body,
            unit,
            head,
        ) = by_pk[pk]
        hits.append(
            SearchHit(
                type=kind,
                id=object_id,
                title=title,
                url=url,
                snippet=snippet_html(
                    head[:SNIPPET_SCAN_CHARS], matcher, truncated=len(head) > SNIPPET_SCAN_CHARS
                ),
                title_html=title_html(title, matcher),
                published_at=published_at,
                info_class=info_class,
                doc_type=doc_type,
                year=year,
                body_name=body,
                unit_name=unit or "",
            )
        )
    return hits


def search(
    *,
    q: str,
    body: int | str | None = None,
    unit_id: int | None = None,
    kind: str | None = None,
    info_class: str | None = None,
    year: int | None = None,
    doc_type: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchPage:
    """Return one page of published objects matching every term of `q`, best first."""
    after = decode_cursor(cursor) if cursor else None
    query = parse_query(q)
    if not query:
        return SearchPage([], None)
    limit = max(1, min(limit, MAX_LIMIT))
    filters = _filters(
        body=body,
        unit_id=unit_id,
        kind=kind,
        info_class=info_class,
        year=year,
        doc_type=doc_type,
    )
    # One row more than is ranked tells whether older matches were left out.
    # The ranking query is raw SQL, so ask the router where the entries are read: the replica
    # on a read-mostly request when one is configured (config/dbrouters.py), else the primary.
    reading = connections[router.db_for_read(SearchEntry)]
    ranked = engine_for(reading).rank(query, filters, candidates=CANDIDATES + 1)
    capped = len(ranked) > CANDIDATES
    if capped:
        ranked.remove(min(ranked))
    ranked.sort(key=lambda r: (-r[1], -r[0]))
    if after is not None:
        ranked = [(pk, score) for pk, score in ranked if (score, pk) < after]
    page = ranked[:limit]
    next_cursor = encode_cursor(page[-1][1], page[-1][0]) if len(ranked) > limit else None
    return SearchPage(_hits(page, query) if page else [], next_cursor, capped)


# --- Filter options for the search page -------------------------------------------------------


def body_options() -> list[PublicBody]:
    """Return the bodies offered as a filter, by name."""
    return list(PublicBody.objects.only("name", "slug").order_by("name", "pk")[:BODY_OPTIONS])


def unit_options(body_id: int, *, selected: int | None = None) -> list[Unit]:
    """Return a body's active PPID Utama and first-level units (and `selected`), tree order."""
    wanted = Q(depth__lte=1) | Q(pk=selected) if selected is not None else Q(depth__lte=1)
    return list(
        Unit.objects.filter(wanted, body_id=body_id, is_active=True)
        .only("name", "depth", "path")
        .order_by("path")[:UNIT_OPTIONS]
    )
