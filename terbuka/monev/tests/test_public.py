"""The public monev pages: a body's announced cycles and history with trend alerts, one cycle's
results, the certificates, what stays hidden, and query counts that stay flat."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from terbuka.bodies.models import Unit
from terbuka.bodies.tests.factories import UnitFactory
from terbuka.monev import services
from terbuka.monev.models import EvaluationCycle, HistoricalResult
from terbuka.monev.states import CycleStatus

pytestmark = pytest.mark.django_db
C = CycleStatus
KI = "Komisi Informasi Provinsi Banten"


def _announced(
    actor: Any,
    body: Any,
    plan: dict[Any, dict[str, str]],
    rubric: Any,
    *,
    year: int = 2026,
    name: str = "Monev internal 2026",
) -> EvaluationCycle:
    """A cycle over `plan`'s units with their answers, moved to the announcement."""
    cycle = services.cycle_create(
        actor=actor,
        body=body,
        name=name,
        year=year,
        rubric=rubric,
        participants=list(plan),
        open_questionnaire=True,
    )
    for unit, answers in plan.items():
        participant = cycle.participants.get(unit=unit)
        services.answers_save(participant=participant, actor=actor, answers=answers)
    services.cycle_move(cycle=cycle, actor=actor, to=C.VERIFICATION)
    return services.cycle_move(cycle=cycle, actor=actor, to=C.ANNOUNCED)


def _serang_history(body: Any, rows: tuple[tuple[int, str | None, str], ...]) -> None:
    for year, score, category in rows:
        HistoricalResult.objects.create(
            body=body,
            participant_name="Kota Serang",
            year=year,
            organiser=KI,
            group="Kabupaten/Kota",
            score=Decimal(score) if score is not None else None,
            category=category,
        )


def _get(client: Client, name: str, *args: Any) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading_id: str) -> str:
    start = html.find(f'id="{heading_id}"')
    assert start >= 0, heading_id
    return html[start : html.find("</section>", start)]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


ALL_YES = {"q1": "ya", "q2": "ya"}
PART = {"q1": "ya", "q2": "sebagian"}


# --- The body page ---------------------------------------------------------------------------


def test_body_page_lists_announced_cycles_newest_first(
    client: Client, body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    older = _announced(
        ppid_utama, body, {kecamatan[0]: ALL_YES}, rubric_data, year=2025, name="Monev 2025"
    )
    newer = _announced(ppid_utama, body, dict.fromkeys(kecamatan, ALL_YES), rubric_data)
    hidden = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="Monev 2027 (berjalan)",
        year=2027,
        rubric=rubric_data,
        participants=kecamatan,
        open_questionnaire=True,
    )
    html = _get(client, "monev:body", body.slug)
    cycles = _section(html, "cycles-heading")
    assert cycles.index("Monev internal 2026") < cycles.index("Monev 2025")
    assert reverse("monev:results", args=[newer.pk]) in cycles
    assert reverse("monev:results", args=[older.pk]) in cycles
    assert hidden.name not in html
    assert '<td class="num">3</td>' in cycles
    assert "PPID Utama Pemerintah Kota Uji" in cycles
    assert html.count("<h1") == 1
    # Announcing copies each result into the history of the organiser.
    history = _section(html, "history-heading")
    assert "Kecamatan Serang" in history
    assert '<th scope="col" class="num">2025</th>' in history
    assert "70,00" in history


