"""Services: happy paths, permission edges, event rows, idempotency, identity kept out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from terbuka.accounts.tests.factories import RequesterIdentityFactory, UserFactory
from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from terbuka.inforequests import notifications, services
from terbuka.inforequests.models import (
    IdempotencyKey,
    InformationRequest,
    RequestEvent,
    RequestRouting,
    RequestSettings,
)
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data
from terbuka.inforequests.tests.files import NIK_CSV, pdf_bytes
from terbuka.notifications.models import EventNotification

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"


def _events(request: InformationRequest) -> list[tuple[str, str, str]]:
    return list(request.events.order_by("pk").values_list("kind", "from_status", "to_status"))


# --- Intake ----------------------------------------------------------------------------------


def test_submit_registers_with_number_clock_and_event(submit: Any, applicant: Any) -> None:
    request = submit()
    year = timezone.localdate().year
    assert request.status == "registered"
    assert request.channel == "web"
    assert request.requester == applicant
    assert request.registration_number == f"0001/PPID-KOTA-UJI/{year}"
    assert request.registration_seq == 1
    assert request.notice_due_on is not None
    assert request.due_on == request.notice_due_on
    assert request.requester_identity.owner == applicant
    assert _events(request) == [("submitted", "", "registered")]
    event = request.events.get()
    assert event.actor == applicant
    assert event.data["registration_number"] == request.registration_number


def test_submit_requires_sign_in(body: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied) as excinfo:
        services.request_submit(
            actor=AnonymousUser(),
            body=body,
            details="x",
            purpose="y",
            obtain_method="membaca",
            delivery_method="email",
            identity_data=identity_data(),
        )
    assert excinfo.value.message == "Masuk terlebih dahulu untuk mengajukan permohonan."


def test_submit_with_someone_elses_identity_is_refused(submit: Any) -> None:
    stranger_identity = RequesterIdentityFactory.create(owner=UserFactory.create())
    with pytest.raises(PermissionDenied) as excinfo:
        submit(identity=stranger_identity, identity_data=None)
    assert excinfo.value.message == "Identitas ini bukan milik Anda."


def test_submit_with_saved_identity(submit: Any, applicant: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=applicant)
    request = submit(identity=identity, identity_data=None)
    assert request.requester_identity == identity


def test_submit_to_a_unit_of_another_body_is_refused(submit: Any) -> None:
    foreign = UnitFactory.create(body=PublicBodyFactory.create())
    with pytest.raises(ValidationError) as excinfo:
        submit(unit=foreign)
    assert excinfo.value.details["fields"] == {
        "unit": ["Unit tidak ditemukan pada badan publik ini."]
    }


def test_submit_with_invalid_choice_is_refused(submit: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        submit(obtain_method="terbang")
    assert "obtain_method" in excinfo.value.details["fields"]
    assert not InformationRequest.objects.exists()


def test_submit_with_invalid_nik_is_refused(submit: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        submit(identity_data=identity_data(nik="123"))
    assert "nik" in excinfo.value.details["fields"]


def test_record_by_desk_officer(desk_officer: Any, body: Any, unit: Any) -> None:
    received = timezone.now() - dt.timedelta(days=2)
    request = services.request_record(
        actor=desk_officer,
        body=body,
        unit=unit,
        channel="walk_in",
        received_at=received,
        details="Daftar puskesmas.",
        purpose="Tugas kuliah.",
        obtain_method="melihat",
        delivery_method="ambil_langsung",
        identity_data=identity_data(),
    )
    assert request.channel == "walk_in"
    assert request.received_at == received
    assert request.recorded_by == desk_officer
    assert request.requester is None
    assert request.requester_identity.owner is None
    assert request.clock_started_on == timezone.localdate(received)
    assert _events(request) == [("recorded", "", "registered")]


def test_record_for_requester_with_account(desk_officer: Any, body: Any, applicant: Any) -> None:
    request = services.request_record(
        actor=desk_officer,
        body=body,
        channel="phone",
        received_at=timezone.now(),
        details="Jadwal posyandu.",
        purpose="Informasi pribadi.",
        obtain_method="mendengarkan",
        delivery_method="ambil_langsung",
        identity_data=identity_data(),
        requester=applicant,
    )
    assert request.requester == applicant


def _record(actor: Any, body: Any, **overrides: Any) -> InformationRequest:
    kwargs: dict[str, Any] = {
        "actor": actor,
        "body": body,
        "channel": "letter",
        "received_at": timezone.now(),
        "details": "Data.",
        "purpose": "Riset.",
        "obtain_method": "membaca",
        "delivery_method": "pos",
        "identity_data": identity_data(),
    }
    kwargs.update(overrides)
    return services.request_record(**kwargs)


def test_record_in_the_future_is_refused(desk_officer: Any, body: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _record(desk_officer, body, received_at=timezone.now() + dt.timedelta(hours=1))
    assert excinfo.value.details["fields"] == {
        "received_at": ["Waktu diterima tidak boleh di masa depan."]
    }


def test_record_with_web_channel_is_refused(desk_officer: Any, body: Any) -> None:
    with pytest.raises(ValidationError):
        _record(desk_officer, body, channel="web")


def test_record_by_unit_officer_only_for_own_unit(
    unit_officer: Any, body: Any, unit: Any, other_unit: Any
) -> None:
    assert _record(unit_officer, body, unit=unit).unit == unit
    with pytest.raises(PermissionDenied):
        _record(unit_officer, body, unit=other_unit)
    with pytest.raises(PermissionDenied):
        _record(unit_officer, body, unit=None)


def test_record_by_citizen_is_refused(user: Any, body: Any) -> None:
    with pytest.raises(PermissionDenied) as excinfo:
        _record(user, body)
    assert excinfo.value.message == "Anda tidak berwenang melakukan tindakan ini."


def test_record_by_officer_of_another_body_is_refused(ppid_utama: Any) -> None:
    with pytest.raises(PermissionDenied):
        _record(ppid_utama, PublicBodyFactory.create())


# --- Idempotency -----------------------------------------------------------------------------


def test_same_key_same_payload_returns_the_same_request(submit: Any) -> None:
    first = submit(idempotency_key="form-token-1")
    second = submit(idempotency_key="form-token-1")
    assert first.pk == second.pk
    assert InformationRequest.objects.count() == 1
    assert RequestEvent.objects.count() == 1
    assert IdempotencyKey.objects.get().request == first


def test_same_key_other_payload_is_refused(submit: Any) -> None:
    submit(idempotency_key="form-token-1")
    with pytest.raises(ValidationError) as excinfo:
        submit(idempotency_key="form-token-1", details="Sesuatu yang lain.")
    assert excinfo.value.code == "idempotency_key_reused"
    assert excinfo.value.status_code == 422
    assert InformationRequest.objects.count() == 1


def test_keys_are_scoped_per_user(submit: Any, user: Any) -> None:
    first = submit(idempotency_key="k")
    second = submit(idempotency_key="k", actor=user)
    assert first.pk != second.pk


def test_record_honours_idempotency(desk_officer: Any, body: Any) -> None:
    received = timezone.now()
    first = _record(desk_officer, body, received_at=received, idempotency_key="api-1")
    second = _record(desk_officer, body, received_at=received, idempotency_key="api-1")
    assert first.pk == second.pk
    with pytest.raises(ValidationError):
        _record(desk_officer, body, received_at=received, details="Lain.", idempotency_key="api-1")


def test_failed_submission_releases_its_key(submit: Any) -> None:
    with pytest.raises(ValidationError):
        submit(idempotency_key="k", obtain_method="terbang")
    assert not IdempotencyKey.objects.exists()
    assert submit(idempotency_key="k").pk


# --- Identity never leaks --------------------------------------------------------------------


def test_identity_never_in_event_data(
    submit: Any, ppid_utama: Any, unit: Any, desk_officer: Any, body: Any
) -> None:
    request = submit()
    services.request_route(request=request, actor=ppid_utama, units=[unit], note="Tolong.")
    services.request_extend(request=request, actor=ppid_utama, reason="Masih dicari arsipnya.")
    _record(desk_officer, body)
    dumped = json.dumps(list(RequestEvent.objects.values("data", "note")), default=str)
    for secret in (NIK, "081234567890", "Sudirman", "7890"):
        assert secret not in dumped


# --- Handling --------------------------------------------------------------------------------


def test_route_to_units_with_note(submit: Any, ppid_utama: Any, unit: Any, other_unit: Any) -> None:
    request = submit()
    routings = services.request_route(
        request=request, actor=ppid_utama, units=[unit, other_unit], note="Segera."
    )
    assert [r.unit for r in routings] == [unit, other_unit]
    assert request.status == "routed"
    event = request.events.order_by("-pk").first()
    assert event is not None
    assert event.data["unit_names"] == ["Dinas Kesehatan", "Dinas Pendidikan"]
    assert event.note == "Segera."


def test_route_twice_to_the_same_unit_is_refused(submit: Any, ppid_utama: Any, unit: Any) -> None:
    request = submit()
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    with pytest.raises(ValidationError) as excinfo:
        services.request_route(request=request, actor=ppid_utama, units=[unit])
    assert excinfo.value.message == "Permohonan sudah didisposisikan ke Dinas Kesehatan."


def test_route_needs_units_and_the_desk(submit: Any, ppid_utama: Any, unit_officer: Any) -> None:
    request = submit()
    with pytest.raises(ValidationError):
        services.request_route(request=request, actor=ppid_utama, units=[])
    with pytest.raises(PermissionDenied):
        services.request_route(request=request, actor=unit_officer, units=[])


def test_route_to_ppid_utama_is_refused(submit: Any, ppid_utama: Any, ppid_utama_unit: Any) -> None:
    with pytest.raises(ValidationError):
        services.request_route(request=submit(), actor=ppid_utama, units=[ppid_utama_unit])


def test_unit_sees_and_returns_a_routed_request(
    submit: Any, ppid_utama: Any, unit: Any, unit_officer: Any, other_unit_officer: Any
) -> None:
    request = submit()
    with pytest.raises(PermissionDenied):
        services.request_start(request=request, actor=unit_officer)
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    services.request_start(request=request, actor=unit_officer)
    with pytest.raises(PermissionDenied):
        services.request_return(
            request=request, actor=other_unit_officer, unit=unit, note="Bukan kami."
        )
    with pytest.raises(ValidationError):
        services.request_return(request=request, actor=unit_officer, unit=unit, note=" ")
    services.request_return(
        request=request, actor=unit_officer, unit=unit, note="Data ada di Bappeda."
    )
    assert request.status == "registered"
    routing = RequestRouting.objects.get()
    assert not routing.is_active
    assert routing.return_note == "Data ada di Bappeda."
    assert routing.returned_at is not None
    with pytest.raises(PermissionDenied):
        services.request_start(request=request, actor=unit_officer)


def test_return_with_other_units_still_routed_keeps_status(
    submit: Any, ppid_utama: Any, unit: Any, other_unit: Any, unit_officer: Any
) -> None:
    request = submit()
    services.request_route(request=request, actor=ppid_utama, units=[unit, other_unit])
    services.request_return(request=request, actor=unit_officer, unit=unit, note="Bukan kami.")
    assert request.status == "routed"
    assert _events(request)[-1] == ("returned", "", "")


def test_forward_names_the_other_body(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    other = PublicBodyFactory.create(name="Pemerintah Provinsi Banten")
    services.request_forward(request=request, actor=ppid_utama, to_body_name="", to_body=other)
    assert request.status == "forwarded"
    assert request.forwarded_to_name == "Pemerintah Provinsi Banten"
    assert request.closed_at is not None
    event = request.events.order_by("-pk").first()
    assert event is not None
    assert event.data["notify"] == ["requester", "other_body"]


def test_forward_needs_a_name(submit: Any, ppid_utama: Any) -> None:
    with pytest.raises(ValidationError):
        services.request_forward(request=submit(), actor=ppid_utama, to_body_name=" ")


def test_extend_once_with_reason(submit: Any, ppid_utama: Any, unit: Any) -> None:
    request = submit()
    with pytest.raises(ValidationError) as excinfo:
        services.request_extend(request=request, actor=ppid_utama, reason="singkat")
    assert excinfo.value.message == "Alasan perpanjangan wajib diisi (minimal 10 karakter)."
    services.request_extend(request=request, actor=ppid_utama, reason="Arsip di gudang lain.")
    assert request.is_extended
    assert request.extension_reason == "Arsip di gudang lain."
    assert request.due_on == request.extended_due_on
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    with pytest.raises(InvalidTransition) as excinfo2:
        services.request_extend(request=request, actor=ppid_utama, reason="Sekali lagi dong.")
    assert excinfo2.value.code == "already_extended"


def test_refusal_needs_pasal_17_or_other_law(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    with pytest.raises(ValidationError) as excinfo:
        services.request_issue_notice(
            request=request, actor=ppid_utama, possession="held", decision="refused", form="none"
        )
    assert excinfo.value.details["fields"] == {
        "refusal_letters": [
            "Penolakan wajib menyebut huruf Pasal 17 atau undang-undang lain yang menjadi dasarnya."
        ]
    }
    with pytest.raises(ValidationError):
        services.request_issue_notice(
            request=request,
            actor=ppid_utama,
            possession="held",
            decision="refused",
            form="none",
            refusal_letters=["k"],
        )
    notice = services.request_issue_notice(
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["B", "a"],
        consequence_test_ref="https://example.test/uji/1",
    )
    assert notice.refusal_letters == ["a", "b"]
    assert notice.total_cost == 0
    assert notice.objection_due_on is not None
    assert "30 hari kerja" in notice.objection_statement
    assert request.status == "notice_issued"
    services.request_close(request=request, actor=ppid_utama)
    assert request.status == "closed"


def test_refusal_by_other_law(submit: Any, ppid_utama: Any) -> None:
    notice = services.request_issue_notice(
        request=submit(),
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_other_law="UU 27/2022 Pasal 4",
    )
    assert notice.refusal_other_law == "UU 27/2022 Pasal 4"


def test_notice_items_are_validated(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"possession": "held_by_other_body", "decision": "refused"}, "other_body_name"),
        ({"possession": "not_yet_documented", "decision": "refused"}, "documented_by"),
        ({"possession": "not_held", "decision": "granted_full", "material": "x"}, "decision"),
        (
            {"possession": "held", "decision": "granted_partial", "material": "x"},
            "redaction_explanation",
        ),
        ({"possession": "held", "decision": "granted_full"}, "material"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.request_issue_notice(
                request=request, actor=ppid_utama, form="softcopy", **kwargs
            )
        assert field in excinfo.value.details["fields"]
    assert request.status == "registered"


def test_fees_from_the_body_table_and_payment(submit: Any, ppid_utama: Any, body: Any) -> None:
    RequestSettingsFactory.create(body=body, copy_fee_per_sheet=500, courier_fee=15000)
    request = submit(obtain_method="salinan_hardcopy", delivery_method="kurir")
    notice = services.request_issue_notice(
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="granted_partial",
        form="hardcopy",
        material="DPA 2025",
        redaction_explanation="Nomor rekening pegawai dihitamkan (Pasal 17 huruf h).",
        copy_sheets=20,
        other_cost=2000,
        provide_within_days=3,
        payment_method="Transfer ke rekening kas daerah.",
    )
    assert (notice.copy_cost, notice.delivery_cost, notice.other_cost) == (10000, 15000, 2000)
    assert notice.total_cost == 27000
    assert notice.payment_method == "Transfer ke rekening kas daerah."
    assert request.status == "awaiting_payment"
    with pytest.raises(ValidationError) as excinfo:
        services.request_record_payment(
            request=request, actor=ppid_utama, amount=1000, method="Tunai"
        )
    assert excinfo.value.message == (
        "Jumlah pembayaran harus Rp 27000 sesuai pemberitahuan tertulis."
    )
    payment = services.request_record_payment(
        request=request, actor=ppid_utama, amount=27000, method="Tunai", reference="KW-1"
    )
    assert payment.amount == 27000
    assert request.status == "notice_issued"
    services.request_fulfil(request=request, actor=ppid_utama, reference="Resi JNE 123")
    assert request.status == "fulfilled"
    assert request.fulfilled_at is not None
    assert request.deliveries.get().method == "kurir"
    services.request_close(request=request, actor=ppid_utama)
    assert [e[0] for e in _events(request)] == [
        "submitted",
        "notice_issued",
        "payment_recorded",
        "fulfilled",
        "closed",
    ]


def test_electronic_copies_are_free(submit: Any, ppid_utama: Any, body: Any) -> None:
    RequestSettingsFactory.create(body=body, copy_fee_per_sheet=500)
    notice = services.request_issue_notice(
        request=submit(),
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA 2025",
        copy_sheets=40,
    )
    assert notice.total_cost == 0
    assert notice.copy_sheets == 0
    assert notice.request.status == "notice_issued"


def test_signatory_from_body_settings(submit: Any, ppid_utama: Any, body: Any) -> None:
    RequestSettingsFactory.create(body=body, signatory_name="Drs. Budi", signatory_position="PPID")
    notice = services.request_issue_notice(
        request=submit(), actor=ppid_utama, possession="not_held", decision="refused", form="none"
    )
    assert (notice.signatory_name, notice.signatory_position) == ("Drs. Budi", "PPID")


def _grant(request: InformationRequest, actor: Any) -> None:
    services.request_issue_notice(
        request=request,
        actor=actor,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA",
    )


def test_answer_documents_pass_the_safety_scan(
    submit: Any, ppid_utama: Any, unit_officer: Any
) -> None:
    request = submit()
    _grant(request, ppid_utama)
    document = services.request_attach_document(
        request=request,
        actor=ppid_utama,
        upload=ContentFile(pdf_bytes(), name="dpa.pdf"),
        title="DPA",
    )
    assert document.release_cleared
    assert document.release_report["cleared"] is True
    assert document.scan is not None
    blocked = services.request_attach_document(
        request=request,
        actor=ppid_utama,
        upload=ContentFile(NIK_CSV, name="lampiran.csv"),
        title="Lampiran",
    )
    assert not blocked.release_cleared
    kinds = {f["kind"] for f in blocked.release_report["findings"]}
    assert "nik" in kinds
    assert "3673015507850001" not in str(blocked.release_report)
    with pytest.raises(ValidationError) as excinfo:
        services.request_fulfil(request=request, actor=ppid_utama)
    assert excinfo.value.code == "release_blocked"
    assert blocked.scan is not None
    finding = blocked.scan.findings.get(kind="nik")
    with pytest.raises(ValidationError):
        services.request_document_override(
            document=blocked, finding_id=finding.pk, actor=ppid_utama, reason=""
        )
    services.request_document_override(
        document=blocked,
        finding_id=finding.pk,
        actor=ppid_utama,
        reason="NIK milik pemohon sendiri, diminta oleh pemohon.",
    )
    blocked.refresh_from_db()
    assert blocked.release_cleared
    assert request.events.filter(kind="document_override").exists()
    services.request_fulfil(request=request, actor=ppid_utama)


def test_only_the_ppid_utama_overrides_and_withdrawal_unblocks(
    submit: Any, ppid_utama: Any, unit: Any, unit_officer: Any
) -> None:
    request = submit(unit=unit)
    _grant(request, ppid_utama)
    blocked = services.request_attach_document(
        request=request,
        actor=unit_officer,
        upload=ContentFile(NIK_CSV, name="lampiran.csv"),
        title="Lampiran",
    )
    assert blocked.scan is not None
    finding = blocked.scan.findings.get(kind="nik")
    # The unit that attached the file does not clear it for release itself.
    with pytest.raises(PermissionDenied):
        services.request_document_override(
            document=blocked, finding_id=finding.pk, actor=unit_officer, reason="Saya yakin aman."
        )
    with pytest.raises(ValidationError):
        services.request_document_withdraw(document=blocked, actor=ppid_utama, reason=" ")
    services.request_document_withdraw(
        document=blocked, actor=ppid_utama, reason="Diganti berkas yang sudah dibersihkan."
    )
    with pytest.raises(InvalidTransition):
        services.request_document_withdraw(document=blocked, actor=ppid_utama, reason="Lagi.")
    services.request_fulfil(request=request, actor=ppid_utama)


def test_refused_file_type_is_not_stored(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    _grant(request, ppid_utama)
    with pytest.raises(ValidationError):
        services.request_attach_document(
            request=request,
            actor=ppid_utama,
            upload=ContentFile(b"MZ\x90\x00binary", name="jawaban.pdf"),
            title="Jawaban",
        )
    assert not request.documents.exists()


def test_refused_request_cannot_be_fulfilled(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    services.request_issue_notice(
        request=request, actor=ppid_utama, possession="not_held", decision="refused", form="none"
    )
    with pytest.raises(InvalidTransition):
        services.request_fulfil(request=request, actor=ppid_utama)


def test_closing_an_unfulfilled_grant_needs_a_reason(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    _grant(request, ppid_utama)
    with pytest.raises(ValidationError):
        services.request_close(request=request, actor=ppid_utama)
    services.request_close(request=request, actor=ppid_utama, note="Pemohon tidak mengambil.")


def test_withdraw_only_by_the_requester(submit: Any, ppid_utama: Any, applicant: Any) -> None:
    request = submit()
    with pytest.raises(PermissionDenied):
        services.request_withdraw(request=request, actor=ppid_utama)
    services.request_withdraw(request=request, actor=applicant, reason="Sudah dapat.")
    assert request.status == "withdrawn"
    assert _events(request)[-1] == ("withdrawn", "registered", "withdrawn")


def test_internal_note(submit: Any, ppid_utama: Any, applicant: Any) -> None:
    request = submit()
    event = services.request_add_note(request=request, actor=ppid_utama, note="Cek ke bidang.")
    assert event.is_internal
    assert event.to_status == ""
    with pytest.raises(PermissionDenied):
        services.request_add_note(request=request, actor=applicant, note="Halo")
    with pytest.raises(ValidationError):
        services.request_add_note(request=request, actor=ppid_utama, note=" ")


def test_complete_by_stranger_is_refused(submit: Any, ppid_utama: Any, user: Any) -> None:
    request = submit()
    services.request_ask_completion(request=request, actor=ppid_utama, missing="KTP.")
    with pytest.raises(PermissionDenied):
        services.request_complete(request=request, actor=user)


def test_ask_completion_needs_what_is_missing(submit: Any, ppid_utama: Any) -> None:
    with pytest.raises(ValidationError):
        services.request_ask_completion(request=submit(), actor=ppid_utama, missing="")


def test_atasan_sees_but_does_not_handle(submit: Any, ppid_utama_unit: Any) -> None:
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory
    from terbuka.inforequests import permissions

    atasan = MembershipFactory.create(unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID).user
    request = submit()
    assert permissions.can_view_request(atasan, request)
    assert not permissions.can_handle_request(atasan, request)
    with pytest.raises(PermissionDenied):
        services.request_start(request=request, actor=atasan)


def test_notifications_are_scheduled_on_commit(
    submit: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Each event owes its notification (an outbox row) and delivers it on commit."""
    seen: list[str] = []

    def notify(event_id: int) -> None:
        seen.append(RequestEvent.objects.get(pk=event_id).kind)

    real = notifications.notify
    # The outbox row names `notifications.notify`; delivery looks it up by that name.
    monkeypatch.setattr(notifications, "notify", notify)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
        services.request_start(request=request, actor=ppid_utama)
    assert seen == ["submitted", "started"]
    owed = EventNotification.objects.filter(handler="terbuka.inforequests.notifications.notify")
    assert owed.filter(delivered_at__isnull=False).count() == 2
    first = request.events.first()
    assert first is not None
    real(first)


