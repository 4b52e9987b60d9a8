"""One body with every role and three objections, and a second body: for the visibility and
permission tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from terbuka.accounts.tests.factories import UserFactory
from terbuka.bodies.models import Membership, Unit
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import services
from terbuka.objections.models import Objection

Role = Membership.Role
PERIODIC = "Laporan keuangan tahunan 2025 tidak diumumkan di situs resmi."


@dataclass
class World:
    users: dict[str, Any]
    # on_unit: to a request handled by `unit`; on_other: by `other_unit`; periodic: ground b
    # without a request; foreign: at another body.
    objections: dict[str, Objection]
    units: dict[str, Unit]


def _member(unit: Unit, role: str, email: str, **kwargs: Any) -> Any:
    return MembershipFactory(unit=unit, role=role, user__email=email, **kwargs).user


def periodic_objection(body: Any, actor: Any) -> Objection:
    return services.objection_file(
        actor=actor,
        body=body,
        grounds=["b"],
        summary="Laporan berkala tidak tersedia di situs resmi.",
        information_description=PERIODIC,
        identity_data=identity_data(),
    )


def build_world(
    *,
    body: Any,
    ppid_utama_unit: Unit,
    unit: Unit,
    applicant: Any,
    ppid_utama: Any,
    atasan: Any,
    unit_officer: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> World:
    other_unit = UnitFactory.create(
        body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik"
    )
    foreign_body = PublicBodyFactory.create(slug="kab-lain", region_code="")
    foreign_desk_unit = UnitFactory.create(
        body=foreign_body, kind=Unit.Kind.PPID_UTAMA, name="PPID Utama Kab", slug="ppid-kab"
    )
    superuser = UserFactory.create(email="root@example.test")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    users = {
        "requester": applicant,
        "stranger": UserFactory.create(email="orang@example.test"),
        "desk": ppid_utama,
        "admin": _member(ppid_utama_unit, Role.ADMIN, "admin@example.test"),
        "atasan": atasan,
        "unit_officer": unit_officer,
        "unit_front": _member(unit, Role.PETUGAS_LAYANAN, "loket-dinkes@example.test"),
        "other_unit_officer": _member(other_unit, Role.PPID_PELAKSANA, "disdik@example.test"),
        "evaluator": _member(ppid_utama_unit, Role.EVALUATOR, "monev@example.test"),
        "revoked_desk": _member(
            ppid_utama_unit, Role.PPID_UTAMA, "mantan@example.test", is_active=False
        ),
        "foreign_desk": _member(foreign_desk_unit, Role.PPID_UTAMA, "kab@example.test"),
        "foreign_atasan": _member(foreign_desk_unit, Role.ATASAN_PPID, "sekda-kab@example.test"),
        "superuser": superuser,
    }
    objections = {
        "on_unit": file_objection(request=refused_request(unit=unit)),
        "on_other": file_objection(request=refused_request(unit=other_unit)),
        "periodic": periodic_objection(body, applicant),
        "foreign": periodic_objection(foreign_body, applicant),
    }
    return World(users, objections, {"unit": unit, "other_unit": other_unit})
