"""Information requests with the rows their services would have written.

Each request gets a whole history planned from its receipt: recorded or submitted, perhaps
asked to complete (and lapsed or completed), routed to a PPID Pelaksana, started, extended
once, flagged overdue by the daily job, answered by a written notice (with payment of copying
costs for some printed copies), fulfilled, closed; or forwarded or withdrawn. Every step is a
`RequestEvent` whose statuses follow `states.TRANSITIONS`. Steps after the world's end (the
`until` date) are cut, so recent requests are still open, with the fields their last kept step
left. Registration numbers are issued per body and year in order of receipt, with no gaps, and
the counters end at the last number. A share of the portal requesters choose to publish their
request in the public archive (`is_public`, the choice `request_submit` takes); once answered
by a written notice it appears there (`selectors.PUBLIC_ARCHIVE`) with the search row
`services.answer_index_refresh` writes (kind "answer"). The statistics facts are computed from
the same plan (checked against `reports.facts.refresh` by the tests).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from terbuka.inforequests.models import (
    Delivery,
    InformationRequest,
    Payment,
    RegistrationCounter,
    RequestEvent,
    RequestRouting,
    WrittenNotice,
)
from terbuka.inforequests.selectors import ARCHIVE_EXCLUDED
from terbuka.inforequests.states import Status
from terbuka.reports.models import Outcome, RequestFact
from terbuka.search.models import SearchEntry
from terbuka.synth.clock import WorkDays, dumps
from terbuka.synth.people import BodyInfo, People
from terbuka.synth.registry import SEARCH_FIELDS, search_row
from terbuka.synth.sink import Sink, next_id

K = RequestEvent.Kind
S = Status
CHUNK = 20_000
CHANNELS = (("web", 50), ("email", 15), ("walk_in", 15), ("letter", 14), ("phone", 6))
OUTCOMES = (
    ("granted_full", 55),
    ("granted_partial", 10),
    ("refused", 8),
    ("not_held", 7),
    ("other_body", 3),
    ("forwarded", 4),
    ("withdrawn", 4),
    ("lapsed", 2),
    ("completed", 3),  # asked to complete, completed, then granted in full
)
# UU 14/2008 Pasal 17 letters as refusals cite them (b, h and j the most).
LETTERS = (("a", 4), ("b", 25), ("c", 8), ("d", 6), ("e", 4), ("f", 3), ("g", 3), ("h", 20),
           ("i", 2), ("j", 25))  # fmt: skip
# Working days to the written notice: mostly within the 10 of Pasal 22(7), a tail to 25.
NOTICE_DAYS = tuple(range(26))
NOTICE_WEIGHTS = (2, 6, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2.5, 2, 1.8, 1.5, 1.3, 1.1, 0.8, 0.6,
                  0.5, 0.4, 0.3, 0.3, 0.2, 0.2)  # fmt: skip
SUBJECTS = (
    "Salinan DPA {unit} tahun {year}",
    "Laporan realisasi anggaran {unit} semester I tahun {year}",
    "Daftar kegiatan dan lokasi pembangunan {unit} tahun {year}",
    "Data jumlah penerima layanan {unit} per bulan tahun {year}",
    "Salinan kontrak pengadaan terbesar {unit} tahun {year}",
    "Standar pelayanan dan maklumat pelayanan {unit}",
    "Rencana kerja {unit} tahun {year}",
    "Laporan kinerja instansi pemerintah {unit} tahun {year}",
)
PURPOSES = (
    "Penelitian skripsi.",
    "Bahan liputan media.",
    "Pemantauan anggaran oleh masyarakat sipil.",
    "Keperluan organisasi kemasyarakatan.",
    "Pengawasan pembangunan di lingkungan RW.",
)
OFFLINE_KIND = {"web": K.SUBMITTED}
PUBLIC_SHARE = 0.3  # of portal requests, published in the archive by their requester
REQUEST_FIELDS = [
    "id", "created_at", "updated_at", "body_id", "unit_id", "requester_identity_id",
    "requester_id", "channel", "received_at", "registration_number", "registration_year",
    "registration_seq", "details", "purpose", "obtain_method", "delivery_method", "status",
    "clock_started_on", "notice_due_on", "extended_due_on", "due_on", "order_due_on",
    "is_extended", "extension_reason", "completion_due_on", "completion_request", "clock_inputs",
    "is_overdue", "is_public", "forwarded_to_name", "recorded_by_id", "fulfilled_at", "closed_at",
]  # fmt: skip
EVENT_FIELDS = ["request_id", "kind", "from_status", "to_status", "actor_id", "note",
                "is_internal", "data", "occurred_at"]  # fmt: skip
NOTICE_FIELDS = [
    "request_id", "possession", "other_body_name", "documented_by", "decision", "material",
    "redaction_explanation", "form", "copy_sheets", "copy_fee_per_sheet", "copy_cost",
    "delivery_cost", "other_cost", "total_cost", "payment_method", "provide_within_days",
    "refusal_letters", "refusal_other_law", "consequence_test_ref", "objection_statement",
    "objection_due_on", "signatory_name", "signatory_position", "issued_at", "issued_by_id",
]  # fmt: skip
FACT_FIELDS = ["request_id", "body_id", "unit_key", "year", "month", "channel", "outcome",
               "refusal_letters", "extended", "overdue", "noticed_on_time", "notice_days",
               "fulfil_days", "computed_at"]  # fmt: skip
EXTENSION_REASON = "Dokumen masih dihimpun dari beberapa bidang dan perlu diperiksa."
COMPLETION_ASK = "Lengkapi rincian informasi: sebutkan tahun dan kegiatan yang dimaksud."


def _table(pairs: tuple[tuple[Any, float], ...], size: int = 1000) -> list[Any]:
    """A look-up table of `size` entries where each value fills its share of the weights."""
    total = sum(w for _v, w in pairs)
    out: list[Any] = []
    for value, weight in pairs:
        out += [value] * round(size * weight / total)
    return out


@dataclass
class Objectable:
    """A decided request its requester may object to (read by `objections.py`)."""

    request: int
    body: int
    identity: int
    requester: int | None
    number: str
    # The day the ground of objection arose: the notice, or the later fulfilment (Pasal 36(1)).
    notice_day: int
    decision: str
    details: str


@dataclass
class Output:
    requests: int = 0
    events: int = 0
    objectable: list[Objectable] = field(default_factory=list)
    facets: dict[tuple[Any, ...], str] = field(default_factory=dict)
    archive_url: str = ""


class _Plan:
    """One request's history: (minute, kind, from, to, actor, note, data) steps and effects."""

    __slots__ = ("effects", "steps", "t")

    def __init__(self, t: int) -> None:
        self.t = t
        self.steps: list[tuple[int, str, str, str, int | None, str, dict[str, Any]]] = []
        self.effects: list[dict[str, Any]] = []

    def peek(self, t: int) -> int:
        """The time the next step at `t` gets: never before the previous step."""
        return max(t, self.t + 7)

    def at(self, t: int) -> int:
        self.t = self.peek(t)
        return self.t

    def add(
        self,
        t: int,
        kind: str,
        old: str,
        new: str,
        actor: int | None,
        note: str = "",
        data: dict[str, Any] | None = None,
        **effects: Any,
    ) -> None:
        self.steps.append((self.at(t), kind, old, new, actor, note, data or {}))
        self.effects.append(effects)


