"""Charts and numbers of the public statistics pages, drawn on the server without JavaScript.

Each chart is a list of CSS bars that reads without colour (an outline, a hatch whose pattern
tells the band apart, the label before the bar and the value after it), hidden from assistive
technology because the table that always follows it holds the same numbers with a caption.
Percentages are rounded half up, so 12.25% prints as 12,3% (never the banker's 12,2%).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terbuka.core.templatetags.charts import bar_width
from terbuka.inforequests.selectors import PASAL_17_MEANINGS
from terbuka.reports.figures import Interval, ServiceFigures
from terbuka.reports.models import LETTERS, Outcome

register = template.Library()

# UU 14/2008 Pasal 22(7)-(8): the written notice within 10 working days, 17 when extended.
NOTICE_DAYS = 10
EXTENDED_DAYS = 17


# --- Numbers ---------------------------------------------------------------------------------


def _exact(value: Any) -> Decimal | None:
    """A number as an exact Decimal (a float through its shortest repr, as it was written)."""
    if value is None or value == "":
        return None
    if isinstance(value, Interval):
        return None if not value.n else _exact(Fraction(value.successes, value.n))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return None


def format_percent(value: Any) -> str:
    """A proportion (0..1, or an Interval's rate) as `95,4%`, one decimal rounded half up."""
    exact = _exact(value)
    if exact is None:
        return "-"
    rounded = (exact * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1, use_l10n=True) + "%"


@register.filter
def percent(value: Any) -> str:
    """A proportion (0..1) or an `Interval` (its exact rate) as a percentage; "-" if none."""
    return format_percent(value)


@register.filter
def share(count: Any, total: Any) -> str:
    """`count` as a percentage of `total`, exact before rounding; "-" when `total` is 0."""
    try:
        whole = int(total or 0)
        part = int(count or 0)
    except (TypeError, ValueError):
        return "-"
    return format_percent(Fraction(part, whole)) if whole > 0 else "-"


@register.filter
def interval_range(interval: Any) -> str:
    """The 95% interval of an `Interval` as `88,8%-97,8%`; "-" when nothing was decided."""
    if not isinstance(interval, Interval) or not interval.n:
        return "-"
    return f"{format_percent(interval.low)}-{format_percent(interval.high)}"


@register.filter
def days(value: Any) -> str:
    """Working days (a median or mean) as `4` or `4,5`; "-" when there are none."""
    exact = _exact(value)
    if exact is None:
        return "-"
    if exact == exact.to_integral_value():
        return number_format(exact.to_integral_value(), decimal_pos=0, use_l10n=True)
    rounded = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1, use_l10n=True)


# --- Charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = True


@dataclass(frozen=True)
class Row:
    """One row of a chart's table, and its bar (`value` long, `text` printed after it)."""

    label: str
    cells: tuple[Cell, ...]
    value: int
    text: str
    # The bar's pattern: "" (within the clock), "extended" or "late"; the table says it too.
    kind: str = ""
    detail: str = ""  # a second line under the row's header (a Pasal 17 letter's meaning)


@dataclass(frozen=True)
class Chart:
    id: str
    caption: str
    headers: tuple[Cell, ...]  # the first names the row header column
    rows: tuple[Row, ...]
    total: tuple[Cell, ...] | None = None  # the cells of a "Jumlah" footer row
    note: str = ""

    @property
    def largest(self) -> int:
        return max((row.value for row in self.rows), default=0)

    @property
    def has_values(self) -> bool:
        return self.largest > 0


def _n(value: int) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def month_chart(figures: ServiceFigures) -> Chart:
    """Requests received per month of the period, with what became of them."""
    rows = tuple(
        Row(
            label=str(MONTHS[row.month]),
            cells=(
                Cell(_n(row.received)),
                Cell(_n(row.granted)),
                Cell(_n(row.refused)),
                Cell(_n(row.other)),
                Cell(_n(row.pending)),
                Cell(format_percent(row.on_time)),
            ),
            value=row.received,
            text=_n(row.received),
        )
        for row in figures.by_month
    )
    months = figures.by_month
    return Chart(
        id="chart-months",
        caption=_("Permohonan per bulan diterima, %(period)s") % {"period": figures.period.label},
        headers=(
            Cell(_("Bulan"), numeric=False),
            Cell(_("Diterima")),
            Cell(_("Diberikan")),
            Cell(_("Ditolak")),
            Cell(_("Lainnya")),
            Cell(_("Belum dijawab")),
            Cell(_("Tepat waktu")),
        ),
        rows=rows,
        total=(
            Cell(_n(sum(r.received for r in months))),
            Cell(_n(sum(r.granted for r in months))),
            Cell(_n(sum(r.refused for r in months))),
            Cell(_n(sum(r.other for r in months))),
            Cell(_n(sum(r.pending for r in months))),
            Cell(format_percent(figures.on_time)),
        ),
        note=_(
            "Diberikan: seluruhnya atau sebagian. Lainnya: informasi tidak dikuasai, diteruskan "
            "ke badan publik lain, dicabut atau gugur. Tepat waktu: dari permohonan yang sudah "
            "diputus."
        ),
    )


