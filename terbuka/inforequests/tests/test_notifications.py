from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from terbuka.bodies.models import Membership, Unit
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.notifications import notify
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data
from terbuka.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

IDENTITY_VALUES = ("3673011708900001", "081234567890", "Sudirman")
REQUESTER = "siti@example.test"


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
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for value in IDENTITY_VALUES:
            assert value not in message.body
            assert value not in html
            assert value not in message.subject


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
