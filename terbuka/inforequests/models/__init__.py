"""Models of information requests (permohonan informasi publik, UU 14/2008 Pasal 22)."""

from terbuka.inforequests.models.fulfilment import Delivery, Payment, ResponseDocument
from terbuka.inforequests.models.notice import WrittenNotice
from terbuka.inforequests.models.request import (
    IdempotencyKey,
    InformationRequest,
    RegistrationCounter,
    RequestEvent,
    RequestRouting,
)
from terbuka.inforequests.models.settings import RequestSettings

__all__ = [
    "Delivery",
    "IdempotencyKey",
    "InformationRequest",
    "Payment",
    "RegistrationCounter",
    "RequestEvent",
    "RequestRouting",
    "RequestSettings",
    "ResponseDocument",
    "WrittenNotice",
]
