"""The monev evaluation pages through the client: verification, contests, panel scores,
results and their CSV, improvement plans and coordination meetings; every refusal."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.monev import services
from terbuka.monev.models import (
    Attendance,
    Contest,
    EvaluationCycle,
    ImprovementAction,
    IndicatorScore,
    Meeting,
)
from terbuka.monev.states import ActionStatus, ContestStatus, CycleStatus, Verification
from terbuka.safety.tests.corpus import pdf

pytestmark = pytest.mark.django_db
C = CycleStatus
MEETINGS = reverse("monev_office:meetings")
MEETING_NEW = reverse("monev_office:meeting-new")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(response: Any) -> str:
    page: str = response.content.decode()
    assert '<html lang="id">' in page
    assert page.count("<h1>") == 1
    return page


def _text(response: Any) -> str:
    """The page as a reader hears it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _at(cycle: EvaluationCycle, status: str) -> EvaluationCycle:
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.refresh_from_db()
    return cycle


def _cycle(ppid_utama: Any, body: Any, participants: list[Any], rubric: Any, **kw: Any) -> Any:
    return services.cycle_create(
        actor=ppid_utama,
        body=body,
        name=kw.pop("name", "Monev internal 2026"),
        year=kw.pop("year", 2026),
        rubric=rubric,
        participants=participants,
        open_questionnaire=True,
        **kw,
    )


@pytest.fixture
def cycle(body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any) -> Any:
    return _cycle(ppid_utama, body, kecamatan, rubric_data)


@pytest.fixture
def serang(cycle: Any, kecamatan: list[Any]) -> Any:
    """Kecamatan Serang's participation, with both questions answered and evidenced."""
    participant = cycle.participants.get(unit=kecamatan[0])
    q1, q2 = services.answers_save(
        participant=participant,
        actor=participant.cycle.created_by,
        answers={"q1": "ya", "q2": "ya"},
        notes={"q1": "DIP diumumkan di situs PPID"},
    )
    services.evidence_add_link(
        answer=q1, actor=cycle.created_by, url="https://ppid.serangkota.go.id/dip"
    )
    services.evidence_add_pdf(
        answer=q2, actor=cycle.created_by, data=pdf(), filename="register-permohonan.pdf"
    )
    return participant


@pytest.fixture
def cipocok_officer(kecamatan: list[Any]) -> Any:
    """The PPID Pelaksana of Kecamatan Cipocok Jaya (another participant)."""
    return MembershipFactory(
        unit=kecamatan[1], role=Membership.Role.PPID_PELAKSANA, user__email="cipocok@example.test"
    ).user


def _verify_url(cycle: Any, slug: str = "kec-serang") -> str:
    return reverse("monev_office:verify", kwargs={"pk": cycle.pk, "unit": slug})


def _contest_url(cycle: Any, slug: str = "kec-serang") -> str:
    return reverse("monev_office:contest", kwargs={"pk": cycle.pk, "unit": slug})


def _plan_url(cycle: Any, slug: str = "kec-serang") -> str:
    return reverse("monev_office:plan", kwargs={"pk": cycle.pk, "unit": slug})


def _results_url(cycle: Any) -> str:
    return reverse("monev_office:results", kwargs={"pk": cycle.pk})


def _csv_url(cycle: Any) -> str:
    return reverse("monev_office:results-csv", kwargs={"pk": cycle.pk})


# --- Verification overview -------------------------------------------------------------------


