"""E-mail about objections and disputes: who hears what, in which language, once, and never an
identity value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any, TypeVar

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateformat import format as date_format

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.inforequests.models import InformationRequest
from terbuka.notifications.models import OutboundEmail
from terbuka.objections import notifications, services
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionEvent,
)
from terbuka.objections.notifications import (
    REQUESTER_TEMPLATES,
    notify,
    objection_page_url,
    office_objection_url,
    response_pdf_url,
)
from terbuka.objections.states import DisputeStatus, ObjectionStatus
from terbuka.objections.tasks import daily_run

pytestmark = pytest.mark.django_db

T = TypeVar("T")

REQUESTER = "siti@example.test"
ATASAN = "atasan@example.test"
UTAMA = "utama@example.test"
PELAKSANA = "pelaksana@example.test"
PETUGAS = "petugas@example.test"
IDENTITY_VALUES = ("3673011708900001", "081234567890", "Sudirman")
REASONS = "Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b."
KI = "Komisi Informasi Provinsi Banten"


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    """Let `run` commit: each call's on-commit callbacks (notify, the send task) run at once."""
    global _CAPTURE
    _CAPTURE = django_capture_on_commit_callbacks
    yield
    _CAPTURE = None


_CAPTURE: Any = None


def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service (or the daily job) as one committed transaction."""
    with _CAPTURE(execute=True):
        return fn(*args, **kwargs)


@pytest.fixture
def desk_officer(ppid_utama_unit: Any) -> Any:
    """The front office (petugas layanan) of the PPID Utama."""
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.PETUGAS_LAYANAN, user__email=PETUGAS
    ).user


@pytest.fixture
def other_unit_officer(body: Any, ppid_utama_unit: Any) -> Any:
    """The PPID Pelaksana of another OPD."""
    other = UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")
    return MembershipFactory(
        unit=other, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user


@pytest.fixture
def officers(ppid_utama: Any, atasan: Any, unit_officer: Any, desk_officer: Any) -> None:
    """The PPID Utama, the Atasan PPID, the unit's PPID Pelaksana and the front office."""


