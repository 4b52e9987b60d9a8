"""The officers' workspace through the client: inbox, request page, actions, offline intake."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts.models import IdentityAccessLog
from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest, RequestEvent, ResponseDocument
from terbuka.inforequests.office import actions as office_actions
from terbuka.inforequests.office import inbox as office_inbox
from terbuka.inforequests.states import Status
from terbuka.inforequests.tests.factories import RequestEventFactory, RequestSettingsFactory
from terbuka.inforequests.tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
ADDRESS = "Jl. Jenderal Sudirman No. 5, Serang"
Kind = RequestEvent.Kind


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, req: InformationRequest) -> str:
    return reverse(f"office:{name}", kwargs={"pk": req.pk})


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def utama(ppid_utama: Any) -> Client:
    return _login(ppid_utama)


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user


@pytest.fixture
def req(submit: Callable[..., InformationRequest]) -> InformationRequest:
    return submit()


# --- Inbox ------------------------------------------------------------------------------------


def test_inbox_lists_the_requests_of_the_desk(utama: Client, req: InformationRequest) -> None:
    response = utama.get(reverse("office:inbox"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert req.registration_number in html
    assert "Siti Pemohon" in html
    assert NIK not in html
    assert PHONE not in html


def test_inbox_unit_officer_sees_own_and_routed_only(
    submit: Callable[..., InformationRequest],
    unit: Any,
    other_unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
) -> None:
    own = submit(unit=unit)
    elsewhere = submit(unit=other_unit)
    routed = submit()
    services.request_route(request=routed, actor=ppid_utama, units=[unit])
    html = _login(unit_officer).get(reverse("office:inbox")).content.decode()
    assert own.registration_number in html
    assert routed.registration_number in html
    assert elsewhere.registration_number not in html


def test_inbox_ppid_utama_sees_every_unit(
    submit: Callable[..., InformationRequest], unit: Any, other_unit: Any, utama: Client
) -> None:
    first, second = submit(unit=unit), submit(unit=other_unit)
    html = utama.get(reverse("office:inbox")).content.decode()
    assert first.registration_number in html
    assert second.registration_number in html


def test_inbox_refuses_citizens(applicant: Any, req: InformationRequest) -> None:
    assert _login(applicant).get(reverse("office:inbox")).status_code == 403


def test_inbox_asks_anonymous_to_sign_in(client: Client) -> None:
    response = client.get(reverse("office:inbox"))
    assert response.status_code == 302


def test_inbox_filters(
    submit: Callable[..., InformationRequest], unit: Any, ppid_utama: Any, utama: Client
) -> None:
    plain = submit()
    in_unit = submit(unit=unit)
    started = submit()
    services.request_start(request=started, actor=ppid_utama)
    late = submit()
    InformationRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    inbox = reverse("office:inbox")

    def numbers(query: dict[str, Any]) -> set[str]:
        response = utama.get(inbox, query)
        assert response.status_code == 200
        rows = response.context["rows"]
        return {row["req"].registration_number for row in rows}

    assert numbers({"unit": unit.pk}) == {in_unit.registration_number}
    assert numbers({"status": "in_progress"}) == {started.registration_number}
    assert numbers({"overdue": "on"}) == {late.registration_number}
    assert numbers({"q": plain.registration_number}) == {plain.registration_number}
    assert numbers({"channel": "phone"}) == set()
    assert late.registration_number in numbers({"due_within": 0})
    counts = utama.get(inbox).context["counts"]
    assert counts == {"all": 4, "due_soon": 1, "overdue": 1}
    html = utama.get(inbox, {"overdue": "on"}).content.decode()
    assert "lewat" in html
    empty = utama.get(inbox, {"channel": "phone"}).content.decode()
    assert "Tidak ada permohonan yang cocok" in empty


def test_inbox_next_link(
    submit: Callable[..., InformationRequest], utama: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        submit()
    monkeypatch.setattr(office_inbox, "INBOX_PAGE_SIZE", 2)
    response = utama.get(reverse("office:inbox"))
    assert len(response.context["rows"]) == 2
    assert "Berikutnya" in response.content.decode()
    rest = utama.get(reverse("office:inbox") + "?" + response.context["next_query"])
    assert len(rest.context["rows"]) == 1
    assert rest.context["next_query"] is None


@pytest.mark.parametrize("rows", [5, 30])
def test_inbox_query_count_is_constant(
    rows: int,
    submit: Callable[..., InformationRequest],
    unit: Any,
    ppid_utama: Any,
    utama: Client,
    django_assert_max_num_queries: Any,
) -> None:
    for index in range(rows):
        created = submit()
        if index % 2:
            services.request_route(request=created, actor=ppid_utama, units=[unit])
    with django_assert_max_num_queries(16):
        response = utama.get(reverse("office:inbox"))
    assert len(response.context["rows"]) == rows


# --- Request page -----------------------------------------------------------------------------


def test_detail_masks_identity_and_is_not_cached(utama: Client, req: InformationRequest) -> None:
    response = utama.get(_url("detail", req))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert NIK not in html
    assert PHONE not in html
    assert ADDRESS not in html
    assert NIK[-4:] in html
    assert "Buka data" in html


def test_detail_is_404_for_another_unit_and_for_the_requester(
    submit: Callable[..., InformationRequest],
    unit: Any,
    other_unit_officer: Any,
    applicant: Any,
) -> None:
    req = submit(unit=unit)
    assert _login(other_unit_officer).get(_url("detail", req)).status_code == 404
    assert _login(applicant).get(_url("detail", req)).status_code == 404


def test_detail_is_read_only_for_atasan(atasan: Any, req: InformationRequest) -> None:
    response = _login(atasan).get(_url("detail", req))
    assert response.status_code == 200
    assert response.context["panels"] == []
    assert "hanya baca" in response.content.decode()


def test_reveal_logs_access(ppid_utama: Any, utama: Client, req: InformationRequest) -> None:
    html = utama.get(_url("detail", req)).content.decode()
    reveal = reverse("accounts:identity-reveal", kwargs={"pk": req.requester_identity_id})
    assert reveal in html
    response = utama.post(
        reveal, {"field": "nik", "reason": f"Memproses permohonan {req.registration_number}"}
    )
    assert response.status_code == 200
    assert NIK in response.content.decode()
    log = IdentityAccessLog.objects.get()
    assert log.viewer == ppid_utama
    assert log.field == "nik"


def test_detail_query_count_is_constant(
    utama: Client, req: InformationRequest, django_assert_max_num_queries: Any
) -> None:
    def count_for(events: int) -> int:
        RequestEventFactory.create_batch(events, request=req, is_internal=True)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert utama.get(_url("detail", req)).status_code == 200
        return len(ctx.captured_queries)

    assert count_for(2) == count_for(40)


def test_detail_shows_internal_notes_marked(
    ppid_utama: Any, utama: Client, req: InformationRequest
) -> None:
    services.request_add_note(request=req, actor=ppid_utama, note="Cek ke Bidang Anggaran.")
    html = utama.get(_url("detail", req)).content.decode()
    assert "Cek ke Bidang Anggaran." in html
    assert "Internal" in html


# --- Actions ----------------------------------------------------------------------------------


def _post(client: Client, name: str, req: InformationRequest, data: Any = None) -> Any:
    return client.post(_url(name, req), data or {})


def _assert_done(response: Any, req: InformationRequest, status: str, kind: str) -> None:
    assert response.status_code == 303
    assert response["Location"] == _url("detail", req)
    req.refresh_from_db()
    assert req.status == status
    assert req.events.filter(kind=kind).exists()


def test_start_then_refused_the_second_time(utama: Client, req: InformationRequest) -> None:
    _assert_done(_post(utama, "start", req), req, Status.IN_PROGRESS, Kind.STARTED)
    response = _post(utama, "start", req)
    assert response.status_code == 303
    assert "tidak dapat dilakukan" in _messages(response)[-1]
    assert req.events.filter(kind=Kind.STARTED).count() == 1


def test_action_panels_follow_the_state(utama: Client, req: InformationRequest) -> None:
    names = {p["action"].name for p in utama.get(_url("detail", req)).context["panels"]}
    assert {"start", "route", "extend", "issue-notice", "add-note", "forward"} <= names
    assert "record-payment" not in names
    assert "fulfil" not in names


def test_route_and_return(
    utama: Client, unit: Any, unit_officer: Any, req: InformationRequest
) -> None:
    data = {"form_token": str(uuid.uuid4()), "units": [unit.pk], "note": "Mohon ditangani."}
    _assert_done(_post(utama, "route", req, data), req, Status.ROUTED, Kind.ROUTED)
    repeat = _post(utama, "route", req, data)
    assert repeat.status_code == 303
    assert req.routings.count() == 1
    assert req.routings.get().unit == unit
    officer = _login(unit_officer)
    assert officer.get(_url("detail", req)).status_code == 200
    data = {"form_token": str(uuid.uuid4()), "unit": unit.pk, "note": "Bukan kewenangan kami."}
    response = _post(officer, "return", req, data)
    _assert_done(response, req, Status.REGISTERED, Kind.RETURNED)


def test_route_refused_to_unit_officer_and_hidden_from_others(
    submit: Callable[..., InformationRequest],
    unit: Any,
    unit_officer: Any,
    other_unit_officer: Any,
) -> None:
    req = submit(unit=unit)
    data = {"units": [unit.pk], "note": ""}
    assert _post(_login(unit_officer), "route", req, data).status_code == 403
    assert _post(_login(other_unit_officer), "route", req, data).status_code == 404
    assert _post(_login(other_unit_officer), "add-note", req, {}).status_code == 404
    req.refresh_from_db()
    assert req.status == Status.REGISTERED


def test_route_needs_a_unit(utama: Client, req: InformationRequest) -> None:
    response = _post(utama, "route", req, {"form_token": str(uuid.uuid4()), "note": "x"})
    assert response.status_code == 422
    assert response.context["panels"]


def test_atasan_cannot_act(atasan: Any, req: InformationRequest) -> None:
    assert _post(_login(atasan), "start", req).status_code == 403


def test_ask_completion_complete_and_lapse(utama: Client, req: InformationRequest) -> None:
    response = _post(utama, "ask-completion", req, {"missing": "Lampirkan salinan KTP."})
    _assert_done(response, req, Status.INCOMPLETE, Kind.COMPLETION_ASKED)
    # The completion window is still open: the lapse is refused next to the form.
    response = _post(utama, "lapse", req)
    assert response.status_code == 422
    assert "belum lewat" in response.content.decode()
    response = _post(utama, "complete", req, {"note": "KTP diterima di loket."})
    _assert_done(response, req, Status.REGISTERED, Kind.COMPLETED)


def test_lapse_after_the_window(utama: Client, req: InformationRequest) -> None:
    _post(utama, "ask-completion", req, {"missing": "Lampirkan salinan KTP."})
    InformationRequest.objects.filter(pk=req.pk).update(
        completion_due_on=timezone.localdate() - timedelta(days=1)
    )
    _assert_done(_post(utama, "lapse", req), req, Status.LAPSED, Kind.LAPSED)


def test_forward_to_a_named_body(utama: Client, req: InformationRequest) -> None:
    data = {"to_body": "", "to_body_name": "Pemerintah Provinsi Banten", "note": ""}
    _assert_done(_post(utama, "forward", req, data), req, Status.FORWARDED, Kind.FORWARDED)
    assert req.forwarded_to_name == "Pemerintah Provinsi Banten"


def test_forward_needs_a_body(utama: Client, req: InformationRequest) -> None:
    response = _post(utama, "forward", req, {"to_body": "", "to_body_name": ""})
    assert response.status_code == 422
    assert "Sebutkan badan publik" in response.content.decode()


def test_extend_once(utama: Client, req: InformationRequest) -> None:
    assert _post(utama, "extend", req, {"reason": "pendek"}).status_code == 422
    data = {"reason": "Dokumen tersebar di beberapa bidang dan perlu dihimpun."}
    _assert_done(_post(utama, "extend", req, data), req, Status.EXTENDED, Kind.EXTENDED)
    response = _post(utama, "extend", req, data)
    assert response.status_code == 303
    assert req.events.filter(kind=Kind.EXTENDED).count() == 1


NOTICE_GRANT = {
    "possession": "held",
    "decision": "granted_full",
    "form": "softcopy",
    "material": "DPA Dinas Kesehatan 2025 (PDF).",
}


def test_issue_notice_fulfil_and_close(utama: Client, req: InformationRequest) -> None:
    response = _post(utama, "issue-notice", req, NOTICE_GRANT)
    _assert_done(response, req, Status.NOTICE_ISSUED, Kind.NOTICE_ISSUED)
    html = utama.get(_url("detail", req)).content.decode()
    assert reverse("inforequests:notice-pdf", kwargs={"pk": req.pk}) in html
    upload = SimpleUploadedFile("dpa.pdf", pdf_bytes(), content_type="application/pdf")
    token = str(uuid.uuid4())
    data = {"form_token": token, "title": "DPA 2025", "upload": upload}
    assert _post(utama, "attach-document", req, data).status_code == 303
    upload.seek(0)
    repeat = _post(utama, "attach-document", req, data)
    assert repeat.status_code == 303
    assert ResponseDocument.objects.filter(request=req).count() == 1
    data = {"method": "email", "reference": "Dikirim ke siti@example.test"}
    _assert_done(_post(utama, "fulfil", req, data), req, Status.FULFILLED, Kind.FULFILLED)
    _assert_done(_post(utama, "close", req, {"note": ""}), req, Status.CLOSED, Kind.CLOSED)


def test_refusal_needs_a_legal_ground(utama: Client, req: InformationRequest) -> None:
    data: dict[str, Any] = {"possession": "held", "decision": "refused", "form": "none"}
    response = _post(utama, "issue-notice", req, data)
    assert response.status_code == 422
    assert "Pasal 17" in response.content.decode()
    data["refusal_letters"] = ["b"]
    _assert_done(
        _post(utama, "issue-notice", req, data), req, Status.NOTICE_ISSUED, Kind.NOTICE_ISSUED
    )


def test_payment_of_printed_copies(utama: Client, body: Any, req: InformationRequest) -> None:
    RequestSettingsFactory(body=body)
    data = {**NOTICE_GRANT, "form": "hardcopy", "copy_sheets": 10, "delivery_cost": 0}
    response = _post(utama, "issue-notice", req, data)
    _assert_done(response, req, Status.AWAITING_PAYMENT, Kind.NOTICE_ISSUED)
    assert _post(utama, "record-payment", req, {"amount": 1, "method": "Tunai"}).status_code == 422
    data = {"amount": 5000, "method": "Tunai", "reference": "KW-1"}
    response = _post(utama, "record-payment", req, data)
    _assert_done(response, req, Status.NOTICE_ISSUED, Kind.PAYMENT_RECORDED)


def test_double_note_is_saved_once(utama: Client, req: InformationRequest) -> None:
    data = {"form_token": str(uuid.uuid4()), "note": "Telepon pemohon.", "is_internal": "on"}
    first = _post(utama, "add-note", req, data)
    second = _post(utama, "add-note", req, data)
    assert first.status_code == second.status_code == 303
    notes = req.events.filter(kind=Kind.NOTE)
    assert notes.count() == 1
    assert notes.get().is_internal
    assert "tidak disimpan dua kali" in _messages(second)[-1]


def test_refused_note_keeps_its_token(utama: Client, req: InformationRequest) -> None:
    token = str(uuid.uuid4())
    assert _post(utama, "add-note", req, {"form_token": token, "note": " "}).status_code == 422
    data = {"form_token": token, "note": "Catatan kedua."}
    assert _post(utama, "add-note", req, data).status_code == 303
    assert req.events.filter(kind=Kind.NOTE, is_internal=False).count() == 1


# --- Recording an offline request -------------------------------------------------------------


def _record_data(body: Any, **overrides: Any) -> dict[str, Any]:
    received = timezone.localtime() - timedelta(days=1)
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "body": body.pk,
        "unit": "",
        "channel": "walk_in",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "details": "Daftar penerima bantuan sosial 2025.",
        "purpose": "Pengawasan warga.",
        "obtain_method": "salinan_hardcopy",
        "delivery_method": "ambil_langsung",
        "pemohon-kind": "perorangan",
        "pemohon-full_name": "Budi Datang",
        "pemohon-nik": NIK,
        "pemohon-address": ADDRESS,
        "pemohon-phone": PHONE,
    }
    data.update(overrides)
    return data


def test_record_creates_once(desk_officer: Any, body: Any) -> None:
    client = _login(desk_officer)
    assert client.get(reverse("office:record")).status_code == 200
    data = _record_data(body)
    response = client.post(reverse("office:record"), data)
    assert response.status_code == 303
    req = InformationRequest.objects.get()
    assert response["Location"] == _url("detail", req)
    assert req.channel == "walk_in"
    assert req.recorded_by == desk_officer
    received = timezone.localtime(req.received_at).strftime("%Y-%m-%dT%H:%M")
    assert received == data["received_at"]
    assert req.registration_number in _messages(response)[-1]
    again = client.post(reverse("office:record"), data)
    assert again.status_code == 303
    assert InformationRequest.objects.count() == 1


def test_record_refuses_future_time(desk_officer: Any, body: Any) -> None:
    future = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = _login(desk_officer).post(
        reverse("office:record"), _record_data(body, received_at=future)
    )
    assert response.status_code == 422
    assert "masa depan" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_record_refuses_the_web_channel_and_citizens(
    desk_officer: Any, applicant: Any, body: Any
) -> None:
    response = _login(desk_officer).post(
        reverse("office:record"), _record_data(body, channel="web")
    )
    assert response.status_code == 422
    assert _login(applicant).get(reverse("office:record")).status_code == 403


def test_dashboard_links_the_workspace(ppid_utama: Any) -> None:
    html = _login(ppid_utama).get(reverse("bodies:dashboard")).content.decode()
    assert reverse("office:inbox") in html
    assert reverse("office:record") in html


STATE_ACTIONS = [a.name for a in office_actions.ACTIONS if a.name != "add-note"]


@pytest.mark.parametrize("name", STATE_ACTIONS)
def test_every_action_is_refused_on_a_withdrawn_request(
    name: str, applicant: Any, utama: Client, req: InformationRequest
) -> None:
    services.request_withdraw(request=req, actor=applicant)
    events = req.events.count()
    response = _post(utama, name, req, {"note": "x", "reason": "x" * 20})
    assert response.status_code == 303
    assert "tidak dapat dilakukan" in _messages(response)[-1]
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN
    assert req.events.count() == events


@pytest.mark.parametrize("name", [a.name for a in office_actions.ACTIONS])
def test_every_action_is_403_for_atasan_and_404_for_another_unit(
    name: str, atasan: Any, other_unit_officer: Any, req: InformationRequest
) -> None:
    events = req.events.count()
    assert _post(_login(atasan), name, req, {"note": "x"}).status_code == 403
    assert _post(_login(other_unit_officer), name, req, {"note": "x"}).status_code == 404
    assert req.events.count() == events


def test_record_links_the_receipt(desk_officer: Any, body: Any) -> None:
    client = _login(desk_officer)
    response = client.post(reverse("office:record"), _record_data(body), follow=True)
    req = InformationRequest.objects.get()
    html = response.content.decode()
    assert reverse("inforequests:receipt", kwargs={"pk": req.pk}) in html
    assert NIK not in html


def test_record_attaches_the_ktp_scan(desk_officer: Any, body: Any) -> None:
    from terbuka.inforequests.tests.test_views import PNG

    scan = SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
    data = _record_data(body, **{"pemohon-ktp_scan": scan})
    response = _login(desk_officer).post(reverse("office:record"), data)
    assert response.status_code == 303
    assert InformationRequest.objects.get().requester_identity.has_ktp_scan


def test_blocked_answer_document_override_and_withdraw(
    utama: Client, req: InformationRequest, unit_officer: Any
) -> None:
    from terbuka.inforequests.tests.files import NIK_CSV

    _post(utama, "issue-notice", req, NOTICE_GRANT)
    upload = SimpleUploadedFile("lampiran.csv", NIK_CSV, content_type="text/csv")
    data = {"form_token": str(uuid.uuid4()), "title": "Lampiran", "upload": upload}
    assert _post(utama, "attach-document", req, data).status_code == 303
    document = ResponseDocument.objects.get(request=req)
    assert not document.release_cleared
    page = utama.get(_url("detail", req)).content.decode()
    assert "3673015507850001" not in page
    assert "3673" in page  # the masked sample only
    assert document.scan is not None
    finding = document.scan.findings.get(kind="nik")
    override = reverse("office:document-override", kwargs={"pk": req.pk, "doc_pk": document.pk})
    response = utama.post(override, {"finding": finding.pk, "reason": "Data pemohon sendiri."})
    assert response.status_code == 303
    document.refresh_from_db()
    assert document.release_cleared
    withdraw = reverse("office:document-withdraw", kwargs={"pk": req.pk, "doc_pk": document.pk})
    assert utama.post(withdraw, {"reason": "Diganti versi bersih."}).status_code == 303
    document.refresh_from_db()
    assert document.withdrawn_at is not None
    assert not document.release_cleared