def test_verification_overview_counts_per_participant(
    cycle: Any, serang: Any, evaluator: Any
) -> None:
    q1 = serang.answers.get(question_key="q1")
    services.answer_verify(answer=q1, actor=evaluator)
    response = _login(evaluator).get(reverse("monev_office:verification", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    _page(response)
    text = _text(response)
    assert "3 peserta" in text
    # Kecamatan Serang: one unverified, one accepted, none changed, no contest.
    assert "Kecamatan Serang Kecamatan Belum 1 1 0 0" in text
    assert "Kecamatan Taktakan Kecamatan Belum 0 0 0 0" in text
    assert _verify_url(cycle) in response.content.decode()


def test_verification_overview_refusals(cycle: Any, camat_officer: Any, unit_officer: Any) -> None:
    url = reverse("monev_office:verification", args=[cycle.pk])
    assert _login(camat_officer).get(url).status_code == 403
    assert _login(unit_officer).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "next=" in anonymous["Location"]
    missing = reverse("monev_office:verification", args=[cycle.pk + 99])
    assert _login(cycle.created_by).get(missing).status_code == 404


def test_verification_overview_queries_stay_flat(
    body: Any,
    ppid_utama: Any,
    evaluator: Any,
    kecamatan: list[Any],
    unit: Any,
    rubric_data: Any,
    django_assert_max_num_queries: Any,
) -> None:
    small = _cycle(ppid_utama, body, kecamatan[:1], rubric_data)
    large = _cycle(ppid_utama, body, [*kecamatan, unit], rubric_data, year=2027)
    for participant in large.participants.all():
        services.answers_save(
            participant=participant, actor=ppid_utama, answers={"q1": "ya", "q2": "tidak"}
        )
    client = _login(evaluator)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("monev_office:verification", args=[small.pk])).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("monev_office:verification", args=[large.pk])).status_code == 200


# --- Verifying a participant -----------------------------------------------------------------


def test_verify_page_shows_answers_notes_evidence_and_forms(
    cycle: Any, serang: Any, evaluator: Any
) -> None:
    response = _login(evaluator).get(_verify_url(cycle))
    assert response.status_code == 200
    page = _page(response)
    text = _text(response)
    assert "Apakah DIP diumumkan?" in text
    assert "Ya (nilai 100)" in text
    assert "DIP diumumkan di situs PPID" in text
    assert 'href="https://ppid.serangkota.go.id/dip"' in page
    assert "register-permohonan.pdf" in text
    assert "Belum diverifikasi" in text
    assert page.count('name="action" value="terima"') == 2
    assert page.count('name="action" value="ubah"') == 2
    # The change form offers the other options only.
    q2 = serang.answers.get(question_key="q2")
    assert f'name="a{q2.pk}-option_key"' in page
    assert (
        '<option value="ya">'
        not in page.split(f'name="a{q2.pk}-option_key"')[1].split("</select>")[0]
    )
    # No contests, and panel scores wait for the verification stage.
    assert "Peserta tidak mengajukan sanggahan." in text
    assert (
        "Nilai panel hanya dapat dimasukkan pada tahap Verifikasi, Masa sanggah, "
        "Presentasi / visitasi; siklus ini sedang pada tahap Pengisian kuesioner." in text
    )


def test_evaluator_accepts_and_changes_answers(cycle: Any, serang: Any, evaluator: Any) -> None:
    client = _login(evaluator)
    q1 = serang.answers.get(question_key="q1")
    q2 = serang.answers.get(question_key="q2")
    accepted = client.post(_verify_url(cycle), {"action": "terima", "answer": q1.pk})
    assert accepted.status_code == 303
    assert accepted["Location"] == _verify_url(cycle)
    q1.refresh_from_db()
    assert q1.verification == Verification.ACCEPTED
    assert q1.verified_by == evaluator

    silent = client.post(
        _verify_url(cycle),
        {"action": "ubah", "answer": q2.pk, f"a{q2.pk}-option_key": "sebagian"},
    )
    assert silent.status_code == 422
    assert "Alasan perubahan" in _text(silent)
    assert 'role="alert"' in silent.content.decode()
    q2.refresh_from_db()
    assert q2.verification == Verification.UNVERIFIED

    changed = client.post(
        _verify_url(cycle),
        {
            "action": "ubah",
            "answer": q2.pk,
            f"a{q2.pk}-option_key": "sebagian",
            f"a{q2.pk}-note": "Register tanpa alasan penolakan",
        },
        follow=True,
    )
    assert "Jawaban diubah dengan alasan tercatat." in _messages(changed)
    q2.refresh_from_db()
    assert (q2.verification, q2.effective_option) == (Verification.CHANGED, "sebagian")
    assert "Register tanpa alasan penolakan" in _text(changed)
    assert "Diubah evaluator : Sebagian (nilai 50)" in _text(changed)


