from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from terbuka.bodies.models import Membership, Unit
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.notifications import (
    REQUESTER_TEMPLATES,
    notify,
    office_request_url,
    request_page_url,
)
from terbuka.inforequests.tasks import daily_run
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data
from terbuka.notifications.models import OutboundEmail
from terbuka.notifications.services import email_render

pytestmark = pytest.mark.django_db

IDENTITY_VALUES = ("3673011708900001", "081234567890", "Sudirman")
REQUESTER = "siti@example.test"
ATASAN = "atasan@example.test"


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    """Run every on-commit callback (notify, then the send task) as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Call a service and run its on-commit callbacks at once."""

    def call(fn: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return call


def _to(mailoutbox: list[Any], address: str) -> list[Any]:
    return [m for m in mailoutbox if m.to == [address]]


def _subjects(mailoutbox: list[Any], address: str) -> list[str]:
    return [m.subject for m in _to(mailoutbox, address)]


def _assert_no_identity(mailoutbox: list[Any]) -> None:
    assert mailoutbox
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for value in IDENTITY_VALUES:
            assert value not in message.body
            assert value not in html
            assert value not in message.subject
    # The log keeps the same texts; links carry only the request's id.
    for row in OutboundEmail.objects.all():
        for value in IDENTITY_VALUES:
            assert value not in row.body_text
            assert value not in row.body_html
            assert value not in row.subject


def test_submit_mails_the_requester_and_the_desk(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    desk_officer: Any,
    unit_officer: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    number = request.registration_number
    [mine] = _to(mailoutbox, REQUESTER)
    assert mine.subject == f"[Terbuka] Permohonan informasi {number} diterima"
    assert "Yth. Siti Pemohon," in mine.body
    assert f"didaftarkan dengan nomor pendaftaran {number}" in mine.body
    assert request.due_on is not None
    assert f"paling lambat {date_format(request.due_on, 'j F Y')}" in mine.body
    for officer in ("utama@example.test", "petugas@example.test"):
        assert _subjects(mailoutbox, officer) == [f"[Terbuka] Permohonan baru {number}"]
    assert _to(mailoutbox, "pelaksana@example.test") == []
    _assert_no_identity(mailoutbox)
    assert OutboundEmail.objects.filter(status="sent").count() == 3


def test_requester_without_identity_email_gets_the_account_email(
    commit: Callable[..., Any], submit: Callable[..., InformationRequest], mailoutbox: list[Any]
) -> None:
    request = commit(submit, identity_data=identity_data(email=""))
    assert _subjects(mailoutbox, "pemohon@example.test") == [
        f"[Terbuka] Permohonan informasi {request.registration_number} diterima"
    ]


def test_recorded_request_mails_the_requester(
    commit: Callable[..., Any], desk_officer: Any, body: Any, mailoutbox: list[Any]
) -> None:
    request = commit(
        services.request_record,
        actor=desk_officer,
        body=body,
        channel="walk_in",
        received_at=timezone.now(),
        details="Data jumlah puskesmas.",
        purpose="Tugas kuliah.",
        obtain_method="salinan_softcopy",
        delivery_method="email",
        identity_data=identity_data(email="tamu@example.test"),
    )
    assert _subjects(mailoutbox, "tamu@example.test") == [
        f"[Terbuka] Permohonan informasi {request.registration_number} diterima"
    ]


def test_route_mails_the_unit_only(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    unit: Any,
    unit_officer: Any,
    other_unit_officer: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    mailoutbox.clear()
    commit(
        services.request_route,
        request=request,
        actor=ppid_utama,
        units=[unit],
        note="Mohon dijawab.",
    )
    [message] = mailoutbox
    assert message.to == ["pelaksana@example.test"]
    assert message.subject == f"[Terbuka] Disposisi permohonan {request.registration_number}"
    assert "kepada Dinas Kesehatan" in message.body
    assert "Catatan disposisi: Mohon dijawab." in message.body


def test_extension_mails_reason_and_new_date(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    mailoutbox.clear()
    commit(
        services.request_extend, request=request, actor=ppid_utama, reason="Arsip di gudang lain."
    )
    [message] = _to(mailoutbox, REQUESTER)
    assert message.subject == (
        f"[Terbuka] Jangka waktu permohonan {request.registration_number} diperpanjang"
    )
    assert "Alasan perpanjangan: Arsip di gudang lain." in message.body
    assert f"Batas waktu yang baru: {date_format(request.extended_due_on, 'j F Y')}" in (
        message.body
    )


def test_completion_asked_and_completed(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    applicant: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    mailoutbox.clear()
    commit(
        services.request_ask_completion,
        request=request,
        actor=ppid_utama,
        missing="Tujuan penggunaan kurang jelas.",
    )
    commit(services.request_complete, request=request, actor=applicant, purpose="Tesis.")
    number = request.registration_number
    assert _subjects(mailoutbox, REQUESTER) == [
        f"[Terbuka] Permohonan {number} perlu dilengkapi",
        f"[Terbuka] Permohonan {number} telah lengkap",
    ]
    assert "Tujuan penggunaan kurang jelas." in mailoutbox[0].body


def test_notice_payment_fulfilment_and_close(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    body: Any,
    mailoutbox: list[Any],
) -> None:
    RequestSettingsFactory.create(body=body, copy_fee_per_sheet=500, courier_fee=15000)
    request = commit(submit, obtain_method="salinan_hardcopy", delivery_method="kurir")
    mailoutbox.clear()
    notice = commit(
        services.request_issue_notice,
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="hardcopy",
        material="DPA 2025",
        copy_sheets=10,
        provide_within_days=3,
        payment_method="Tunai di loket PPID.",
    )
    commit(
        services.request_record_payment,
        request=request,
        actor=ppid_utama,
        amount=notice.total_cost,
        method="Tunai",
    )
    commit(services.request_fulfil, request=request, actor=ppid_utama, reference="Resi 1")
    commit(services.request_close, request=request, actor=ppid_utama)
    number = request.registration_number
    assert _subjects(mailoutbox, REQUESTER) == [
        f"[Terbuka] Pemberitahuan tertulis atas permohonan {number}",
        f"[Terbuka] Pembayaran permohonan {number} diterima",
        f"[Terbuka] Informasi untuk permohonan {number} telah diberikan",
        f"[Terbuka] Permohonan {number} selesai",
    ]
    notice_mail, payment_mail = mailoutbox[0], mailoutbox[1]
    assert "Keputusan: Diberikan seluruhnya." in notice_mail.body
    assert "Biaya yang perlu dibayar: Rp 20000." in notice_mail.body
    assert "berhak mengajukan keberatan" in notice_mail.body
    assert "Pembayaran sebesar Rp 20000" in payment_mail.body
    _assert_no_identity(mailoutbox)


def test_forward_mails_the_requester_and_the_other_body(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    mailoutbox: list[Any],
) -> None:
    other = PublicBodyFactory.create(name="Pemerintah Provinsi Banten")
    other_desk = UnitFactory.create(body=other, kind=Unit.Kind.PPID_UTAMA, slug="ppid-banten")
    MembershipFactory.create(
        unit=other_desk, role=Membership.Role.PPID_UTAMA, user__email="ppid@banten.test"
    )
    request = commit(submit)
    mailoutbox.clear()
    commit(
        services.request_forward,
        request=request,
        actor=ppid_utama,
        to_body_name="",
        to_body=other,
    )
    number = request.registration_number
    [mine] = _to(mailoutbox, REQUESTER)
    assert mine.subject == f"[Terbuka] Permohonan {number} diteruskan ke badan publik lain"
    assert "dikuasai oleh Pemerintah Provinsi Banten" in mine.body
    [theirs] = _to(mailoutbox, "ppid@banten.test")
    assert theirs.subject == "[Terbuka] Permohonan informasi diteruskan dari Pemerintah Kota Uji"
    assert "Salinan DPA Dinas Kesehatan tahun 2025." in theirs.body
    _assert_no_identity(mailoutbox)


def test_withdrawal_mails_the_requester(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    applicant: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    mailoutbox.clear()
    commit(services.request_withdraw, request=request, actor=applicant, reason="Sudah dapat.")
    assert _subjects(mailoutbox, REQUESTER) == [
        f"[Terbuka] Permohonan {request.registration_number} dicabut"
    ]


def test_internal_note_sends_nothing(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    mailoutbox.clear()
    commit(
        services.request_add_note,
        request=request,
        actor=ppid_utama,
        note="Cek arsip.",
        is_internal=True,
    )
    assert mailoutbox == []


def test_notify_twice_sends_once(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = commit(submit)
    event = request.events.get(kind="submitted")
    before = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event)
        notify(event)
    assert len(mailoutbox) == before
    assert (
        OutboundEmail.objects.filter(
            dedupe_key=f"request:{request.pk}:event:{event.pk}:{REQUESTER}"
        ).count()
        == 1
    )


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    return MembershipFactory.create(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email=ATASAN
    ).user


def _make_overdue(request: InformationRequest) -> None:
    """Move the due date into the past, as if the clock had run out unnoticed."""
    InformationRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    request.refresh_from_db()


def test_mails_link_to_the_request_pages(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    requester_link = f"{settings.TERBUKA_SITE_URL}/permohonan/{request.pk}/"
    office_link = f"{settings.TERBUKA_SITE_URL}/kantor/permohonan/{request.pk}/"
    assert request_page_url(request.pk) == requester_link
    assert office_request_url(request.pk) == office_link
    [mine] = _to(mailoutbox, REQUESTER)
    assert requester_link in mine.body
    assert f'<a href="{requester_link}">' in mine.alternatives[0][0]
    assert office_link not in mine.body
    [theirs] = _to(mailoutbox, "utama@example.test")
    assert f"Buka permohonan ini di ruang kerja PPID: {office_link}" in theirs.body
    assert f'<a href="{office_link}">' in theirs.alternatives[0][0]
    _assert_no_identity(mailoutbox)


@override_settings(TERBUKA_SITE_URL="https://ppid.serangkota.go.id")
def test_links_follow_the_site_url_setting(
    commit: Callable[..., Any], submit: Callable[..., InformationRequest], mailoutbox: list[Any]
) -> None:
    request = commit(submit)
    [mine] = _to(mailoutbox, REQUESTER)
    assert f"https://ppid.serangkota.go.id/permohonan/{request.pk}/" in mine.body


def test_each_recipient_gets_their_own_language(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    applicant: Any,
    ppid_utama: Any,
    desk_officer: Any,
    mailoutbox: list[Any],
) -> None:
    applicant.language = "en"
    applicant.save(update_fields=["language"])
    ppid_utama.language = "en"
    ppid_utama.save(update_fields=["language"])
    request = commit(submit)
    number = request.registration_number
    assert _subjects(mailoutbox, REQUESTER) == [f"[Terbuka] Information request {number} received"]
    assert _subjects(mailoutbox, "utama@example.test") == [f"[Terbuka] New request {number}"]
    assert _subjects(mailoutbox, "petugas@example.test") == [f"[Terbuka] Permohonan baru {number}"]
    [english] = _to(mailoutbox, "utama@example.test")
    assert "Dear PPID officer," in english.body
    assert '<html lang="en">' in english.alternatives[0][0]
    languages = dict(OutboundEmail.objects.values_list("to", "language"))
    assert languages == {REQUESTER: "en", "utama@example.test": "en", "petugas@example.test": "id"}


def test_requester_recorded_without_account_gets_indonesian(
    commit: Callable[..., Any], desk_officer: Any, ppid_utama: Any, body: Any, mailoutbox: list[Any]
) -> None:
    ppid_utama.language = "en"
    ppid_utama.save(update_fields=["language"])
    commit(
        services.request_record,
        actor=desk_officer,
        body=body,
        channel="walk_in",
        received_at=timezone.now(),
        details="Data jumlah puskesmas.",
        purpose="Tugas kuliah.",
        obtain_method="salinan_softcopy",
        delivery_method="email",
        identity_data=identity_data(email="tamu@example.test"),
    )
    assert OutboundEmail.objects.get(to="tamu@example.test").language == "id"
    # The PPID Utama hears of the new request in their own language; the officer who recorded
    # it does not.
    assert OutboundEmail.objects.get(to="utama@example.test").language == "en"
    assert not OutboundEmail.objects.filter(to="petugas@example.test").exists()


def test_return_mails_the_desk(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    unit: Any,
    unit_officer: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    commit(services.request_route, request=request, actor=ppid_utama, units=[unit])
    mailoutbox.clear()
    commit(
        services.request_return,
        request=request,
        actor=unit_officer,
        unit=unit,
        note="Bukan kewenangan kami.",
    )
    number = request.registration_number
    assert _subjects(mailoutbox, "utama@example.test") == [
        f"[Terbuka] Permohonan {number} dikembalikan oleh unit"
    ]
    [message] = _to(mailoutbox, "utama@example.test")
    assert "Dinas Kesehatan mengembalikan permohonan nomor" in message.body
    assert "Alasan pengembalian: Bukan kewenangan kami." in message.body
    assert _to(mailoutbox, REQUESTER) == []
    _assert_no_identity(mailoutbox)


def test_event_on_an_overdue_request_escalates_once_a_day(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    unit: Any,
    unit_officer: Any,
    atasan: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    _make_overdue(request)
    mailoutbox.clear()
    commit(services.request_route, request=request, actor=ppid_utama, units=[unit])
    escalation = f"[Terbuka] Permohonan {request.registration_number} lewat batas waktu"
    assert _subjects(mailoutbox, ATASAN) == [escalation]
    assert escalation in _subjects(mailoutbox, "utama@example.test")
    assert escalation in _subjects(mailoutbox, "pelaksana@example.test")
    [message] = _to(mailoutbox, ATASAN)
    assert office_request_url(request.pk) in message.body
    # A second event and the daily job on the same day send no second escalation.
    commit(services.request_add_note, request=request, actor=ppid_utama, note="Cek arsip.")
    daily_run(timezone.localdate())
    assert _subjects(mailoutbox, ATASAN) == [escalation]
    # The next day, the next event escalates again.
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        commit(services.request_add_note, request=request, actor=ppid_utama, note="Cek lagi.")
    assert _subjects(mailoutbox, ATASAN) == [escalation, escalation]
    _assert_no_identity(mailoutbox)


def test_no_escalation_while_the_clock_runs(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    unit: Any,
    atasan: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    commit(services.request_route, request=request, actor=ppid_utama, units=[unit])
    assert _to(mailoutbox, ATASAN) == []


def test_late_notice_informs_the_atasan(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    atasan: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    _make_overdue(request)
    mailoutbox.clear()
    commit(
        services.request_issue_notice,
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA 2025",
    )
    number = request.registration_number
    assert _subjects(mailoutbox, ATASAN) == [
        f"[Terbuka] Pemberitahuan tertulis permohonan {number} terlambat"
    ]
    [message] = _to(mailoutbox, ATASAN)
    assert "Keputusan: Diberikan seluruhnya." in message.body
    assert "Pasal 35 ayat 1 huruf e" in message.body
    assert office_request_url(request.pk) in message.body
    # The requester hears of the notice as usual.
    assert _subjects(mailoutbox, REQUESTER) == [
        f"[Terbuka] Pemberitahuan tertulis atas permohonan {number}"
    ]
    _assert_no_identity(mailoutbox)


def test_notice_in_time_does_not_mail_the_atasan(
    commit: Callable[..., Any],
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    atasan: Any,
    mailoutbox: list[Any],
) -> None:
    request = commit(submit)
    commit(
        services.request_issue_notice,
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA 2025",
    )
    assert _to(mailoutbox, ATASAN) == []


OFFICER_TEMPLATES = (
    "officer_new_request",
    "officer_routed",
    "officer_returned",
    "officer_overdue",
    "officer_reminder",
    "officer_notice_late",
)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "template", sorted({t for t, _fn in REQUESTER_TEMPLATES.values()} | set(OFFICER_TEMPLATES))
)
def test_every_template_renders_with_its_link(template: str, language: str) -> None:
    url = "https://ppid.example.test/x/1/"
    context = {
        "number": "REG-1",
        "body_name": "Kota Uji",
        "name": "Siti",
        "due_on": dt.date(2026, 6, 10),
        "completion_due_on": dt.date(2026, 6, 10),
        "objection_due_on": dt.date(2026, 7, 10),
        "issued_on": dt.date(2026, 6, 11),
        "url": url,
    }
    subject, text, html = email_render(template=template, context=context, language=language)
    assert "REG-1" in subject
    assert url in text
    assert f'href="{url}"' in html
    assert f'<html lang="{language}">' in html
