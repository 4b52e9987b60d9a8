"""Budget imports with their lines, and five years of monev with results and history.

Budget: each body's PPID Utama holds, per year, the APBD (a plan: no realisation) and, for
every year already over, the yearly LRA with realisation. Codes follow the regional chart of
accounts (4 revenue, 5 spending, then programmes down to sub-activities); a parent's amount is
the sum of its children and the totals are those `budget.imports` computes (top level only).
Each import's file is the CSV an officer would upload (the template's columns, `;`, amounts
written as `budget.amounts.format_number` does), which `budget.imports` reads back to the same
lines; its SHA-256 is the file's.

Monev: each body runs its internal monev every year over its PPID Pelaksana with the shipped
rubric (`monev_internal_kota.json`): answers per question, scores and ranks computed by
`monev.scoring` exactly as `services.cycle_compute` does, the cycle announced and the results
copied into the history (`HistoricalResult`), as announcing does. A positive answer to a
question that asks for evidence usually has some: mostly a link, sometimes a PDF. Evidence
PDFs say only which question they back, so there is one stored file per question, shared by
every evidence row that names it (a removed evidence row leaves its file: `monev.services`
never deletes one).
"""

from __future__ import annotations

import hashlib
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from terbuka.budget import codes
from terbuka.budget.amounts import format_number
from terbuka.budget.imports import COLUMNS as BUDGET_COLUMNS
from terbuka.budget.models import BudgetImport, BudgetKind, BudgetLine
from terbuka.monev import scoring
from terbuka.monev.models import (
    Answer,
    EvaluationCycle,
    Evidence,
    HistoricalResult,
    Participant,
    Result,
    Rubric,
)
from terbuka.monev.rubric import parse_rubric
from terbuka.monev.states import CycleStatus, Verification
from terbuka.synth import files
from terbuka.synth.clock import WorkDays, dumps
from terbuka.synth.people import BodyInfo
from terbuka.synth.sink import Sink, next_id

RUBRIC_FILE = (
    Path(__file__).resolve().parent.parent / "monev" / "rubrics" / "monev_internal_kota.json"
)
ORGANISER = "PPID Utama"
# Distinct answer sheets: participants answer like one of them, each still scored on its own.
SHEETS = 512
SPENDING = ("Belanja pegawai", "Belanja barang dan jasa", "Belanja modal", "Belanja hibah")
REVENUE = ("Pajak daerah", "Retribusi daerah", "Dana transfer")
EVIDENCE_SHARE = 0.6  # of positive answers to questions that ask for evidence
EVIDENCE_PDF_SHARE = 0.25  # of those, a PDF rather than a link
EVIDENCE_HOST = "https://ppid.sintetis.test"  # .test is reserved (RFC 2606): never resolves