def test_verify_refusals(
    cycle: Any,
    serang: Any,
    camat_officer: Any,
    unit_officer: Any,
    evaluator: Any,
) -> None:
    q1 = serang.answers.get(question_key="q1")
    url = _verify_url(cycle)
    assert _login(camat_officer).get(url).status_code == 403
    assert _login(camat_officer).post(url, {"action": "terima", "answer": q1.pk}).status_code == 403
    assert _login(unit_officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert _login(evaluator).get(_verify_url(cycle, "dinkes")).status_code == 404
    client = _login(evaluator)
    assert client.post(url, {"action": "hapus", "answer": q1.pk}).status_code == 404
    assert client.post(url, {"action": "terima", "answer": "x"}).status_code == 404
    q1.refresh_from_db()
    assert q1.verification == Verification.UNVERIFIED


def test_verify_is_read_only_outside_its_stages(cycle: Any, serang: Any, evaluator: Any) -> None:
    _at(cycle, C.ANNOUNCED)
    client = _login(evaluator)
    response = client.get(_verify_url(cycle))
    page = response.content.decode()
    assert 'value="terima"' not in page
    assert 'value="nilai"' not in page
    assert (
        "Jawaban hanya dapat diverifikasi pada tahap Pengisian kuesioner, Verifikasi, "
        "Masa sanggah, Presentasi / visitasi; siklus ini sedang pada tahap Diumumkan."
        in _text(response)
    )
    q1 = serang.answers.get(question_key="q1")
    refused = client.post(_verify_url(cycle), {"action": "terima", "answer": q1.pk}, follow=True)
    assert "Verifikasi tidak sedang berlangsung." in _messages(refused)
    q1.refresh_from_db()
    assert q1.verification == Verification.UNVERIFIED


def test_evaluator_decides_contests_with_a_note(
    cycle: Any, serang: Any, evaluator: Any, camat_officer: Any
) -> None:
    q2 = serang.answers.get(question_key="q2")
    services.answer_verify(answer=q2, actor=evaluator, option_key="tidak", note="Tidak ada")
    _at(cycle, C.OBJECTION)
    contest = services.contest_file(
        answer=q2, actor=camat_officer, requested_option_key="ya", reason="Register ada di situs"
    )
    client = _login(evaluator)
    page = _text(client.get(_verify_url(cycle)))
    assert "Register ada di situs" in page
    assert "Jawaban yang berlaku Tidak" in page
    silent = client.post(
        _verify_url(cycle),
        {"action": "putuskan", "contest": contest.pk, f"c{contest.pk}-decision": "kabulkan"},
    )
    assert silent.status_code == 422
    contest.refresh_from_db()
    assert contest.status == ContestStatus.OPEN
    decided = client.post(
        _verify_url(cycle),
        {
            "action": "putuskan",
            "contest": contest.pk,
            f"c{contest.pk}-decision": "kabulkan",
            f"c{contest.pk}-note": "Tautan register diperiksa ulang",
        },
        follow=True,
    )
    assert "Sanggahan diputuskan." in _messages(decided)
    contest.refresh_from_db()
    q2.refresh_from_db()
    assert contest.status == ContestStatus.UPHELD
    assert q2.effective_option == "ya"
    again = client.post(
        _verify_url(cycle),
        {
            "action": "putuskan",
            "contest": contest.pk,
            f"c{contest.pk}-decision": "tolak",
            f"c{contest.pk}-note": "Berubah pikiran",
        },
    )
    # The contest is decided: no form any more, and the service refuses.
    assert again.status_code == 303
    contest.refresh_from_db()
    assert contest.status == ContestStatus.UPHELD


def test_panel_scores_with_comma_or_dot(cycle: Any, serang: Any, evaluator: Any) -> None:
    _at(cycle, C.PRESENTATION)
    client = _login(evaluator)
    page = client.get(_verify_url(cycle)).content.decode()
    assert 'name="i-inovasi-score"' in page
    wrong = client.post(
        _verify_url(cycle), {"action": "nilai", "indicator": "inovasi", "i-inovasi-score": "101"}
    )
    assert wrong.status_code == 422
    assert "Nilai harus antara 0 dan 100." in _text(wrong)
    saved = client.post(
        _verify_url(cycle),
        {
            "action": "nilai",
            "indicator": "inovasi",
            "i-inovasi-score": "87,5",
            "i-inovasi-note": "Presentasi camat",
        },
        follow=True,
    )
    assert "Nilai panel disimpan." in _messages(saved)
    assert IndicatorScore.objects.get(participant=serang).score == Decimal("87.50")
    assert "87,50" in _text(saved)
    unknown = client.post(
        _verify_url(cycle), {"action": "nilai", "indicator": "jenis", "i-jenis-score": "80"}
    )
    assert unknown.status_code == 404


# --- Contests --------------------------------------------------------------------------------


@pytest.fixture
def contesting(cycle: Any, serang: Any, evaluator: Any) -> Any:
    """The objection window, with q1 accepted and q2 changed to "tidak"."""
    services.answer_verify(answer=serang.answers.get(question_key="q1"), actor=evaluator)
    services.answer_verify(
        answer=serang.answers.get(question_key="q2"),
        actor=evaluator,
        option_key="tidak",
        note="Register tidak ditemukan di situs",
    )
    return _at(cycle, C.OBJECTION)


def test_participant_contests_a_verification_once(
    contesting: Any, serang: Any, camat_officer: Any
) -> None:
    client = _login(camat_officer)
    response = client.get(_contest_url(contesting))
    assert response.status_code == 200
    page = _page(response)
    assert "Register tidak ditemukan di situs" in _text(response)
    q2 = serang.answers.get(question_key="q2")
    token = str(uuid.uuid4())
    data = {
        "answer": q2.pk,
        f"a{q2.pk}-form_token": token,
        f"a{q2.pk}-requested_option_key": "ya",
        f"a{q2.pk}-reason": "Register ada di https://ppid.serangkota.go.id/register",
    }
    assert f'name="a{q2.pk}-requested_option_key"' in page
    empty = client.post(_contest_url(contesting), {**data, f"a{q2.pk}-reason": ""})
    assert empty.status_code == 422
    assert Contest.objects.count() == 0
    filed = client.post(_contest_url(contesting), data, follow=True)
    assert "Sanggahan diajukan; evaluator akan memutuskannya." in _messages(filed)
    [contest] = Contest.objects.all()
    assert (contest.requested_option_key, contest.filed_by) == ("ya", camat_officer)
    assert "Sanggahan menunggu keputusan evaluator" in _text(filed)
    assert f'name="a{q2.pk}-reason"' not in filed.content.decode()
    repeated = client.post(_contest_url(contesting), data, follow=True)
    assert "Formulir ini sudah dikirim; tidak ada yang diubah." in _messages(repeated)
    assert Contest.objects.count() == 1


def test_contest_refusals(
    contesting: Any,
    serang: Any,
    evaluator: Any,
    cipocok_officer: Any,
    unit_officer: Any,
    camat_officer: Any,
) -> None:
    url = _contest_url(contesting)
    assert _login(evaluator).get(url).status_code == 403
    assert _login(cipocok_officer).get(url).status_code == 403
    assert _login(unit_officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    q2 = serang.answers.get(question_key="q2")
    data = {
        "answer": q2.pk,
        f"a{q2.pk}-form_token": str(uuid.uuid4()),
        f"a{q2.pk}-requested_option_key": "ya",
        f"a{q2.pk}-reason": "Ada",
    }
    assert _login(evaluator).post(url, data).status_code == 403
    assert Contest.objects.count() == 0
    # Outside the window the page only reads.
    _at(contesting, C.PRESENTATION)
    response = _login(camat_officer).get(url)
    assert f'name="a{q2.pk}-reason"' not in response.content.decode()
    assert (
        "Sanggahan hanya dapat diajukan pada tahap Masa sanggah; siklus ini sedang pada tahap "
        "Presentasi / visitasi, jadi halaman ini hanya dapat dibaca." in _text(response)
    )
    late = _login(camat_officer).post(url, data, follow=True)
    assert "Masa sanggah tidak sedang berlangsung." in _messages(late)
    assert Contest.objects.count() == 0


# --- Results ---------------------------------------------------------------------------------


def test_results_by_group_with_thresholds_and_plans(
    cycle: Any, serang: Any, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any]
) -> None:
    services.cycle_compute(cycle=cycle, actor=ppid_utama)
    response = _login(ppid_utama).get(_results_url(cycle))
    assert response.status_code == 200
    page = _page(response)
    text = _text(response)
    assert "Kelompok Kecamatan: 3 peserta menurut peringkat" in text
    assert "1 Kecamatan Serang 70,00 Cukup Informatif 1" in text
    assert "Informatif 90,00 sampai 100" in text
    assert "Menuju Informatif 80,00 90,00" in text
    assert 'class="bar pct-w-70"' in page
    assert _csv_url(cycle) in page
    for unit in kecamatan:
        assert _plan_url(cycle, unit.slug) in page
    # A participant reads the results; it opens only its own plan and exports nothing.
    own = _login(camat_officer).get(_results_url(cycle))
    assert own.status_code == 200
    assert _plan_url(cycle) in own.content.decode()
    assert _plan_url(cycle, "kec-cipocok-jaya") not in own.content.decode()
    assert _csv_url(cycle) not in own.content.decode()


def test_results_before_computing_and_refusals(
    cycle: Any, unit_officer: Any, evaluator: Any
) -> None:
    response = _login(evaluator).get(_results_url(cycle))
    assert "Nilai belum dihitung." in _text(response)
    assert _login(unit_officer).get(_results_url(cycle)).status_code == 404
    assert Client().get(_results_url(cycle)).status_code == 302


def test_results_queries_stay_flat(
    body: Any,
    ppid_utama: Any,
    kecamatan: list[Any],
    unit: Any,
    rubric_data: Any,
    django_assert_max_num_queries: Any,
) -> None:
    small = _cycle(ppid_utama, body, kecamatan[:1], rubric_data)
    large = _cycle(ppid_utama, body, [*kecamatan, unit], rubric_data, year=2027)
    for cycle in (small, large):
        services.cycle_compute(cycle=cycle, actor=ppid_utama)
    client = _login(ppid_utama)
    with django_assert_max_num_queries(14) as one:
        assert client.get(_results_url(small)).status_code == 200
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_results_url(large)).status_code == 200