def test_the_fall_from_92_5_is_an_alert(
    client: Client, body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    _serang_history(
        body,
        (
            (2018, "70.00", "Cukup Informatif"),
            (2019, "92.50", "Informatif"),
            (2020, "90.10", "Informatif"),
            (2021, "85.00", "Menuju Informatif"),
        ),
    )
    # Category order comes from the newest announced cycle's rubric.
    _announced(ppid_utama, body, {kecamatan[0]: ALL_YES}, rubric_data)
    html = _get(client, "monev:body", body.slug)
    alerts = _section(html, "alerts-heading")
    assert "2 hasil lebih rendah daripada tahun sebelumnya." in alerts
    fall = alerts[alerts.index("Kota Serang</strong>, 2020") :]
    fall = fall[: fall.index("</li>")]
    assert "nilai turun" in fall
    assert "dari 92,50 (2019) menjadi 90,10." in fall
    assert "kategori turun" not in fall
    drop = alerts[alerts.index("Kota Serang</strong>, 2021") :]
    drop = drop[: drop.index("</li>")]
    assert "kategori turun" in drop
    assert "dari Informatif menjadi Menuju Informatif." in drop
    # Newest first; the rise from 2018 to 2019 is no alert.
    assert alerts.index(", 2021") < alerts.index(", 2020")
    assert ", 2019" not in alerts
    # The grid marks the year in its cell and the trend column says what changed, in words.
    history = _section(html, "history-heading")
    row = history[history.index('<th scope="row">Kota Serang</th>') :]
    row = row[: row.index("</tr>")]
    assert row.count("nilai turun") == 2
    assert row.count("kategori turun") == 1
    assert "turun 5,10" in row
    assert "2020 ke 2021" in row


def test_without_an_announced_cycle_only_falls_in_score_are_flagged(
    client: Client, body: Any
) -> None:
    _serang_history(body, ((2019, "92.50", "Informatif"), (2020, "88.00", "Menuju Informatif")))
    html = _get(client, "monev:body", body.slug)
    alerts = _section(html, "alerts-heading")
    assert "dari 92,50 (2019) menjadi 88,00." in alerts
    assert "kategori turun" not in alerts
    assert "Belum ada hasil monev yang diumumkan" in html


def test_a_rise_or_a_missing_score_is_no_alert(client: Client, body: Any) -> None:
    _serang_history(
        body,
        ((2019, "92.50", "Informatif"), (2020, None, "Informatif"), (2025, "99.85", "Informatif")),
    )
    html = _get(client, "monev:body", body.slug)
    assert 'id="alerts-heading"' not in html
    history = _section(html, "history-heading")
    assert "naik" not in history  # the last two results do not both have a score
    assert "nilai tidak lengkap" in history


def test_organisers_are_never_compared(client: Client, body: Any) -> None:
    _serang_history(body, ((2019, "92.50", "Informatif"),))
    HistoricalResult.objects.create(
        body=body, participant_name="Kota Serang", year=2020, organiser="Survei lain", score=50
    )
    html = _get(client, "monev:body", body.slug)
    assert 'id="alerts-heading"' not in html
    history = _section(html, "history-heading")
    assert f'<h3 id="history-1">{KI}</h3>' in history
    assert '<h3 id="history-2">Survei lain</h3>' in history


def test_body_page_without_anything(client: Client, body: Any) -> None:
    html = _get(client, "monev:body", body.slug)
    assert "Belum ada hasil monev yang diumumkan untuk badan publik ini." in html
    assert "Belum ada riwayat hasil monev." in html


def test_portal_body_page_links_to_monev(client: Client, body: Any) -> None:
    html = _get(client, "portal:body-detail", body.slug)
    assert f'href="{reverse("monev:body", args=[body.slug])}"' in html


def test_body_page_query_count_is_flat(
    client: Client,
    body: Any,
    ppid_utama: Any,
    ppid_utama_unit: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    url = reverse("monev:body", args=[body.slug])
    _announced(ppid_utama, body, {kecamatan[0]: ALL_YES}, rubric_data, year=2025)
    _serang_history(body, ((2019, "92.50", "Informatif"), (2020, "90.10", "Informatif")))
    client.get(url)
    small = _queries(client, url)
    assert small <= 3  # body, cycles with their rubric and counts, history
    extra = [
        UnitFactory(
            body=body,
            parent=ppid_utama_unit,
            kind=Unit.Kind.KELURAHAN,
            name=f"Kelurahan {i}",
            slug=f"kel-{i}",
        )
        for i in range(8)
    ]
    plan = dict.fromkeys([*kecamatan, *extra], PART)
    _announced(ppid_utama, body, plan, rubric_data, year=2026, name="Monev 2026")
    _announced(ppid_utama, body, plan, rubric_data, year=2027, name="Monev 2027")
    assert HistoricalResult.objects.count() == 1 + 2 + 2 * len(plan)
    assert _queries(client, url) <= small


# --- One cycle's results ---------------------------------------------------------------------


def test_results_by_group_with_thresholds_counts_and_certificates(
    client: Client,
    body: Any,
    ppid_utama: Any,
    unit: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    plan = {
        kecamatan[0]: ALL_YES,
        kecamatan[1]: PART,
        kecamatan[2]: ALL_YES,
        unit: {"q1": "tidak", "q2": "sebagian"},
    }
    cycle = _announced(ppid_utama, body, plan, rubric_data)
    html = _get(client, "monev:results", cycle.pk)
    assert "<h1>Monev internal 2026</h1>" in html
    assert html.count("<h1") == 1
    assert reverse("monev:body", args=[body.slug]) in html
    assert "4 peserta dinilai." in html
    thresholds = _section(html, "thresholds-heading")
    assert "90,00 sampai 100" in thresholds
    assert "80,00 sampai di bawah 90,00" in thresholds
    assert "0,00 sampai di bawah 40,00" in thresholds
    counts = _section(html, "counts-heading")
    assert "<caption" in counts
    # SAQ 70 of 100 (no panel score): 70.00 twice, 43.75 and 26.25.
    assert '<th scope="row">Cukup Informatif</th>\n              <td class="num">2</td>' in counts
    assert '<th scope="row">Informatif</th>\n              <td class="num">0</td>' in counts
    results = _section(html, "results-heading")
    assert results.index("Kecamatan") < results.index("Perangkat daerah (OPD)")
    kec = results[: results.index("Perangkat daerah (OPD)")]
    # Ties share a rank; the table is in rank order.
    assert kec.index("Kecamatan Serang") < kec.index("Kecamatan Cipocok Jaya")
    assert kec.index("Kecamatan Taktakan") < kec.index("Kecamatan Cipocok Jaya")
    assert kec.count('<td class="num">1</td>') == 2
    assert '<td class="num">3</td>' in kec
    assert "43,75" in kec
    assert "26,25" in results
    assert 'class="bar pct-w-70"' in results  # the bar, on the 0-100 scale
    assert 'aria-hidden="true"><span class="bar ' in results
    for target in plan:
        assert reverse("monev:certificate", args=[cycle.pk, target.slug]) in results


def test_results_query_count_is_flat(
    client: Client,
    body: Any,
    ppid_utama: Any,
    ppid_utama_unit: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    small = _announced(ppid_utama, body, {kecamatan[0]: ALL_YES}, rubric_data, year=2025)
    url = reverse("monev:results", args=[small.pk])
    client.get(url)
    few = _queries(client, url)
    assert few <= 2  # cycle with body and rubric, results
    extra = [
        UnitFactory(body=body, parent=ppid_utama_unit, name=f"Dinas {i}", slug=f"dinas-{i}")
        for i in range(10)
    ]
    plan = dict.fromkeys([*kecamatan, *extra], PART)
    large = _announced(ppid_utama, body, plan, rubric_data)
    html = client.get(reverse("monev:results", args=[large.pk])).content.decode()
    assert html.count("Unduh PDF") == 13
    assert _queries(client, reverse("monev:results", args=[large.pk])) <= few


# --- Certificates ----------------------------------------------------------------------------


def test_certificate_is_a_one_page_pdf_with_unit_and_score(
    client: Client, body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _announced(ppid_utama, body, {kecamatan[0]: ALL_YES, kecamatan[1]: PART}, rubric_data)
    response = client.get(reverse("monev:certificate", args=[cycle.pk, "kec-cipocok-jaya"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="sertifikat-monev-2026-kec-cipocok-jaya.pdf"'
    )
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Kecamatan Cipocok Jaya" in text
    assert "43,75" in text
    assert "Kurang Informatif" in text
    assert "2 dari 2" in text
    assert "PPID Utama Pemerintah Kota Uji" in text
    assert "Monev internal 2026 Tahun penilaian 2026" in text
    assert "Undang-Undang Nomor 14 Tahun 2008" in text
    assert "Nomor 1 Tahun 2022" in text
    assert cycle.announced_on is not None
    assert f"Diumumkan pada {cycle.announced_on.day}" in text


# --- What stays hidden -----------------------------------------------------------------------


def test_unknown_body_is_404(client: Client, body: Any) -> None:
    assert client.get(reverse("monev:body", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("status", [s for s in CycleStatus if s != C.ANNOUNCED])
def test_cycles_not_announced_are_404(
    client: Client,
    body: Any,
    ppid_utama: Any,
    kecamatan: list[Any],
    rubric_data: Any,
    status: CycleStatus,
) -> None:
    cycle = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="Monev 2026",
        year=2026,
        rubric=rubric_data,
        participants=kecamatan,
        open_questionnaire=True,
    )
    services.cycle_compute(cycle=cycle, actor=ppid_utama)
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=status)
    assert client.get(reverse("monev:results", args=[cycle.pk])).status_code == 404
    certificate = reverse("monev:certificate", args=[cycle.pk, kecamatan[0].slug])
    assert client.get(certificate).status_code == 404
    assert "Monev 2026" not in _get(client, "monev:body", body.slug)


def test_unknown_cycle_and_unit_are_404(
    client: Client, body: Any, ppid_utama: Any, unit: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _announced(ppid_utama, body, {kecamatan[0]: ALL_YES}, rubric_data)
    assert client.get(reverse("monev:results", args=[cycle.pk + 1])).status_code == 404
    for slug in ("tidak-ada", unit.slug):  # unknown, and a unit outside the cycle
        assert client.get(reverse("monev:certificate", args=[cycle.pk, slug])).status_code == 404