def generate(
    sink: Sink,
    rng: random.Random,
    wd: WorkDays,
    bodies: list[BodyInfo],
    people: People,
    *,
    count: int,
    first_day: int,
    cutoff_day: int,
    progress: Any,
) -> Output:
    """Write `count` requests received from `first_day` to the day before `cutoff_day`."""
    out = Output()
    first_id = next_id(InformationRequest)
    seqs: dict[tuple[int, int], int] = {}
    # One reverse() for every row: the archive's URL with a placeholder for the id.
    out.archive_url = reverse("inforequests:archive-detail", kwargs={"pk": 999_999_999}).replace(
        "999999999", "{}"
    )
    for requests, events, notices, routings, deliveries, payments, facts, answers in _chunks(
        rng, wd, bodies, people, count, first_day, cutoff_day, first_id, seqs, out
    ):
        sink.insert(InformationRequest, REQUEST_FIELDS, requests)
        sink.insert(RequestEvent, EVENT_FIELDS, events)
        sink.insert(WrittenNotice, NOTICE_FIELDS, notices)
        sink.insert(
            RequestRouting,
            ["request_id", "unit_id", "routed_by_id", "note", "is_active", "routed_at",
             "returned_at", "return_note"],
            routings,
        )  # fmt: skip
        sink.insert(
            Delivery, ["request_id", "method", "reference", "delivered_at", "recorded_by_id"],
            deliveries,
        )  # fmt: skip
        sink.insert(
            Payment,
            ["request_id", "amount", "method", "reference", "paid_at", "recorded_by_id"],
            payments,
        )
        sink.insert(RequestFact, FACT_FIELDS, facts)
        sink.insert(SearchEntry, SEARCH_FIELDS, answers)
        out.requests += len(requests)
        out.events += len(events)
        progress(f"  {out.requests:,} of {count:,} requests")
    sink.insert(
        RegistrationCounter,
        ["body_id", "year", "last_seq"],
        sorted((body, year, last) for (body, year), last in seqs.items()),
    )
    return out


