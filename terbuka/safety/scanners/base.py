"""What every scanner writes to: findings, searchable text, and personal data found in text."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from terbuka.safety import pii
from terbuka.safety.models import FindingKind, Severity

BLOCKING = Severity.BLOCKING.value
INFO = Severity.INFO.value
# Searchable text kept per file (characters); personal data is looked for in all text regardless.
TEXT_CAP = 2_000_000
# At most this many locations are listed in one finding.
MAX_LOCATIONS = 3
DETAIL_MAX = 500
LOCATION_MAX = 200


@dataclass(frozen=True)
class FindingDraft:
    """A finding before it is saved: never holds personal data, only a masked sample."""

    kind: str
    severity: str
    detail: str
    location: str = ""
    count: int = 1
    masked_sample: str = ""


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_locations(locations: Sequence[str], total: int | None = None) -> str:
    """'A; B; C dan 4 lokasi lain', clipped to the model's length."""
    shown = list(locations[:MAX_LOCATIONS])
    more = (total if total is not None else len(locations)) - len(shown)
    text = "; ".join(shown)
    if more > 0:
        text += " " + _("dan %(count)d lokasi lain") % {"count": more}
    return clip(text, LOCATION_MAX)


def ranges_text(
    numbers: Sequence[int], *, label: Callable[[int], str] = str, limit: int = 8
) -> str:
    """[5, 6, 7, 9] -> '5-7, 9' (at most `limit` ranges, then '…')."""
    ordered = sorted(set(numbers))
    runs = [
        [number for _index, number in group]
        for _key, group in itertools.groupby(enumerate(ordered), lambda pair: pair[1] - pair[0])
    ]
    parts = [
        label(run[0]) if len(run) == 1 else f"{label(run[0])}-{label(run[-1])}"
        for run in runs[:limit]
    ]
    return ", ".join(parts) + (", …" if len(runs) > limit else "")


@dataclass
class _Tally:
    count: int = 0
    sample: str = ""
    locations: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


_PII_KIND = {
    "nik": FindingKind.NIK.value,
    "phone": FindingKind.PHONE.value,
    "email": FindingKind.EMAIL.value,
    "npwp": FindingKind.NPWP.value,
}


class Report:
    """Collects a scan's findings, its searchable text and its personal-data tallies."""

    def __init__(self) -> None:
        self.findings: list[FindingDraft] = []
        self._search: list[str] = []
        self._search_len = 0
        self._tallies: dict[tuple[str, bool], _Tally] = {}

    def add(
        self,
        kind: str,
        detail: str,
        *,
        severity: str = BLOCKING,
        location: str = "",
        count: int = 1,
        masked_sample: str = "",
    ) -> None:
        self.findings.append(
            FindingDraft(
                kind=kind,
                severity=severity,
                detail=clip(detail, DETAIL_MAX),
                location=clip(location, LOCATION_MAX),
                count=max(1, count),
                masked_sample=masked_sample[:100],
            )
        )

    def search(self, text: str) -> None:
        """Keep text for full-text search, up to TEXT_CAP characters."""
        room = TEXT_CAP - self._search_len
        if room <= 0 or not text:
            return
        piece = text[:room]
        self._search.append(piece)
        self._search_len += len(piece) + 1

    def text(
        self, text: str, location: str | Callable[[int], str], *, searchable: bool = True
    ) -> None:
        """Check one block of text for personal data; keep it for search when `searchable`."""
        if searchable:
            self.search(text)
        if not text:
            return
        locate = (lambda _offset: location) if isinstance(location, str) else location
        for match in pii.find_pii(text):
            self._tally(match, locate(match.start))

    def cells(self, values: Sequence[str], labels: Sequence[str], prefix: str = "") -> None:
        """Check many short values (cells) at once; `prefix + labels[i]` locates `values[i]`."""
        if not values:
            return
        joined = "\n".join(values)
        matches = pii.find_pii(joined)
        if not matches:
            return
        starts = list(itertools.accumulate((len(v) + 1 for v in values[:-1]), initial=0))
        for match in matches:
            self._tally(match, prefix + labels[bisect.bisect_right(starts, match.start) - 1])

    def _tally(self, match: pii.PiiMatch, location: str) -> None:
        tally = self._tallies.setdefault((match.kind, match.institutional), _Tally())
        tally.count += 1
        if not tally.sample:
            tally.sample = match.masked
        if location and location not in tally.seen:
            tally.seen.add(location)
            if len(tally.locations) < MAX_LOCATIONS:
                tally.locations.append(location)

    def finish(self) -> tuple[list[FindingDraft], str]:
        """The findings (personal data last) and the searchable text."""
        for (kind, institutional), tally in sorted(self._tallies.items()):
            detail, severity = _pii_detail(kind, institutional, tally.count)
            self.add(
                _PII_KIND[kind],
                detail,
                severity=severity,
                location=join_locations(tally.locations, len(tally.seen)),
                count=tally.count,
                masked_sample=tally.sample,
            )
        return self.findings, "\n".join(self._search)


def _pii_detail(kind: str, institutional: bool, count: int) -> tuple[str, str]:
    values = {"count": count}
    if kind == "nik":
        return _(
            "Ditemukan %(count)d NIK yang tampak sah. NIK adalah data kependudukan yang "
            "dilindungi (UU 24/2013 Pasal 84): hapus atau samarkan sebelum dirilis."
        ) % values, BLOCKING
    if kind == "npwp":
        return _(
            "Ditemukan %(count)d NPWP. Hapus atau samarkan NPWP perorangan sebelum dirilis."
        ) % values, BLOCKING
    if kind == "phone" and institutional:
        return _(
            "Ditemukan %(count)d nomor telepon kantor/rumah. Nomor kantor boleh dirilis; "
            "pastikan tidak ada nomor rumah pribadi."
        ) % values, INFO
    if kind == "phone":
        return _(
            "Ditemukan %(count)d nomor telepon seluler. Nomor pribadi harus dihapus atau "
            "disamarkan sebelum dirilis."
        ) % values, BLOCKING
    if institutional:
        return _(
            "Ditemukan %(count)d alamat e-mail kelembagaan (mis. ppid@… atau domain .go.id); "
            "boleh dirilis."
        ) % values, INFO
    return _(
        "Ditemukan %(count)d alamat e-mail pribadi. Hapus atau samarkan sebelum dirilis."
    ) % values, BLOCKING
