"""The objection and dispute services: filing, the window, deliberation, the Atasan's answer,
lapse, the requester's response, withdrawal, notes and the Komisi Informasi's path."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory
from terbuka.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data
from terbuka.objections import deadlines, services
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    DisputeSession,
    Objection,
    ObjectionCounter,
    ObjectionEvent,
)
from terbuka.objections.states import DisputeStatus, ObjectionStatus

pytestmark = pytest.mark.django_db

OS = ObjectionStatus
DS = DisputeStatus
Kind = ObjectionEvent.Kind
REASONS = "Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b."
PERIODIC = "Laporan keuangan tahunan 2025 tidak diumumkan di situs resmi."


def _today() -> dt.date:
    return timezone.localdate()


def _year() -> int:
    return _today().year


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
    return services.objection_answer(**kwargs)


def _field(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.details["fields"])


@pytest.fixture
def objection(file_objection: Callable[..., Objection]) -> Objection:
    """An objection on ground a, received today."""
    return file_objection()


@pytest.fixture
def deliberable(file_objection: Callable[..., Objection]) -> Objection:
    """An objection on grounds d and e, which deliberation may settle (Pasal 35(2))."""
    return file_objection(grounds=["d", "e"])


@pytest.fixture
def submit_request(body: Any, applicant: Any) -> Callable[..., InformationRequest]:
    """File a request with no written notice yet (its clock still runs)."""

    def make() -> InformationRequest:
        return request_services.request_submit(
            actor=applicant,
            body=body,
            details="Salinan berita acara pemeriksaan kasus korupsi tahun 2025.",
            purpose="Liputan investigasi.",
            obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
            delivery_method=InformationRequest.DeliveryMethod.EMAIL,
            identity_data=identity_data(),
        )

    return make


@pytest.fixture
def evaluator(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.EVALUATOR, user__email="monev@example.test"
    ).user


@pytest.fixture
def dispute(objection: Objection, atasan: Any, ppid_utama: Any) -> Dispute:
    _answer(objection, atasan)
    objection.refresh_from_db()
    return services.dispute_file(
        objection=objection,
        actor=ppid_utama,
        filed_on=_today(),
        commission_name="Komisi Informasi Provinsi Banten",
    )


def _move(dispute: Dispute, status: DisputeStatus, **fields: Any) -> Dispute:
    Dispute.objects.filter(pk=dispute.pk).update(status=status, **fields)
    dispute.refresh_from_db()
    return dispute


# --- Filing -----------------------------------------------------------------------------------


def test_requester_files_on_the_portal(
    refused_request: Callable[..., InformationRequest], applicant: Any
) -> None:
    request = refused_request()
    objection = services.objection_file(
        actor=applicant,
        request=request,
        grounds=["A", " a ", "g"],
        summary="  Informasi yang diminta bukan informasi yang dikecualikan.  ",
    )
    assert objection.status == OS.RECEIVED
    assert objection.grounds == ["a", "g"]
    assert objection.summary == "Informasi yang diminta bukan informasi yang dikecualikan."
    assert objection.channel == Objection.Channel.WEB
    assert objection.recorded_by is None
    assert objection.requester == applicant
    assert objection.requester_identity_id == request.requester_identity_id
    assert objection.body_id == request.body_id
    assert objection.ground_arose_on == _today()
    assert objection.window_due_on is not None
    assert objection.window_due_on > _today()
    response = deadlines.response_due(
        _today(), calendar=request_deadlines.calendar_for(_today()), region_code=""
    )
    assert objection.response_due_on == response.due
    assert objection.clock_inputs["response"]["working_days"] == 30
    assert objection.clock_inputs["window"]["law"] == "UU 14/2008 Pasal 36(1)"
    assert not objection.is_overdue
    event = objection.events.get()
    assert event.kind == Kind.FILED
    assert (event.from_status, event.to_status) == ("", OS.RECEIVED)
    assert event.actor == applicant
    assert event.data["grounds"] == ["a", "g"]
    assert event.data["request"] == request.registration_number


def test_officer_records_a_paper_filing_with_its_receipt_time(
    refused_request: Callable[..., InformationRequest], ppid_utama: Any, applicant: Any
) -> None:
    request = refused_request()
    received = timezone.now() - dt.timedelta(hours=2)
    objection = services.objection_file(
        actor=ppid_utama,
        request=request,
        grounds=["a"],
        summary="Surat keberatan diterima di loket.",
        filed_at=received,
        channel=Objection.Channel.LETTER,
    )
    assert objection.filed_at == received
    assert objection.channel == Objection.Channel.LETTER
    assert objection.recorded_by == ppid_utama
    # The objection belongs to the request's requester, not the officer.
    assert objection.requester == applicant
    assert objection.events.get().kind == Kind.RECORDED


def test_officer_recording_without_time_defaults_to_now_walk_in(
    refused_request: Callable[..., InformationRequest], atasan: Any
) -> None:
    objection = services.objection_file(
        actor=atasan,
        request=refused_request(),
        grounds=["a"],
        summary="Keberatan disampaikan langsung di loket.",
    )
    assert objection.channel == Objection.Channel.WALK_IN
    assert objection.recorded_by == atasan


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": Objection.Channel.WEB}, "channel"),
        ({"channel": "fax"}, "channel"),
        ({"filed_at": dt.datetime(2026, 3, 2, 9, 0)}, "filed_at"),  # noqa: DTZ001 - naive on purpose
        ({"filed_at": "future"}, "filed_at"),
    ],
)
def test_paper_filing_checks_channel_and_time(
    refused_request: Callable[..., InformationRequest],
    ppid_utama: Any,
    overrides: dict[str, Any],
    field: str,
) -> None:
    if overrides.get("filed_at") == "future":
        overrides = {"filed_at": timezone.now() + dt.timedelta(hours=1)}
    overrides.setdefault("filed_at", timezone.now())
    with pytest.raises(ValidationError) as excinfo:
        services.objection_file(
            actor=ppid_utama,
            request=refused_request(),
            grounds=["a"],
            summary="Surat keberatan diterima di loket.",
            **overrides,
        )
    assert _field(excinfo) == {field}
    assert not Objection.objects.exists()


def test_a_receipt_a_few_minutes_ahead_is_tolerated(
    refused_request: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    objection = services.objection_file(
        actor=ppid_utama,
        request=refused_request(),
        grounds=["a"],
        summary="Surat keberatan diterima di loket.",
        filed_at=timezone.now() + dt.timedelta(minutes=3),
    )
    assert objection.pk


def test_non_requester_is_refused(
    refused_request: Callable[..., InformationRequest], user: Any, unit_officer: Any
) -> None:
    request = refused_request()
    for actor in (user, unit_officer):
        with pytest.raises(PermissionDenied) as excinfo:
            services.objection_file(
                actor=actor, request=request, grounds=["a"], summary="Saya keberatan atas ini."
            )
        assert excinfo.value.status_code == 403
    # A unit officer may not record a paper filing either: only the desk and the Atasan.
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=unit_officer,
            request=request,
            grounds=["a"],
            summary="Surat keberatan diterima di loket.",
            filed_at=timezone.now(),
        )
    assert not Objection.objects.exists()


def test_anonymous_cannot_file(refused_request: Callable[..., InformationRequest]) -> None:
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=AnonymousUser(),
            request=refused_request(),
            grounds=["a"],
            summary="Saya keberatan atas penolakan ini.",
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grounds": []}, "grounds"),
        ({"grounds": [" "]}, "grounds"),
        ({"grounds": ["h"]}, "grounds"),
        ({"summary": "Pendek"}, "summary"),
        ({"summary": "          "}, "summary"),
    ],
)
def test_filing_validation(
    file_objection: Callable[..., Objection], overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        file_objection(**overrides)
    assert excinfo.value.status_code == 422
    assert _field(excinfo) == {field}
    assert not Objection.objects.exists()
    assert not ObjectionEvent.objects.exists()


def test_same_key_same_payload_returns_the_same_objection(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    key = str(uuid.uuid4())
    first = file_objection(request=request, idempotency_key=key)
    again = file_objection(request=request, idempotency_key=key)
    assert again.pk == first.pk
    assert Objection.objects.count() == 1
    assert ObjectionEvent.objects.count() == 1


def test_same_key_other_payload_is_refused(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    key = str(uuid.uuid4())
    file_objection(request=request, idempotency_key=key)
    with pytest.raises(ValidationError) as excinfo:
        file_objection(
            request=request, idempotency_key=key, summary="Kasus posisi yang lain sama sekali."
        )
    assert excinfo.value.status_code == 422
    assert excinfo.value.code == "idempotency_key_reused"
    assert Objection.objects.count() == 1


def test_a_key_is_scoped_to_its_user(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    user: Any,
) -> None:
    key = "kunci-yang-sama"
    first = file_objection(request=refused_request(), idempotency_key=key)
    other = services.objection_file(
        actor=user,
        body=first.body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs.",
        information_description=PERIODIC,
        identity_data=identity_data(),
        idempotency_key=key,
    )
    assert other.pk != first.pk


def test_numbers_are_gap_free_per_body_and_year(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    body: Any,
    applicant: Any,
) -> None:
    RequestSettingsFactory.create(body=body, body_code="KOTAUJI")
    first = file_objection(request=refused_request())
    second = file_objection(request=refused_request())
    year = _year()
    assert first.registration_number == f"0001/KEB-KOTAUJI/{year}"
    assert second.registration_number == f"0002/KEB-KOTAUJI/{year}"
    assert (second.registration_year, second.registration_seq) == (year, 2)
    # Another body counts on its own; without a body code its slug stands in.
    other = PublicBodyFactory.create(slug="kab-lain", region_code="")
    periodic = services.objection_file(
        actor=applicant,
        body=other,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs.",
        information_description=PERIODIC,
        identity_data=identity_data(),
    )
    assert periodic.registration_number == f"0001/KEB-KAB-LAIN/{year}"
    assert ObjectionCounter.objects.get(body=body, year=year).last_seq == 2


def test_a_rolled_back_filing_gives_its_number_back(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    body: Any,
) -> None:
    first_request, second_request = refused_request(), refused_request()

    def fail_after_filing() -> None:
        with transaction.atomic():
            file_objection(request=first_request)
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        fail_after_filing()
    assert not Objection.objects.exists()
    objection = file_objection(request=second_request)
    assert objection.registration_seq == 1
    assert objection.registration_number.startswith("0001/KEB-")


def test_a_refused_filing_takes_no_number(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    with pytest.raises(ValidationError):
        file_objection(request=request, summary="pendek")
    assert file_objection(request=request).registration_seq == 1


def test_one_open_objection_per_request(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    applicant: Any,
) -> None:
    request = refused_request()
    first = file_objection(request=request)
    with pytest.raises(Conflict) as excinfo:
        file_objection(request=request, grounds=["f"])
    assert excinfo.value.code == "objection_open"
    assert excinfo.value.status_code == 409
    assert Objection.objects.count() == 1
    # Once the first is withdrawn the requester may object again within the window.
    services.objection_withdraw(objection=first, actor=applicant)
    assert file_objection(request=request, grounds=["f"]).registration_seq == 2


def test_an_objection_in_deliberation_still_blocks_another(
    file_objection: Callable[..., Objection], ppid_utama: Any
) -> None:
    first = file_objection(grounds=["e"])
    services.objection_start_deliberation(objection=first, actor=ppid_utama)
    with pytest.raises(Conflict):
        file_objection(request=first.request)


@pytest.mark.parametrize(
    "status",
    [
        RequestStatus.INCOMPLETE,
        RequestStatus.WITHDRAWN,
        RequestStatus.LAPSED,
        RequestStatus.FORWARDED,
    ],
)
def test_requests_with_nothing_to_object_to(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    status: RequestStatus,
) -> None:
    request = refused_request()
    InformationRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    with pytest.raises(InvalidTransition) as excinfo:
        file_objection(request=request)
    assert excinfo.value.code == "request_not_objectable"
    assert str(status.label) in excinfo.value.message
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    "status", [RequestStatus.FULFILLED, RequestStatus.CLOSED, RequestStatus.ORDERED]
)
def test_decided_requests_may_be_objected(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    status: RequestStatus,
) -> None:
    request = refused_request()
    InformationRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    assert file_objection(request=request, grounds=["d"]).status == OS.RECEIVED


def test_ground_b_without_a_request(body: Any, applicant: Any) -> None:
    objection = services.objection_file(
        actor=applicant,
        body=body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs resmi.",
        information_description=f"  {PERIODIC}  ",
        identity_data=identity_data(),
    )
    assert objection.request is None
    assert objection.information_description == PERIODIC
    assert objection.requester == applicant
    assert objection.requester_identity.owner == applicant
    # No request, no window (UU 14/2008 Pasal 9 information is due at all times).
    assert objection.ground_arose_on is None
    assert objection.window_due_on is None
    assert "window" not in objection.clock_inputs


def test_ground_b_with_a_saved_identity(body: Any, applicant: Any, user: Any) -> None:
    from terbuka.accounts import services as account_services

    mine = account_services.identity_create(
        actor=applicant, owner=applicant, **identity_data(full_name="Pemohon Uji")
    )
    objection = services.objection_file(
        actor=applicant,
        body=body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs resmi.",
        information_description=PERIODIC,
        identity=mine,
    )
    assert objection.requester_identity == mine
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=user,
            body=body,
            grounds=["b"],
            summary="Laporan berkala tidak tersedia di situs resmi.",
            information_description=PERIODIC,
            identity=mine,
        )


def test_desk_records_ground_b_on_paper(body: Any, ppid_utama: Any) -> None:
    objection = services.objection_file(
        actor=ppid_utama,
        body=body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di papan pengumuman.",
        information_description=PERIODIC,
        identity_data=identity_data(),
        filed_at=timezone.now(),
        channel=Objection.Channel.LETTER,
    )
    assert objection.requester is None
    assert objection.requester_identity.owner is None
    assert objection.recorded_by == ppid_utama


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grounds": ["a"]}, "request"),
        ({"grounds": ["b", "c"]}, "request"),
        ({"information_description": ""}, "information_description"),
        ({"information_description": "Laporan"}, "information_description"),
        ({"identity_data": None}, "requester"),
        ({"body": None}, "request"),
    ],
)
def test_ground_b_without_request_needs_description_and_only_ground_b(
    body: Any, applicant: Any, overrides: dict[str, Any], field: str
) -> None:
    kwargs: dict[str, Any] = {
        "actor": applicant,
        "body": body,
        "grounds": ["b"],
        "summary": "Laporan berkala tidak tersedia di situs resmi.",
        "information_description": PERIODIC,
        "identity_data": identity_data(),
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.objection_file(**kwargs)
    assert _field(excinfo) == {field}
    assert not Objection.objects.exists()


# --- The filing window --------------------------------------------------------------------------


def _age_notice(request: InformationRequest, days: int) -> dt.date:
    """Move the request's receipt and its notice `days` back; return the notice date."""
    issued = timezone.now() - dt.timedelta(days=days)
    InformationRequest.objects.filter(pk=request.pk).update(
        received_at=issued - dt.timedelta(days=3)
    )
    request.refresh_from_db()
    WrittenNotice.objects.filter(request=request).update(issued_at=issued)
    return timezone.localdate(issued)