def test_results_csv_neutralises_formulas(
    body: Any,
    ppid_utama: Any,
    evaluator: Any,
    unit_officer: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    cycle = _cycle(
        ppid_utama,
        body,
        [
            (kecamatan[0], '=HYPERLINK("https://contoh.test","klik")'),
            (kecamatan[1], "+62 Kecamatan"),
            (kecamatan[2], "@SUM(A1)"),
        ],
        rubric_data,
    )
    services.answers_save(
        participant=cycle.participants.get(unit=kecamatan[0]),
        actor=ppid_utama,
        answers={"q1": "ya", "q2": "ya"},
    )
    services.cycle_compute(cycle=cycle, actor=ppid_utama)
    response = _login(ppid_utama).get(_csv_url(cycle))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="hasil-monev-2026-{cycle.pk}.csv"'
    )
    body_text = response.content.decode("utf-8")
    assert body_text.startswith("\ufeff")
    lines = body_text.lstrip("\ufeff").split("\r\n")
    assert lines[0] == (
        "Kelompok;Unit;Nilai;Kategori;Peringkat dalam kelompok;Peringkat keseluruhan"
    )
    assert "'+62 Kecamatan;Kecamatan Cipocok Jaya;0,00;Tidak Informatif;1;2" in lines
    assert "'@SUM(A1);Kecamatan Taktakan;0,00;Tidak Informatif;1;2" in lines
    assert '"\'=HYPERLINK(""https://contoh.test"",""klik"")";Kecamatan Serang;70,00;' in body_text
    assert not any(line.startswith(("=", "+", "@", "-")) for line in lines)
    assert _login(evaluator).get(_csv_url(cycle)).status_code == 403
    assert _login(unit_officer).get(_csv_url(cycle)).status_code == 404