def outcome_chart(figures: ServiceFigures) -> Chart:
    """How the requests of the period ended, as counts and shares of those received."""
    rows = []
    for outcome in Outcome:
        count = figures.outcomes.get(outcome.value, 0)
        portion = share(count, figures.received)
        rows.append(
            Row(
                label=str(outcome.label),
                cells=(Cell(_n(count)), Cell(portion)),
                value=count,
                text=f"{_n(count)} ({portion})" if count else _n(count),
            )
        )
    return Chart(
        id="chart-outcomes",
        caption=_("Hasil permohonan, %(period)s") % {"period": figures.period.label},
        headers=(Cell(_("Hasil"), numeric=False), Cell(_("Jumlah")), Cell(_("Persentase"))),
        rows=tuple(rows),
        total=(Cell(_n(figures.received)), Cell(share(figures.received, figures.received))),
        note=_("Persentase dihitung dari semua permohonan yang diterima dalam periode ini."),
    )


def refusal_chart(figures: ServiceFigures) -> Chart:
    """Refusals by the letter of UU 14/2008 Pasal 17 they cite, with the letter's meaning."""
    rows = tuple(
        Row(
            label=_("Huruf %(letter)s") % {"letter": letter},
            cells=(Cell(_n(figures.refused_by_ground.get(letter, 0))),),
            value=figures.refused_by_ground.get(letter, 0),
            text=_n(figures.refused_by_ground.get(letter, 0)),
            detail=str(PASAL_17_MEANINGS.get(letter, "")),
        )
        for letter in LETTERS
    )
    return Chart(
        id="chart-refusals",
        caption=_("Penolakan menurut dasar pengecualian (UU 14/2008 Pasal 17), %(period)s")
        % {"period": figures.period.label},
        headers=(Cell(_("Pasal 17"), numeric=False), Cell(_("Penolakan"))),
        rows=rows,
        note=_(
            "Satu penolakan dapat menyebut lebih dari satu huruf, sehingga jumlah per huruf bisa "
            "lebih besar daripada jumlah permohonan yang ditolak."
        ),
    )


def _band_meaning(label: str) -> tuple[str, str]:
    """What a band of working days means against the legal clocks, and its bar pattern."""
    low = int(label.lstrip(">= ").split("-")[0])
    if low > EXTENDED_DAYS:
        return _("Melewati batas 17 hari kerja"), "late"
    if low > NOTICE_DAYS:
        return _("Tepat waktu hanya bila diperpanjang (Pasal 22 ayat 8)"), "extended"
    return _("Dalam batas 10 hari kerja (Pasal 22 ayat 7)"), ""


def days_chart(figures: ServiceFigures) -> Chart:
    """Requests by working days to the written notice, in bands read against the law's clocks."""
    dist = figures.notice_days
    rows = []
    for label, count in dist.bands:
        meaning, kind = _band_meaning(label)
        rows.append(
            Row(
                label=_("%(band)s hari kerja") % {"band": label.replace(">= ", "≥ ")},
                cells=(
                    Cell(meaning, numeric=False),
                    Cell(_n(count)),
                    Cell(share(count, dist.count)),
                ),
                value=count,
                text=_n(count),
                kind=kind,
            )
        )
    return Chart(
        id="chart-days",
        caption=_("Lama sampai pemberitahuan tertulis, %(period)s")
        % {"period": figures.period.label},
        headers=(
            Cell(_("Hari kerja"), numeric=False),
            Cell(_("Menurut UU 14/2008"), numeric=False),
            Cell(_("Permohonan")),
            Cell(_("Persentase")),
        ),
        rows=tuple(rows),
        total=(Cell(""), Cell(_n(dist.count)), Cell(share(dist.count, dist.count))),
        note=_(
            "Hari kerja dihitung sejak permohonan lengkap diterima sampai pemberitahuan tertulis "
            "diterbitkan, tanpa akhir pekan, hari libur nasional dan cuti bersama. Batang "
            "bergaris: dalam 10 hari kerja; bertitik: dalam masa perpanjangan; berpetak: lewat "
            "17 hari kerja."
        ),
    )


@register.inclusion_tag("reports/stats/_chart.html")
def bar_chart(chart: Chart) -> dict[str, Any]:
    """A chart's bars (hidden from screen readers) followed by its table with a caption."""
    return {
        "chart": chart,
        "bars": [(row, bar_width(row.value, chart.largest)) for row in chart.rows],
    }


@register.inclusion_tag("reports/stats/_chart.html")
def chart_of(kind: str, figures: ServiceFigures) -> dict[str, Any]:
    """One of the page's charts of `figures`: "months", "outcomes", "refusals" or "days"."""
    builders = {
        "months": month_chart,
        "outcomes": outcome_chart,
        "refusals": refusal_chart,
        "days": days_chart,
    }
    return bar_chart(builders[kind](figures))


def _position(value: float | None) -> str:
    return bar_width(Decimal(repr(value or 0.0)), 1)


@register.inclusion_tag("reports/stats/_interval_bar.html")
def interval_bar(interval: Interval) -> dict[str, Any]:
    """The 95% interval as a segment on a 0-100% track, the observed rate as a mark on it."""
    if not interval.n:
        return {"interval": None}
    low, high = interval.low or 0.0, interval.high or 0.0
    return {
        "interval": interval,
        "left": _position(low),
        "width": bar_width(Decimal(repr(high)) - Decimal(repr(low)), 1),
        "mark": _position(interval.rate),
    }
