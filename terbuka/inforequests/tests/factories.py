from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from terbuka.accounts.tests.factories import RequesterIdentityFactory
from terbuka.bodies.tests.factories import PublicBodyFactory
from terbuka.inforequests.models import InformationRequest, RequestEvent, RequestSettings
from terbuka.inforequests.states import Status


class InformationRequestFactory(DjangoModelFactory[InformationRequest]):
    """A registered request written directly (services are tested on their own)."""

    class Meta:
        model = InformationRequest

    body = SubFactory(PublicBodyFactory)
    unit = None
    requester_identity = SubFactory(RequesterIdentityFactory)
    requester = None
    channel = InformationRequest.Channel.WEB
    received_at = LazyFunction(timezone.now)
    registration_year = LazyAttribute(lambda o: timezone.localdate(o.received_at).year)
    registration_seq = Sequence(lambda n: n + 1)
    registration_number = LazyAttribute(
        lambda o: f"{o.registration_seq:04d}/PPID/{o.registration_year}"
    )
    details = "Salinan dokumen anggaran dinas tahun 2025."
    purpose = "Penelitian."
    obtain_method = InformationRequest.ObtainMethod.SOFTCOPY
    delivery_method = InformationRequest.DeliveryMethod.EMAIL
    status = Status.REGISTERED
    clock_started_on = LazyAttribute(lambda o: timezone.localdate(o.received_at))
    notice_due_on = LazyAttribute(lambda o: o.clock_started_on + timedelta(days=14))
    due_on = LazyAttribute(lambda o: o.notice_due_on)


class RequestEventFactory(DjangoModelFactory[RequestEvent]):
    class Meta:
        model = RequestEvent

    request = SubFactory(InformationRequestFactory)
    kind = RequestEvent.Kind.NOTE
    note = "Catatan uji."
    occurred_at = LazyFunction(timezone.now)


class RequestSettingsFactory(DjangoModelFactory[RequestSettings]):
    class Meta:
        model = RequestSettings
        django_get_or_create = ("body",)

    body = SubFactory(PublicBodyFactory)
    copy_fee_per_sheet = 500
    courier_fee = 15000
    post_fee = 10000


def identity_data(**overrides: Any) -> dict[str, Any]:
    """Identity fields for a person, as a form or the API would supply them."""
    data: dict[str, Any] = {
        "kind": "perorangan",
        "full_name": "Siti Pemohon",
        "nik": "3673011708900001",
        "address": "Jl. Jenderal Sudirman No. 5, Serang",
        "phone": "081234567890",
        "email": "siti@example.test",
    }
    data.update(overrides)
    return data
