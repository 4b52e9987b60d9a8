"""The monev back office's cycles and questionnaires through the client: the list, a new cycle
(stored or uploaded rubric, participants by unit kind, schedule, double submit), a cycle with its
participants, stages and computation, and a participant's questionnaire with its evidence and
Terbuka's proposals; every page for those allowed and refused."""

from __future__ import annotations

import copy
import html
import json
import re
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbuka.bodies.models import Membership, Unit
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.monev import proposals, services
from terbuka.monev.models import (
    Answer,
    EvaluationCycle,
    Evidence,
    MonevEvent,
    Participant,
    Result,
    Rubric,
)
from terbuka.monev.rubric import parse_rubric, rubric_to_json
from terbuka.monev.states import CycleStatus
from terbuka.safety.tests.corpus import pdf

pytestmark = pytest.mark.django_db

C = CycleStatus
CYCLES = reverse("monev_office:cycles")
NEW = reverse("monev_office:cycle-new")


# --- Helpers ---------------------------------------------------------------------------------


def _login(user: Any, **defaults: Any) -> Client:
    client = Client(**defaults)
    client.force_login(user)
    return client


def _page(response: Any, status: int = 200) -> str:
    assert response.status_code == status, response.content[:2000]
    page: str = response.content.decode()
    assert '<html lang="id">' in page
    assert page.count("<h1>") == 1
    return page