def _chunks(
    rng: random.Random,
    wd: WorkDays,
    bodies: list[BodyInfo],
    people: People,
    count: int,
    first_day: int,
    cutoff_day: int,
    first_id: int,
    seqs: dict[tuple[int, int], int],
    out: Output,
) -> Iterator[tuple[list[Any], ...]]:
    channels = _table(CHANNELS)
    outcomes = _table(OUTCOMES)
    letters_table = _table(LETTERS)
    # A few bodies are busy and most are quiet (Zipf-like), as in bench/reports.py.
    body_table = _table(tuple((b, 1 / (i + 3)) for i, b in enumerate(bodies)), 4096)
    span = cutoff_day - first_day
    cutoff = cutoff_day * 1440
    computed = wd.utc(cutoff_day, 0)
    rows: tuple[list[Any], ...] = ([], [], [], [], [], [], [], [])
    for i in range(count):
        pk = first_id + i
        day = first_day + i * span // count
        body = body_table[rng.getrandbits(12)]
        _one(rng, wd, body, people, pk, day, cutoff, computed, seqs, rows, out,
             channels, outcomes, letters_table)  # fmt: skip
        if len(rows[0]) >= CHUNK:
            yield rows
            rows = ([], [], [], [], [], [], [], [])
    if rows[0]:
        yield rows


