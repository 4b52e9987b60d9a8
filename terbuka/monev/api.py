"""The monev API: `/api/v1/monev/...` (Perki 1/2022).

Creating a cycle and computing need the body's PPID Utama or an admin; answers need the unit's
PPID Pelaksana (or the organiser). Results are public once announced; before that only officers
who see the cycle read them. Scores are strings with two decimals, exactly as published.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema, Status
from ninja.security import django_auth

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import Unit
from terbuka.core.api import guarded, path_id
from terbuka.core.exceptions import NotFound, ValidationError
from terbuka.core.service_helpers import require
from terbuka.monev import permissions, selectors, services
from terbuka.monev.models import EvaluationCycle, Participant
from terbuka.monev.rubric import Evidence as EvidenceRule
from terbuka.monev.states import CycleStatus

router = Router(tags=["monev"], auth=[TokenAuth(), django_auth])

ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
MAX_KEY_LENGTH = 200


class _OptionalAuth(TokenAuth):
    """Token or session when given; anonymous otherwise (announced results are public)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        if user:
            return user
        if request.user.is_authenticated:
            return request.user
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()


class CycleIn(Schema):
    body: str
    year: int
    name: str
    organiser: str = ""
    rubric: dict[str, Any]
    participants: list[str]


class CycleOut(Schema):
    id: int
    body: str
    year: int
    name: str
    organiser: str
    status: str
    participants: int


class AnswersIn(Schema):
    answers: dict[str, str]
    notes: dict[str, str] = {}
    submit: bool = False


class AnswersOut(Schema):
    unit: str
    answered: int
    questions: int
    submitted: bool


class ComputedOut(Schema):
    participants: int
    computed_at: str


class ResultOut(Schema):
    unit: str
    name: str
    group: str
    score: str
    category: str
    rank: int
    overall_rank: int


class ResultsOut(Schema):
    cycle: int
    status: str
    results: list[ResultOut]


def _cycle_out(cycle: EvaluationCycle) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "body": cycle.body.slug,
        "year": cycle.year,
        "name": cycle.name,
        "organiser": cycle.organiser,
        "status": cycle.status,
        "participants": cycle.participants.count(),
    }


def _cycle_or_404(pk: int) -> EvaluationCycle:
    cycle = EvaluationCycle.objects.select_related("body", "rubric").filter(pk=pk).first()
    if cycle is None:
        raise NotFound(_("Siklus monev tidak ditemukan."))
    return cycle


def _units(body: Any, slugs: list[str]) -> list[Unit]:
    units: list[Unit] = []
    unknown: list[str] = []
    for slug in slugs:
        unit = body_selectors.unit_find_in_body(body, slug)
        if unit is None:
            unknown.append(slug)
        else:
            units.append(unit)
    if unknown:
        message = _("Unit tidak ditemukan pada badan publik ini: %(slugs)s.") % {
            "slugs": ", ".join(unknown)
        }
        raise ValidationError(message, fields={"participants": [message]})
    return units


def _participant_for(user: Any, cycle_id: int, unit: str) -> Participant:
    """The cycle's participant for `unit` as the office sees it; 404 for a hidden cycle too."""
    cycle = _cycle_or_404(cycle_id)
    participant = selectors.participant_get(cycle, unit)
    if participant is None or not permissions.can_view_cycle_office(user, cycle):
        raise NotFound(_("Peserta tidak ditemukan pada siklus ini."))
    participant.cycle = cycle  # with its body and rubric
    return participant


def _may_answer(user: Any, path: dict[str, Any]) -> None:
    """The participant (404) and the right to answer for it (403), before the body (422)."""
    participant = _participant_for(user, path_id(path, "cycle_id"), str(path.get("unit", "")))
    require(permissions.can_answer(user, participant))


ANSWERER = guarded(_may_answer)


@router.post("/cycles", response={201: CycleOut, **ERRORS}, summary="Create an evaluation cycle")
def cycle_create(request: HttpRequest, payload: CycleIn) -> Any:
    """Create a cycle with its rubric (JSON exchange format) over units named by slug.

    The questionnaire opens at once. 422 `invalid_rubric` lists every problem with its path
    (`details.problems`). `Idempotency-Key`: the same key and content give the same cycle.
    """
    user = request.auth  # type: ignore[attr-defined]
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > MAX_KEY_LENGTH:
        message = _("Kunci idempotensi terlalu panjang.")
        raise ValidationError(message, fields={"Idempotency-Key": [message]})
    try:
        body = body_selectors.body_get_by_slug(payload.body)
    except NotFound as exc:
        raise ValidationError(exc.message, fields={"body": [exc.message]}) from None
    cycle = services.cycle_create(
        actor=user,
        body=body,
        name=payload.name,
        year=payload.year,
        organiser=payload.organiser,
        rubric=payload.rubric,
        participants=_units(body, payload.participants),
        open_questionnaire=True,
        idempotency_key=key,
    )
    return Status(201, _cycle_out(cycle))