def _text(page: str) -> str:
    """The page's text with tags removed and whitespace folded (for exact messages)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _labelled(page: str) -> None:
    """Every visible input has a label pointing at it; every table has a caption; every header
    cell a scope."""
    ids = re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id
    unnamed = re.findall(
        r'<(?:input|textarea|select)(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>', page
    )
    assert not unnamed, unnamed
    assert page.count("<table") == page.count("<caption")
    assert "<th>" not in page


def _queries(client: Client, url: str) -> tuple[int, str]:
    """How many queries a page costs, and the page."""
    with CaptureQueriesContext(connection) as captured:
        page = _page(client.get(url))
    return len(captured), page


def _cycle(
    actor: Any, body: Any, units: list[Any], rubric: Any, *, opened: bool = True, **options: Any
) -> EvaluationCycle:
    values: dict[str, Any] = {"name": "Monev internal 2026", "year": 2026}
    values.update(options)
    return services.cycle_create(
        actor=actor,
        body=body,
        rubric=rubric,
        participants=units,
        open_questionnaire=opened,
        **values,
    )


def _cycle_url(cycle: EvaluationCycle, name: str = "cycle") -> str:
    return reverse(f"monev_office:{name}", args=[cycle.pk])


def _questionnaire(cycle: EvaluationCycle, unit: Any) -> str:
    return reverse("monev_office:questionnaire", args=[cycle.pk, unit.slug])


def _participant(cycle: EvaluationCycle, unit: Any) -> Participant:
    return Participant.objects.get(cycle=cycle, unit=unit)


def _at(cycle: EvaluationCycle, status: str) -> EvaluationCycle:
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.refresh_from_db()
    return cycle


def _rubric_with(questions: int) -> dict[str, Any]:
    """A rubric of one stage and one indicator with `questions` questions wanting a link."""
    return {
        "name": "Rubrik uji",
        "year": 2026,
        "categories": [{"name": "Informatif", "min": 90}, {"name": "Tidak Informatif", "min": 0}],
        "stages": [
            {
                "key": "saq",
                "name": "Kuesioner",
                "weight": 100,
                "indicators": [
                    {
                        "key": "jenis",
                        "name": "Jenis informasi",
                        "weight": 1,
                        "questions": [
                            {
                                "key": f"q{n}",
                                "text": f"Pertanyaan nomor {n}?",
                                "evidence": "link",
                                "options": [
                                    {"key": "ya", "label": "Ya", "score": 100},
                                    {"key": "tidak", "label": "Tidak", "score": 0},
                                ],
                            }
                            for n in range(1, questions + 1)
                        ],
                    }
                ],
            }
        ],
    }


@pytest.fixture
def cycle(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> EvaluationCycle:
    """An open questionnaire for the three kecamatan (q1 wants a link, q2 a link or a PDF)."""
    return _cycle(ppid_utama, body, kecamatan, rubric_data)


@pytest.fixture
def other_camat(kecamatan: list[Any]) -> Any:
    """The PPID Pelaksana of Kecamatan Cipocok Jaya, a participant of the same cycle."""
    return MembershipFactory(
        unit=kecamatan[1], role=Membership.Role.PPID_PELAKSANA, user__email="kec2@example.test"
    ).user


@pytest.fixture
def no_proposals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proposals, "for_participant", lambda participant: [])


# --- Who may open the pages ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client: Client, cycle: EvaluationCycle) -> None:
    unit = cycle.participants.first().unit  # type: ignore[union-attr]
    for url in (
        CYCLES,
        NEW,
        _cycle_url(cycle),
        _cycle_url(cycle, "cycle-rubric"),
        _questionnaire(cycle, unit),
        reverse("monev_office:evidence", args=[cycle.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    for url in (_cycle_url(cycle, "cycle-move"), _cycle_url(cycle, "cycle-compute")):
        assert client.post(url, {"to": "verification"}).status_code == 302


def test_users_without_an_office_role_are_refused(applicant: Any, cycle: EvaluationCycle) -> None:
    client = _login(applicant)
    assert client.get(CYCLES).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.get(_cycle_url(cycle)).status_code == 403


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_the_cycles_each_officer_sees(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    unit_officer: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
) -> None:
    old = _cycle(ppid_utama, body, kecamatan, rubric_data, name="Monev 2025", year=2025)
    new = _cycle(ppid_utama, body, kecamatan[1:], rubric_data, name="Monev 2026", opened=False)
    page = _page(_login(ppid_utama).get(CYCLES))
    _labelled(page)
    assert "2 siklus monev, terbaru lebih dulu" in page
    assert page.index("Monev 2026") < page.index("Monev 2025")
    assert f'href="{NEW}"' in page
    assert "Draf" in page
    assert "Pengisian kuesioner" in page
    # The PPID Pelaksana of Kecamatan Serang sees only the cycle it takes part in, with its own
    # questionnaire's state.
    own = _page(_login(camat_officer).get(CYCLES))
    assert "1 siklus monev" in own
    assert "Monev 2025" in own
    assert "Monev 2026" not in own
    assert _questionnaire(old, kecamatan[0]) in own
    assert "Belum dikirim" in own
    assert "0 dari 2 dijawab" in _text(own)
    assert f'href="{NEW}"' not in own
    assert _cycle_url(new) not in own
    # An OPD's officer outside both cycles sees none.
    none = _page(_login(unit_officer).get(CYCLES))
    assert "Belum ada siklus monev yang dapat Anda lihat." in none


def test_the_list_costs_the_same_queries_for_more_cycles(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
) -> None:
    organiser, participant = _login(ppid_utama), _login(camat_officer)
    _cycle(ppid_utama, body, kecamatan, rubric_data, year=2020)
    few = (_queries(organiser, CYCLES)[0], _queries(participant, CYCLES)[0])
    for year in range(2021, 2033):
        _cycle(ppid_utama, body, kecamatan, rubric_data, year=year)
    organiser_count, _organiser_page = _queries(organiser, CYCLES)
    participant_count, page = _queries(participant, CYCLES)
    assert (organiser_count, participant_count) == few
    assert max(few) <= 10
    assert page.count("Belum dikirim") == 13


# --- A new cycle -----------------------------------------------------------------------------


def _new_form(units: list[Any], **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "name": "Monev PPID Pelaksana 2026",
        "year": "2026",
        "organiser": "",
        "rubric": "",
        "units_kecamatan": [u.pk for u in units],
        "group_kecamatan": "Kecamatan",
        "questionnaire_opens_on": "2026-06-01",
        "questionnaire_closes_on": "2026-07-31",
        "open_questionnaire": "on",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def _rubric_file(data: Any, name: str = "rubrik.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def test_a_cycle_from_an_uploaded_rubric(
    body: Any,
    ppid_utama: Any,
    unit: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
) -> None:
    client = _login(ppid_utama)
    form = _page(client.get(NEW))
    _labelled(form)
    assert 'name="body"' not in form  # one body: nothing to choose
    assert 'name="form_token"' in form
    # Participants come as checkbox lists by unit kind, each with its group name.
    assert "<legend>Kecamatan" in form
    assert "<legend>Perangkat daerah (OPD)" in form
    assert 'name="group_kecamatan" value="Kecamatan"' in form
    assert 'name="group_opd" value="Perangkat daerah (OPD)"' in form
    data = _new_form(
        kecamatan[:2],
        rubric_file=_rubric_file(rubric_data),
        units_opd=[unit.pk],
        group_opd="Dinas",
    )
    response = client.post(NEW, data)
    assert response.status_code == 303, response.content[:3000]
    cycle = EvaluationCycle.objects.get()
    assert response["Location"] == _cycle_url(cycle)
    assert cycle.status == C.QUESTIONNAIRE
    assert cycle.organiser == "PPID Utama Pemerintah Kota Uji"
    assert str(cycle.questionnaire_closes_on) == "2026-07-31"
    assert cycle.rubric.body == body
    assert sorted((p.unit.slug, p.group) for p in cycle.participants.all()) == [
        ("dinkes", "Dinas"),
        ("kec-cipocok-jaya", "Kecamatan"),
        ("kec-serang", "Kecamatan"),
    ]
    assert "Siklus monev disimpan." in _page(client.get(response["Location"]))


def test_a_cycle_from_a_stored_or_shared_rubric(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    shared = Rubric.objects.create(
        body=None, name="Rubrik KI Banten", year=2026, definition=rubric_data
    )
    stranger: Any = PublicBodyFactory()
    foreign = Rubric.objects.create(
        body=stranger, name="Rubrik lain", year=2026, definition=rubric_data
    )
    client = _login(ppid_utama)
    form = _page(client.get(NEW))
    assert "Rubrik KI Banten (2026) · rubrik bersama" in form
    assert "Rubrik lain" not in form
    assert 'name="all_kecamatan"' in form
    assert "Semua unit Kecamatan (3)" in form
    data = _new_form([], rubric=shared.pk, open_questionnaire=None, all_kecamatan="on")
    response = client.post(NEW, data)
    assert response.status_code == 303
    cycle = EvaluationCycle.objects.get()
    assert cycle.rubric == shared
    assert cycle.status == C.DRAFT
    assert cycle.participants.count() == 3
    refused = client.post(NEW, _new_form(kecamatan, rubric=foreign.pk))
    assert refused.status_code == 422
    assert EvaluationCycle.objects.count() == 1


def test_a_double_submit_creates_one_cycle(
    ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    client = _login(ppid_utama)
    token = str(uuid.uuid4())
    first = client.post(
        NEW, _new_form(kecamatan, form_token=token, rubric_file=_rubric_file(rubric_data))
    )
    again = client.post(
        NEW, _new_form(kecamatan, form_token=token, rubric_file=_rubric_file(rubric_data))
    )
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert EvaluationCycle.objects.count() == 1
    assert Rubric.objects.count() == 1
    assert MonevEvent.objects.filter(kind="cycle_created").count() == 1


def test_a_refused_rubric_lists_every_problem(
    ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    broken = copy.deepcopy(rubric_data)
    broken["stages"][0]["weight"] = -1
    broken["stages"][0]["indicators"][0]["questions"][0]["options"][0]["score"] = 120
    del broken["categories"]
    response = _login(ppid_utama).post(NEW, _new_form(kecamatan, rubric_file=_rubric_file(broken)))
    page = _page(response, 422)
    text = _text(page)
    assert "Rubrik tidak valid: 3 masalah." in text
    assert "categories : Wajib berupa daftar yang tidak kosong." in text
    assert "stages[0].weight : Harus lebih dari 0 dan paling besar 1000000." in text
    assert "stages[0].indicators[0].questions[0].options[0].score : Harus antara 0 dan 100." in text
    assert 'role="alert"' in page
    assert "pilih lagi berkasnya sebelum menyimpan" in text
    assert EvaluationCycle.objects.count() == 0
    assert Rubric.objects.count() == 0


def test_the_new_cycle_form_refusals(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    client = _login(ppid_utama)
    no_rubric = _text(_page(client.post(NEW, _new_form(kecamatan)), 422))
    assert "Pilih rubrik tersimpan atau unggah berkas rubrik JSON." in no_rubric
    not_json = _text(
        _page(
            client.post(NEW, _new_form(kecamatan, rubric_file=SimpleUploadedFile("r.json", b"{x"))),
            422,
        )
    )
    assert "Berkas rubrik bukan JSON yang sah" in not_json
    nobody = _text(
        _page(client.post(NEW, _new_form([], rubric_file=_rubric_file(rubric_data))), 422)
    )
    assert "Pilih setidaknya satu peserta." in nobody
    order = _page(
        client.post(
            NEW,
            _new_form(
                kecamatan,
                rubric_file=_rubric_file(rubric_data),
                questionnaire_opens_on="2026-08-01",
            ),
        ),
        422,
    )
    assert 'id="id_questionnaire_closes_on_error"' in order
    assert "Jadwal harus berurutan: tanggal ini sebelum tahap sebelumnya." in order
    year = _page(
        client.post(NEW, _new_form(kecamatan, rubric_file=_rubric_file(rubric_data), year="1990")),
        422,
    )
    assert 'id="id_year_error"' in year
    assert EvaluationCycle.objects.count() == 0


def test_only_organisers_create_cycles(
    camat_officer: Any, evaluator: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    for user in (camat_officer, evaluator):
        client = _login(user)
        assert client.get(NEW).status_code == 403
        data = _new_form(kecamatan, rubric_file=_rubric_file(rubric_data))
        assert client.post(NEW, data).status_code == 403
    assert EvaluationCycle.objects.count() == 0


def test_an_organiser_of_several_bodies_picks_one_first(
    body: Any, ppid_utama: Any, kecamatan: list[Any]
) -> None:
    second = PublicBodyFactory(name="Pemerintah Kabupaten Uji", slug="kab-uji")
    utama = UnitFactory(body=second, kind=Unit.Kind.PPID_UTAMA, slug="ppid-utama")
    MembershipFactory(user=ppid_utama, unit=utama, role=Membership.Role.PPID_UTAMA)
    client = _login(ppid_utama)
    pick = _page(client.get(NEW))
    assert "Pilih badan publik" in pick
    assert "?badan=kab-uji" in pick
    form = _page(client.get(NEW, {"badan": "kota-uji"}))
    assert "Pemerintah Kota Uji" in form
    assert kecamatan[0].name in form
    other = _page(client.get(NEW, {"badan": "kab-uji"}))
    assert kecamatan[0].name not in other


# --- One cycle -------------------------------------------------------------------------------


def test_the_organiser_sees_participants_rubric_actions_and_history(
    cycle: EvaluationCycle, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any]
) -> None:
    serang = _participant(cycle, kecamatan[0])
    services.answers_save(
        participant=serang, actor=camat_officer, answers={"q1": "tidak", "q2": "tidak"}
    )
    services.participant_submit(participant=serang, actor=camat_officer)
    page = _page(_login(ppid_utama).get(_cycle_url(cycle)))
    _labelled(page)
    text = _text(page)
    assert "3 peserta, per kelompok" in text
    assert "Kecamatan Serang Kecamatan 2/2 0 Terkirim" in text
    assert "Kecamatan Taktakan Kecamatan 0/2 2 Belum dikirim" in text
    for unit in kecamatan:
        assert _questionnaire(cycle, unit) in page
    # The rubric outline: stages, indicators, questions with weights, evidence and options.
    assert "Tahap Kuesioner (bobot 70)" in text
    assert "Indikator Jenis informasi (bobot 0,4)" in text
    assert "q2 Apakah register permohonan diumumkan? 3 Tautan atau berkas PDF" in text
    assert "Sebagian (50)" in text
    assert "Dinilai langsung oleh panel (presentasi atau visitasi), tanpa kuesioner." in text
    # Allowed next stages and the computation; the rubric's JSON; the history.
    assert 'name="to" value="verification"' in page
    assert 'name="to" value="cancelled"' in page
    assert 'value="announced"' not in page
    assert "Hitung nilai" in page
    assert _cycle_url(cycle, "cycle-rubric") in page
    assert "Siklus dibuat" in text
    assert "Kuesioner dikirim" in text


def test_a_participant_sees_only_its_own_row_and_history(
    cycle: EvaluationCycle, camat_officer: Any, other_camat: Any, kecamatan: list[Any]
) -> None:
    services.answers_save(
        participant=_participant(cycle, kecamatan[1]),
        actor=other_camat,
        answers={"q1": "ya"},
        notes={"q1": "Catatan rahasia Cipocok."},
    )
    page = _page(_login(camat_officer).get(_cycle_url(cycle)))
    _labelled(page)
    assert "Unit Anda dalam siklus ini" in page
    assert _questionnaire(cycle, kecamatan[0]) in page
    assert _questionnaire(cycle, kecamatan[1]) not in page
    assert "Kecamatan Cipocok Jaya" not in page
    assert "Jawaban disimpan" not in page  # the other participant's event
    assert 'name="to"' not in page
    assert "Hitung nilai" not in page


def test_the_cycle_page_is_not_found_for_officers_outside_it(
    cycle: EvaluationCycle, unit_officer: Any
) -> None:
    client = _login(unit_officer)
    for name in ("cycle", "cycle-rubric"):
        assert client.get(_cycle_url(cycle, name)).status_code == 404
    for name in ("cycle-move", "cycle-compute"):
        assert client.post(_cycle_url(cycle, name), {"to": "verification"}).status_code == 404
    assert client.get(_cycle_url(cycle).replace(str(cycle.pk), "999999")).status_code == 404
    cycle.refresh_from_db()
    assert cycle.status == C.QUESTIONNAIRE


def test_the_cycle_page_costs_the_same_queries_for_more_participants(
    body: Any,
    ppid_utama: Any,
    ppid_utama_unit: Any,
    rubric_data: dict[str, Any],
) -> None:
    def kelurahan(count: int, start: int = 0) -> list[Any]:
        return [
            UnitFactory(
                body=body,
                parent=ppid_utama_unit,
                kind=Unit.Kind.KELURAHAN,
                name=f"Kelurahan {n}",
                slug=f"kel-{n}",
            )
            for n in range(start, start + count)
        ]

    few = _cycle(ppid_utama, body, kelurahan(2), rubric_data)
    many = _cycle(ppid_utama, body, kelurahan(15, start=10), rubric_data, year=2027)
    for participant in Participant.objects.all():
        services.answers_save(participant=participant, actor=ppid_utama, answers={"q1": "ya"})
    for cycle in (few, many):
        services.cycle_compute(cycle=cycle, actor=ppid_utama)
    client = _login(ppid_utama)
    count, _few_page = _queries(client, _cycle_url(few))
    assert count <= 10
    assert _queries(client, _cycle_url(many))[0] == count
    page = _queries(client, _cycle_url(many))[1]
    assert "15 peserta" in page
    assert page.count("<td>Tidak Informatif</td>") == 15


def test_the_organiser_moves_the_cycle_through_its_stages(
    cycle: EvaluationCycle, ppid_utama: Any, camat_officer: Any
) -> None:
    client = _login(ppid_utama)
    move = _cycle_url(cycle, "cycle-move")
    response = client.post(move, {"to": "verification", "note": "Pengisian ditutup."})
    assert response.status_code == 303
    assert response["Location"] == _cycle_url(cycle)
    cycle.refresh_from_db()
    assert cycle.status == C.VERIFICATION
    page = _text(_page(client.get(_cycle_url(cycle))))
    assert "Siklus kini pada tahap: Verifikasi." in page
    assert "Tahap siklus berganti" in page
    assert "Pengisian ditutup." in page
    again = client.post(move, {"to": "questionnaire"})
    assert again.status_code == 303
    refused = _text(_page(client.get(_cycle_url(cycle))))
    assert "Siklus tidak dapat berpindah dari Verifikasi ke Pengisian kuesioner." in refused
    assert client.post(move, {"to": "nonsense"}).status_code == 303
    cycle.refresh_from_db()
    assert cycle.status == C.VERIFICATION
    # A participant sees the cycle but may not move it.
    assert _login(camat_officer).post(move, {"to": "objection"}).status_code == 403
    cycle.refresh_from_db()
    assert cycle.status == C.VERIFICATION


def test_the_organiser_computes_scores_shown_in_the_table(
    cycle: EvaluationCycle, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any]
) -> None:
    serang = _participant(cycle, kecamatan[0])
    services.answers_save(participant=serang, actor=camat_officer, answers={"q1": "ya", "q2": "ya"})
    client = _login(ppid_utama)
    response = client.post(_cycle_url(cycle, "cycle-compute"))
    assert response.status_code == 303
    assert Result.objects.filter(participant__cycle=cycle).count() == 3
    text = _text(_page(client.get(_cycle_url(cycle))))
    assert "Nilai dihitung untuk 3 peserta." in text
    result = Result.objects.get(participant=serang)
    score = f"{result.score:.2f}".replace(".", ",")  # Indonesian decimals
    assert f"{score} {result.category} 1 (keseluruhan 1)" in text
    assert "Nilai dihitung" in text  # the history
    assert _login(camat_officer).post(_cycle_url(cycle, "cycle-compute")).status_code == 403


def test_computing_a_draft_is_refused_with_a_message(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    draft = _cycle(ppid_utama, body, kecamatan, rubric_data, opened=False)
    client = _login(ppid_utama)
    page = _page(client.get(_cycle_url(draft)))
    assert "Hitung nilai" not in page
    assert 'name="to" value="questionnaire"' in page
    assert client.post(_cycle_url(draft, "cycle-compute")).status_code == 303
    text = _text(_page(client.get(_cycle_url(draft))))
    assert "Nilai siklus ini tidak dapat dihitung sekarang." in text
    assert not Result.objects.exists()


def test_the_rubric_downloads_as_json(cycle: EvaluationCycle, camat_officer: Any) -> None:
    response = _login(camat_officer).get(_cycle_url(cycle, "cycle-rubric"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rubrik-monev-2026-{cycle.pk}.json"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    assert data == rubric_to_json(parse_rubric(cycle.rubric.definition))


# --- The questionnaire -----------------------------------------------------------------------


def _answers(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"action": "simpan"}
    data.update({k.replace("_", "-", 1): v for k, v in values.items()})
    return data


def test_the_participant_answers_with_notes_and_evidence(
    cycle: EvaluationCycle, camat_officer: Any, kecamatan: list[Any], no_proposals: None
) -> None:
    client = _login(camat_officer)
    url = _questionnaire(cycle, kecamatan[0])
    page = _page(client.get(url))
    _labelled(page)
    text = _text(page)
    assert "0 dari 2 pertanyaan dijawab." in text
    assert "Ya (nilai 100)" in text
    assert "Sebagian (nilai 50)" in text
    assert 'type="radio" name="answer-q1"' in page
    assert 'name="note-q2"' in page
    assert 'name="url-q1"' in page
    assert 'name="file-q2"' in page
    assert text.count("Belum dijawab") == 2
    data = _answers(
        answer_q1="ya",
        note_q1="DIP di situs kecamatan.",
        answer_q2="sebagian",
        url_q1="https://serangkota.go.id/dip",
        file_q2=SimpleUploadedFile("register.pdf", pdf()),
    )
    data["action"] = "lampirkan:q1"
    response = client.post(url, data)
    assert response.status_code == 303, response.content[:3000]
    assert response["Location"] == url + "#q-q1"
    participant = _participant(cycle, kecamatan[0])
    answers = {a.question_key: a for a in participant.answers.all()}
    assert (answers["q1"].option_key, answers["q1"].note) == ("ya", "DIP di situs kecamatan.")
    assert answers["q2"].option_key == "sebagian"
    link = Evidence.objects.get(kind="link")
    assert (link.answer, link.url, link.source) == (
        answers["q1"],
        "https://serangkota.go.id/dip",
        "participant",
    )
    document = Evidence.objects.get(kind="pdf")
    assert (document.answer, document.original_name) == (answers["q2"], "register.pdf")
    after = _page(client.get(url))
    text = _text(after)
    assert "Jawaban disimpan. 2 bukti dilampirkan." in text
    assert "2 dari 2 pertanyaan dijawab." in text
    assert "https://serangkota.go.id/dip" in after
    assert reverse("monev_office:evidence", args=[cycle.pk, document.pk]) in after
    assert re.search(r'name="answer-q1" value="ya"[^>]*checked', after)
    # Removing a piece of evidence saves the page as well.
    removed = client.post(
        url, _answers(answer_q1="ya", answer_q2="tidak", action=f"hapus:{link.pk}")
    )
    assert removed.status_code == 303
    assert removed["Location"] == url + "#q-q1"
    assert not Evidence.objects.filter(pk=link.pk).exists()
    assert Answer.objects.get(participant=participant, question_key="q2").option_key == "tidak"
    assert "Jawaban disimpan dan bukti dihapus." in _text(_page(client.get(url)))
    assert "Bukti belum lengkap" in _text(_page(client.get(url)))  # q1 claims without a link


def test_evidence_refusals_are_shown_next_to_the_question(
    cycle: EvaluationCycle, camat_officer: Any, kecamatan: list[Any], no_proposals: None
) -> None:
    client = _login(camat_officer)
    url = _questionnaire(cycle, kecamatan[0])
    unanswered = _page(client.post(url, _answers(url_q1="https://contoh.go.id", note_q2="x")), 422)
    assert 'id="id_url-q1_error"' in unanswered
    assert "Jawab pertanyaan ini dulu sebelum melampirkan bukti." in unanswered
    assert "Pilih jawaban agar keterangan tersimpan." in unanswered
    assert not Answer.objects.exists()
    big = SimpleUploadedFile("besar.pdf", pdf() + b" " * 2_100_000)
    too_big = _page(client.post(url, _answers(answer_q2="ya", file_q2=big)), 422)
    assert "Berkas bukti paling besar 2 MB." in too_big
    # A bad link and a file that is not a PDF: the answers are kept, a good link is attached
    # once, and the refusals stand next to their fields.
    data = _answers(
        answer_q1="ya",
        answer_q2="ya",
        url_q1="ftp://contoh",
        file_q2=SimpleUploadedFile("bukan.pdf", b"MZ\x90\x00" * 10),
    )
    refused = _page(client.post(url, data), 422)
    assert 'id="id_url-q1_error"' in refused
    assert "Tautan harus alamat http:// atau https:// yang lengkap." in refused
    assert 'id="id_file-q2_error"' in refused
    assert "Berkas bukti harus PDF." in refused
    assert Answer.objects.count() == 2
    assert not Evidence.objects.exists()
    mixed = _answers(answer_q1="ya", answer_q2="ya", url_q1="https://contoh.go.id/dip", url_q2="x")
    page = _page(client.post(url, mixed), 422)
    assert Evidence.objects.count() == 1
    assert 'name="url-q1" value="https://contoh.go.id/dip"' not in page  # attached: not kept
    assert 'id="id_url-q2_error"' in page


def test_submitting_lists_what_is_missing_then_sends(
    cycle: EvaluationCycle,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
    no_proposals: None,
) -> None:
    client = _login(camat_officer)
    url = _questionnaire(cycle, kecamatan[0])
    unanswered = _page(client.post(url, _answers(answer_q1="ya", action="kirim")), 422)
    text = _text(unanswered)
    assert "Kuesioner belum terkirim. Masih ada 1 pertanyaan yang belum dijawab." in text
    assert "Jawaban yang sudah diisi telah disimpan." in text
    assert "Pertanyaan 2 : Apakah register permohonan diumumkan? (belum dijawab)" in text
    assert '<a href="#q-q2">Pertanyaan 2</a>' in unanswered
    assert 'id="q-q2"' in unanswered
    assert Answer.objects.filter(question_key="q1").exists()
    unproven = _page(
        client.post(url, _answers(answer_q1="ya", answer_q2="tidak", action="kirim")), 422
    )
    text = _text(unproven)
    assert "Masih ada 1 jawaban yang belum dilengkapi bukti." in text
    assert "Pertanyaan 1 : Apakah DIP diumumkan? (bukti yang diminta: Tautan)" in text
    assert '<a href="#q-q1">' in unproven
    done = client.post(
        url,
        _answers(answer_q1="ya", answer_q2="tidak", url_q1="https://contoh.go.id", action="kirim"),
    )
    assert done.status_code == 303
    assert _participant(cycle, kecamatan[0]).submitted_at is not None
    assert "Kuesioner terkirim." in _text(_page(client.get(url)))
    organiser = _text(_page(_login(ppid_utama).get(_cycle_url(cycle))))
    assert "Kecamatan Serang Kecamatan 2/2 0 Terkirim" in organiser


def test_proposals_from_terbuka_are_attached_with_one_click(
    cycle: EvaluationCycle,
    camat_officer: Any,
    kecamatan: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered = [
        proposals.Proposal(
            key="dip",
            title="Daftar Informasi Publik unit",
            detail="12 entri DIP terbit.",
            url="/dip/kota-uji/?unit=5",
            source="DIP Terbuka",
        ),
        proposals.Proposal(
            key="objections",
            title="Penanganan keberatan",
            detail="2 keberatan.",
            url="",
            source="Register keberatan Terbuka",
        ),
    ]
    monkeypatch.setattr(proposals, "for_participant", lambda participant: offered)
    client = _login(camat_officer, HTTP_HOST="localhost")
    url = _questionnaire(cycle, kecamatan[0])
    page = _page(client.get(url))
    _labelled(page)
    text = _text(page)
    assert "Usulan bukti dari data Terbuka" in text
    assert "12 entri DIP terbit." in text
    assert "Sumber: DIP Terbuka" in text
    assert 'name="proposal-dip"' in page
    assert 'name="proposal-objections"' not in page  # nothing to link to
    assert 'value="usul:dip"' in page
    nothing = client.post(url, _answers(answer_q1="ya", action="usul:dip"))
    assert nothing.status_code == 303
    assert "Pilih pertanyaan untuk usulan bukti ini." in _text(_page(client.get(url)))
    unanswered = client.post(url, _answers(answer_q1="ya", proposal_dip="q2", action="usul:dip"))
    assert unanswered.status_code == 303
    assert "Jawab pertanyaan ini dulu sebelum melampirkan bukti." in _text(_page(client.get(url)))
    response = client.post(url, _answers(answer_q1="ya", proposal_dip="q1", action="usul:dip"))
    assert response.status_code == 303
    assert response["Location"] == url + "#q-q1"
    evidence = Evidence.objects.get()
    # The link is absolute: it must open from wherever the evaluator reads it.
    assert evidence.url == "http://localhost/dip/kota-uji/?unit=5"
    assert evidence.source == Evidence.Source.TERBUKA
    assert evidence.source_detail == "Daftar Informasi Publik unit: 12 entri DIP terbit."
    assert evidence.answer.question_key == "q1"
    after = _text(_page(client.get(url)))
    assert "Usulan dilampirkan sebagai bukti. Periksa kembali isinya sebelum mengirim." in after
    assert "Diusulkan dari data Terbuka" in after
    assert "Sudah dilampirkan pada pertanyaan q1" in after
    services.evidence_add_pdf(
        answer=evidence.answer, actor=camat_officer, data=pdf(), filename="dip.pdf"
    )
    assert _text(_page(client.get(url))).count("Sudah dilampirkan") == 1  # not the url-less one
    again = client.post(url, _answers(answer_q1="ya", proposal_dip="q1", action="usul:dip"))
    assert again.status_code == 303
    assert "Tautan ini sudah dilampirkan." in _text(_page(client.get(url)))
    assert Evidence.objects.filter(kind="link").count() == 1


def test_a_closed_questionnaire_is_read_only_with_its_verification(
    cycle: EvaluationCycle,
    ppid_utama: Any,
    camat_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
) -> None:
    participant = _participant(cycle, kecamatan[0])
    services.answers_save(
        participant=participant,
        actor=camat_officer,
        answers={"q1": "ya", "q2": "ya"},
        notes={"q2": "Register di papan pengumuman."},
    )
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.VERIFICATION)
    q2 = Answer.objects.get(participant=participant, question_key="q2")
    services.answer_verify(
        answer=q2, actor=evaluator, option_key="sebagian", note="Hanya register 2025."
    )
    client = _login(camat_officer)
    url = _questionnaire(cycle, kecamatan[0])
    page = _page(client.get(url))
    text = _text(page)
    assert "Kuesioner tidak sedang dibuka: jawaban hanya dapat dibaca." in text
    assert '<form id="questionnaire"' not in page
    assert 'type="radio"' not in page
    assert "Jawaban Ya (nilai 100) Keterangan Register di papan pengumuman." in text
    assert "Verifikasi Diubah evaluator" in text
    assert "Jawaban hasil verifikasi Sebagian (nilai 50)" in text
    assert "Catatan verifikator Hanya register 2025." in text
    response = client.post(url, _answers(answer_q1="tidak"))
    assert response.status_code == 303
    assert "Kuesioner tidak sedang dibuka." in _text(_page(client.get(url)))
    assert Answer.objects.get(participant=participant, question_key="q1").option_key == "ya"


def test_the_questionnaire_is_refused_to_others(
    cycle: EvaluationCycle,
    camat_officer: Any,
    other_camat: Any,
    unit_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
    no_proposals: None,
) -> None:
    url = _questionnaire(cycle, kecamatan[0])
    # Another participant of the same cycle, and an officer outside it: not found.
    for user in (other_camat, unit_officer):
        client = _login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _answers(answer_q1="ya")).status_code == 404
    # An evaluator reads the questionnaire but does not answer it.
    client = _login(evaluator)
    page = _page(client.get(url))
    assert "Anda dapat membaca kuesioner ini tetapi tidak mengisinya." in page
    assert 'type="radio"' not in page
    assert client.post(url, _answers(answer_q1="ya")).status_code == 403
    assert not Answer.objects.exists()
    assert _login(camat_officer).get(_questionnaire(cycle, UnitFactory())).status_code == 404


def test_the_questionnaire_costs_the_same_queries_for_more_questions(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
) -> None:
    """With Terbuka's own proposals (read from its records) and a link on every answer."""

    def measure(questions: int) -> tuple[int, str]:
        cycle = _cycle(
            ppid_utama, body, kecamatan[:1], _rubric_with(questions), year=2000 + questions
        )
        participant = _participant(cycle, kecamatan[0])
        answers = services.answers_save(
            participant=participant,
            actor=camat_officer,
            answers={f"q{n}": "ya" for n in range(1, questions + 1)},
        )
        for answer in answers:
            services.evidence_add_link(
                answer=answer, actor=camat_officer, url=f"https://contoh.go.id/{answer.pk}"
            )
        return _queries(_login(camat_officer), _questionnaire(cycle, kecamatan[0]))

    count, _few_page = measure(2)
    assert count <= 20
    many, page = measure(20)
    assert many == count
    assert "20 dari 20 pertanyaan dijawab." in _text(page)