def test_a_late_filing_names_the_last_valid_day(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    notice_on = _age_notice(request, 70)
    window = deadlines.filing_window(
        notice_on,
        calendar=request_deadlines.calendar_for(notice_on),
        region_code=request.body.region_code,
    )
    assert window.due < _today()
    with pytest.raises(ValidationError) as excinfo:
        file_objection(request=request)
    error = excinfo.value
    assert error.status_code == 422
    assert error.code == "objection_window_closed"
    assert error.details["last_valid_day"] == window.due.isoformat()
    assert date_format(window.due, "j F Y") in error.message
    assert "Pasal 36 ayat (1)" in error.message
    assert error.details["fields"] == {"grounds": [error.message]}
    assert not Objection.objects.exists()
    assert not ObjectionCounter.objects.filter(last_seq__gt=0).exists()


def test_a_late_ground_b_is_not_bound_to_the_window(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    _age_notice(request, 70)
    objection = file_objection(request=request, grounds=["b"])
    assert objection.status == OS.RECEIVED
    # Combined with another ground the window applies.
    services.objection_withdraw(objection=objection, actor=objection.requester)
    with pytest.raises(ValidationError) as excinfo:
        file_objection(request=request, grounds=["b", "e"])
    assert excinfo.value.code == "objection_window_closed"


def test_a_filing_within_the_window_keeps_its_inputs(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = refused_request()
    notice_on = _age_notice(request, 20)
    objection = file_objection(request=request)
    assert objection.ground_arose_on == notice_on
    assert objection.clock_inputs["window"]["start"] == notice_on.isoformat()
    assert objection.window_due_on == dt.date.fromisoformat(objection.clock_inputs["window"]["due"])


def test_not_yet_open_before_notice_or_due(
    submit_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    request = submit_request()
    assert request.due_on is not None
    assert request.due_on >= _today()
    with pytest.raises(ValidationError) as excinfo:
        file_objection(request=request, grounds=["c"])
    assert excinfo.value.code == "objection_not_yet_open"
    assert date_format(request.due_on, "j F Y") in excinfo.value.message
    assert not Objection.objects.exists()
    # Without a due date the message says so without a date.
    InformationRequest.objects.filter(pk=request.pk).update(due_on=None)
    request.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        file_objection(request=request, grounds=["c"])
    assert excinfo.value.code == "objection_not_yet_open"


def test_ground_b_about_a_pending_request_is_open(
    submit_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    objection = file_objection(request=submit_request(), grounds=["b"])
    assert objection.ground_arose_on is None


def test_unanswered_request_opens_the_window_after_its_due_date(
    submit_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    # UU 14/2008 Pasal 35(1) letter c: no answer by the due date is itself a ground.
    request = submit_request()
    due = _today() - dt.timedelta(days=7)
    InformationRequest.objects.filter(pk=request.pk).update(due_on=due)
    request.refresh_from_db()
    objection = file_objection(request=request, grounds=["c"])
    assert objection.ground_arose_on is not None
    assert due < objection.ground_arose_on <= _today()


def test_fulfilment_is_a_later_ground(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    # A notice long ago but the information given last week (grounds d, g): the later counts.
    request = refused_request()
    _age_notice(request, 90)
    given = timezone.now() - dt.timedelta(days=7)
    InformationRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.FULFILLED, fulfilled_at=given
    )
    request.refresh_from_db()
    objection = file_objection(request=request, grounds=["g"])
    assert objection.ground_arose_on == timezone.localdate(given)


# --- Deliberation ------------------------------------------------------------------------------


def _deliberate(objection: Objection, actor: Any, **overrides: Any) -> Deliberation:
    kwargs: dict[str, Any] = {
        "objection": objection,
        "actor": actor,
        "held_at": timezone.now(),
        "place": " Ruang rapat PPID ",
        "participants": "Pemohon, PPID Utama, Dinas Kesehatan",
        "outcome": Deliberation.Outcome.AGREED,
        "result": "Informasi diberikan dalam tujuh hari kerja.",
    }
    kwargs.update(overrides)
    return services.objection_record_deliberation(**kwargs)


@pytest.mark.parametrize("ground", list("bcdefg"))
def test_grounds_b_to_g_may_be_deliberated(
    file_objection: Callable[..., Objection], ppid_utama: Any, ground: str
) -> None:
    objection = file_objection(grounds=[ground])
    services.objection_start_deliberation(objection=objection, actor=ppid_utama, note="Setuju.")
    objection.refresh_from_db()
    assert objection.status == OS.IN_DELIBERATION
    event = objection.events.latest("pk")
    assert event.kind == Kind.DELIBERATION_STARTED
    assert event.note == "Setuju."


def test_ground_a_is_never_deliberated(objection: Objection, ppid_utama: Any) -> None:
    with pytest.raises(InvalidTransition) as excinfo:
        services.objection_start_deliberation(objection=objection, actor=ppid_utama)
    assert excinfo.value.code == "deliberation_not_allowed"
    assert "Pasal 17" in excinfo.value.message


def test_agreement_settles(deliberable: Objection, ppid_utama: Any) -> None:
    services.objection_start_deliberation(objection=deliberable, actor=ppid_utama)
    meeting = _deliberate(deliberable, ppid_utama)
    deliberable.refresh_from_db()
    assert deliberable.status == OS.SETTLED_BY_DELIBERATION
    assert deliberable.closed_at is not None
    assert meeting.place == "Ruang rapat PPID"
    assert meeting.recorded_by == ppid_utama
    event = deliberable.events.latest("pk")
    assert event.kind == Kind.SETTLED
    assert event.data["deliberation"] == meeting.pk
    assert event.note == meeting.result


@pytest.mark.parametrize(
    "outcome", [Deliberation.Outcome.NOT_AGREED, Deliberation.Outcome.ADJOURNED]
)
def test_no_agreement_keeps_the_deliberation_open(
    deliberable: Objection, ppid_utama: Any, atasan: Any, outcome: str
) -> None:
    services.objection_start_deliberation(objection=deliberable, actor=ppid_utama)
    _deliberate(deliberable, ppid_utama, outcome=outcome, result="")
    deliberable.refresh_from_db()
    assert deliberable.status == OS.IN_DELIBERATION
    event = deliberable.events.latest("pk")
    assert event.kind == Kind.DELIBERATION_HELD
    assert (event.from_status, event.to_status) == ("", "")
    # The Atasan then answers in writing (Pasal 36(2)).
    _answer(deliberable, atasan)
    deliberable.refresh_from_db()
    assert deliberable.status == OS.ANSWERED_UPHELD
    assert deliberable.deliberations.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"result": "Setuju"}, "result"),
        ({"outcome": "maybe"}, "outcome"),
        ({"held_at": dt.datetime(2026, 3, 2, 9, 0)}, "held_at"),  # noqa: DTZ001 - naive on purpose
        ({"held_at": "future"}, "held_at"),
        ({"held_at": "before"}, "held_at"),
        ({"place": ""}, "place"),
        ({"participants": "  "}, "participants"),
    ],
)
def test_deliberation_validation(
    deliberable: Objection, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    services.objection_start_deliberation(objection=deliberable, actor=ppid_utama)
    if overrides.get("held_at") == "future":
        overrides = {"held_at": timezone.now() + dt.timedelta(days=1)}
    if overrides.get("held_at") == "before":
        overrides = {"held_at": deliberable.filed_at - dt.timedelta(days=3)}
    with pytest.raises(ValidationError) as excinfo:
        _deliberate(deliberable, ppid_utama, **overrides)
    assert _field(excinfo) == {field}
    deliberable.refresh_from_db()
    assert deliberable.status == OS.IN_DELIBERATION
    assert not deliberable.deliberations.exists()


def test_deliberation_needs_the_desk(
    deliberable: Objection, unit_officer: Any, applicant: Any, ppid_utama: Any
) -> None:
    for actor in (unit_officer, applicant):
        with pytest.raises(PermissionDenied):
            services.objection_start_deliberation(objection=deliberable, actor=actor)
    services.objection_start_deliberation(objection=deliberable, actor=ppid_utama)
    for actor in (unit_officer, applicant):
        with pytest.raises(PermissionDenied):
            _deliberate(deliberable, actor)


# --- The Atasan PPID's answer -------------------------------------------------------------------


def test_only_the_atasan_answers(
    objection: Objection, ppid_utama: Any, unit_officer: Any, applicant: Any, evaluator: Any
) -> None:
    # UU 14/2008 Pasal 36(2): the written answer is the Atasan PPID's.
    for actor in (ppid_utama, unit_officer, applicant, evaluator):
        with pytest.raises(PermissionDenied):
            _answer(objection, actor)
    objection.refresh_from_db()
    assert objection.status == OS.RECEIVED
    assert not AtasanResponse.objects.exists()


def test_an_atasan_of_another_body_cannot_answer(objection: Objection) -> None:
    from terbuka.bodies.tests.factories import UnitFactory

    other = UnitFactory.create(body=PublicBodyFactory.create(), kind="ppid_utama", slug="ppid-lain")
    stranger = MembershipFactory(unit=other, role=Membership.Role.ATASAN_PPID).user
    with pytest.raises(PermissionDenied):
        _answer(objection, stranger)


def test_upheld_leaves_the_request_alone(objection: Objection, atasan: Any) -> None:
    assert objection.request is not None
    request_status = objection.request.status
    response = _answer(objection, atasan, letter_number=" 045/KEB/2026 ")
    objection.refresh_from_db()
    assert objection.status == OS.ANSWERED_UPHELD
    assert objection.closed_at is not None
    assert response.letter_number == "045/KEB/2026"
    assert response.fulfilment_due_on is None
    assert response.issued_by == atasan
    assert not response.is_late
    assert not response.is_order
    objection.request.refresh_from_db()
    assert objection.request.status == request_status
    assert not objection.events.filter(kind=Kind.REQUEST_REOPENED).exists()
    # UU 14/2008 Pasal 37(2): 14 working days to go to the Komisi Informasi.
    expected = deadlines.dispute_filing_due(
        _today(), calendar=request_deadlines.calendar_for(_today()), region_code=""
    )
    assert objection.dispute_due_on == expected.due
    assert objection.clock_inputs["dispute"]["working_days"] == 14
    event = objection.events.get(kind=Kind.ANSWERED)
    assert event.data["dispute_due_on"] == expected.due.isoformat()
    assert event.note == REASONS


def test_an_order_reopens_the_request(objection: Objection, atasan: Any) -> None:
    response = _answer(
        objection,
        atasan,
        decision=AtasanResponse.Decision.ORDERED_FULL,
        provide_within_days=7,
    )
    objection.refresh_from_db()
    assert objection.status == OS.ANSWERED_ORDERED
    request = objection.request
    assert request is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert request.order_due_on == response.fulfilment_due_on
    expected = deadlines.order_fulfilment_due(
        _today(), calendar=request_deadlines.calendar_for(_today()), days=7, region_code=""
    )
    assert request.order_due_on == expected.due
    reopened = objection.events.get(kind=Kind.REQUEST_REOPENED)
    assert reopened.data == {
        "request": request.registration_number,
        "order_due_on": expected.due.isoformat(),
    }


def test_an_order_without_days_uses_ten_working_days(objection: Objection, atasan: Any) -> None:
    response = _answer(objection, atasan, decision=AtasanResponse.Decision.ORDERED_FULL)
    expected = deadlines.order_fulfilment_due(
        _today(), calendar=request_deadlines.calendar_for(_today()), region_code=""
    )
    assert response.fulfilment_due_on == expected.due


def test_a_partial_order_needs_its_details(objection: Objection, atasan: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        _answer(objection, atasan, decision=AtasanResponse.Decision.ORDERED_PARTIAL)
    assert _field(excinfo) == {"order_details"}
    assert objection.request is not None
    objection.request.refresh_from_db()
    assert objection.request.status == RequestStatus.NOTICE_ISSUED
    response = _answer(
        objection,
        atasan,
        decision=AtasanResponse.Decision.ORDERED_PARTIAL,
        order_details="Berikan halaman 1-10 berita acara.",
    )
    assert response.order_details == "Berikan halaman 1-10 berita acara."
    objection.request.refresh_from_db()
    assert objection.request.status == RequestStatus.ORDERED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision": "annulled"}, "decision"),
        ({"reasons": ""}, "reasons"),
        ({"reasons": "Ditolak."}, "reasons"),
        ({"provide_within_days": 0}, "provide_within_days"),
        ({"provide_within_days": 31}, "provide_within_days"),
        ({"responded_on": "tomorrow"}, "responded_on"),
        ({"responded_on": "before"}, "responded_on"),
        ({"atasan_name": ""}, "atasan_name"),
        ({"atasan_position": " "}, "atasan_position"),
    ],
)
def test_answer_validation(
    objection: Objection, atasan: Any, overrides: dict[str, Any], field: str
) -> None:
    if overrides.get("responded_on") == "tomorrow":
        overrides = {"responded_on": _today() + dt.timedelta(days=1)}
    if overrides.get("responded_on") == "before":
        overrides = {"responded_on": _today() - dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as excinfo:
        _answer(objection, atasan, **overrides)
    assert field in _field(excinfo)
    objection.refresh_from_db()
    assert objection.status == OS.RECEIVED
    assert objection.dispute_due_on is None
    assert not AtasanResponse.objects.exists()


def test_no_order_without_a_request(body: Any, applicant: Any, atasan: Any) -> None:
    periodic = services.objection_file(
        actor=applicant,
        body=body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs resmi.",
        information_description=PERIODIC,
        identity_data=identity_data(),
    )
    with pytest.raises(ValidationError) as excinfo:
        _answer(periodic, atasan, decision=AtasanResponse.Decision.ORDERED_FULL)
    assert _field(excinfo) == {"decision"}
    assert _answer(periodic, atasan).decision == AtasanResponse.Decision.UPHELD


def test_a_late_answer_is_flagged(objection: Objection, atasan: Any) -> None:
    Objection.objects.filter(pk=objection.pk).update(
        response_due_on=_today() - dt.timedelta(days=1)
    )
    response = _answer(objection, atasan)
    assert response.is_late
    objection.refresh_from_db()
    assert objection.events.get(kind=Kind.ANSWERED).data["late"] is True
    # Late whether or not the daily lapse job ran first.
    assert objection.is_overdue


def test_an_answer_in_time_is_not_overdue(objection: Objection, atasan: Any) -> None:
    _answer(objection, atasan)
    objection.refresh_from_db()
    assert not objection.is_overdue


def test_an_answer_after_a_lapse(objection: Objection, atasan: Any) -> None:
    Objection.objects.filter(pk=objection.pk).update(
        response_due_on=_today() - dt.timedelta(days=1)
    )
    assert services.objection_mark_lapsed(_today()) == 1
    response = _answer(objection, atasan)
    objection.refresh_from_db()
    assert response.is_late
    assert objection.status == OS.ANSWERED_UPHELD
    # The lapse stays visible on the objection after the late answer.
    assert objection.is_overdue
    # The dispute window now runs from the answer.
    assert objection.clock_inputs["dispute"]["start"] == _today().isoformat()


# --- Lapse ------------------------------------------------------------------------------------


def test_lapse_is_idempotent_and_runs_the_dispute_clock(objection: Objection) -> None:
    due = _today() - dt.timedelta(days=3)
    Objection.objects.filter(pk=objection.pk).update(response_due_on=due)
    assert services.objection_mark_lapsed(_today()) == 1
    assert services.objection_mark_lapsed(_today()) == 0
    objection.refresh_from_db()
    assert objection.status == OS.LAPSED_UNANSWERED
    assert objection.is_overdue
    assert objection.closed_at is None
    # UU 14/2008 Pasal 37(2): 14 working days from the end of the 30.
    expected = deadlines.dispute_filing_due(
        due, calendar=request_deadlines.calendar_for(due), region_code=""
    )
    assert objection.dispute_due_on == expected.due
    assert objection.clock_inputs["dispute"]["start"] == due.isoformat()
    events = objection.events.filter(kind=Kind.LAPSED)
    assert events.count() == 1
    event = events.get()
    assert event.actor is None
    assert (event.from_status, event.to_status) == (OS.RECEIVED, OS.LAPSED_UNANSWERED)
    assert event.data == {
        "response_due_on": due.isoformat(),
        "dispute_due_on": expected.due.isoformat(),
    }


def test_the_due_day_itself_is_in_time(objection: Objection) -> None:
    Objection.objects.filter(pk=objection.pk).update(response_due_on=_today())
    assert services.objection_mark_lapsed(_today()) == 0
    assert services.objection_mark_lapsed(_today() + dt.timedelta(days=1)) == 1


def test_lapse_defaults_to_today_and_skips_closed(
    file_objection: Callable[..., Objection], applicant: Any
) -> None:
    running = file_objection(grounds=["e"])
    withdrawn = file_objection()
    services.objection_withdraw(objection=withdrawn, actor=applicant)
    Objection.objects.update(response_due_on=_today() - dt.timedelta(days=1))
    assert services.objection_mark_lapsed() == 1
    running.refresh_from_db()
    withdrawn.refresh_from_db()
    assert running.status == OS.LAPSED_UNANSWERED
    assert withdrawn.status == OS.WITHDRAWN


# --- Requester response, withdrawal, notes ------------------------------------------------------


def test_requester_response_after_the_answer(
    objection: Objection, atasan: Any, applicant: Any
) -> None:
    with pytest.raises(InvalidTransition) as excinfo:
        services.objection_record_requester_response(
            objection=objection, actor=applicant, response="accepted"
        )
    assert excinfo.value.code == "not_answered"
    _answer(objection, atasan)
    done = services.objection_record_requester_response(
        objection=objection,
        actor=applicant,
        response=Objection.RequesterResponse.NOT_ACCEPTED,
        note=" Akan ke Komisi Informasi. ",
    )
    assert done.requester_response == "not_accepted"
    assert done.requester_response_note == "Akan ke Komisi Informasi."
    assert done.requester_responded_at is not None
    assert done.status == OS.ANSWERED_UPHELD
    event = done.events.latest("pk")
    assert event.kind == Kind.REQUESTER_RESPONDED
    assert event.data == {"response": "not_accepted"}


def test_requester_response_after_settlement_and_by_the_desk(
    deliberable: Objection, ppid_utama: Any
) -> None:
    services.objection_start_deliberation(objection=deliberable, actor=ppid_utama)
    _deliberate(deliberable, ppid_utama)
    done = services.objection_record_requester_response(
        objection=deliberable, actor=ppid_utama, response="accepted"
    )
    assert done.requester_response == "accepted"


def test_requester_response_validation_and_permission(
    objection: Objection, atasan: Any, applicant: Any, user: Any, unit_officer: Any
) -> None:
    _answer(objection, atasan)
    for value in ("", "maybe"):
        with pytest.raises(ValidationError) as excinfo:
            services.objection_record_requester_response(
                objection=objection, actor=applicant, response=value
            )
        assert _field(excinfo) == {"response"}
    for actor in (user, unit_officer):
        with pytest.raises(PermissionDenied):
            services.objection_record_requester_response(
                objection=objection, actor=actor, response="accepted"
            )


def test_requester_withdraws(objection: Objection, applicant: Any) -> None:
    done = services.objection_withdraw(objection=objection, actor=applicant, reason=" Cukup. ")
    assert done.status == OS.WITHDRAWN
    assert done.closed_at is not None
    event = done.events.latest("pk")
    assert (event.kind, event.note, event.actor) == (Kind.WITHDRAWN, "Cukup.", applicant)


def test_desk_withdraws_on_the_requesters_letter(objection: Objection, ppid_utama: Any) -> None:
    assert services.objection_withdraw(objection=objection, actor=ppid_utama).status == (
        OS.WITHDRAWN
    )


def test_others_cannot_withdraw(
    objection: Objection, user: Any, unit_officer: Any, evaluator: Any
) -> None:
    for actor in (user, unit_officer, evaluator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.objection_withdraw(objection=objection, actor=actor)
    objection.refresh_from_db()
    assert objection.status == OS.RECEIVED


def test_notes_are_internal_and_for_handlers(
    objection: Objection, ppid_utama: Any, atasan: Any, unit_officer: Any, applicant: Any
) -> None:
    event = services.objection_add_note(objection=objection, actor=atasan, note="  Cek arsip. ")
    assert event.is_internal
    assert event.note == "Cek arsip."
    assert event.kind == Kind.NOTE
    with pytest.raises(ValidationError) as excinfo:
        services.objection_add_note(objection=objection, actor=ppid_utama, note="   ")
    assert _field(excinfo) == {"note"}
    for actor in (unit_officer, applicant):
        with pytest.raises(PermissionDenied):
            services.objection_add_note(objection=objection, actor=actor, note="Catatan.")
    assert objection.events.filter(kind=Kind.NOTE).count() == 1


def test_events_are_append_only(objection: Objection) -> None:
    event = objection.events.get()
    event.note = "diubah"
    with pytest.raises(RuntimeError):
        event.save()


def test_recompute_moves_only_running_future_dates(
    file_objection: Callable[..., Objection], applicant: Any
) -> None:
    running = file_objection(grounds=["e"])
    closed = file_objection()
    services.objection_withdraw(objection=closed, actor=applicant)
    far = _today() + dt.timedelta(days=60)
    Objection.objects.update(response_due_on=far)
    services.objection_recompute_clocks_for_dates([_today() + dt.timedelta(days=1)])
    running.refresh_from_db()
    closed.refresh_from_db()
    assert running.response_due_on != far
    assert closed.response_due_on == far
    note = running.events.get(kind=Kind.NOTE)
    assert note.is_internal
    assert note.data == {"before": far.isoformat(), "after": running.response_due_on.isoformat()}
    # Nothing to do: no event.
    services.objection_recompute_clocks_for_dates([_today() + dt.timedelta(days=1)])
    services.objection_recompute_clocks_for_dates([])
    assert running.events.filter(kind=Kind.NOTE).count() == 1


def test_recompute_groups_objections_by_filing_day(
    file_objection: Callable[..., Objection], django_assert_max_num_queries: Any
) -> None:
    """Objections filed on different days (late in the evening: the Jakarta date counts) each
    get the clock of their own day; those alike are written together (quality.md B6)."""
    wib = dt.timezone(dt.timedelta(hours=7))
    far = _today() + dt.timedelta(days=90)
    filed = {}
    for days_back, hour in ((1, 9), (1, 23), (2, 23), (8, 10)):
        objection = file_objection()
        moment = dt.datetime.combine(_today() - dt.timedelta(days=days_back), dt.time(hour))
        Objection.objects.filter(pk=objection.pk).update(
            filed_at=moment.replace(tzinfo=wib), response_due_on=far
        )
        filed[objection.pk] = moment.date()
    with django_assert_max_num_queries(16):
        moved = services.objection_recompute_clocks_for_dates([_today() + dt.timedelta(days=1)])
    assert moved == len(filed)
    calendar = request_deadlines.calendar_for(_today() - dt.timedelta(days=60))
    for objection in Objection.objects.filter(pk__in=filed):
        clock = deadlines.response_due(filed[objection.pk], calendar=calendar)
        assert objection.response_due_on == clock.due
        assert objection.clock_inputs["response"] == clock.inputs
        note = objection.events.get(kind=Kind.NOTE)
        assert (note.is_internal, note.subject, note.actor) == (True, "objection", None)
        assert note.data == {"before": far.isoformat(), "after": clock.due.isoformat()}


# --- Disputes ---------------------------------------------------------------------------------


def test_no_dispute_before_the_answer_or_lapse(
    objection: Objection, ppid_utama: Any, applicant: Any
) -> None:
    with pytest.raises(InvalidTransition) as excinfo:
        services.dispute_file(
            objection=objection,
            actor=applicant,
            filed_on=_today(),
            commission_name="Komisi Informasi Provinsi Banten",
        )
    assert excinfo.value.code == "dispute_not_open"
    assert not Dispute.objects.exists()


def test_requester_files_a_dispute(objection: Objection, atasan: Any, applicant: Any) -> None:
    _answer(objection, atasan)
    objection.refresh_from_db()
    dispute = services.dispute_file(
        objection=objection,
        actor=applicant,
        filed_on=_today(),
        commission_name=" Komisi Informasi Provinsi Banten ",
        case_number=" 012/KI-BTN/2026 ",
    )
    assert dispute.status == DS.REGISTERED
    assert dispute.commission_name == "Komisi Informasi Provinsi Banten"
    assert dispute.case_number == "012/KI-BTN/2026"
    assert dispute.filing_due_on == objection.dispute_due_on
    assert not dispute.is_late
    calendar = request_deadlines.calendar_for(_today())
    start, settle = deadlines.commission_clocks(_today(), calendar=calendar, region_code="")
    assert (dispute.commission_start_due_on, dispute.commission_settle_due_on) == (
        start.due,
        settle.due,
    )
    event = objection.events.latest("pk")
    assert (event.kind, event.subject, event.to_status) == (
        Kind.DISPUTE_FILED,
        "dispute",
        DS.REGISTERED,
    )
    assert event.data["late"] is False
    # Objection status is untouched by the dispute.
    objection.refresh_from_db()
    assert objection.status == OS.ANSWERED_UPHELD


def test_a_late_dispute_is_recorded_and_flagged(
    objection: Objection, atasan: Any, ppid_utama: Any
) -> None:
    _answer(objection, atasan)
    Objection.objects.filter(pk=objection.pk).update(dispute_due_on=_today() - dt.timedelta(1))
    objection.refresh_from_db()
    dispute = services.dispute_file(
        objection=objection,
        actor=ppid_utama,
        filed_on=_today(),
        commission_name="Komisi Informasi Provinsi Banten",
    )
    assert dispute.is_late
    assert objection.events.latest("pk").data["late"] is True


def test_a_dispute_after_a_lapse(objection: Objection, ppid_utama: Any) -> None:
    Objection.objects.filter(pk=objection.pk).update(response_due_on=_today() - dt.timedelta(1))
    services.objection_mark_lapsed(_today())
    objection.refresh_from_db()
    dispute = services.dispute_file(
        objection=objection,
        actor=ppid_utama,
        filed_on=_today(),
        commission_name="Komisi Informasi Provinsi Banten",
    )
    assert dispute.filing_due_on == objection.dispute_due_on
    assert not dispute.is_late


def test_one_dispute_per_objection(dispute: Dispute, ppid_utama: Any) -> None:
    with pytest.raises(Conflict) as excinfo:
        services.dispute_file(
            objection=dispute.objection,
            actor=ppid_utama,
            filed_on=_today(),
            commission_name="Komisi Informasi Provinsi Banten",
        )
    assert excinfo.value.code == "dispute_exists"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commission_name": "  "}, "commission_name"),
        ({"filed_on": "tomorrow"}, "filed_on"),
        ({"filed_on": "before"}, "filed_on"),
    ],
)
def test_dispute_filing_validation(
    objection: Objection, atasan: Any, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    _answer(objection, atasan)
    objection.refresh_from_db()
    kwargs: dict[str, Any] = {
        "objection": objection,
        "actor": ppid_utama,
        "filed_on": _today(),
        "commission_name": "Komisi Informasi Provinsi Banten",
    }
    kwargs.update(overrides)
    if kwargs["filed_on"] == "tomorrow":
        kwargs["filed_on"] = _today() + dt.timedelta(days=1)
    if kwargs["filed_on"] == "before":
        kwargs["filed_on"] = _today() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_file(**kwargs)
    assert _field(excinfo) == {field}
    assert not Dispute.objects.exists()


def test_dispute_filing_permission(
    objection: Objection, atasan: Any, user: Any, unit_officer: Any
) -> None:
    _answer(objection, atasan)
    for actor in (user, unit_officer):
        with pytest.raises(PermissionDenied):
            services.dispute_file(
                objection=objection,
                actor=actor,
                filed_on=_today(),
                commission_name="Komisi Informasi Provinsi Banten",
            )


def test_every_dispute_step_needs_the_desk(
    dispute: Dispute, applicant: Any, unit_officer: Any
) -> None:
    today = _today()
    calls: list[Callable[[Any], Any]] = [
        lambda a: services.dispute_set_case_number(dispute=dispute, actor=a, case_number="1"),
        lambda a: services.dispute_start_mediation(dispute=dispute, actor=a),
        lambda a: services.dispute_start_adjudication(dispute=dispute, actor=a),
        lambda a: services.dispute_record_session(
            dispute=dispute, actor=a, held_on=today, agenda="Mediasi"
        ),
        lambda a: services.dispute_record_decision(
            dispute=dispute, actor=a, decision="refused", decided_on=today, decision_text="x" * 20
        ),
        lambda a: services.dispute_appeal(
            dispute=dispute, actor=a, court="ptun", filed_on=today, filed_by="body"
        ),
        lambda a: services.dispute_record_court_outcome(
            dispute=dispute, actor=a, outcome="x" * 20, decided_on=today
        ),
        lambda a: services.dispute_start_compliance(
            dispute=dispute, actor=a, compliance_due_on=today
        ),
        lambda a: services.dispute_record_compliance(
            dispute=dispute, actor=a, complied_on=today, note="x" * 20
        ),
        lambda a: services.dispute_close(dispute=dispute, actor=a, reason="x" * 20),
    ]
    for call in calls:
        for actor in (applicant, unit_officer):
            with pytest.raises(PermissionDenied):
                call(actor)
    dispute.refresh_from_db()
    assert dispute.status == DS.REGISTERED


def test_case_number(dispute: Dispute, atasan: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_set_case_number(dispute=dispute, actor=atasan, case_number="  ")
    assert _field(excinfo) == {"case_number"}
    done = services.dispute_set_case_number(
        dispute=dispute, actor=atasan, case_number=" 012/KI-BTN/2026 "
    )
    assert done.case_number == "012/KI-BTN/2026"
    event = done.objection.events.latest("pk")
    assert (event.kind, event.subject) == (Kind.NOTE, "dispute")
    assert "012/KI-BTN/2026" in event.note
    _move(dispute, DS.CLOSED)
    with pytest.raises(InvalidTransition) as closed:
        services.dispute_set_case_number(dispute=dispute, actor=atasan, case_number="013")
    assert closed.value.code == "dispute_closed"


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (DS.MEDIATION, DisputeSession.Kind.MEDIATION),
        (DS.ADJUDICATION, DisputeSession.Kind.ADJUDICATION),
    ],
)
def test_sessions_in_the_current_phase(
    dispute: Dispute, ppid_utama: Any, status: DisputeStatus, kind: str
) -> None:
    _move(dispute, status)
    session = services.dispute_record_session(
        dispute=dispute, actor=ppid_utama, held_on=_today(), agenda=" Sidang pertama ", note=" - "
    )
    assert session.kind == kind
    assert session.agenda == "Sidang pertama"
    event = dispute.objection.events.latest("pk")
    assert (event.kind, event.subject) == (Kind.DISPUTE_SESSION, "dispute")
    assert event.data["session"] == session.pk


@pytest.mark.parametrize(
    "status", [DS.REGISTERED, DS.DECIDED, DS.COMPLIANCE, DS.COURT_APPEAL, DS.CLOSED]
)
def test_no_session_outside_mediation_and_adjudication(
    dispute: Dispute, ppid_utama: Any, status: DisputeStatus
) -> None:
    _move(dispute, status)
    with pytest.raises(InvalidTransition) as excinfo:
        services.dispute_record_session(
            dispute=dispute, actor=ppid_utama, held_on=_today(), agenda="Sidang pertama"
        )
    assert excinfo.value.code == "no_session_phase"
    assert not DisputeSession.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agenda": " "}, "agenda"),
        ({"held_on": "tomorrow"}, "held_on"),
        ({"held_on": "before"}, "held_on"),
    ],
)
def test_session_validation(
    dispute: Dispute, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    _move(dispute, DS.MEDIATION)
    kwargs: dict[str, Any] = {"held_on": _today(), "agenda": "Sidang pertama"}
    kwargs.update(overrides)
    if kwargs["held_on"] == "tomorrow":
        kwargs["held_on"] = _today() + dt.timedelta(days=1)
    if kwargs["held_on"] == "before":
        kwargs["held_on"] = dispute.filed_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_record_session(dispute=dispute, actor=ppid_utama, **kwargs)
    assert _field(excinfo) == {field}


def test_decision(dispute: Dispute, ppid_utama: Any) -> None:
    _move(dispute, DS.ADJUDICATION)
    done = services.dispute_record_decision(
        dispute=dispute,
        actor=ppid_utama,
        decision=Dispute.Decision.GRANTED_PARTIAL,
        decided_on=_today(),
        decision_text=" Memerintahkan termohon memberikan sebagian informasi. ",
        decision_number=" 05/PTS/KI-BTN/2026 ",
    )
    assert done.status == DS.DECIDED
    assert done.decision == "granted_partial"
    assert done.decision_number == "05/PTS/KI-BTN/2026"
    assert done.decision_text == "Memerintahkan termohon memberikan sebagian informasi."
    event = done.objection.events.latest("pk")
    assert event.kind == Kind.DISPUTE_DECIDED
    assert event.data == {"decision": "granted_partial", "decided_on": _today().isoformat()}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision": "annulled"}, "decision"),
        ({"decision_text": "Tolak"}, "decision_text"),
        ({"decided_on": "tomorrow"}, "decided_on"),
        ({"decided_on": "before"}, "decided_on"),
    ],
)
def test_decision_validation(
    dispute: Dispute, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    _move(dispute, DS.MEDIATION)
    kwargs: dict[str, Any] = {
        "decision": Dispute.Decision.REFUSED,
        "decided_on": _today(),
        "decision_text": "Menolak permohonan penyelesaian sengketa.",
    }
    kwargs.update(overrides)
    if kwargs["decided_on"] == "tomorrow":
        kwargs["decided_on"] = _today() + dt.timedelta(days=1)
    if kwargs["decided_on"] == "before":
        kwargs["decided_on"] = dispute.filed_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_record_decision(dispute=dispute, actor=ppid_utama, **kwargs)
    assert _field(excinfo) == {field}
    dispute.refresh_from_db()
    assert dispute.status == DS.MEDIATION
    assert dispute.decision == ""


def _decided(dispute: Dispute, days_ago: int = 0) -> Dispute:
    return _move(
        dispute,
        DS.DECIDED,
        decision=Dispute.Decision.GRANTED_FULL,
        decided_on=_today() - dt.timedelta(days=days_ago),
        decision_text="Memerintahkan termohon memberikan informasi.",
    )


def test_appeal_and_court_outcome_with_compliance(dispute: Dispute, ppid_utama: Any) -> None:
    _decided(dispute)
    done = services.dispute_appeal(
        dispute=dispute,
        actor=ppid_utama,
        court=Dispute.Court.PTUN,
        filed_on=_today(),
        filed_by=Dispute.Party.BODY,
        court_case_number=" 12/G/KI/2026/PTUN.SRG ",
    )
    assert done.status == DS.COURT_APPEAL
    assert done.court_case_number == "12/G/KI/2026/PTUN.SRG"
    assert done.objection.events.latest("pk").kind == Kind.DISPUTE_APPEALED
    due = _today() + dt.timedelta(days=30)
    decided = services.dispute_record_court_outcome(
        dispute=dispute,
        actor=ppid_utama,
        outcome="Menguatkan putusan Komisi Informasi.",
        decided_on=_today(),
        compliance_due_on=due,
    )
    assert decided.status == DS.COMPLIANCE
    assert decided.compliance_due_on == due
    assert decided.close_reason == ""
    assert decided.closed_at is None
    event = decided.objection.events.latest("pk")
    assert (event.kind, event.from_status, event.to_status) == (
        Kind.DISPUTE_COURT_DECIDED,
        DS.COURT_APPEAL,
        DS.COMPLIANCE,
    )


def test_court_outcome_without_compliance_closes(dispute: Dispute, ppid_utama: Any) -> None:
    _move(dispute, DS.COURT_APPEAL, court_filed_on=_today())
    done = services.dispute_record_court_outcome(
        dispute=dispute,
        actor=ppid_utama,
        outcome="Membatalkan putusan Komisi Informasi.",
        decided_on=_today(),
    )
    assert done.status == DS.CLOSED
    assert done.close_reason == "Membatalkan putusan Komisi Informasi."
    assert done.closed_at is not None


@pytest.mark.parametrize("status", [DS.DECIDED, DS.MEDIATION])
def test_no_court_outcome_without_an_appeal(
    dispute: Dispute, ppid_utama: Any, status: DisputeStatus
) -> None:
    _move(dispute, status)
    for due in (None, _today() + dt.timedelta(days=30)):
        with pytest.raises(InvalidTransition):
            services.dispute_record_court_outcome(
                dispute=dispute,
                actor=ppid_utama,
                outcome="Menguatkan putusan Komisi Informasi.",
                decided_on=_today(),
                compliance_due_on=due,
            )
    dispute.refresh_from_db()
    assert dispute.status == status


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"court": "ma"}, "court"),
        ({"filed_by": "nobody"}, "filed_by"),
        ({"filed_on": "tomorrow"}, "filed_on"),
        ({"filed_on": "before"}, "filed_on"),
    ],
)
def test_appeal_validation(
    dispute: Dispute, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    _decided(dispute)
    kwargs: dict[str, Any] = {
        "court": Dispute.Court.PN,
        "filed_on": _today(),
        "filed_by": Dispute.Party.REQUESTER,
    }
    kwargs.update(overrides)
    if kwargs["filed_on"] == "tomorrow":
        kwargs["filed_on"] = _today() + dt.timedelta(days=1)
    if kwargs["filed_on"] == "before":
        kwargs["filed_on"] = _today() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_appeal(dispute=dispute, actor=ppid_utama, **kwargs)
    assert _field(excinfo) == {field}
    dispute.refresh_from_db()
    assert dispute.status == DS.DECIDED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": "Kuat"}, "outcome"),
        ({"decided_on": "tomorrow"}, "decided_on"),
        ({"decided_on": "before"}, "decided_on"),
        ({"compliance_due_on": "before"}, "compliance_due_on"),
    ],
)
def test_court_outcome_validation(
    dispute: Dispute, ppid_utama: Any, overrides: dict[str, Any], field: str
) -> None:
    _move(dispute, DS.COURT_APPEAL, court_filed_on=_today() - dt.timedelta(days=5))
    kwargs: dict[str, Any] = {
        "outcome": "Menguatkan putusan Komisi Informasi.",
        "decided_on": _today() - dt.timedelta(days=2),
    }
    kwargs.update(overrides)
    if kwargs["decided_on"] == "tomorrow":
        kwargs["decided_on"] = _today() + dt.timedelta(days=1)
    if kwargs["decided_on"] == "before":
        kwargs["decided_on"] = _today() - dt.timedelta(days=6)
    if kwargs.get("compliance_due_on") == "before":
        kwargs["compliance_due_on"] = _today() - dt.timedelta(days=3)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_record_court_outcome(dispute=dispute, actor=ppid_utama, **kwargs)
    assert _field(excinfo) == {field}
    dispute.refresh_from_db()
    assert dispute.status == DS.COURT_APPEAL