@router.get("/cycles/{cycle_id}", response={200: CycleOut, **ERRORS}, summary="One cycle")
def cycle_detail(request: HttpRequest, cycle_id: int) -> Any:
    cycle = _cycle_or_404(cycle_id)
    if not permissions.can_view_cycle_office(request.auth, cycle):  # type: ignore[attr-defined]
        raise NotFound(_("Siklus monev tidak ditemukan."))
    return _cycle_out(cycle)


@router.put(
    "/cycles/{cycle_id}/participants/{unit}/answers",
    response={200: AnswersOut, **ERRORS},
    auth=ANSWERER,
    summary="Save a participant's answers",
)
def answers_put(request: HttpRequest, cycle_id: int, unit: str, payload: AnswersIn) -> Any:
    """Save answers `{"answers": {"<question key>": "<option key>"}}` (all or none).

    `submit: true` also sends the questionnaire (every question must then be answered).
    """
    user = request.auth  # type: ignore[attr-defined]
    participant = _participant_for(user, cycle_id, unit)
    cycle = participant.cycle
    services.answers_save(
        participant=participant, actor=user, answers=payload.answers, notes=payload.notes
    )
    if payload.submit:
        participant = services.participant_submit(participant=participant, actor=user)
    rubric = services.rubric_of(cycle)
    return {
        "unit": participant.unit.slug,
        "answered": participant.answers.count(),
        "questions": sum(1 for _item in rubric.questions()),
        "submitted": participant.submitted_at is not None,
    }


class EvidenceOut(Schema):
    id: int
    question: str
    kind: str
    url: str
    file_name: str


@router.post(
    "/cycles/{cycle_id}/participants/{unit}/evidence",
    response={201: EvidenceOut, **ERRORS},
    auth=ANSWERER,
    summary="Attach evidence to an answer",
)
def evidence_create(
    request: HttpRequest,
    cycle_id: int,
    unit: str,
    question: Form[str],
    url: Form[str] = "",
) -> Any:
    """Attach a link (`url`) or a PDF of at most 2 MB (`file`, multipart) to an answer."""
    user = request.auth  # type: ignore[attr-defined]
    file = request.FILES.get("file")
    participant = _participant_for(user, cycle_id, unit)
    answer = participant.answers.filter(question_key=question).first()
    if answer is None:
        message = _("Jawab pertanyaan ini dulu sebelum melampirkan bukti.")
        raise ValidationError(message, fields={"question": [message]})
    if (file is None) == (not url.strip()):
        message = _("Kirim satu tautan atau satu berkas PDF.")
        raise ValidationError(message, fields={"url": [message], "file": [message]})
    if file is not None:
        if file.size is not None and file.size > EvidenceRule.MAX_PDF_BYTES:
            message = _("Berkas bukti paling besar 2 MB.")
            raise ValidationError(message, fields={"file": [message]})
        evidence = services.evidence_add_pdf(
            answer=answer, actor=user, data=file.read(), filename=file.name or "bukti.pdf"
        )
    else:
        evidence = services.evidence_add_link(answer=answer, actor=user, url=url)
    return Status(
        201,
        {
            "id": evidence.pk,
            "question": question,
            "kind": evidence.kind,
            "url": evidence.url,
            "file_name": evidence.original_name,
        },
    )


@router.post(
    "/cycles/{cycle_id}/compute",
    response={200: ComputedOut, **ERRORS},
    summary="Compute scores, categories and ranks",
)
def cycle_compute(request: HttpRequest, cycle_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    cycle = _cycle_or_404(cycle_id)
    if not permissions.can_view_cycle_office(user, cycle):
        raise NotFound(_("Siklus monev tidak ditemukan."))
    results = services.cycle_compute(cycle=cycle, actor=user)
    cycle.refresh_from_db(fields=["computed_at"])
    assert cycle.computed_at is not None  # noqa: S101 - set by the computation
    return {"participants": len(results), "computed_at": cycle.computed_at.isoformat()}


@router.get(
    "/cycles/{cycle_id}/results",
    response={200: ResultsOut, **ERRORS},
    auth=[_OptionalAuth()],
    # Anonymous callers are let in: an empty requirement says the token is optional.
    openapi_extra={"security": [{"_OptionalAuth": []}, {}]},
    summary="Scores, categories and ranks",
)
def cycle_results(request: HttpRequest, cycle_id: int) -> Any:
    """Every participant's score (two decimals, as a string), category and rank in its group.

    Public once the cycle is announced; before that, for officers who see the cycle.
    """
    user = request.auth  # type: ignore[attr-defined]
    cycle = _cycle_or_404(cycle_id)
    if cycle.status != CycleStatus.ANNOUNCED and not permissions.can_view_cycle_office(user, cycle):
        raise NotFound(_("Siklus monev tidak ditemukan."))
    return {
        "cycle": cycle.pk,
        "status": cycle.status,
        "results": [
            {
                "unit": result.participant.unit.slug,
                "name": result.participant.unit.name,
                "group": result.participant.group,
                "score": f"{result.score:.2f}",
                "category": result.category,
                "rank": result.rank,
                "overall_rank": result.overall_rank,
            }
            for result in selectors.results_for(cycle)
        ],
    }
