"""The statistics pages' template tags: percentages rounded half up in the page language, and
charts whose bars are hidden from screen readers and always followed by their table."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from terbuka.bodies.models import PublicBody, Unit
from terbuka.reports import figures
from terbuka.reports.figures import Interval, ServiceFigures, wilson
from terbuka.reports.models import DaysStat, Measure, MonthlyStat
from terbuka.reports.templatetags import report_charts
from terbuka.reports.templatetags.report_charts import (
    Cell,
    Chart,
    Row,
    days,
    format_percent,
    interval_range,
    percent,
    share,
)

YEAR = 2026


def _render(source: str, **context: Any) -> str:
    return Template("{% load report_charts %}" + source).render(Context(context))


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 8), "12,5%"),
        (0.12345, "12,3%"),
        (0.12355, "12,4%"),  # half up, where binary floats would round it down
        (0.0005, "0,1%"),
        (1, "100,0%"),
        (0, "0,0%"),
        (None, "-"),
        ("", "-"),
        ("abc", "-"),
    ],
)
def test_percent_rounds_half_up(value: Any, expected: str) -> None:
    assert percent(value) == expected


def test_percent_of_an_interval_uses_the_exact_rate() -> None:
    assert percent(Interval(1, 16, 1 / 16, 0.01, 0.28)) == "6,3%"  # 6.25 half up
    assert percent(wilson(0, 0)) == "-"
    assert percent(wilson(95, 100)) == "95,0%"


def test_share_is_exact_and_undefined_without_a_total() -> None:
    assert share(1, 16) == "6,3%"
    assert share(1, 3) == "33,3%"
    assert share(2, 3) == "66,7%"
    assert share(0, 0) == "-"
    assert share(3, None) == "-"
    assert share("x", 3) == "-"


def test_interval_range() -> None:
    assert interval_range(wilson(95, 100)) == "88,8%-97,8%"
    assert interval_range(wilson(2, 2)) == "34,2%-100,0%"
    assert interval_range(wilson(0, 0)) == "-"
    assert interval_range(None) == "-"


def test_days() -> None:
    from decimal import Decimal

    assert days(Decimal("4")) == "4"
    assert days(Decimal("4.5")) == "4,5"
    assert days(Decimal("4.25")) == "4,3"
    assert days(7) == "7"
    assert days(None) == "-"


def test_numbers_follow_the_page_language() -> None:
    with translation.override("en"):
        assert format_percent(Fraction(1, 8)) == "12.5%"
        assert interval_range(wilson(95, 100)) == "88.8%-97.8%"
    assert format_percent(Fraction(1, 8)) == "12,5%"


# --- Generic chart -------------------------------------------------------------------------------


def _chart() -> Chart:
    return Chart(
        id="chart-test",
        caption="Uji",
        headers=(Cell("Nama", numeric=False), Cell("Jumlah")),
        rows=(
            Row(label="Satu", cells=(Cell("10"),), value=10, text="10"),
            Row(label="Dua", cells=(Cell("5"),), value=5, text="5", kind="late"),
            Row(label="Tiga", cells=(Cell("0"),), value=0, text="0", detail="keterangan"),
        ),
        total=(Cell("15"),),
        note="Catatan",
    )


def test_bar_chart_hides_bars_and_follows_them_with_the_table() -> None:
    out = _render("{% bar_chart chart %}", chart=_chart())
    bars = out.index('<ol class="hbar-chart" aria-hidden="true">')
    table = out.index("<table")
    assert bars < table
    assert '<caption id="chart-test-caption">Uji</caption>' in out
    assert 'aria-labelledby="chart-test-caption"' in out
    assert 'aria-describedby="chart-test-note"' in out
    # Each bar is as long as its share of the largest, with its label and value as text.
    assert 'pct-w-100"' in out
    assert 'pct-w-50"' in out
    assert '<span class="hbar-label">Dua</span>' in out
    assert '<span class="hbar-value">5</span>' in out
    # Patterns, not colours, tell the kinds apart; a zero bar has no outline.
    assert 'class="hbar hbar-late pct-w-' in out
    assert 'class="hbar hbar-zero pct-w-0"' in out
    # The table: row headers, numeric cells, the detail line and the total.
    assert '<th scope="row">Tiga<br><span class="muted">keterangan</span></th>' in out
    assert '<td class="num">5</td>' in out
    assert re.search(r"<tfoot>\s*<tr>\s*<th scope=\"row\">Jumlah</th>\s*<td class=\"num\">15", out)


def test_a_chart_without_values_shows_only_its_table() -> None:
    empty = Chart(
        id="chart-empty",
        caption="Kosong",
        headers=(Cell("Nama", numeric=False), Cell("Jumlah")),
        rows=(Row(label="Satu", cells=(Cell("0"),), value=0, text="0"),),
    )
    out = _render("{% bar_chart chart %}", chart=empty)
    assert "hbar-chart" not in out
    assert "<caption" in out


def test_interval_bar_marks_the_range_and_the_rate() -> None:
    out = _render("{% interval_bar interval %}", interval=wilson(95, 100))
    assert 'aria-hidden="true"' in out
    # Whole percent through classes: the Content-Security-Policy refuses style attributes.
    assert 'class="ci-range pct-l-89 pct-w-9"' in out
    assert 'class="ci-mark pct-l-95"' in out
    assert _render("{% interval_bar interval %}", interval=wilson(0, 0)).strip() == ""


# --- The page's charts ---------------------------------------------------------------------------


@pytest.fixture
def service(body: PublicBody, unit: Unit) -> ServiceFigures:
    """March: 6 requests (3 granted, 1 refused under a and h, 2 open); notice days 2, 2, 12, 20."""
    MonthlyStat.objects.create(
        body=body,
        unit_key=unit.pk,
        year=YEAR,
        month=3,
        received=6,
        granted_full=2,
        granted_partial=1,
        refused=1,
        refused_a=1,
        refused_h=1,
        pending=2,
        noticed=4,
        noticed_on_time=3,
        overdue=1,
        extended=1,
    )
    for day, count in ((2, 2), (12, 1), (20, 1)):
        DaysStat.objects.create(
            body=body,
            unit_key=unit.pk,
            year=YEAR,
            month=3,
            measure=Measure.NOTICE,
            days=day,
            count=count,
        )
    return figures.service_figures(body, figures.check_period(YEAR, 1))


@pytest.mark.django_db
def test_month_chart(service: ServiceFigures) -> None:
    chart = report_charts.month_chart(service)
    assert [row.label for row in chart.rows] == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
    ]
    march = chart.rows[2]
    assert [cell.text for cell in march.cells] == ["6", "3", "1", "0", "2", "75,0%"]
    assert march.value == 6
    assert chart.rows[0].value == 0
    assert chart.total is not None
    assert [cell.text for cell in chart.total] == ["6", "3", "1", "0", "2", "75,0%"]
    assert chart.caption == "Permohonan per bulan diterima, Semester I 2026"


@pytest.mark.django_db
def test_outcome_chart(service: ServiceFigures) -> None:
    chart = report_charts.outcome_chart(service)
    rows = {row.label: [cell.text for cell in row.cells] for row in chart.rows}
    assert rows["Diberikan seluruhnya"] == ["2", "33,3%"]
    assert rows["Diberikan sebagian"] == ["1", "16,7%"]
    assert rows["Belum dijawab"] == ["2", "33,3%"]
    assert rows["Dicabut pemohon"] == ["0", "0,0%"]
    granted = next(row for row in chart.rows if row.label == "Diberikan seluruhnya")
    assert granted.text == "2 (33,3%)"


@pytest.mark.django_db
def test_refusal_chart_names_the_letters(service: ServiceFigures) -> None:
    chart = report_charts.refusal_chart(service)
    assert [row.label for row in chart.rows][:2] == ["Huruf a", "Huruf b"]
    assert len(chart.rows) == 10
    letter_a = chart.rows[0]
    assert letter_a.value == 1
    assert letter_a.detail == "menghambat proses penegakan hukum"
    assert chart.rows[7].detail == "mengungkap rahasia pribadi"
    assert chart.rows[7].value == 1
    assert chart.rows[1].value == 0


@pytest.mark.django_db
def test_days_chart_reads_bands_against_the_clocks(service: ServiceFigures) -> None:
    chart = report_charts.days_chart(service)
    rows = [(row.label, row.kind, [cell.text for cell in row.cells]) for row in chart.rows]
    assert rows == [
        ("0-3 hari kerja", "", ["Dalam batas 10 hari kerja (Pasal 22 ayat 7)", "2", "50,0%"]),
        ("4-7 hari kerja", "", ["Dalam batas 10 hari kerja (Pasal 22 ayat 7)", "0", "0,0%"]),
        ("8-10 hari kerja", "", ["Dalam batas 10 hari kerja (Pasal 22 ayat 7)", "0", "0,0%"]),
        (
            "11-17 hari kerja",
            "extended",
            ["Tepat waktu hanya bila diperpanjang (Pasal 22 ayat 8)", "1", "25,0%"],
        ),
        ("≥ 18 hari kerja", "late", ["Melewati batas 17 hari kerja", "1", "25,0%"]),
    ]


@pytest.mark.django_db
def test_chart_of_renders_each_chart(service: ServiceFigures) -> None:
    for kind, caption in (
        ("months", "Permohonan per bulan diterima"),
        ("outcomes", "Hasil permohonan"),
        ("refusals", "Penolakan menurut dasar pengecualian"),
        ("days", "Lama sampai pemberitahuan tertulis"),
    ):
        out = _render("{% chart_of kind figures %}", kind=kind, figures=service)
        assert f"chart-{kind}-caption" in out
        assert caption in out
        assert out.index('aria-hidden="true"') < out.index("<table")