# --- Improvement plans -----------------------------------------------------------------------


@pytest.fixture
def announced(cycle: Any, serang: Any, ppid_utama: Any) -> Any:
    """Kecamatan Serang answered q1 "tidak" and q2 "sebagian"; the cycle is announced."""
    services.answers_save(
        participant=serang, actor=ppid_utama, answers={"q1": "tidak", "q2": "sebagian"}
    )
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.VERIFICATION)
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.ANNOUNCED)
    return cycle


def test_plan_lists_actions_and_adds_one_once(
    announced: Any, serang: Any, camat_officer: Any
) -> None:
    client = _login(camat_officer)
    response = client.get(_plan_url(announced))
    assert response.status_code == 200
    _page(response)
    text = _text(response)
    assert "2 tindakan, poin yang hilang terbanyak lebih dulu" in text
    question = "Apakah register permohonan diumumkan?"
    assert f"{question} {question} 26,25" in text
    token = str(uuid.uuid4())
    data = {
        "action": "tambah",
        "form_token": token,
        "title": "Unggah SOP pelayanan informasi",
        "owner": camat_officer.pk,
        "owner_name": "Sekretaris Kecamatan",
        "due_on": "2026-12-31",
        "note": "",
    }
    added = client.post(_plan_url(announced), data, follow=True)
    assert "Tindakan perbaikan ditambahkan." in _messages(added)
    action = ImprovementAction.objects.get(title="Unggah SOP pelayanan informasi")
    assert (action.owner, action.owner_name, str(action.due_on)) == (
        camat_officer,
        "Sekretaris Kecamatan",
        "2026-12-31",
    )
    again = client.post(_plan_url(announced), data, follow=True)
    assert "Formulir ini sudah dikirim; tidak ada yang diubah." in _messages(again)
    assert ImprovementAction.objects.filter(participant=serang).count() == 3
    blank = client.post(
        _plan_url(announced), {**data, "form_token": str(uuid.uuid4()), "title": " "}
    )
    assert blank.status_code == 422


