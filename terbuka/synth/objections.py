"""Objections to the Atasan PPID and disputes at the Komisi Informasi, from decided requests.

A share of the requesters object within the 30 working days of UU 14/2008 Pasal 36(1)
(refusals most often). The Atasan upholds the decision in writing, or, for grounds that allow
it (Pasal 35(2), b-g), a deliberation settles it; a few are withdrawn. No synthetic objection
orders the information given, so no request is reopened. Some requesters who do not accept the
answer take it to the Komisi Informasi (Pasal 37), where the dispute is mediated or
adjudicated, decided and closed. Numbers are gap-free per body and year in order of filing.
"""

from __future__ import annotations

import random
from typing import Any

from terbuka.objections import deadlines as objection_deadlines
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionCounter,
    ObjectionEvent,
)
from terbuka.objections.services import OBJECTION_NUMBER_FORMAT
from terbuka.objections.states import DisputeStatus, ObjectionStatus
from terbuka.synth.clock import WorkDays, dumps
from terbuka.synth.people import BodyInfo
from terbuka.synth.requests import Objectable
from terbuka.synth.sink import Sink, next_id

OS = ObjectionStatus
D = DisputeStatus
K = ObjectionEvent.Kind
SHARE = {"refused": 0.25, "granted_partial": 0.1, "granted_full": 0.01}
GROUND = {"refused": ["a"], "granted_partial": ["d"], "granted_full": ["e"]}
COMMISSION = "Komisi Informasi Provinsi Sintetis"