def _one(
    rng: random.Random,
    wd: WorkDays,
    body: BodyInfo,
    people: People,
    pk: int,
    day: int,
    cutoff: int,
    computed: str,
    seqs: dict[tuple[int, int], int],
    rows: tuple[list[Any], ...],
    out: Output,
    channels: list[str],
    outcomes: list[str],
    letters_table: list[str],
) -> None:
    requests, events, notices, routings, deliveries, payments, facts, answers = rows
    rand = rng.random
    channel = rng.choice(channels)
    web = channel == "web"
    officer = body.officer
    public = False
    if web:
        public = rand() < PUBLIC_SHARE
        citizen = rng.randrange(len(people.citizens))
        requester: int | None = people.citizens[citizen]
        identity = people.citizen_identities[citizen]
        minute = rng.randrange(6 * 60, 23 * 60)  # the portal is open in the evening too
    else:
        requester = None
        identity = people.walk_in_identities[rng.randrange(len(people.walk_in_identities))]
        minute = rng.randrange(8 * 60, 15 * 60 + 30)  # office hours, WIB
        day = wd.on_or_after(day)
    received_t = day * 1440 + minute
    received_at = wd.utc(day, minute)
    date = wd.dates[day]
    year = date.year
    seq = seqs.get((body.pk, year), 0) + 1
    seqs[(body.pk, year)] = seq
    number = f"{seq:04d}/PPID-{body.code}/{year}"
    units = body.units
    named_unit = rng.choice(units) if units and rand() < 0.3 else None
    target = named_unit or (rng.choice(units) if units else None)
    unit_name = body.unit_names.get(target, "PPID Utama") if target else "PPID Utama"
    details = rng.choice(SUBJECTS).format(unit=unit_name, year=year - 1 - rng.randrange(2)) + "."
    outcome = rng.choice(outcomes)
    actor_in = requester if web else officer
    plan = _Plan(received_t - 7)
    plan.add(
        received_t,
        K.SUBMITTED if web else K.RECORDED,
        "",
        S.REGISTERED,
        actor_in,
        data={"channel": channel, "registration_number": number, "received_at": received_at},
    )
    start = day
    status = S.REGISTERED
    # Perki 1/2021: an incomplete request is asked for what is missing; it lapses after the
    # completion window, or the clock restarts when it is completed.
    if outcome in ("lapsed", "completed"):
        asked = wd.add(day, 1)
        completion_due, completion_iso, completion_inputs = wd.completion(asked)
        plan.add(
            asked * 1440 + 600, K.COMPLETION_ASKED, S.REGISTERED, S.INCOMPLETE, officer,
            COMPLETION_ASK, {"completion_due_on": completion_iso},
            completion=(completion_iso, completion_inputs),
        )  # fmt: skip
        if outcome == "lapsed":
            plan.add(
                (completion_due + 1) * 1440 + 15, K.LAPSED, S.INCOMPLETE, S.LAPSED, None,
                terminal=True,
            )  # fmt: skip
            return _finish(wd, body, pk, plan, cutoff, computed, requests, events, notices,
                           facts, out, outcome="lapsed", received_day=day, start=day,
                           channel=channel, requester=requester, identity=identity,
                           number=number, seq=seq, received_at=received_at, details=details,
                           named_unit=named_unit, target=None, web=web)  # fmt: skip
        start = wd.add(asked, rng.randrange(1, 4))
        plan.add(start * 1440 + 660, K.COMPLETED, S.INCOMPLETE, S.REGISTERED, actor_in,
                 restart=start)  # fmt: skip
        outcome = "granted_full"
    notice_due, _notice_iso, _inputs = wd.notice(start)
    routed = None
    if named_unit is None and target is not None and rand() < 0.55:
        routed = target
        route_day = wd.add(start, 1) if rand() < 0.5 else start
        t = plan.peek(route_day * 1440 + 9 * 60)
        plan.add(t, K.ROUTED, status, S.ROUTED, officer, "Mohon ditindaklanjuti.",
                 {"units": [routed], "unit_names": [unit_name]},
                 routing=(routed, wd.utc(*divmod(t, 1440))))  # fmt: skip
        status = S.ROUTED
    if rand() < 0.6:
        t = wd.add(start, 1) * 1440 + 10 * 60
        plan.add(t, K.STARTED, status, S.IN_PROGRESS, officer)
        status = S.IN_PROGRESS
    notice_in = rng.choices(NOTICE_DAYS, NOTICE_WEIGHTS)[0]
    if outcome in ("forwarded", "withdrawn"):
        notice_in = min(notice_in, rng.randrange(0, 6))
    extended = notice_in >= 2 and rand() < (0.75 if notice_in > 10 else 0.03)
    due = notice_due
    if extended:
        ext_day = wd.add(start, min(notice_in - 1, 9))
        ext_due, ext_iso, ext_inputs = wd.extension(notice_due)
        plan.add(
            ext_day * 1440 + 14 * 60, K.EXTENDED, status, S.EXTENDED, officer, EXTENSION_REASON,
            {"extended_due_on": ext_iso}, extension=(ext_iso, ext_inputs),
        )  # fmt: skip
        status = S.EXTENDED
        due = ext_due
    act_day = wd.add(start, notice_in) if notice_in else start
    act_t = act_day * 1440 + (13 * 60 if notice_in else minute + 90)
    if act_day > due:
        # The daily job flags the running clock the day after its due date.
        plan.add((due + 1) * 1440 + 15, K.OVERDUE, "", "", None,
                 data={"due_on": wd.iso[due]}, overdue=True)  # fmt: skip
    if outcome == "withdrawn":
        plan.add(act_t, K.WITHDRAWN, status, S.WITHDRAWN, actor_in, "Informasi sudah diperoleh.",
                 terminal=True)  # fmt: skip
    elif outcome == "forwarded":
        # UU 14/2008 Pasal 22(7)b: forwarded to the body that holds the information.
        other = "Pemerintah Provinsi Sintetis"
        plan.add(act_t, K.FORWARDED, status, S.FORWARDED, officer, "",
                 {"to_body": None, "to_body_name": other, "notify": ["requester", "other_body"]},
                 terminal=True, forwarded=other)  # fmt: skip
    else:
        _notice(rng, wd, plan, body, outcome, status, act_day, act_t, details, letters_table,
                officer, act_day > due)  # fmt: skip
    _finish(wd, body, pk, plan, cutoff, computed, requests, events, notices, facts, out,
            outcome=outcome, received_day=day, start=start, channel=channel,
            requester=requester, identity=identity, number=number, seq=seq,
            received_at=received_at, details=details, named_unit=named_unit, target=routed,
            web=web, routings=routings, deliveries=deliveries, payments=payments,
            public=public, answers=answers)  # fmt: skip


