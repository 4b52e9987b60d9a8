"""The fixture world of the security suite: two bodies, every role, one object of each kind.

The Kota Serang demo (the same loaders `terbuka setup` runs) provides the body, its unit tree,
one account per role and lived-in data: requests in every state, objections, a dispute, the
DIP with a consequence test, budget imports and documents, an announced monev cycle with a
meeting, and the statistics history. On top of it this module adds what the authorisation
matrix needs to tell the roles apart: a requester who owns a request, objection and dispute in
Dinas Kesehatan, another citizen, an admin without superuser rights, a bare superuser, a
second body with its own officer, an open monev cycle, a service report, an API token and a
holiday. Every URL of the site can then be reversed with real ids (`World.ids`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

# The roles of the matrix, in the order of its columns.
ROLES: tuple[str, ...] = (
    "anonymous",  # not signed in
    "owner",  # the requester who owns the request, objection and dispute
    "citizen",  # another signed-in citizen without a role
    "pelaksana",  # PPID Pelaksana of Dinas Kesehatan, the unit of the objects
    "pelaksana_other",  # PPID Pelaksana of Kecamatan Serang, another unit of the same body
    "petugas",  # petugas layanan (front office) at the PPID Utama unit
    "utama",  # PPID Utama of the body
    "atasan",  # Atasan PPID of the body
    "evaluator",  # monev evaluator of the body
    "admin",  # admin membership of the body, not a Django superuser
    "other_body",  # PPID Utama of another public body
    "superuser",  # Django superuser without any membership
)

DEMO_BODY = "kota-serang"
OTHER_BODY = "kabupaten-uji"
UNIT = "dinkes"
OTHER_UNIT = "kecamatan-serang"
PASSWORD = "rahasia-uji-123"  # noqa: S105 (test accounts only)

OWNER_EMAIL = "pemilik@qa.test"
CITIZEN_EMAIL = "warga-lain@qa.test"
OWNER_NIK = "3673014507880002"
TEMPLATE_RUBRIC = "monev_internal_kota"


@dataclass
class World:
    """The users per role and the ids every route is reversed with."""

    users: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # role -> clear API token
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session cookie value


def _load_demo() -> None:
    from terbuka.calendars.services import holidays_seed

    year = timezone.localdate().year
    holidays_seed(years=[year - 1, year, year + 1])
    for command in (
        "loaddemo",
        "loaddemo_requests",
        "loaddemo_objections",
        "loaddemo_dip",
        "loaddemo_budget",
        "loaddemo_monev",
        "loaddemo_reports",
    ):
        call_command(command, stdout=io.StringIO())


def _user(email: str, name: str, **extra: Any) -> Any:
    from terbuka.accounts.tests.factories import UserFactory, verify_email

    user = UserFactory.create(email=email, full_name=name, **extra)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    verify_email(user)
    return user


def _owner_chain(world: World, body: Any, unit: Any) -> None:
    """The owner's request in Dinas Kesehatan, refused, objected to, upheld and disputed."""
    from terbuka.accounts import services as account_services
    from terbuka.inforequests import services as request_services
    from terbuka.inforequests.models import InformationRequest, WrittenNotice
    from terbuka.objections import services as objection_services
    from terbuka.objections.models import AtasanResponse

    owner = world.users["owner"]
    pelaksana = world.users["pelaksana"]
    utama = world.users["utama"]
    atasan = world.users["atasan"]
    identity = account_services.identity_create(
        actor=owner,
        owner=owner,
        kind="perorangan",
        full_name="Pemilik Permohonan",
        nik=OWNER_NIK,
        address="Jl. Uji Matriks No. 7, Serang",
        phone="081311112222",
        email=OWNER_EMAIL,
    )
    request = request_services.request_submit(
        actor=owner,
        body=body,
        unit=unit,
        details="Daftar penerima hibah alat kesehatan puskesmas tahun 2026.",
        purpose="Pengawasan warga.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity=identity,
    )
    # UU 14/2008 Pasal 22(7): the written notice; refused under Pasal 17 huruf h.
    request_services.request_issue_notice(
        request=request,
        actor=pelaksana,
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.REFUSED,
        form=WrittenNotice.Form.NONE,
        refusal_letters=["h"],
    )
    request.refresh_from_db()
    # Pasal 35: the objection to the Atasan PPID, answered, then the dispute (Pasal 37).
    objection = objection_services.objection_file(
        actor=owner, request=request, grounds=["a"], summary="Penolakan tanpa uji konsekuensi."
    )
    today = timezone.localdate()
    objection_services.objection_answer(
        objection=objection,
        actor=atasan,
        decision=AtasanResponse.Decision.UPHELD,
        reasons="Data penerima memuat data pribadi pasien.",
        atasan_name=atasan.full_name,
        atasan_position="Sekretaris Daerah",
        responded_on=today,
    )
    objection_services.dispute_file(
        objection=objection,
        actor=utama,
        filed_on=today,
        commission_name="Komisi Informasi Provinsi Banten",
        case_number=f"999/REG-PSI/KI-BTN/{today.year}",
    )
    # A second, still open request of the owner (withdrawable, completable).
    open_request = request_services.request_submit(
        actor=owner,
        body=body,
        unit=unit,
        details="Jadwal imunisasi puskesmas Serang Kota.",
        purpose="Informasi keluarga.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity=identity,
    )
    world.objects.update(
        identity=identity, request=request, objection=objection, open_request=open_request
    )


