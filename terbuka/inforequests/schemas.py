"""Schemas of `/api/v1/requests`: what comes in and what goes out.

Responses never carry the requester's NIK, decree number, address, phone or KTP scan: the
requester is shown by name and kind only (and e-mail to staff).
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

# Deeper than any list will ever be; the database's integers overflow far beyond it.
MAX_OFFSET = 1_000_000_000

# --- In --------------------------------------------------------------------------------------


class RequesterIn(Schema):
    kind: str = Field(
        "individual",
        max_length=20,
        description="`individual`, `legal_entity` or `group` (or perorangan, badan_hukum, "
        "kelompok).",
    )
    name: str = Field("", max_length=200)
    nik: str = Field("", max_length=32)
    legal_entity_number: str = Field("", max_length=200)
    address: str = Field("", max_length=1000)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    occupation: str = Field("", max_length=100)


class RequestIn(Schema):
    body: str = Field(..., max_length=200, description="Slug of the public body.")
    unit: str | None = Field(None, max_length=200, description="Unit slug; null: PPID Utama.")
    requester: RequesterIn | None = None
    details: str = Field("", max_length=10000)
    purpose: str = Field("", max_length=10000)
    obtain_method: str = Field("", max_length=20)
    delivery_method: str = Field("", max_length=20)
    channel: str | None = Field(
        None, max_length=20, description="web, walk_in, phone, letter or email (staff only)."
    )
    received_at: dt.datetime | None = Field(None, description="ISO 8601 (staff only).")
    is_public: bool = False


class RequestFilters(Schema):
    status: str | None = Field(None, max_length=20)
    limit: int = Field(20, ge=1, le=100, description="At most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ReasonIn(Schema):
    reason: str = Field("", max_length=5000)


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class RouteIn(Schema):
    units: list[str] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=5000)


class ReturnIn(Schema):
    unit: str = Field("", max_length=200, description="Slug of the unit handing it back.")
    note: str = Field("", max_length=5000)


class CompletionAskIn(Schema):
    missing: str = Field("", max_length=5000)


class CompleteIn(Schema):
    note: str = Field("", max_length=5000)
    details: str | None = Field(None, max_length=10000)
    purpose: str | None = Field(None, max_length=10000)


class ForwardIn(Schema):
    body_name: str = Field("", max_length=200)
    body: str | None = Field(None, max_length=200, description="Slug, when the body is known.")
    note: str = Field("", max_length=5000)


class NoticeIn(Schema):
    possession: str = Field(..., max_length=20)
    decision: str = Field(..., max_length=20)
    form: str = Field(..., max_length=10)
    material: str = Field("", max_length=10000)
    redaction_explanation: str = Field("", max_length=10000)
    other_body_name: str = Field("", max_length=200)
    documented_by: str = Field("", max_length=200)
    copy_sheets: int = Field(0, ge=0)
    delivery_cost: int | None = Field(None, ge=0)
    other_cost: int = Field(0, ge=0)
    payment_method: str = Field("", max_length=1000)
    provide_within_days: int | None = Field(None, ge=0, le=365)
    refusal_letters: list[str] = Field(default_factory=list, max_length=10)
    refusal_other_law: str = Field("", max_length=2000)
    consequence_test_ref: str = Field("", max_length=300)


class PaymentIn(Schema):
    amount: int = Field(..., ge=0)
    method: str = Field(..., max_length=100)
    reference: str = Field("", max_length=200)
    paid_at: dt.datetime | None = None


class FulfilIn(Schema):
    reference: str = Field("", max_length=200)
    method: str = Field("", max_length=20)


# --- Out -------------------------------------------------------------------------------------


class RequesterOut(Schema):
    name: str
    kind: str
    email: str | None = Field(None, description="Shown to staff only.")


class SkippedDayOut(Schema):
    date: dt.date
    name: str


class ClockOut(Schema):
    rule: str
    law: str
    start: dt.date
    working_days: int
    first_working_day: dt.date | None = None
    due: dt.date
    skipped: list[SkippedDayOut]


class RequestOut(Schema):
    id: int
    registration_number: str
    status: str
    status_label: str
    phase: str
    phase_label: str
    body: str
    unit: str | None
    channel: str
    received_at: dt.datetime
    due_date: dt.date | None = Field(None, description="The effective due date (after extension).")
    notice_due_date: dt.date | None
    extended_due_date: dt.date | None
    completion_due_date: dt.date | None
    is_extended: bool
    is_overdue: bool
    clock: dict[str, ClockOut] = Field(
        ..., description="How each date was computed: notice, extension, completion, objection."
    )
    requester: RequesterOut
    details: str
    purpose: str
    obtain_method: str
    delivery_method: str
    forwarded_to: str


class EventOut(Schema):
    kind: str
    kind_label: str
    from_status: str
    to_status: str
    at: dt.datetime
    note: str
    is_internal: bool


class RequestDetailOut(RequestOut):
    events: list[EventOut]


class RequestPageOut(Schema):
    items: list[RequestOut]
    count: int
    limit: int
    offset: int