def _notice(
    rng: random.Random,
    wd: WorkDays,
    plan: _Plan,
    body: BodyInfo,
    outcome: str,
    status: str,
    day: int,
    t: int,
    details: str,
    letters_table: list[str],
    officer: int,
    late: bool,
) -> None:
    """Plan the written notice (UU 14/2008 Pasal 22(7)) and what follows it."""
    poss, dec = WrittenNotice.Possession, WrittenNotice.Decision
    granted = outcome in ("granted_full", "granted_partial")
    possession = {
        "not_held": rng.choice((poss.NOT_HELD, poss.NOT_YET_DOCUMENTED)),
        "other_body": poss.HELD_BY_OTHER,
    }.get(outcome, poss.HELD)
    decision = {"granted_full": dec.GRANTED_FULL, "granted_partial": dec.GRANTED_PARTIAL}.get(
        outcome, dec.REFUSED
    )
    letters: list[str] = []
    if outcome == "refused":
        letters = sorted({rng.choice(letters_table) for _ in range(rng.choice((1, 1, 2)))})
    hardcopy = granted and rng.random() < 0.08
    sheets = rng.randrange(5, 120) if hardcopy else 0
    copy_cost = sheets * 500
    delivery_cost = 15000 if hardcopy else 0
    total = copy_cost + delivery_cost
    _objection_due, objection_iso, objection_inputs = wd.objection_window(day)
    notice = {
        "possession": possession,
        "other_body_name": "Pemerintah Provinsi Sintetis"
        if possession == poss.HELD_BY_OTHER
        else "",
        "documented_by": "Akhir tahun anggaran berjalan"
        if possession == poss.NOT_YET_DOCUMENTED
        else "",
        "decision": decision,
        "material": details if granted else "",
        "redaction": "Data pribadi penerima dihitamkan (Pasal 17 huruf h)."
        if decision == dec.GRANTED_PARTIAL
        else "",
        "form": (WrittenNotice.Form.HARDCOPY if hardcopy else WrittenNotice.Form.SOFTCOPY)
        if granted
        else WrittenNotice.Form.NONE,
        "sheets": sheets,
        "fee": 500 if hardcopy else 0,
        "copy_cost": copy_cost,
        "delivery_cost": delivery_cost,
        "total": total,
        "letters": letters,
        "test_ref": f"Uji konsekuensi PPID {body.code}" if letters else "",
        "objection_iso": objection_iso,
        "objection_inputs": objection_inputs,
        "issued_at": wd.utc(*divmod(plan.peek(t), 1440)),
    }
    new = S.AWAITING_PAYMENT if total else S.NOTICE_ISSUED
    plan.add(
        t, K.NOTICE_ISSUED, status, new, officer, "",
        {"decision": decision, "possession": possession, "total_cost": total, "late": late,
         "objection_due_on": objection_iso},
        notice=notice,
    )  # fmt: skip
    status = new
    if total:
        paid_day = wd.add(day, rng.randrange(1, 4))
        pt = plan.peek(paid_day * 1440 + 10 * 60)
        plan.add(pt, K.PAYMENT_RECORDED, status, S.NOTICE_ISSUED, officer, "",
                 {"amount": total, "method": "Transfer bank"},
                 payment=(total, wd.utc(*divmod(pt, 1440))))  # fmt: skip
        day, status = paid_day, S.NOTICE_ISSUED
    if granted:
        fulfil_day = wd.add(day, rng.randrange(0, 4)) if rng.random() < 0.7 else day
        ft = plan.peek(fulfil_day * 1440 + 14 * 60)
        plan.add(ft, K.FULFILLED, status, S.FULFILLED, officer, "", {"method": "email"},
                 fulfilled=wd.utc(*divmod(ft, 1440)))  # fmt: skip
        status = S.FULFILLED
        day = fulfil_day
    if rng.random() < 0.88:
        close_day = wd.add(day, rng.randrange(0, 4))
        plan.add(close_day * 1440 + 15 * 60, K.CLOSED, status, S.CLOSED, officer, "",
                 terminal=True)  # fmt: skip