def _monev(world: World, body: Any, unit: Any, other_unit: Any) -> None:
    """An open cycle over Dinas Kesehatan and Kecamatan Serang with one linked answer."""
    from terbuka.monev import services as monev_services
    from terbuka.monev import transfer
    from terbuka.monev.models import EvaluationCycle, Meeting

    utama = world.users["utama"]
    data = dict(transfer.rubric_templates())[TEMPLATE_RUBRIC]
    data["year"] = timezone.localdate().year
    rubric = monev_services.rubric_create(actor=utama, body=body, data=data, source="qa")
    cycle = monev_services.cycle_create(
        actor=utama,
        body=body,
        name="Monev uji matriks",
        year=timezone.localdate().year,
        rubric=rubric,
        participants=[unit, other_unit],
        open_questionnaire=True,
    )
    participant = cycle.participants.get(unit=unit)
    parsed = monev_services.rubric_of(cycle)
    evidence = None
    for _stage, _indicator, question in parsed.questions():
        options = [o for o in question.options if o.score > 0]
        if not options or question.evidence == "none":
            continue
        (answer,) = monev_services.answers_save(
            participant=participant,
            actor=world.users["pelaksana"],
            answers={question.key: options[0].key},
        )
        evidence = monev_services.evidence_add_link(
            answer=answer, actor=world.users["pelaksana"], url="https://dinkes.example.test/bukti"
        )
        break
    announced = EvaluationCycle.objects.filter(body=body, status="announced").order_by("pk").first()
    meeting = Meeting.objects.filter(body=body).order_by("pk").first()
    world.objects.update(
        rubric=rubric, cycle=cycle, announced_cycle=announced, evidence=evidence, meeting=meeting
    )


def build_world() -> World:
    """Load the demo and add the matrix's owners, outsiders and objects (a few seconds)."""
    from terbuka.accounts import services as account_services
    from terbuka.bodies.models import Membership, PublicBody, Unit
    from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory

    world = World()
    with TestCase.captureOnCommitCallbacks(execute=True):
        _load_demo()
        body = PublicBody.objects.get(slug=DEMO_BODY)
        unit = Unit.objects.get(body=body, slug=UNIT)
        other_unit = Unit.objects.get(body=body, slug=OTHER_UNIT)
        utama_unit = Unit.objects.get(body=body, kind=Unit.Kind.PPID_UTAMA)
        by_email = {
            "pelaksana": "pelaksana-dinkes@demo.test",
            "pelaksana_other": "pelaksana-kec-serang@demo.test",
            "petugas": "petugas@demo.test",
            "utama": "ppid-utama@demo.test",
            "atasan": "atasan@demo.test",
            "evaluator": "evaluator@demo.test",
        }
        from terbuka.accounts.models import User

        world.users["anonymous"] = None
        for role, email in by_email.items():
            world.users[role] = User.objects.get(email=email)
        world.users["owner"] = _user(OWNER_EMAIL, "Pemilik Permohonan")
        world.users["citizen"] = _user(CITIZEN_EMAIL, "Warga Lain")
        admin = _user("admin-peran@qa.test", "Admin Peran")
        MembershipFactory.create(user=admin, unit=utama_unit, role=Membership.Role.ADMIN)
        world.users["admin"] = admin
        world.users["superuser"] = _user(
            "akar@qa.test", "Super Pengguna", is_staff=True, is_superuser=True
        )
        other = PublicBodyFactory.create(name="Pemerintah Kabupaten Uji", slug=OTHER_BODY)
        other_utama_unit = UnitFactory.create(
            body=other, kind=Unit.Kind.PPID_UTAMA, name="PPID Utama Kabupaten Uji", slug="ppid"
        )
        other_opd = UnitFactory.create(
            body=other, parent=other_utama_unit, name="Dinas Uji", slug="dinas"
        )
        outsider = _user("utama-lain@qa.test", "Utama Lain")
        MembershipFactory.create(
            user=outsider, unit=other_utama_unit, role=Membership.Role.PPID_UTAMA
        )
        world.users["other_body"] = outsider

        _owner_chain(world, body, unit)
        _monev(world, body, unit, other_unit)
        token, _raw = account_services.api_token_create(
            user=world.users["owner"], actor=world.users["owner"], name="uji"
        )
        for role, person in world.users.items():
            if person is not None:
                _token, world.tokens[role] = account_services.api_token_create(
                    user=person, actor=person, name="matriks"
                )
        world.objects.update(
            body=body,
            unit=unit,
            other_unit=other_unit,
            utama_unit=utama_unit,
            other=other,
            other_opd=other_opd,
            token=token,
        )
        _more_objects(world)
    # Asked for outside the captured block: its PDF is never made (seconds of WeasyPrint), and
    # a pending report is enough for the routes; the callback dies with the world's rollback.
    from terbuka.reports import services as report_services

    world.objects["report"] = report_services.report_request(
        actor=world.users["utama"],
        body=world.objects["body"],
        unit=None,
        year=timezone.localdate().year - 1,
        semester=None,
    )
    world.ids = _ids(world)
    world.sessions = _sessions(world)
    return world