def test_compliance_after_the_decision(dispute: Dispute, ppid_utama: Any) -> None:
    _decided(dispute, days_ago=0)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_start_compliance(
            dispute=dispute, actor=ppid_utama, compliance_due_on=_today() - dt.timedelta(days=1)
        )
    assert _field(excinfo) == {"compliance_due_on"}
    due = _today() + dt.timedelta(days=14)
    started = services.dispute_start_compliance(
        dispute=dispute, actor=ppid_utama, compliance_due_on=due, note=" Disposisi ke OPD. "
    )
    assert started.status == DS.COMPLIANCE
    event = started.objection.events.latest("pk")
    assert (event.kind, event.note) == (Kind.DISPUTE_COMPLIANCE, "Disposisi ke OPD.")
    assert event.data == {"compliance_due_on": due.isoformat()}
    with pytest.raises(ValidationError) as short:
        services.dispute_record_compliance(
            dispute=dispute, actor=ppid_utama, complied_on=_today(), note="Beres."
        )
    assert _field(short) == {"note"}
    done = services.dispute_record_compliance(
        dispute=dispute,
        actor=ppid_utama,
        complied_on=_today(),
        note=" Salinan informasi diserahkan kepada pemohon. ",
    )
    assert done.status == DS.CLOSED
    assert done.closed_at is not None
    assert done.complied_on == _today()
    assert done.compliance_note == "Salinan informasi diserahkan kepada pemohon."
    complied = done.objection.events.latest("pk")
    assert complied.kind == Kind.DISPUTE_COMPLIED
    assert complied.data == {"complied_on": _today().isoformat(), "late": False}