@pytest.fixture
def filed(
    officers: None,
    unit: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> Objection:
    """An objection on ground a against Dinas Kesehatan's refusal, filed on the portal."""
    return run(file_objection, request=run(refused_request, unit=unit))


def _mails(to: str, template: str | None = None) -> list[OutboundEmail]:
    qs = OutboundEmail.objects.filter(to=to).order_by("pk")
    if template is not None:
        qs = qs.filter(template=template)
    return list(qs)


def _templates(to: str) -> list[str]:
    return [m.template for m in _mails(to) if m.template.startswith("objections/")]


def _long(day: dt.date | None) -> str:
    assert day is not None
    return date_format(day, "j F Y")


def _answer(objection: Objection, actor: Any, **overrides: Any) -> AtasanResponse:
    kwargs: dict[str, Any] = {
        "objection": objection,
        "actor": actor,
        "decision": AtasanResponse.Decision.UPHELD,
        "reasons": REASONS,
        "atasan_name": "Drs. Atasan",
        "atasan_position": "Sekretaris Daerah",
    }
    kwargs.update(overrides)
    return run(services.objection_answer, **kwargs)


def _dispute(objection: Objection, actor: Any, **overrides: Any) -> Dispute:
    objection.refresh_from_db()
    kwargs: dict[str, Any] = {
        "objection": objection,
        "actor": actor,
        "filed_on": timezone.localdate(),
        "commission_name": KI,
        "case_number": "012/REG-PSI/XI/2026",
    }
    kwargs.update(overrides)
    return run(services.dispute_file, **kwargs)


def _decide(dispute: Dispute, actor: Any) -> Dispute:
    Dispute.objects.filter(pk=dispute.pk).update(status=DisputeStatus.ADJUDICATION)
    dispute.refresh_from_db()
    return run(
        services.dispute_record_decision,
        dispute=dispute,
        actor=actor,
        decision=Dispute.Decision.GRANTED_PARTIAL,
        decided_on=timezone.localdate(),
        decision_text="Memerintahkan termohon memberikan salinan yang dihitamkan.",
        decision_number="045/PTS/KI-BANTEN/2026",
    )


# --- Filing -----------------------------------------------------------------------------------


def test_filing_tells_the_requester_the_number_grounds_and_due_date(filed: Objection) -> None:
    [mail] = _mails(REQUESTER, "objections/received")
    number = filed.registration_number
    assert mail.subject == f"[Terbuka] Keberatan {number} diterima"
    request_number = filed.request.registration_number  # type: ignore[union-attr]
    assert f"atas permohonan nomor {request_number}" in mail.body_text
    assert "a. Penolakan permohonan berdasarkan alasan pengecualian Pasal 17" in mail.body_text
    assert f"paling lambat {_long(filed.response_due_on)}" in mail.body_text
    assert "UU 14/2008 Pasal 36 ayat 2" in mail.body_text
    assert objection_page_url(filed.pk) in mail.body_text
    assert f'href="{objection_page_url(filed.pk)}"' in mail.body_html
    assert mail.dedupe_key == f"objection:{filed.pk}:event:{filed.events.get().pk}:{REQUESTER}"


def test_filing_tells_the_atasan_the_desk_and_the_unit(filed: Objection) -> None:
    for to in (ATASAN, UTAMA, PETUGAS, PELAKSANA):
        [mail] = _mails(to, "objections/officer_filed")
        assert mail.subject == (
            f"[Terbuka] Keberatan baru {filed.registration_number} pada Pemerintah Kota Uji"
        )
        assert "diterima melalui Portal web" in mail.body_text
        assert "Unit penanggung jawab: Dinas Kesehatan." in mail.body_text
        assert office_objection_url(filed.pk) in mail.body_text
        assert objection_page_url(filed.pk) not in mail.body_text


def test_officers_of_other_units_hear_nothing(
    filed: Objection, other_unit_officer: Any, evaluator_user: Any
) -> None:
    assert _mails("disdik@example.test") == []
    assert _mails("monev@example.test") == []


@pytest.fixture
def evaluator_user(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.EVALUATOR, user__email="monev@example.test"
    ).user


def test_the_officer_who_records_a_paper_filing_is_not_told(
    officers: None,
    unit: Any,
    ppid_utama: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> None:
    request = run(refused_request, unit=unit)
    objection = run(
        file_objection, request=request, actor=ppid_utama, channel=Objection.Channel.LETTER
    )
    assert _templates(UTAMA) == []
    [mail] = _mails(PETUGAS, "objections/officer_filed")
    assert "diterima melalui Surat" in mail.body_text
    assert _templates(REQUESTER) == ["objections/received"]
    assert objection.events.get().kind == ObjectionEvent.Kind.RECORDED


def test_ground_b_without_a_request_names_the_information(
    officers: None, body: Any, applicant: Any
) -> None:
    from terbuka.inforequests.tests.factories import identity_data

    objection = run(
        services.objection_file,
        actor=applicant,
        body=body,
        grounds=["b"],
        summary="Laporan keuangan tidak diumumkan.",
        information_description="Laporan keuangan tahunan 2025.",
        identity_data=identity_data(),
    )
    [mail] = _mails(REQUESTER, "objections/received")
    assert "Keberatan Anda telah diterima oleh Pemerintah Kota Uji" in mail.body_text
    assert "atas permohonan" not in mail.body_text
    [officer] = _mails(ATASAN, "objections/officer_filed")
    assert "Informasi yang dimaksud: Laporan keuangan tahunan 2025." in officer.body_text
    assert "Unit penanggung jawab" not in officer.body_text
    # No request, no unit: the unit's officer is not told.
    assert _mails(PELAKSANA) == []
    assert objection.request is None


def test_no_requester_address_still_tells_the_officers(
    officers: None, body: Any, ppid_utama: Any
) -> None:
    from terbuka.inforequests.tests.factories import identity_data

    run(
        services.objection_file,
        actor=ppid_utama,
        body=body,
        grounds=["b"],
        summary="Laporan keuangan tidak diumumkan.",
        information_description="Laporan keuangan tahunan 2025.",
        identity_data=identity_data(email="", full_name="Dedi Kurniawan"),
        channel=Objection.Channel.WALK_IN,
    )
    assert not OutboundEmail.objects.filter(template="objections/received").exists()
    assert len(_mails(ATASAN, "objections/officer_filed")) == 1


# --- Deliberation and the answer ---------------------------------------------------------------


def test_deliberation_start_meeting_and_settlement(
    officers: None,
    unit: Any,
    ppid_utama: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> None:
    objection = run(file_objection, request=run(refused_request, unit=unit), grounds=["d", "e"])
    run(
        services.objection_start_deliberation,
        objection=objection,
        actor=ppid_utama,
        note="Pertemuan di kantor PPID.",
    )
    [started] = _mails(REQUESTER, "objections/deliberation_started")
    assert started.subject == f"[Terbuka] Musyawarah atas keberatan {objection.registration_number}"
    assert "Catatan: Pertemuan di kantor PPID." in started.body_text
    assert _long(objection.response_due_on) in started.body_text

    held_at = timezone.now()
    run(
        services.objection_record_deliberation,
        objection=objection,
        actor=ppid_utama,
        held_at=held_at,
        place="Ruang rapat PPID",
        participants="Pemohon, PPID Utama",
        outcome=Deliberation.Outcome.NOT_AGREED,
        result="Pemohon tetap meminta salinan lengkap.",
    )
    [held] = _mails(REQUESTER, "objections/deliberation_held")
    assert "di Ruang rapat PPID. Hasil: Tidak tercapai kesepakatan." in held.body_text
    assert date_format(timezone.localtime(held_at), "j F Y H:i") in held.body_text
    assert "Uraian hasil: Pemohon tetap meminta salinan lengkap." in held.body_text

    run(
        services.objection_record_deliberation,
        objection=objection,
        actor=ppid_utama,
        held_at=timezone.now(),
        place="Ruang rapat PPID",
        participants="Pemohon, PPID Utama",
        outcome=Deliberation.Outcome.AGREED,
        result="Informasi diberikan dalam tujuh hari kerja.",
    )
    [settled] = _mails(REQUESTER, "objections/settled")
    assert "telah selesai melalui musyawarah" in settled.body_text
    assert "Informasi diberikan dalam tujuh hari kerja." in settled.body_text
    # Deliberation is between the desk and the requester: no officer mail.
    assert _templates(ATASAN) == ["objections/officer_filed"]


def test_upheld_answer_gives_the_letter_and_the_dispute_deadline(
    filed: Objection, atasan: Any
) -> None:
    _answer(filed, atasan)
    filed.refresh_from_db()
    [mail] = _mails(REQUESTER, "objections/answered")
    assert mail.subject == (
        f"[Terbuka] Tanggapan Atasan PPID atas keberatan {filed.registration_number}"
    )
    assert "Keputusan: Menguatkan keputusan PPID." in mail.body_text
    assert response_pdf_url(filed.pk) in mail.body_text
    assert f"paling lambat {_long(filed.dispute_due_on)}" in mail.body_text
    assert "UU 14/2008 Pasal 37 ayat 2" in mail.body_text
    assert "dibuka kembali" not in mail.body_text
    # Upheld: nothing for the unit to do.
    assert _mails(PELAKSANA, "objections/officer_ordered") == []


def test_an_order_tells_the_requester_and_the_unit_the_fulfilment_date(
    filed: Objection, atasan: Any
) -> None:
    _answer(
        filed,
        atasan,
        decision=AtasanResponse.Decision.ORDERED_FULL,
        reasons="Informasi tidak termasuk yang dikecualikan.",
        order_details="Salinan berita acara.",
    )
    filed.refresh_from_db()
    request = filed.request
    assert request is not None
    assert request.order_due_on is not None
    [mail] = _mails(REQUESTER, "objections/answered")
    assert "Keputusan: Memerintahkan informasi diberikan seluruhnya." in mail.body_text
    assert (
        f"Permohonan nomor {request.registration_number} dibuka kembali. Informasi yang "
        f"diperintahkan wajib diberikan kepada Anda paling lambat {_long(request.order_due_on)}."
    ) in mail.body_text
    for to in (PELAKSANA, UTAMA, PETUGAS):
        [order] = _mails(to, "objections/officer_ordered")
        assert order.subject == (
            f"[Terbuka] Perintah Atasan PPID atas permohonan {request.registration_number}"
        )
        assert _long(request.order_due_on) in order.body_text
    # The Atasan gave the order and already knows.
    assert _mails(ATASAN, "objections/officer_ordered") == []


def test_withdrawal_confirms_with_the_reason(filed: Objection, applicant: Any) -> None:
    run(services.objection_withdraw, objection=filed, actor=applicant, reason="Sudah diberikan.")
    [mail] = _mails(REQUESTER, "objections/withdrawn")
    assert "telah dicabut" in mail.body_text
    assert "Alasan: Sudah diberikan." in mail.body_text


def test_notes_and_the_requesters_own_response_send_nothing(
    filed: Objection, atasan: Any, applicant: Any, ppid_utama: Any
) -> None:
    _answer(filed, atasan)
    before = OutboundEmail.objects.count()
    run(services.objection_add_note, objection=filed, actor=ppid_utama, note="Berkas lengkap.")
    run(
        services.objection_record_requester_response,
        objection=filed,
        actor=applicant,
        response=Objection.RequesterResponse.ACCEPTED,
    )
    assert OutboundEmail.objects.count() == before


def test_notify_twice_sends_once(filed: Objection) -> None:
    before = OutboundEmail.objects.count()
    run(notify, filed.events.get().pk)
    run(notify, filed.events.get().pk)
    assert OutboundEmail.objects.count() == before


# --- Lapse and reminders (the daily job) -----------------------------------------------------


def test_lapse_tells_the_requester_and_the_atasan_once(filed: Objection) -> None:
    after = filed.response_due_on + dt.timedelta(days=1)
    result = run(daily_run, after)
    assert result.lapsed == 1
    filed.refresh_from_db()
    assert filed.status == ObjectionStatus.LAPSED_UNANSWERED
    [mail] = _mails(REQUESTER, "objections/lapsed")
    assert f"sampai batas waktu {_long(filed.response_due_on)}" in mail.body_text
    assert f"paling lambat {_long(filed.dispute_due_on)}" in mail.body_text
    for to in (ATASAN, UTAMA):
        assert len(_mails(to, "objections/officer_lapsed")) == 1
    # The front office and the unit are not escalated to.
    assert _mails(PETUGAS, "objections/officer_lapsed") == []
    assert _mails(PELAKSANA, "objections/officer_lapsed") == []
    sent = OutboundEmail.objects.count()
    assert run(daily_run, after).lapsed == 0
    assert OutboundEmail.objects.count() == sent


def _before_due(due: dt.date) -> dt.date:
    calendar = request_deadlines.calendar_for(due)
    return request_deadlines.reminder_dates(due, calendar=calendar)["before_due"]


def test_the_atasan_is_reminded_before_and_on_the_due_date(filed: Objection) -> None:
    due = filed.response_due_on
    before = _before_due(due)
    assert run(daily_run, before).reminders == 2
    assert run(daily_run, before).reminders == 0
    [early] = _mails(ATASAN, "objections/officer_reminder")
    assert early.subject == (
        f"[Terbuka] Pengingat batas waktu tanggapan keberatan {filed.registration_number}"
    )
    assert f"jatuh pada {_long(due)}" in early.body_text
    assert run(daily_run, before + dt.timedelta(days=1)).reminders in (0, 2)
    run(daily_run, due)
    last = _mails(ATASAN, "objections/officer_reminder")[-1]
    assert f"Hari ini, {_long(due)}, adalah batas waktu" in last.body_text
    assert len(_mails(UTAMA, "objections/officer_reminder")) == 2
    assert _mails(PELAKSANA, "objections/officer_reminder") == []
    assert _mails(REQUESTER, "objections/officer_reminder") == []


def test_no_reminder_once_answered(filed: Objection, atasan: Any) -> None:
    _answer(filed, atasan)
    assert run(daily_run, filed.response_due_on).reminders == 0


def test_compliance_reminders_before_on_and_after_the_due_date(
    filed: Objection, atasan: Any, ppid_utama: Any, time_machine: Any
) -> None:
    _answer(filed, atasan)
    dispute = _decide(_dispute(filed, ppid_utama), ppid_utama)
    due = timezone.localdate() + dt.timedelta(days=21)
    run(services.dispute_start_compliance, dispute=dispute, actor=ppid_utama, compliance_due_on=due)
    assert run(daily_run, _before_due(due)).compliance_reminders == 3
    assert run(daily_run, due).compliance_reminders == 3
    assert run(daily_run, due + dt.timedelta(days=1)).compliance_reminders == 3
    assert run(daily_run, due + dt.timedelta(days=1)).compliance_reminders == 0
    texts = [m.body_text for m in _mails(PELAKSANA, "objections/officer_compliance_reminder")]
    assert len(texts) == 3
    assert f"jatuh pada {_long(due)}" in texts[0]
    assert f"Hari ini, {_long(due)}, adalah batas pelaksanaan putusan {KI}" in texts[1]
    assert f"belum tercatat dilaksanakan, padahal batasnya {_long(due)}" in texts[2]
    assert "Nomor putusan: 045/PTS/KI-BANTEN/2026." in texts[0]
    # Carried out: no more reminders.
    time_machine.move_to(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(10)), tick=False)
    run(
        services.dispute_record_compliance,
        dispute=dispute,
        actor=ppid_utama,
        complied_on=due + dt.timedelta(days=2),
        note="Salinan dikirim.",
    )
    assert run(daily_run, due + dt.timedelta(days=3)).compliance_reminders == 0
    [complied] = _mails(REQUESTER, "objections/dispute_complied")
    assert "Keterangan: Salinan dikirim." in complied.body_text


def test_the_daily_command_prints_the_objection_counts(filed: Objection) -> None:
    out = StringIO()
    after = filed.response_due_on + dt.timedelta(days=1)
    run(call_command, "daily", "--date", after.isoformat(), stdout=out)
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    assert lines["objections"] == "1 lapsed, 0 reminders, 0 compliance reminders."


# --- Disputes --------------------------------------------------------------------------------


def test_dispute_filing_shows_the_commission_clock(
    filed: Objection, atasan: Any, applicant: Any
) -> None:
    _answer(filed, atasan)
    dispute = _dispute(filed, applicant)
    [mail] = _mails(REQUESTER, "objections/dispute_filed")
    assert f"kepada {KI} pada {_long(dispute.filed_on)} telah dicatat" in mail.body_text
    assert "Nomor register sengketa: 012/REG-PSI/XI/2026." in mail.body_text
    assert _long(dispute.commission_settle_due_on) in mail.body_text
    assert "melewati batas 14 hari kerja" not in mail.body_text
    for to in (ATASAN, UTAMA):
        [officer] = _mails(to, "objections/officer_dispute_filed")
        assert officer.subject == (
            f"[Terbuka] Sengketa informasi atas keberatan {filed.registration_number}"
        )
    assert _mails(PELAKSANA, "objections/officer_dispute_filed") == []


def test_a_late_dispute_filing_is_flagged(
    filed: Objection, atasan: Any, ppid_utama: Any, time_machine: Any
) -> None:
    _answer(filed, atasan)
    filed.refresh_from_db()
    assert filed.dispute_due_on is not None
    late_day = filed.dispute_due_on + dt.timedelta(days=7)
    time_machine.move_to(dt.datetime.combine(late_day, dt.time(10)), tick=False)
    dispute = _dispute(filed, ppid_utama, filed_on=late_day)
    assert dispute.is_late
    # The officer who recorded it is not told; the requester is.
    assert _mails(UTAMA, "objections/officer_dispute_filed") == []
    [mail] = _mails(REQUESTER, "objections/dispute_filed")
    assert (
        f"Pengajuan ini melewati batas 14 hari kerja ({_long(filed.dispute_due_on)})"
    ) in mail.body_text


def test_decision_and_closing_reach_the_requester_and_the_unit(
    filed: Objection, atasan: Any, ppid_utama: Any
) -> None:
    _answer(filed, atasan)
    dispute = _decide(_dispute(filed, ppid_utama), ppid_utama)
    [mail] = _mails(REQUESTER, "objections/dispute_decided")
    assert f"Putusan: {Dispute.Decision.GRANTED_PARTIAL.label}." in mail.body_text
    assert "Nomor putusan: 045/PTS/KI-BANTEN/2026." in mail.body_text
    for to in (ATASAN, PELAKSANA):
        [officer] = _mails(to, "objections/officer_dispute_decided")
        assert "Catat pelaksanaan putusan" in officer.body_text
    run(services.dispute_close, dispute=dispute, actor=ppid_utama, reason="Para pihak menerima.")
    [closed] = _mails(REQUESTER, "objections/dispute_closed")
    assert "Keterangan: Para pihak menerima." in closed.body_text


def test_sessions_and_stages_send_nothing(filed: Objection, atasan: Any, ppid_utama: Any) -> None:
    _answer(filed, atasan)
    dispute = _dispute(filed, ppid_utama)
    before = OutboundEmail.objects.count()
    run(services.dispute_start_mediation, dispute=dispute, actor=ppid_utama)
    run(
        services.dispute_record_session,
        dispute=dispute,
        actor=ppid_utama,
        held_on=timezone.localdate(),
        agenda="Mediasi pertama",
    )
    assert OutboundEmail.objects.count() == before


# --- Privacy and language --------------------------------------------------------------------


def test_no_identity_value_in_any_email_of_the_whole_path(
    filed: Objection, atasan: Any, ppid_utama: Any
) -> None:
    _answer(
        filed,
        atasan,
        decision=AtasanResponse.Decision.ORDERED_PARTIAL,
        order_details="Salinan berita acara tanpa nama saksi.",
    )
    dispute = _decide(_dispute(filed, ppid_utama), ppid_utama)
    due = timezone.localdate() + dt.timedelta(days=10)
    run(services.dispute_start_compliance, dispute=dispute, actor=ppid_utama, compliance_due_on=due)
    run(daily_run, due)
    run(
        services.dispute_record_compliance,
        dispute=dispute,
        actor=ppid_utama,
        complied_on=timezone.localdate(),
        note="Salinan dikirim.",
    )
    mails = list(OutboundEmail.objects.filter(template__startswith="objections/"))
    assert {m.template for m in mails} >= {
        "objections/received",
        "objections/officer_filed",
        "objections/answered",
        "objections/officer_ordered",
        "objections/dispute_filed",
        "objections/officer_dispute_filed",
        "objections/dispute_decided",
        "objections/officer_dispute_decided",
        "objections/officer_compliance_reminder",
        "objections/dispute_complied",
    }
    for mail in mails:
        for value in IDENTITY_VALUES:
            assert value not in mail.subject + mail.body_text + mail.body_html


def test_an_english_requester_reads_english(
    officers: None,
    unit: Any,
    applicant: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> None:
    applicant.language = "en"
    applicant.save(update_fields=["language"])
    objection = run(file_objection, request=run(refused_request, unit=unit))
    [mail] = _mails(REQUESTER, "objections/received")
    assert mail.language == "en"
    assert mail.subject == f"[Terbuka] Objection {objection.registration_number} received"
    assert "Keberatan Anda" not in mail.body_text
    assert "a. Refusal of the request on the exemptions of Pasal 17" in mail.body_text
    # The officers keep their own language.
    [officer] = _mails(ATASAN, "objections/officer_filed")
    assert officer.language == "id"


def test_every_requester_template_renders_in_both_languages(filed: Objection) -> None:
    from terbuka.notifications.services import email_render

    context = {
        **notifications._base_context(filed),
        "url": "https://example.test/x",
        "pdf_url": "https://example.test/x.pdf",
    }
    for template, _fn in REQUESTER_TEMPLATES.values():
        for language in ("id", "en"):
            subject, text, html = email_render(
                template=template, context=context, language=language
            )
            assert filed.registration_number in subject
            assert "https://example.test/x" in text
            assert html.startswith("<!DOCTYPE html>")
