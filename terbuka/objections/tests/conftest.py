"""Objection fixtures: the holiday calendar, the Atasan PPID, a refused request, a filing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.calendars.workdays import Calendar
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.tests.conftest import (
    holiday_calendar,
    submit,  # noqa: F401 - a fixture
)
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import services
from terbuka.objections.models import Objection


@pytest.fixture
def calendar() -> Calendar:
    """The Lebaran 2026 / year-end holiday fixtures as a calendar (no database)."""
    return holiday_calendar()


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    """The Atasan PPID of the body: decides objections (UU 14/2008 Pasal 36)."""
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user


@pytest.fixture
def refused_request(
    body: Any, applicant: Any, ppid_utama: Any
) -> Callable[..., InformationRequest]:
    """File a request as `applicant` and refuse it today under Pasal 17 letter b."""

    def make(**overrides: Any) -> InformationRequest:
        kwargs: dict[str, Any] = {
            "actor": applicant,
            "body": body,
            "details": "Salinan berita acara pemeriksaan kasus korupsi tahun 2025.",
            "purpose": "Liputan investigasi.",
            "obtain_method": InformationRequest.ObtainMethod.SOFTCOPY,
            "delivery_method": InformationRequest.DeliveryMethod.EMAIL,
            "identity_data": identity_data(),
        }
        kwargs.update(overrides)
        request = request_services.request_submit(**kwargs)
        request_services.request_issue_notice(
            request=request,
            actor=ppid_utama,
            possession=WrittenNotice.Possession.HELD,
            decision=WrittenNotice.Decision.REFUSED,
            form=WrittenNotice.Form.NONE,
            refusal_letters=["b"],
        )
        request.refresh_from_db()
        return request

    return make


@pytest.fixture
def file_objection(
    refused_request: Callable[..., InformationRequest], applicant: Any
) -> Callable[..., Objection]:
    """File an objection on ground a against a fresh refusal (keywords override)."""

    def make(**overrides: Any) -> Objection:
        kwargs: dict[str, Any] = {
            "actor": applicant,
            "grounds": ["a"],
            "summary": "Informasi yang diminta bukan informasi yang dikecualikan.",
        }
        kwargs.update(overrides)
        if "request" not in kwargs and "body" not in kwargs:
            kwargs["request"] = refused_request()
        return services.objection_file(**kwargs)

    return make