def generate(
    sink: Sink,
    rng: random.Random,
    wd: WorkDays,
    bodies: list[BodyInfo],
    candidates: list[Objectable],
    *,
    cutoff_day: int,
) -> dict[str, int]:
    """Write objections, their events, answers, deliberations and disputes."""
    by_body = {b.pk: b for b in bodies}
    filed: list[tuple[int, int, Objectable]] = []
    for item in candidates:
        if rng.random() >= SHARE.get(item.decision, 0):
            continue
        day = wd.add(item.notice_day, rng.randrange(1, 21))
        if day < cutoff_day:
            filed.append((day * 1440 + rng.randrange(8 * 60, 15 * 60), item.request, item))
    filed.sort()
    first = next_id(Objection)
    seqs: dict[tuple[int, int], int] = {}
    objections, events, responses, deliberations, disputes = [], [], [], [], []
    cutoff = cutoff_day * 1440
    for offset, (t, _pk, item) in enumerate(filed):
        pk = first + offset
        body = by_body[item.body]
        day = t // 1440
        year = wd.dates[day].year
        seq = seqs.get((body.pk, year), 0) + 1
        seqs[(body.pk, year)] = seq
        number = OBJECTION_NUMBER_FORMAT.format(seq=seq, year=year, body_code=body.code)
        grounds = GROUND[item.decision]
        window_due, window_iso, window_inputs = wd.clock(
            "objection_window", item.notice_day, 30, objection_deadlines.filing_window
        )
        response_due, response_iso, response_inputs = wd.clock(
            "objection_response", day, 30, objection_deadlines.response_due
        )
        when = wd.utc(*divmod(t, 1440))
        actor = item.requester or body.officer
        events.append(
            (pk, K.FILED if item.requester else K.RECORDED, "", "", OS.RECEIVED, actor, "", False,
             dumps({"grounds": grounds, "channel": "web" if item.requester else "letter",
                    "request": item.number, "response_due_on": response_iso}), when)
        )  # fmt: skip
        status = OS.RECEIVED
        closed_at = None
        roll = rng.random()
        answer_day = wd.add(day, rng.randrange(3, 29))
        answer_t = answer_day * 1440 + 11 * 60
        response = ""
        if roll < 0.05:
            wt = wd.add(day, rng.randrange(1, 10)) * 1440 + 10 * 60
            if wt < cutoff:
                events.append((pk, K.WITHDRAWN, "", status, OS.WITHDRAWN, actor, "Dicabut.",
                               False, "{}", wd.utc(*divmod(wt, 1440))))  # fmt: skip
                status, closed_at = OS.WITHDRAWN, wd.utc(*divmod(wt, 1440))
        elif roll < 0.25 and set(grounds) <= set("bcdefg"):
            dt = wd.add(day, rng.randrange(2, 10)) * 1440 + 9 * 60
            if dt < cutoff:
                held = wd.utc(*divmod(dt, 1440))
                events.append((pk, K.DELIBERATION_STARTED, "", status, OS.IN_DELIBERATION,
                               body.officer, "", False, "{}", held))  # fmt: skip
                status = OS.IN_DELIBERATION
                deliberations.append((pk, held, "Ruang rapat PPID", "Pemohon; PPID; Atasan PPID",
                                      Deliberation.Outcome.AGREED, "Informasi dijelaskan ulang.",
                                      body.officer, held))  # fmt: skip
                events.append((pk, K.SETTLED, "", status, OS.SETTLED_BY_DELIBERATION,
                               body.officer, "", False, "{}", held))  # fmt: skip
                status, closed_at = OS.SETTLED_BY_DELIBERATION, held
        elif answer_t < cutoff:
            answered = wd.utc(*divmod(answer_t, 1440))
            # UU 14/2008 Pasal 36(2): the written answer within 30 working days.
            events.append((pk, K.ANSWERED, "", status, OS.ANSWERED_UPHELD, body.officer, "",
                           False, dumps({"decision": "upheld"}), answered))  # fmt: skip
            status, closed_at = OS.ANSWERED_UPHELD, answered
            responses.append(
                (pk, AtasanResponse.Decision.UPHELD,
                 "Keputusan PPID telah sesuai dengan UU 14/2008 dan uji konsekuensi.", "",
                 f"{seq:04d}/ATASAN-{body.code}/{year}", wd.iso[answer_day], False, None,
                 "Sekretaris Daerah", "Atasan PPID", body.officer, answered)
            )  # fmt: skip
            if rng.random() < 0.4:
                response = Objection.RequesterResponse.NOT_ACCEPTED
                filed_day = wd.add(answer_day, rng.randrange(1, 14))
                if filed_day < cutoff_day:
                    disputes.append(_dispute(rng, wd, pk, body, filed_day, answer_day, cutoff_day,
                                             events))  # fmt: skip
            else:
                response = Objection.RequesterResponse.ACCEPTED
        overdue = status in (OS.RECEIVED, OS.IN_DELIBERATION) and response_due < cutoff_day
        objections.append(
            (pk, when, when, body.pk, item.request, item.details, item.identity, item.requester,
             dumps(grounds), "Pemohon keberatan atas jawaban PPID.",
             "web" if item.requester else "letter", when, number, year, seq, status,
             wd.iso[item.notice_day], window_iso, response_iso, None,
             dumps({"window": window_inputs, "response": response_inputs}), overdue, response,
             "", closed_at if response else None, None if item.requester else body.officer,
             closed_at)
        )  # fmt: skip
        del window_due
    sink.insert(
        Objection,
        ["id", "created_at", "updated_at", "body_id", "request_id", "information_description",
         "requester_identity_id", "requester_id", "grounds", "summary", "channel", "filed_at",
         "registration_number", "registration_year", "registration_seq", "status",
         "ground_arose_on", "window_due_on", "response_due_on", "dispute_due_on",
         "clock_inputs", "is_overdue", "requester_response", "requester_response_note",
         "requester_responded_at", "recorded_by_id", "closed_at"],
        objections,
    )  # fmt: skip
    dispute_rows = [row[1] for row in disputes]
    sink.insert(Dispute, DISPUTE_FIELDS, dispute_rows)
    sink.insert(
        ObjectionEvent,
        ["objection_id", "kind", "subject", "from_status", "to_status", "actor_id", "note",
         "is_internal", "data", "occurred_at"],
        sorted(((*e[:2], e[2] or "objection", *e[3:]) for e in events), key=lambda e: (e[0], e[9])),
    )  # fmt: skip
    sink.insert(
        AtasanResponse,
        ["objection_id", "decision", "reasons", "order_details", "letter_number",
         "responded_on", "is_late", "fulfilment_due_on", "atasan_name", "atasan_position",
         "issued_by_id", "issued_at"],
        responses,
    )  # fmt: skip
    sink.insert(
        Deliberation,
        ["objection_id", "held_at", "place", "participants", "outcome", "result",
         "recorded_by_id", "recorded_at"],
        deliberations,
    )  # fmt: skip
    sink.insert(
        ObjectionCounter,
        ["body_id", "year", "last_seq"],
        sorted((b, y, last) for (b, y), last in seqs.items()),
    )
    return {"objections": len(objections), "disputes": len(dispute_rows)}


