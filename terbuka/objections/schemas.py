"""Schemas of the objection and dispute API: what comes in and what goes out.

Responses never carry the requester's NIK, address, phone, KTP scan or the proxy's NIK: the
requester is shown by name (and e-mail to staff).
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from terbuka.inforequests.schemas import MAX_OFFSET, ClockOut

# --- In --------------------------------------------------------------------------------------


class ObjectionIn(Schema):
    grounds: list[str] = Field(..., max_length=7, description="Letters a-g of Pasal 35(1).")
    summary: str = Field(..., max_length=10000, description="Kasus posisi.")
    filed_at: dt.datetime | None = Field(None, description="ISO 8601 (staff only).")
    channel: str | None = Field(
        None, max_length=10, description="walk_in, letter or email (staff only)."
    )


class PeriodicObjectionIn(ObjectionIn):
    body: str = Field(..., max_length=200, description="Slug of the public body.")
    information_description: str = Field(..., max_length=10000)


class ObjectionFilters(Schema):
    status: str | None = Field(None, max_length=30)
    limit: int = Field(20, ge=1, le=100, description="At most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=5000)


class DeliberationIn(Schema):
    held_at: dt.datetime
    place: str = Field(..., max_length=200)
    participants: str = Field(..., max_length=5000)
    outcome: str = Field(..., max_length=20, description="agreed, not_agreed or adjourned.")
    result: str = Field("", max_length=10000)


class AnswerIn(Schema):
    decision: str = Field(..., max_length=20, description="upheld, ordered_full, ordered_partial.")
    reasons: str = Field(..., max_length=10000)
    atasan_name: str = Field(..., max_length=200)
    atasan_position: str = Field(..., max_length=200)
    order_details: str = Field("", max_length=10000)
    letter_number: str = Field("", max_length=100)
    responded_on: dt.date | None = None
    provide_within_days: int | None = None


class RespondIn(Schema):
    response: str = Field(..., max_length=20, description="accepted or not_accepted.")
    note: str = Field("", max_length=5000)


class DisputeIn(Schema):
    filed_on: dt.date
    commission_name: str = Field(..., max_length=200)
    case_number: str = Field("", max_length=100)


class CaseNumberIn(Schema):
    case_number: str = Field(..., max_length=100)


class SessionIn(Schema):
    held_on: dt.date
    agenda: str = Field(..., max_length=300)
    note: str = Field("", max_length=5000)


class DecisionIn(Schema):
    decision: str = Field(..., max_length=20)
    decided_on: dt.date
    decision_text: str = Field(..., max_length=20000)
    decision_number: str = Field("", max_length=100)


class AppealIn(Schema):
    court: str = Field(..., max_length=10, description="ptun or pn.")
    filed_on: dt.date
    filed_by: str = Field(..., max_length=20, description="requester or body.")
    court_case_number: str = Field("", max_length=100)


class CourtOutcomeIn(Schema):
    outcome: str = Field(..., max_length=20000)
    decided_on: dt.date
    compliance_due_on: dt.date | None = None


class ComplianceIn(Schema):
    compliance_due_on: dt.date
    note: str = Field("", max_length=5000)


class CompliedIn(Schema):
    complied_on: dt.date
    note: str = Field(..., max_length=5000)


# --- Out -------------------------------------------------------------------------------------


class GroundOut(Schema):
    letter: str
    meaning: str


class ObjectionRequestOut(Schema):
    id: int
    registration_number: str


class ObjectionRequesterOut(Schema):
    name: str
    email: str | None = Field(None, description="Shown to staff only.")


class AtasanResponseOut(Schema):
    decision: str
    decision_label: str
    reasons: str
    order_details: str
    letter_number: str
    responded_on: dt.date
    is_late: bool
    fulfilment_due_on: dt.date | None
    atasan_name: str
    atasan_position: str


class DeliberationOut(Schema):
    held_at: dt.datetime
    place: str
    participants: str
    outcome: str
    result: str


class DisputeSessionOut(Schema):
    kind: str
    held_on: dt.date
    agenda: str


class DisputeOut(Schema):
    status: str
    status_label: str
    commission_name: str
    case_number: str
    filed_on: dt.date
    filing_due_on: dt.date | None
    is_late: bool
    commission_start_due_on: dt.date | None
    commission_settle_due_on: dt.date | None
    clock: dict[str, ClockOut]
    decision: str
    decision_number: str
    decided_on: dt.date | None
    decision_text: str
    compliance_due_on: dt.date | None
    complied_on: dt.date | None
    court: str
    court_case_number: str
    court_filed_on: dt.date | None
    court_filed_by: str
    court_outcome: str
    court_decided_on: dt.date | None
    compliance_note: str
    close_reason: str
    sessions: list[DisputeSessionOut]


class ObjectionEventOut(Schema):
    kind: str
    kind_label: str
    subject: str
    from_status: str
    to_status: str
    at: dt.datetime
    note: str
    is_internal: bool


class ObjectionOut(Schema):
    id: int
    registration_number: str
    status: str
    status_label: str
    phase: str
    phase_label: str
    body: str
    request: ObjectionRequestOut | None
    information_description: str
    grounds: list[GroundOut]
    summary: str
    channel: str
    filed_at: dt.datetime
    due_date: dt.date
    ground_arose_on: dt.date | None
    window_due_date: dt.date | None
    dispute_due_date: dt.date | None
    is_overdue: bool
    clock: dict[str, ClockOut]
    requester: ObjectionRequesterOut
    requester_response: str
    response: AtasanResponseOut | None
    deliberations: list[DeliberationOut] = Field(..., description="Staff only; empty otherwise.")
    dispute: DisputeOut | None
    events: list[ObjectionEventOut]


class ObjectionPageOut(Schema):
    items: list[ObjectionOut]
    count: int
    limit: int
    offset: int