def test_plan_updates_an_action_through_its_transitions(
    announced: Any, serang: Any, camat_officer: Any
) -> None:
    action = serang.actions.get(question_key="q2")
    client = _login(camat_officer)
    prefix = f"t{action.pk}"
    page = client.get(_plan_url(announced)).content.decode()
    assert f'name="{prefix}-status"' in page
    moved = client.post(
        _plan_url(announced),
        {
            "action": "ubah",
            "tindakan": action.pk,
            f"{prefix}-owner_name": "Kasi Pemerintahan",
            f"{prefix}-due_on": "2026-11-30",
            f"{prefix}-status": ActionStatus.IN_PROGRESS,
        },
        follow=True,
    )
    assert "Tindakan perbaikan diperbarui." in _messages(moved)
    action.refresh_from_db()
    assert (action.status, action.owner_name) == (ActionStatus.IN_PROGRESS, "Kasi Pemerintahan")
    # "Carried" is reachable; "open" from "done" is not offered.
    client.post(
        _plan_url(announced),
        {"action": "ubah", "tindakan": action.pk, f"{prefix}-status": ActionStatus.DONE},
    )
    refused = client.post(
        _plan_url(announced),
        {"action": "ubah", "tindakan": action.pk, f"{prefix}-status": ActionStatus.OPEN},
    )
    assert refused.status_code == 422
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_plan_refusals(
    announced: Any,
    serang: Any,
    evaluator: Any,
    cipocok_officer: Any,
    unit_officer: Any,
) -> None:
    url = _plan_url(announced)
    # The body's readers read every plan without changing it.
    read = _login(evaluator).get(url)
    assert read.status_code == 200
    assert 'name="form_token"' not in read.content.decode()
    assert "Anda dapat membaca rencana ini" in _text(read)
    posted = _login(evaluator).post(
        url, {"action": "tambah", "form_token": str(uuid.uuid4()), "title": "Tindakan evaluator"}
    )
    assert posted.status_code == 403
    assert _login(cipocok_officer).get(url).status_code == 403
    assert _login(unit_officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not ImprovementAction.objects.filter(title="Tindakan evaluator").exists()


def test_plan_shows_lost_points_without_an_action(
    cycle: Any, serang: Any, ppid_utama: Any, camat_officer: Any
) -> None:
    services.answers_save(
        participant=serang, actor=ppid_utama, answers={"q1": "tidak", "q2": "sebagian"}
    )
    services.cycle_compute(cycle=cycle, actor=ppid_utama)
    client = _login(camat_officer)
    text = _text(client.get(_plan_url(cycle)))
    assert "Apakah register permohonan diumumkan? 26,25" in text
    assert "Apakah DIP diumumkan? 17,50" in text
    prefilled = client.get(_plan_url(cycle) + "?pertanyaan=q1").content.decode()
    assert 'value="Apakah DIP diumumkan?"' in prefilled


# --- Coordination meetings -------------------------------------------------------------------


def _meeting_data(kecamatan: list[Any], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "title": "Rapat koordinasi monev Kecamatan Serang dan Cipocok Jaya",
        "starts_at": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT10:00"),
        "place": "Aula Kecamatan Serang",
        "agenda": "Hasil monev 2026 dan rencana perbaikan",
        "units": [kecamatan[0].pk, kecamatan[1].pk],
    }
    data.update(overrides)
    return data


def test_organiser_schedules_a_meeting_once(
    announced: Any, serang: Any, ppid_utama: Any, kecamatan: list[Any]
) -> None:
    client = _login(ppid_utama)
    form = client.get(MEETING_NEW)
    assert form.status_code == 200
    _page(form)
    action = serang.actions.get(question_key="q2")
    data = _meeting_data(kecamatan, cycle=announced.pk, actions=[action.pk])
    created = client.post(MEETING_NEW, data)
    assert created.status_code == 303
    meeting = Meeting.objects.get()
    assert created["Location"] == reverse("monev_office:meeting", args=[meeting.pk])
    assert meeting.cycle == announced
    assert list(meeting.actions.all()) == [action]
    assert sorted(Attendance.objects.values_list("unit__slug", flat=True)) == [
        "kec-cipocok-jaya",
        "kec-serang",
    ]
    repeated = client.post(MEETING_NEW, data, follow=True)
    assert "Formulir ini sudah dikirim; tidak ada yang diubah." in _messages(repeated)
    assert Meeting.objects.count() == 1
    no_units = client.post(MEETING_NEW, _meeting_data(kecamatan, units=[]))
    assert no_units.status_code == 422
    # An action of a unit that is not invited is refused by the service.
    cipocok = services.action_create(
        participant=announced.participants.get(unit=kecamatan[1]),
        actor=ppid_utama,
        title="Perbarui DIP kecamatan",
    )
    refused = client.post(
        MEETING_NEW, _meeting_data(kecamatan, actions=[cipocok.pk], units=[kecamatan[0].pk])
    )
    assert refused.status_code == 422
    assert "Tindakan harus milik unit yang diundang." in _text(refused)
    assert Meeting.objects.count() == 1


def test_meeting_records_minutes_attendance_and_actions(
    announced: Any, serang: Any, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any]
) -> None:
    meeting = services.meeting_create(
        actor=ppid_utama,
        body=announced.body,
        title="Rapat koordinasi",
        starts_at=timezone.now() - timedelta(hours=2),
        place="Aula",
        agenda="Hasil monev",
        units=kecamatan[:2],
        cycle=announced,
    )
    url = reverse("monev_office:meeting", args=[meeting.pk])
    action = serang.actions.get(question_key="q2")
    client = _login(ppid_utama)
    page = client.get(url)
    assert page.status_code == 200
    _page(page)
    serang_id, cipocok_id = kecamatan[0].pk, kecamatan[1].pk
    recorded = client.post(
        url,
        {
            "minutes": "Kecamatan Serang mengunggah register bulan depan.",
            f"present_{serang_id}": "ya",
            f"names_{serang_id}": "Camat Serang, Sekcam",
            f"present_{cipocok_id}": "tidak",
            "actions": [action.pk],
        },
        follow=True,
    )
    assert "Hasil rapat dicatat." in _messages(recorded)
    rows = {row.unit_id: row for row in Attendance.objects.filter(meeting=meeting)}
    assert (rows[serang_id].present, rows[serang_id].attendees) == (True, "Camat Serang, Sekcam")
    assert rows[cipocok_id].present is False
    assert list(meeting.actions.all()) == [action]
    text = _text(recorded)
    assert "Kecamatan Serang Hadir Camat Serang, Sekcam" in text
    assert "Kecamatan Cipocok Jaya Tidak hadir -" in text
    # The participant reads the meeting; only the organiser records it.
    read = _login(camat_officer).get(url)
    assert read.status_code == 200
    assert 'name="minutes"' not in read.content.decode()
    assert _login(camat_officer).post(url, {"minutes": "x"}).status_code == 403