def _lines(rng: random.Random, size: int) -> list[tuple[str, str, Decimal, Decimal]]:
    """(code, description, allocation, realisation) leaves of about `size` lines in all."""
    leaves = []
    for i, name in enumerate(REVENUE, start=1):
        for j in range(1, 3):
            amount = Decimal(rng.randrange(10**9, 5 * 10**10))
            leaves.append((f"4.1.{i:02d}.{j:02d}", f"{name} {j}", amount))
    per = max(1, (size - 20) // (len(SPENDING) * 3))
    for i, name in enumerate(SPENDING, start=1):
        for j in range(1, 4):
            for k in range(1, per + 1):
                amount = Decimal(rng.randrange(10**7, 5 * 10**9))
                leaves.append(
                    (f"5.{i}.{j:02d}.{k:02d}", f"{name} program {j} kegiatan {k}", amount)
                )
    return [(code, text, amount, amount * Decimal(rng.randrange(70, 104)) / 100)
            for code, text, amount in leaves]  # fmt: skip


def budgets(
    sink: Sink, rng: random.Random, wd: WorkDays, bodies: list[BodyInfo], *, years: list[int],
    lines_per_import: int, cutoff_year: int, store: files.Writer,
) -> dict[str, int]:  # fmt: skip
    """Write the APBD of every year and the yearly LRA of every past year per body."""
    import_id = next_id(BudgetImport)
    imports: list[Any] = []
    rows: list[Any] = []
    for body in bodies:
        for year in years:
            leaves = _lines(rng, lines_per_import)
            for kind in (BudgetKind.APBD_MURNI, BudgetKind.LRA_YEARLY):
                realised = kind == BudgetKind.LRA_YEARLY
                if realised and year >= cutoff_year:
                    continue
                amounts: dict[str, list[Any]] = {}
                names: dict[str, str] = {}
                for code, text, allocation, realisation in leaves:
                    names[code] = text
                    real = realisation.quantize(Decimal("0.01")) if realised else None
                    amounts[code] = [allocation, real]
                    parent = codes.parent_of(code)
                    while parent:
                        names.setdefault(parent, "Pendapatan" if parent[0] == "4" else "Belanja")
                        total = amounts.setdefault(
                            parent, [Decimal(0), Decimal(0) if realised else None]
                        )
                        total[0] += allocation
                        if realised:
                            total[1] += real
                        parent = codes.parent_of(parent)
                children: dict[str, int] = {}
                for code in amounts:
                    parent = codes.parent_of(code)
                    if parent:
                        children[parent] = children.get(parent, 0) + 1
                ordered = sorted(amounts, key=codes.sort_key)
                overspent = sum(1 for a, r in amounts.values() if r is not None and r > a)
                tops = [amounts[c] for c in ordered if codes.depth_of(c) == 1]
                created = f"{year + 1}-03-02 02:00:00" if realised else f"{year}-01-15 02:00:00"
                data = _csv(ordered, names, amounts, realised)
                name = files.name_for("budget", import_id, ".csv")
                store.write(name, data)
                imports.append(
                    (import_id, body.pk, body.utama, year, kind, f"{kind}-{year}.csv", name,
                     hashlib.sha256(data).hexdigest(), None, "active", None,
                     len(ordered), sum((t[0] for t in tops), Decimal(0)),
                     sum((t[1] for t in tops), Decimal(0)) if realised else None, overspent,
                     body.officer, created, "")
                )  # fmt: skip
                for row_number, code in enumerate(ordered, start=2):
                    allocation, real = amounts[code]
                    rows.append(
                        (import_id, code, codes.parent_of(code), codes.sort_key(code),
                         codes.depth_of(code), children.get(code, 0), names[code],
                         allocation.quantize(Decimal("0.01")), real, row_number)
                    )  # fmt: skip
                import_id += 1
    sink.insert(
        BudgetImport,
        ["id", "body_id", "unit_id", "year", "kind", "original_name", "file", "sha256",
         "scan_id", "status", "replaced_by_id", "lines_count", "total_allocation",
         "total_realisation", "overspent_count", "created_by_id", "created_at", "note"],
        imports,
    )  # fmt: skip
    sink.insert(
        BudgetLine,
        ["budget_import_id", "code", "parent_code", "sort_key", "depth", "child_count",
         "description", "allocation", "realisation", "row_number"],
        rows,
    )  # fmt: skip
    return {"budget_imports": len(imports), "budget_lines": len(rows)}


def _csv(
    ordered: list[str], names: dict[str, str], amounts: dict[str, list[Any]], realised: bool
) -> bytes:
    """The uploaded file of one import: UTF-8 with BOM, as the importer's CSV template."""
    rows = [
        (code, names[code], format_number(amounts[code][0].quantize(Decimal("0.01"))),
         format_number(amounts[code][1]) if realised else "")
        for code in ordered
    ]  # fmt: skip
    return b"\xef\xbb\xbf" + files.csv_bytes(BUDGET_COLUMNS, rows)


def monev(
    sink: Sink, rng: random.Random, wd: WorkDays, bodies: list[BodyInfo], *, years: list[int],
    store: files.Writer,
) -> dict[str, int]:  # fmt: skip
    """Write one announced internal monev cycle per body and year, with results and history."""
    definition = json.loads(RUBRIC_FILE.read_text(encoding="utf-8"))
    rubric = parse_rubric(definition)
    questions = [q for _s, _i, q in rubric.questions()]
    sheets = []
    for _ in range(SHEETS):
        quality = rng.random()
        answers = {}
        for question in questions:
            options = sorted(question.options, key=lambda o: -o.score)
            pick = 0 if rng.random() < quality else rng.randrange(len(options))
            answers[question.key] = options[pick].key
        sheets.append((answers, scoring.score(rubric, answers)))
    proofs = _evidence_plans(rng, store, questions, [answers for answers, _s in sheets])
    answer_id = next_id(Answer)
    evidence_rows: list[Any] = []
    cycle_id = next_id(EvaluationCycle)
    participant_id = next_id(Participant)
    rubric_rows, cycles, participants, answers_rows, results, history = [], [], [], [], [], []
    rubric_id = next_id(Rubric)
    for body in bodies:
        created = wd.utc(0, 9 * 60)
        rubric_rows.append((rubric_id, created, created, body.pk, str(definition["name"]),
                            int(definition["year"]), "Templat Terbuka", dumps(definition),
                            body.officer))  # fmt: skip
        for year in years:
            announced = f"{year}-11-30"
            cycles.append(
                (cycle_id, f"{year}-07-01 02:00:00", f"{year}-11-30 03:00:00", body.pk,
                 f"Monev internal PPID Pelaksana {year}",
                 year, ORGANISER, rubric_id, CycleStatus.ANNOUNCED, f"{year}-08-01",
                 f"{year}-08-31", f"{year}-09-30", f"{year}-10-14", f"{year}-10-31", announced,
                 f"{year}-11-28 03:00:00", body.officer)
            )  # fmt: skip
            picked = {}
            for unit in body.units:
                picked[participant_id] = (unit, rng.randrange(SHEETS))
                group = body.unit_groups[unit]
                submitted = f"{year}-08-{rng.randrange(10, 31):02d} 04:00:00"
                participants.append(
                    (participant_id, cycle_id, unit, group, submitted, body.officer)
                )
                answers, _sheet = sheets[picked[participant_id][1]]
                proof = proofs[picked[participant_id][1]]
                for key, option in answers.items():
                    answers_rows.append((answer_id, participant_id, key, option, "", body.officer,
                                         submitted, Verification.ACCEPTED, "", "", body.officer,
                                         f"{year}-09-15 03:00:00"))  # fmt: skip
                    found = proof.get(key)
                    if found is not None:
                        kind, name, size = found
                        url = f"{EVIDENCE_HOST}/{body.slug}/{year}/{key}" if not name else ""
                        evidence_rows.append((answer_id, kind, url, name,
                                              f"bukti-{key}.pdf" if name else "", size,
                                              Evidence.Source.PARTICIPANT, "", body.officer,
                                              submitted))  # fmt: skip
                    answer_id += 1
                participant_id += 1
            finals = [(pk, sheets[s][1].final) for pk, (_u, s) in picked.items()]
            overall = scoring.competition_ranks(finals)
            groups: dict[str, list[tuple[int, Decimal]]] = {}
            for pk, final in finals:
                groups.setdefault(body.unit_groups[picked[pk][0]], []).append((pk, final))
            in_group: dict[int, int] = {}
            for members in groups.values():
                in_group.update(scoring.competition_ranks(members))
            for pk, (unit, s) in picked.items():
                sheet = sheets[s][1]
                category = sheet.category.name if sheet.category is not None else ""
                results.append(
                    (pk, sheet.final, category, in_group[pk], overall[pk],
                     dumps({k: str(scoring.round_half_up(v)) for k, v in sheet.stages.items()}),
                     dumps({k: str(scoring.round_half_up(v)) for k, v in sheet.indicators.items()}),
                     dumps([{"question": i.question, "indicator": i.indicator, "stage": i.stage,
                             "points": str(i.rounded)} for i in sheet.lost[:20]]),
                     f"{year}-11-28 03:00:00")
                )  # fmt: skip
                history.append(
                    (body.pk, unit, body.unit_names[unit], year, ORGANISER,
                     body.unit_groups[unit], sheet.final, category, in_group[pk],
                     f"Monev internal PPID Pelaksana {year}", cycle_id)
                )  # fmt: skip
            cycle_id += 1
        rubric_id += 1
    sink.insert(Rubric, ["id", "created_at", "updated_at", "body_id", "name", "year", "source",
                         "definition", "created_by_id"], rubric_rows)  # fmt: skip
    sink.insert(
        EvaluationCycle,
        ["id", "created_at", "updated_at", "body_id", "name", "year", "organiser", "rubric_id",
         "status", "questionnaire_opens_on", "questionnaire_closes_on", "verification_closes_on",
         "objection_closes_on", "presentation_on", "announced_on", "computed_at",
         "created_by_id"],
        cycles,
    )  # fmt: skip
    sink.insert(Participant, ["id", "cycle_id", "unit_id", "group", "submitted_at",
                              "submitted_by_id"], participants)  # fmt: skip
    sink.insert(
        Answer,
        ["id", "participant_id", "question_key", "option_key", "note", "answered_by_id",
         "answered_at", "verification", "verified_option_key", "verification_note",
         "verified_by_id", "verified_at"],
        answers_rows,
    )  # fmt: skip
    sink.insert(
        Evidence,
        ["answer_id", "kind", "url", "file", "original_name", "size", "source", "source_detail",
         "added_by_id", "added_at"],
        evidence_rows,
    )  # fmt: skip
    sink.insert(
        Result,
        ["participant_id", "score", "category", "rank", "overall_rank", "stage_scores",
         "indicator_scores", "lost", "computed_at"],
        results,
    )  # fmt: skip
    sink.insert(
        HistoricalResult,
        ["body_id", "unit_id", "participant_name", "year", "organiser", "group", "score",
         "category", "rank", "source", "cycle_id"],
        history,
    )  # fmt: skip
    return {
        "monev_cycles": len(cycles),
        "monev_results": len(results),
        "monev_answers": len(answers_rows),
        "monev_evidence": len(evidence_rows),
    }


def _evidence_plans(
    rng: random.Random, store: files.Writer, questions: list[Any], sheets: list[dict[str, str]]
) -> list[dict[str, tuple[str, str, int]]]:
    """Per answer sheet, the evidence of each answered question: (kind, file name, size).

    The PDF of a question is written once and shared by every evidence row that names it.
    """
    pdfs: dict[str, tuple[str, int]] = {}
    for question in questions:
        if question.evidence == "none":
            continue
        data = files.pdf(
            "Bukti dukung monev",
            [*files.wrap(question.text), "", "Dokumen sintetis untuk uji skala Terbuka."],
        )
        name = files.shared_name("monev", question.key, ".pdf")
        store.write(name, data)
        pdfs[question.key] = (name, len(data))
    plans = []
    for answers in sheets:
        plan: dict[str, tuple[str, str, int]] = {}
        for question in questions:
            option = question.option(answers[question.key])
            if question.key not in pdfs or option is None or option.score <= 0:
                continue
            if rng.random() >= EVIDENCE_SHARE:
                continue
            if rng.random() < EVIDENCE_PDF_SHARE:
                plan[question.key] = (Evidence.Kind.PDF, *pdfs[question.key])
            else:
                plan[question.key] = (Evidence.Kind.LINK, "", 0)
        plans.append(plan)
    return plans