def _finish(
    wd: WorkDays,
    body: BodyInfo,
    pk: int,
    plan: _Plan,
    cutoff: int,
    computed: str,
    requests: list[Any],
    events: list[Any],
    notices: list[Any],
    facts: list[Any],
    out: Output,
    *,
    outcome: str,
    received_day: int,
    start: int,
    channel: str,
    requester: int | None,
    identity: int,
    number: str,
    seq: int,
    received_at: str,
    details: str,
    named_unit: int | None,
    target: int | None,
    web: bool,
    routings: list[Any] | None = None,
    deliveries: list[Any] | None = None,
    payments: list[Any] | None = None,
    public: bool = False,
    answers: list[Any] | None = None,
) -> None:
    """Replay the steps before the cutoff into the request's fields and write its rows."""
    status = S.REGISTERED
    clock_start: int | None = received_day
    notice_due_on: str | None = wd.notice(received_day)[1]
    # JSON text of each clock, cached per start date: most requests share their clocks.
    clock_inputs: dict[str, str] = {"notice": wd.fragment(wd.notice(received_day)[2])}
    extended_due_on = None
    completion_due_on = None
    completion_request = ""
    extended = False
    overdue = False
    forwarded = ""
    fulfilled_at = None
    closed_at = None
    notice: dict[str, Any] | None = None
    notice_day = None
    fulfil_day = None
    routed_unit = None
    last_t = 0
    for (t, kind, old, new, actor, note, data), effects in zip(
        plan.steps, plan.effects, strict=True
    ):
        if t >= cutoff:
            break
        last_t = t
        when = wd.utc(*divmod(t, 1440))
        events.append((pk, kind, old, new, actor, note, False, dumps(data), when))
        if new:
            status = S(new)
        if "completion" in effects:
            completion_due_on, inputs = effects["completion"]
            completion_request = COMPLETION_ASK
            clock_start, notice_due_on = None, None
            clock_inputs = {"completion": wd.fragment(inputs)}
        if "restart" in effects:
            clock_start = effects["restart"]
            _due, notice_due_on, inputs = wd.notice(clock_start)
            clock_inputs = {"notice": wd.fragment(inputs)}
            completion_due_on = None
        if "routing" in effects:
            routed_unit, routed_at = effects["routing"]
            if routings is not None:
                routings.append((pk, routed_unit, body.officer, note, True, routed_at, None, ""))
        if "extension" in effects:
            extended = True
            extended_due_on, inputs = effects["extension"]
            clock_inputs = {**clock_inputs, "extension": wd.fragment(inputs)}
        if effects.get("overdue"):
            overdue = True
        if "notice" in effects:
            notice = effects["notice"]
            notice_day = t // 1440
            clock_inputs = {**clock_inputs, "objection": wd.fragment(notice["objection_inputs"])}
        if "payment" in effects and payments is not None:
            amount, paid_at = effects["payment"]
            payments.append((pk, amount, "Transfer bank", f"KW-{pk}", paid_at, body.officer))
        if "fulfilled" in effects:
            fulfilled_at = effects["fulfilled"]
            fulfil_day = t // 1440
            if deliveries is not None:
                deliveries.append((pk, "email", "", fulfilled_at, body.officer))
        if "forwarded" in effects:
            forwarded = effects["forwarded"]
        if effects.get("terminal"):
            closed_at = when
    del last_t
    due_on = extended_due_on if extended else notice_due_on
    if status == S.INCOMPLETE or status == S.LAPSED:
        due_on = None
    created = received_at
    requests.append(
        (
            pk, created, created, body.pk, named_unit, identity, requester, channel,
            received_at, number, wd.dates[received_day].year, seq, details,
            "Penelitian dan pemantauan pelayanan publik.", "salinan_softcopy", "email",
            status, wd.iso[clock_start] if clock_start is not None else None, notice_due_on,
            extended_due_on, due_on, None, extended, EXTENSION_REASON if extended else "",
            completion_due_on, completion_request, _json_object(clock_inputs), overdue, public,
            forwarded, None if web else body.officer, fulfilled_at, closed_at,
        )
    )  # fmt: skip
    if notice is not None:
        notices.append(
            (
                pk, notice["possession"], notice["other_body_name"], notice["documented_by"],
                notice["decision"], notice["material"], notice["redaction"], notice["form"],
                notice["sheets"], notice["fee"], notice["copy_cost"], notice["delivery_cost"],
                0, notice["total"],
                "Transfer ke rekening kas daerah (sintetis)." if notice["total"] else "",
                None, dumps(notice["letters"]), "", notice["test_ref"],
                _objection_statement(notice["objection_iso"]), notice["objection_iso"],
                f"PPID Utama {body.code}", "PPID Utama", notice["issued_at"], body.officer,
            )
        )  # fmt: skip
    if public and notice is not None and status not in ARCHIVE_EXCLUDED and answers is not None:
        # As services.answer_index_refresh indexes an archive answer (no released documents).
        first_line = details.strip().splitlines()[0] if details.strip() else ""
        answers.append(
            search_row("answer", pk, body.pk, named_unit, f"{number}: {first_line}"[:300],
                       "\n".join(p for p in (details, notice["material"]) if p),
                       out.archive_url.format(pk), notice["issued_at"], "", "",
                       int(received_at[:4]), out.facets)
        )  # fmt: skip
    # The fact, as reports.facts.fact_values computes it from these rows.
    start_day = clock_start if clock_start is not None else received_day
    fact_outcome = _outcome(status, notice)
    due_day = None if due_on is None else wd.index(_date(due_on))
    late = notice_day is not None and due_day is not None and notice_day > due_day
    is_overdue = overdue or late
    letters = "".join(notice["letters"]) if notice and fact_outcome == Outcome.REFUSED else ""
    date = wd.dates[received_day]
    facts.append(
        (
            pk, body.pk, routed_unit or named_unit or body.utama, date.year, date.month,
            channel, fact_outcome, letters, extended, is_overdue,
            None if notice_day is None else not is_overdue,
            None if notice_day is None else wd.between(start_day, notice_day),
            None if fulfil_day is None else wd.between(start_day, fulfil_day),
            computed,
        )
    )  # fmt: skip
    if notice is not None and status in (S.CLOSED, S.NOTICE_ISSUED, S.FULFILLED):
        out.objectable.append(
            Objectable(pk, body.pk, identity, requester, number,
                       max(notice_day or 0, fulfil_day or 0), notice["decision"], details)
        )  # fmt: skip
    del outcome, start, target