DISPUTE_FIELDS = [
    "created_at", "updated_at", "objection_id", "status", "commission_name", "case_number",
    "filed_on", "filing_due_on", "is_late", "commission_start_due_on",
    "commission_settle_due_on", "clock_inputs", "decision", "decision_number", "decided_on",
    "decision_text", "compliance_due_on", "complied_on", "compliance_note", "court",
    "court_case_number", "court_filed_on", "court_filed_by", "court_outcome",
    "court_decided_on", "close_reason", "recorded_by_id", "closed_at",
]  # fmt: skip


def _dispute(
    rng: random.Random,
    wd: WorkDays,
    objection: int,
    body: BodyInfo,
    filed_day: int,
    answer_day: int,
    cutoff_day: int,
    events: list[Any],
) -> tuple[int, tuple[Any, ...]]:
    """A dispute filed after the Atasan's answer (UU 14/2008 Pasal 37-39)."""
    _due, filing_iso, filing_inputs = wd.clock(
        "dispute_filing", answer_day, 14, objection_deadlines.dispute_filing_due
    )
    start = objection_deadlines.commission_clocks(
        wd.dates[filed_day], calendar=wd.calendar, region_code=wd.region_code
    )
    filed = wd.utc(filed_day, 10 * 60)
    events.append((objection, K.DISPUTE_FILED, "dispute", "", D.REGISTERED, body.officer, "",
                   False, dumps({"commission": COMMISSION}), filed))  # fmt: skip
    status = D.REGISTERED
    decided_on = closed_at = None
    decision = ""
    mediation_day = wd.add(filed_day, rng.randrange(5, 14))
    decided_day = wd.add(mediation_day, rng.randrange(10, 60))
    if mediation_day < cutoff_day:
        events.append((objection, K.DISPUTE_MEDIATION, "dispute", status, D.MEDIATION,
                       body.officer, "", False, "{}", wd.utc(mediation_day, 9 * 60)))  # fmt: skip
        status = D.MEDIATION
    if decided_day < cutoff_day:
        decision = rng.choice((Dispute.Decision.REFUSED, Dispute.Decision.GRANTED_PARTIAL))
        decided_on = wd.iso[decided_day]
        events.append((objection, K.DISPUTE_DECIDED, "dispute", status, D.DECIDED,
                       body.officer, "", False, dumps({"decision": decision}),
                       wd.utc(decided_day, 13 * 60)))  # fmt: skip
        closed_at = wd.utc(decided_day, 15 * 60)
        events.append((objection, K.DISPUTE_CLOSED, "dispute", D.DECIDED, D.CLOSED,
                       body.officer, "", False, "{}", closed_at))  # fmt: skip
        status = D.CLOSED
    row = (
        filed, filed, objection, status, COMMISSION,
        f"{rng.randrange(1, 999):03d}/REG-PSI/{wd.dates[filed_day].year}", wd.iso[filed_day],
        filing_iso, False, start[0].due.isoformat(), start[1].due.isoformat(),
        dumps({"filing": filing_inputs, "start": start[0].inputs, "settle": start[1].inputs}),
        decision, f"{rng.randrange(1, 999):03d}/PTS/KI-SNT/{wd.dates[filed_day].year}"
        if decided_on else "", decided_on,
        "Permohonan penyelesaian sengketa ditolak seluruhnya." if decided_on else "",
        None, None, "", "", "", None, "", "", None,
        "Putusan Komisi Informasi." if closed_at else "", body.officer, closed_at,
    )  # fmt: skip
    return (objection, row)