def test_meeting_refusals(
    cycle: Any,
    ppid_utama: Any,
    camat_officer: Any,
    unit_officer: Any,
    applicant: Any,
    kecamatan: list[Any],
) -> None:
    meeting = services.meeting_create(
        actor=ppid_utama,
        body=cycle.body,
        title="Rapat koordinasi",
        starts_at=timezone.now() + timedelta(days=1),
        place="Aula",
        agenda="Persiapan monev",
        units=kecamatan[:2],
    )
    url = reverse("monev_office:meeting", args=[meeting.pk])
    assert _login(camat_officer).get(MEETING_NEW).status_code == 403
    assert _login(camat_officer).post(MEETING_NEW, _meeting_data(kecamatan)).status_code == 403
    assert _login(unit_officer).get(url).status_code == 404
    listed = _login(unit_officer).get(MEETINGS)
    assert listed.status_code == 200
    assert url not in listed.content.decode()
    assert _login(camat_officer).get(url).status_code == 200
    assert Client().get(MEETINGS).status_code == 302
    # A citizen without a role never opens the back office.
    assert _login(applicant).get(MEETINGS).status_code == 403
    assert _login(applicant).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert Meeting.objects.count() == 1


def test_meetings_list_upcoming_and_past_with_flat_queries(
    cycle: Any,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
    django_assert_max_num_queries: Any,
) -> None:
    def meeting(title: str, days: int) -> Meeting:
        return services.meeting_create(
            actor=ppid_utama,
            body=cycle.body,
            title=title,
            starts_at=timezone.now() + timedelta(days=days),
            place="Aula",
            agenda="Agenda",
            units=kecamatan[:2],
            cycle=cycle,
        )

    meeting("Rapat pekan depan", 7)
    meeting("Rapat bulan lalu", -30)
    client = _login(camat_officer)
    with django_assert_max_num_queries(14) as one:
        response = client.get(MEETINGS)
    assert response.status_code == 200
    _page(response)
    text = _text(response)
    assert text.index("Rapat mendatang") < text.index("Rapat pekan depan")
    assert text.index("Rapat yang sudah berlangsung") < text.index("Rapat bulan lalu")
    assert "Kecamatan Serang, Kecamatan Cipocok Jaya" in text
    assert MEETING_NEW not in response.content.decode()
    for days in (1, 2, -2, -3, -4):
        meeting(f"Rapat {days}", days)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(MEETINGS).status_code == 200
    assert MEETING_NEW in _login(ppid_utama).get(MEETINGS).content.decode()
