"""Budget documents: released through the DIP's safety gate as periodic information, replaced
with history, withdrawn; one upload of numbers and file; every allowed and refused step."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]

from terbuka.budget import documents, selectors
from terbuka.budget.imports import ImportFailed
from terbuka.budget.models import (
    BudgetDocument,
    BudgetEvent,
    BudgetImport,
    BudgetLine,
    DocumentState,
)
from terbuka.budget.tests.factories import SMALL, csv_bytes
from terbuka.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationError
from terbuka.registry import services as registry_services
from terbuka.registry.models import (
    DocumentVersion,
    InfoClass,
    InformationEntry,
    LegalCategory,
    RegistryEvent,
)
from terbuka.registry.services import add_months
from terbuka.registry.states import EntryStatus
from terbuka.safety.tests.corpus import pdf

pytestmark = pytest.mark.django_db
State = DocumentState
Kind = BudgetEvent.Kind


def _with_hidden_nik() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kode_rekening", "uraian", "anggaran", "realisasi"])
    sheet.append(["5", "Belanja Daerah", "1000", "900"])
    secret = book.create_sheet("Penerima")
    secret.append(["Nama", "NIK"])
    secret.append(["Penerima Uji", "3673015507850001"])
    secret.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(actor: Any, body: Any, unit: Any, **options: Any) -> BudgetDocument:
    values: dict[str, Any] = {
        "year": 2025,
        "kind": "lra_q1",
        "data": pdf(),
        "filename": "lra-triwulan-1.pdf",
    }
    values.update(options)
    return documents.document_upload(actor=actor, body=body, unit=unit, **values)


def _public(body: Any) -> list[int]:
    return [d.pk for d in selectors.documents_public(body)]


# --- Release through the DIP -----------------------------------------------------------------


def test_clean_document_is_released_as_periodic_dip_information(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    doc = _upload(unit_officer, body, unit)
    entry = InformationEntry.objects.get(pk=doc.entry_id)
    assert entry.info_class == InfoClass.BERKALA
    assert entry.legal_category == LegalCategory.P9_FINANCE
    assert entry.status == EntryStatus.PUBLISHED
    assert entry.unit == unit
    assert entry.update_every_months == 3
    assert "Laporan Realisasi Anggaran" in entry.title
    assert unit.name in entry.title
    today = timezone.localdate()
    assert entry.last_updated_on == today
    assert entry.next_update_due_on == add_months(today, 3)
    assert doc.title == "LRA triwulan I 2025 Dinas Kesehatan"
    assert doc.document.entry_id == entry.pk
    assert selectors.document_state(doc) == State.PUBLISHED
    assert _public(body) == [doc.pk]
    assert [e.kind for e in selectors.document_timeline(doc)] == [
        Kind.DOCUMENT_ADDED,
        Kind.DOCUMENT_RELEASED,
    ]
    kinds = set(RegistryEvent.objects.filter(entry=entry).values_list("kind", flat=True))
    assert {"created", "document_added", "published", "update_recorded"} <= kinds


def test_the_dip_entry_texts_are_indonesian_whatever_the_officer_language(
    body: Any, unit: Any, unit_officer: Any, settings: Any
) -> None:
    from django.utils import translation

    with translation.override("en"):
        doc = _upload(unit_officer, body, unit)
    assert doc.title.startswith("LRA triwulan I")
    assert doc.entry.responsible_person == "PPID Pelaksana Dinas Kesehatan"


def test_one_entry_per_family_and_unit(
    body: Any, unit: Any, other_unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    q1 = _upload(unit_officer, body, unit)
    q2 = _upload(unit_officer, body, unit, kind="lra_q2", filename="lra2.pdf")
    yearly_next = _upload(unit_officer, body, unit, kind="lra_yearly", year=2026)
    dpa = _upload(unit_officer, body, unit, kind="dpa")
    other = _upload(ppid_utama, body, other_unit)
    assert q1.entry_id == q2.entry_id == yearly_next.entry_id
    assert dpa.entry_id != q1.entry_id
    assert dpa.entry.update_every_months == 6
    assert other.entry_id not in (q1.entry_id, dpa.entry_id)
    assert other.entry.unit == other_unit
    assert InformationEntry.objects.count() == 3


def test_procurement_documents_are_other_periodic_information(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    doc = _upload(unit_officer, body, unit, kind="rup")
    assert doc.entry.legal_category == LegalCategory.P9_OTHER
    assert doc.entry.info_class == InfoClass.BERKALA


def test_document_with_findings_is_held_until_the_ppid_utama_overrides(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    doc = _upload(unit_officer, body, unit, data=_with_hidden_nik(), filename="lra.xlsx")
    assert selectors.document_state(doc) == State.HELD
    doc.entry.refresh_from_db()
    assert doc.entry.status == EntryStatus.DRAFT
    assert doc.entry.last_updated_on is None
    assert _public(body) == []
    findings = selectors.document_open_findings(doc)
    assert findings
    with pytest.raises(Conflict) as caught:
        documents.document_release(budget_document=doc, actor=unit_officer)
    assert caught.value.code == "safety_findings"
    assert caught.value.details["findings"]
    # The unit does not clear its own file; the PPID Utama does, in the DIP office.
    for finding in findings:
        registry_services.finding_override(
            document=doc.document,
            finding=finding,
            actor=ppid_utama,
            reason="Lembar tersembunyi berisi data uji, bukan data pribadi sebenarnya.",
        )
    assert selectors.document_state(doc) == State.UNPUBLISHED
    released = documents.document_release(budget_document=doc, actor=unit_officer)
    assert selectors.document_state(released) == State.PUBLISHED
    assert _public(body) == [doc.pk]
    assert Kind.DOCUMENT_RELEASED in [e.kind for e in selectors.document_timeline(doc)]
    with pytest.raises(InvalidTransition) as again:
        documents.document_release(budget_document=doc, actor=unit_officer)
    assert again.value.code == "document_published"


def test_held_document_in_a_published_entry_leaves_the_others_public(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    q1 = _upload(unit_officer, body, unit)
    q2 = _upload(
        unit_officer, body, unit, kind="lra_q2", data=_with_hidden_nik(), filename="lra2.xlsx"
    )
    assert q1.entry_id == q2.entry_id
    q2.entry.refresh_from_db()
    assert q2.entry.status == EntryStatus.PUBLISHED
    assert selectors.document_state(q2) == State.HELD
    assert _public(body) == [q1.pk]


def test_a_clean_replacement_releases_a_held_document(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    doc = _upload(unit_officer, body, unit, data=_with_hidden_nik(), filename="lra.xlsx")
    with pytest.raises(Conflict) as caught:
        _upload(unit_officer, body, unit)
    assert caught.value.code == "document_exists"
    assert caught.value.details["existing_document"]["state"] == State.HELD
    assert caught.value.details["existing_document"]["original_name"] == "lra.xlsx"
    replaced = _upload(unit_officer, body, unit, replace=True, note="Lembar NIK dihapus")
    assert replaced.pk == doc.pk
    assert replaced.document_id == doc.document_id
    versions = DocumentVersion.objects.filter(document=doc.document).order_by("version")
    assert [v.original_name for v in versions] == ["lra.xlsx", "lra-triwulan-1.pdf"]
    assert selectors.document_state(replaced) == State.PUBLISHED
    assert [e.kind for e in selectors.document_timeline(doc)] == [
        Kind.DOCUMENT_ADDED,
        Kind.DOCUMENT_REPLACED,
        Kind.DOCUMENT_RELEASED,
    ]
    assert BudgetDocument.objects.count() == 1


def test_withdraw_then_upload_again(body: Any, unit: Any, unit_officer: Any) -> None:
    doc = _upload(unit_officer, body, unit)
    with pytest.raises(ValidationError) as empty:
        documents.document_withdraw(budget_document=doc, actor=unit_officer, reason="  ")
    assert "reason" in empty.value.details["fields"]
    withdrawn = documents.document_withdraw(
        budget_document=doc, actor=unit_officer, reason="Salah unggah"
    )
    assert selectors.document_state(withdrawn) == State.WITHDRAWN
    assert _public(body) == []
    with pytest.raises(InvalidTransition):
        documents.document_withdraw(budget_document=doc, actor=unit_officer, reason="Lagi")
    with pytest.raises(InvalidTransition) as release:
        documents.document_release(budget_document=doc, actor=unit_officer)
    assert release.value.code == "document_withdrawn"
    again = _upload(unit_officer, body, unit, replace=True)
    assert again.pk == doc.pk
    assert again.document_id != withdrawn.document_id
    assert selectors.document_state(again) == State.PUBLISHED
    assert _public(body) == [doc.pk]


def test_audited_statement_needs_the_bpk_opinion(body: Any, unit: Any, unit_officer: Any) -> None:
    with pytest.raises(ValidationError) as missing:
        _upload(unit_officer, body, unit, kind="audited")
    assert "bpk_opinion" in missing.value.details["fields"]
    with pytest.raises(ValidationError) as unknown:
        _upload(unit_officer, body, unit, kind="audited", bpk_opinion="baik")
    assert "bpk_opinion" in unknown.value.details["fields"]
    with pytest.raises(ValidationError) as misplaced:
        _upload(unit_officer, body, unit, kind="dpa", bpk_opinion="wtp")
    assert "bpk_opinion" in misplaced.value.details["fields"]
    doc = _upload(unit_officer, body, unit, kind="audited", bpk_opinion="wtp")
    assert doc.get_bpk_opinion_display() == "Wajar Tanpa Pengecualian (WTP)"
    assert BudgetDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "options"),
    [
        ("year", {"year": 1900}),
        ("kind", {"kind": "laporan"}),
        ("title", {"title": "x" * 301}),
        ("note", {"note": "x" * 301, "replace": True}),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_stored(
    body: Any, unit: Any, unit_officer: Any, field: str, options: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as caught:
        _upload(unit_officer, body, unit, **options)
    assert field in caught.value.details["fields"]
    assert BudgetDocument.objects.count() == 0
    assert InformationEntry.objects.count() == 0


def test_a_refused_file_type_stores_nothing(body: Any, unit: Any, unit_officer: Any) -> None:
    with pytest.raises(ValidationError):
        _upload(unit_officer, body, unit, data=b"MZ\x90\x00" + b"\x00" * 200, filename="a.exe")
    assert BudgetDocument.objects.count() == 0
    assert InformationEntry.objects.count() == 0
    assert DocumentVersion.objects.count() == 0


def test_permissions(
    body: Any, unit: Any, unit_officer: Any, other_officer: Any, ppid_utama: Any, applicant: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _upload(other_officer, body, unit)
    with pytest.raises(PermissionDenied):
        _upload(applicant, body, unit)
    doc = _upload(ppid_utama, body, unit)
    with pytest.raises(PermissionDenied):
        documents.document_withdraw(budget_document=doc, actor=other_officer, reason="x")
    with pytest.raises(PermissionDenied):
        documents.document_release(budget_document=doc, actor=other_officer)
    assert selectors.documents_office(other_officer).count() == 0
    assert list(selectors.documents_office(unit_officer)) == [doc]
    assert list(selectors.documents_office(ppid_utama)) == [doc]
    documents.document_withdraw(budget_document=doc, actor=unit_officer, reason="Salah unggah")


def test_the_same_key_answers_the_first_upload(body: Any, unit: Any, unit_officer: Any) -> None:
    first = _upload(unit_officer, body, unit, idempotency_key="k-1")
    second = _upload(unit_officer, body, unit, idempotency_key="k-1")
    assert first.pk == second.pk
    assert DocumentVersion.objects.count() == 1
    with pytest.raises(ValidationError) as reused:
        _upload(unit_officer, body, unit, idempotency_key="k-1", kind="dpa")
    assert reused.value.code == "idempotency_key_reused"


# --- One upload of numbers and file ----------------------------------------------------------


def _both(actor: Any, body: Any, unit: Any, **options: Any) -> documents.UploadResult:
    values: dict[str, Any] = {
        "year": 2025,
        "kind": "lra_yearly",
        "data": csv_bytes(SMALL),
        "filename": "lra-2025.csv",
    }
    values.update(options)
    return documents.upload(actor=actor, body=body, unit=unit, **values)


def test_upload_imports_the_numbers_and_releases_the_same_file(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    result = _both(unit_officer, body, unit)
    assert result.budget_import is not None
    assert result.budget_document is not None
    assert result.budget_document.budget_import == result.budget_import
    assert result.budget_import.lines_count == 5
    assert selectors.document_state(result.budget_document) == State.PUBLISHED
    current = result.budget_document.document.current
    assert current is not None
    with current.file.open("rb") as handle:
        assert handle.read() == csv_bytes(SMALL)


def test_upload_only_numbers_or_only_the_file(body: Any, unit: Any, unit_officer: Any) -> None:
    numbers = _both(unit_officer, body, unit, publish_document=False)
    assert numbers.budget_document is None
    assert numbers.budget_import is not None
    file_only = _both(
        unit_officer, body, unit, import_lines=False, data=pdf(), filename="a.pdf", kind="dpa"
    )
    assert file_only.budget_import is None
    assert file_only.budget_document is not None
    with pytest.raises(ValidationError) as neither:
        _both(unit_officer, body, unit, import_lines=False, publish_document=False)
    assert "publish_document" in neither.value.details["fields"]
    with pytest.raises(ValidationError) as pdf_lines:
        _both(unit_officer, body, unit, kind="rka", data=pdf(), filename="rka.pdf")
    assert pdf_lines.value.code == "file_type_not_allowed"
    assert BudgetDocument.objects.filter(kind="rka").count() == 0


def test_a_failed_import_stores_no_document_either(body: Any, unit: Any, unit_officer: Any) -> None:
    bad = [*SMALL, ["5.3", "Belanja Tak Terduga", "1.000,00,00", ""]]
    with pytest.raises(ImportFailed):
        _both(unit_officer, body, unit, data=csv_bytes(bad))
    assert BudgetImport.objects.count() == 0
    assert BudgetDocument.objects.count() == 0
    assert InformationEntry.objects.count() == 0


def test_upload_names_what_exists_and_replaces_both_on_confirmation(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    first = _both(unit_officer, body, unit)
    with pytest.raises(Conflict) as caught:
        _both(unit_officer, body, unit)
    assert caught.value.code == "budget_exists"
    assert caught.value.details["existing_import"]["lines_count"] == 5
    assert caught.value.details["existing_document"]["title"] == first.budget_document.title  # type: ignore[union-attr]
    changed = [[*SMALL[0][:3], "1.300.000.000,00"], *SMALL[1:]]
    second = _both(unit_officer, body, unit, data=csv_bytes(changed), replace=True)
    assert second.budget_import is not None
    assert first.budget_import is not None
    first.budget_import.refresh_from_db()
    assert first.budget_import.status == BudgetImport.Status.SUPERSEDED
    assert second.budget_document is not None
    assert second.budget_document.pk == first.budget_document.pk  # type: ignore[union-attr]
    assert second.budget_document.budget_import == second.budget_import
    assert second.budget_document.document.versions.count() == 2
    assert BudgetLine.objects.filter(budget_import=second.budget_import).count() == 5


def test_only_what_is_asked_for_conflicts(body: Any, unit: Any, unit_officer: Any) -> None:
    _both(unit_officer, body, unit, import_lines=False)
    # A document exists but no import: importing the numbers alone needs no confirmation.
    result = _both(unit_officer, body, unit, publish_document=False)
    assert result.budget_import is not None


def test_a_repeated_upload_key_answers_the_first_result(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    first = _both(unit_officer, body, unit, idempotency_key="form-1")
    again = _both(unit_officer, body, unit, idempotency_key="form-1")
    assert again.budget_import == first.budget_import
    assert again.budget_document == first.budget_document
    assert BudgetImport.objects.count() == 1
    assert DocumentVersion.objects.count() == 1


def test_upload_refuses_another_units_officer(body: Any, unit: Any, other_officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        _both(other_officer, body, unit)


def test_periodic_update_moves_the_due_date(body: Any, unit: Any, unit_officer: Any) -> None:
    doc = _upload(unit_officer, body, unit)
    entry = doc.entry
    InformationEntry.objects.filter(pk=entry.pk).update(
        last_updated_on=timezone.localdate() - timedelta(days=100),
        next_update_due_on=timezone.localdate() - timedelta(days=10),
    )
    _upload(unit_officer, body, unit, kind="lra_q2", filename="q2.pdf")
    entry.refresh_from_db()
    assert entry.last_updated_on == timezone.localdate()
    assert entry.next_update_due_on == add_months(timezone.localdate(), 3)