def _json_object(fragments: dict[str, str]) -> str:
    """The text `json.dumps` gives for a dict whose values are already JSON text."""
    return "{" + ", ".join(f'"{key}": {value}' for key, value in fragments.items()) + "}"


def _date(iso: str) -> Any:
    from datetime import date

    return date.fromisoformat(iso)


def _outcome(status: str, notice: dict[str, Any] | None) -> str:
    poss = WrittenNotice.Possession
    if notice is not None:
        if notice["possession"] == poss.HELD_BY_OTHER:
            return Outcome.FORWARDED
        if notice["possession"] in (poss.NOT_HELD, poss.NOT_YET_DOCUMENTED):
            return Outcome.NOT_HELD
        return str(notice["decision"])
    return {
        S.FORWARDED: Outcome.FORWARDED,
        S.WITHDRAWN: Outcome.WITHDRAWN,
        S.LAPSED: Outcome.LAPSED,
    }.get(S(status), Outcome.PENDING)


def _objection_statement(due_iso: str) -> str:
    # UU 14/2008 Pasal 35-36: objection to the Atasan PPID within 30 working days; the text
    # is the one `inforequests.services` writes, in Indonesian (the notice's language).
    return (
        "Apabila Anda tidak puas dengan keputusan ini, Anda dapat mengajukan keberatan kepada "
        "Atasan PPID paling lambat 30 hari kerja sejak pemberitahuan ini diterima, yaitu "
        f"sampai dengan {due_iso}."
    )