# --- Evidence files --------------------------------------------------------------------------


def test_evidence_pdfs_download_for_those_who_see_the_questionnaire(
    cycle: EvaluationCycle,
    camat_officer: Any,
    other_camat: Any,
    evaluator: Any,
    unit_officer: Any,
    kecamatan: list[Any],
) -> None:
    [q2] = services.answers_save(
        participant=_participant(cycle, kecamatan[0]), actor=camat_officer, answers={"q2": "ya"}
    )
    document = services.evidence_add_pdf(
        answer=q2, actor=camat_officer, data=pdf(), filename="register.pdf"
    )
    link = services.evidence_add_link(answer=q2, actor=camat_officer, url="https://contoh.go.id")
    url = reverse("monev_office:evidence", args=[cycle.pk, document.pk])
    for user in (camat_officer, evaluator):
        response = _login(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf()  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="register.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response["Cache-Control"] == "no-store"
    for user in (other_camat, unit_officer):
        assert _login(user).get(url).status_code == 404
    client = _login(camat_officer)
    assert client.get(reverse("monev_office:evidence", args=[cycle.pk, link.pk])).status_code == 404
    elsewhere = _cycle(
        cycle.created_by, cycle.body, kecamatan, cycle.rubric, name="Lain", year=2027
    )
    assert (
        client.get(reverse("monev_office:evidence", args=[elsewhere.pk, document.pk])).status_code
        == 404
    )