def test_late_compliance_is_flagged(dispute: Dispute, ppid_utama: Any) -> None:
    _move(
        dispute,
        DS.COMPLIANCE,
        decided_on=_today() - dt.timedelta(days=40),
        compliance_due_on=_today() - dt.timedelta(days=10),
    )
    done = services.dispute_record_compliance(
        dispute=dispute,
        actor=ppid_utama,
        complied_on=_today(),
        note="Salinan informasi diserahkan kepada pemohon.",
    )
    assert done.objection.events.latest("pk").data["late"] is True


@pytest.mark.parametrize("when", ["tomorrow", "before"])
def test_compliance_date_checks(dispute: Dispute, ppid_utama: Any, when: str) -> None:
    _move(
        dispute,
        DS.COMPLIANCE,
        decided_on=_today() - dt.timedelta(days=3),
        compliance_due_on=_today() + dt.timedelta(days=10),
    )
    day = _today() + dt.timedelta(days=1) if when == "tomorrow" else _today() - dt.timedelta(4)
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_record_compliance(
            dispute=dispute,
            actor=ppid_utama,
            complied_on=day,
            note="Salinan informasi diserahkan kepada pemohon.",
        )
    assert _field(excinfo) == {"complied_on"}


def test_close_needs_a_reason(dispute: Dispute, ppid_utama: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.dispute_close(dispute=dispute, actor=ppid_utama, reason="Cabut")
    assert _field(excinfo) == {"reason"}
    done = services.dispute_close(
        dispute=dispute, actor=ppid_utama, reason=" Pemohon mencabut permohonan sengketa. "
    )
    assert done.status == DS.CLOSED
    assert done.close_reason == "Pemohon mencabut permohonan sengketa."
    event = done.objection.events.latest("pk")
    assert (event.kind, event.subject, event.from_status, event.to_status) == (
        Kind.DISPUTE_CLOSED,
        "dispute",
        DS.REGISTERED,
        DS.CLOSED,
    )


def test_the_full_commission_path(dispute: Dispute, atasan: Any) -> None:
    # Mediation fails, adjudication decides, the body complies (UU 14/2008 Pasal 38-46).
    services.dispute_start_mediation(dispute=dispute, actor=atasan, note="Sidang pertama.")
    services.dispute_record_session(
        dispute=dispute, actor=atasan, held_on=_today(), agenda="Mediasi pertama"
    )
    services.dispute_start_adjudication(dispute=dispute, actor=atasan)
    services.dispute_record_session(
        dispute=dispute, actor=atasan, held_on=_today(), agenda="Pemeriksaan awal"
    )
    services.dispute_record_decision(
        dispute=dispute,
        actor=atasan,
        decision=Dispute.Decision.GRANTED_FULL,
        decided_on=_today(),
        decision_text="Memerintahkan termohon memberikan informasi.",
    )
    services.dispute_start_compliance(
        dispute=dispute, actor=atasan, compliance_due_on=_today() + dt.timedelta(days=14)
    )
    services.dispute_record_compliance(
        dispute=dispute,
        actor=atasan,
        complied_on=_today(),
        note="Salinan informasi diserahkan kepada pemohon.",
    )
    dispute.refresh_from_db()
    assert dispute.status == DS.CLOSED
    moves = [
        (e.from_status, e.to_status)
        for e in dispute.objection.events.filter(subject="dispute").exclude(to_status="")
    ]
    assert moves == [
        ("", DS.REGISTERED),
        (DS.REGISTERED, DS.MEDIATION),
        (DS.MEDIATION, DS.ADJUDICATION),
        (DS.ADJUDICATION, DS.DECIDED),
        (DS.DECIDED, DS.COMPLIANCE),
        (DS.COMPLIANCE, DS.CLOSED),
    ]
    assert list(dispute.sessions.values_list("kind", flat=True)) == [
        "mediation",
        "adjudication",
    ]


def test_a_long_late_filing_is_refused_on_the_window_not_the_calendar(
    refused_request: Callable[..., InformationRequest], file_objection: Callable[..., Objection]
) -> None:
    # A refusal half a year ago: the window check must still name the last valid day.
    request = refused_request()
    notice_on = _age_notice(request, 200)
    with pytest.raises(ValidationError) as excinfo:
        file_objection(request=request)
    assert excinfo.value.code == "objection_window_closed"
    window = deadlines.filing_window(
        notice_on, calendar=request_deadlines.calendar_for(notice_on), region_code=""
    )
    assert excinfo.value.details["last_valid_day"] == window.due.isoformat()


def test_lapse_after_a_long_pause_of_the_daily_job(objection: Objection) -> None:
    due = _today() - dt.timedelta(days=200)
    Objection.objects.filter(pk=objection.pk).update(response_due_on=due)
    assert services.objection_mark_lapsed(_today()) == 1
    objection.refresh_from_db()
    expected = deadlines.dispute_filing_due(
        due, calendar=request_deadlines.calendar_for(due), region_code=""
    )
    assert objection.dispute_due_on == expected.due


def test_an_officers_retry_without_receipt_time_returns_the_first(
    refused_request: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    # The receipt time defaults to now; a retry a moment later is still the same filing.
    request = refused_request()
    kwargs: dict[str, Any] = {
        "actor": ppid_utama,
        "request": request,
        "grounds": ["a"],
        "summary": "Keberatan disampaikan langsung di loket.",
        "idempotency_key": "kunci-loket-1",
    }
    first = services.objection_file(**kwargs)
    again = services.objection_file(**kwargs)
    assert again.pk == first.pk
    assert Objection.objects.count() == 1


def test_an_unfulfilled_order_opens_a_new_objection(
    objection: Objection, atasan: Any, file_objection: Callable[..., Objection]
) -> None:
    # Ground e: the ordered information was not given by the order's due date.
    _answer(objection, atasan, decision=AtasanResponse.Decision.ORDERED_FULL)
    request = objection.request
    assert request is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    overdue = _today() - dt.timedelta(days=5)
    InformationRequest.objects.filter(pk=request.pk).update(due_on=overdue, order_due_on=overdue)
    request.refresh_from_db()
    second = file_objection(request=request, grounds=["e"])
    assert second.registration_seq == 2
    assert second.ground_arose_on is not None
    assert overdue < second.ground_arose_on <= _today()


def test_officer_records_for_a_requester_without_account(
    refused_request: Callable[..., InformationRequest], ppid_utama: Any, applicant: Any
) -> None:
    request = refused_request()
    InformationRequest.objects.filter(pk=request.pk).update(requester=None)
    request.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=applicant, request=request, grounds=["a"], summary="Saya keberatan atas ini."
        )
    objection = services.objection_file(
        actor=ppid_utama,
        request=request,
        grounds=["a"],
        summary="Surat keberatan diterima di loket.",
        filed_at=timezone.now(),
        channel=Objection.Channel.LETTER,
    )
    assert objection.requester is None
    assert objection.requester_identity_id == request.requester_identity_id


def test_a_superuser_may_answer_and_order(objection: Objection) -> None:
    from terbuka.accounts.tests.factories import UserFactory

    root = UserFactory.create(email="root@example.test")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    _answer(objection, root, decision=AtasanResponse.Decision.ORDERED_FULL)
    assert objection.request is not None
    objection.request.refresh_from_db()
    assert objection.request.status == RequestStatus.ORDERED


def test_each_event_notifies_on_commit(
    refused_request: Callable[..., InformationRequest],
    applicant: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = refused_request()
    with django_capture_on_commit_callbacks() as callbacks:
        objection = services.objection_file(
            actor=applicant,
            request=request,
            grounds=["a"],
            summary="Informasi yang diminta bukan informasi yang dikecualikan.",
        )
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        services.objection_withdraw(objection=objection, actor=applicant)
    assert len(callbacks) == 1