def test_settings_reject_formats_without_seq_and_year(body: Any) -> None:
    from django.core.exceptions import ValidationError as DjangoValidationError

    for bad in ("{seq}", "{year}", "{seq}/{nope}", "{seq:d}/{year}/{", "{0}/{year}"):
        with pytest.raises(DjangoValidationError):
            RequestSettings(body=body, number_format=bad).full_clean()
    RequestSettings(
        body=body, number_format="{unit_code}-{seq:03d}/{month:02d}/{year}"
    ).full_clean()


def test_complete_only_an_incomplete_request(submit: Any, ppid_utama: Any, unit: Any) -> None:
    request = submit()
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    with pytest.raises(InvalidTransition) as excinfo:
        services.request_complete(request=request, actor=ppid_utama)
    assert excinfo.value.code == "not_incomplete"
    assert request.status == "routed"


def test_ask_completion_after_extension_is_refused(submit: Any, ppid_utama: Any, unit: Any) -> None:
    request = submit()
    services.request_extend(request=request, actor=ppid_utama, reason="Arsip masih dicari.")
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    services.request_return(request=request, actor=ppid_utama, unit=unit, note="Kembali.")
    assert request.status == "registered"
    with pytest.raises(InvalidTransition) as excinfo:
        services.request_ask_completion(request=request, actor=ppid_utama, missing="KTP.")
    assert excinfo.value.code == "already_extended"


def test_events_are_append_only(submit: Any) -> None:
    event = submit().events.get()
    event.note = "diubah"
    with pytest.raises(RuntimeError):
        event.save()