def _sessions(world: World) -> dict[str, str]:
    """One signed-in session per role, made once: each request copies its cookie."""
    from django.conf import settings
    from django.test import Client

    sessions = {}
    for role, person in world.users.items():
        if person is not None:
            client = Client()
            client.force_login(person)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _more_objects(world: World) -> None:
    """Pick the demo's objects of the remaining kinds; add a service report and a holiday."""
    from terbuka.budget.models import BudgetDocument, BudgetImport
    from terbuka.calendars.models import Holiday
    from terbuka.registry.models import ConsequenceTest, DocumentVersion, InformationEntry
    from terbuka.safety.models import Finding

    body = world.objects["body"]
    unit = world.objects["unit"]
    entry = (
        InformationEntry.objects.filter(body=body, unit=unit, status="published")
        .order_by("pk")
        .first()
        or InformationEntry.objects.filter(body=body, status="published").order_by("pk").first()
    )
    version = DocumentVersion.objects.filter(document__entry=entry).order_by("pk").first()
    finding = Finding.objects.order_by("pk").first()
    archived = _archive_one(world, body, unit)
    world.objects.update(
        entry=entry,
        version=version,
        document=version.document if version else None,
        finding=finding,
        test=ConsequenceTest.objects.filter(body=body).order_by("pk").first(),
        budget_import=BudgetImport.objects.filter(body=body).order_by("pk").first(),
        budget_document=BudgetDocument.objects.filter(body=body).order_by("pk").first(),
        holiday=Holiday.objects.order_by("pk").first(),
        archived=archived,
        archive_document=archived.documents.order_by("pk").first() if archived else None,
        membership=world.users["pelaksana"].memberships.get(),
    )


def _archive_one(world: World, body: Any, unit: Any) -> Any:
    """A granted request of the owner with a released document, in the public archive."""
    from terbuka.inforequests import services as request_services
    from terbuka.inforequests.models import InformationRequest, WrittenNotice

    owner = world.users["owner"]
    request = request_services.request_submit(
        actor=owner,
        body=body,
        unit=unit,
        details="Jumlah tenaga kesehatan per puskesmas tahun 2025.",
        purpose="Penelitian.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity=world.objects["identity"],
        is_public=True,
    )
    request_services.request_issue_notice(
        request=request,
        actor=world.users["pelaksana"],
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.GRANTED_FULL,
        form=WrittenNotice.Form.SOFTCOPY,
        material="Rekap tenaga kesehatan per puskesmas.",
    )
    request.refresh_from_db()
    request_services.request_attach_document(
        request=request,
        actor=world.users["pelaksana"],
        upload=ContentFile(b"puskesmas,tenaga\nSerang Kota,42\n", name="rekap.csv"),
        title="Rekap tenaga kesehatan",
    )
    request.refresh_from_db()
    return request


def _ids(world: World) -> dict[str, Any]:
    objects = world.objects
    ids: dict[str, Any] = {}
    for key, value in objects.items():
        ids[key] = getattr(value, "pk", None)
    return ids
