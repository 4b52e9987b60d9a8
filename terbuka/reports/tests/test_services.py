"""Narratives, report requests and the report job (UU 14/2008 Pasal 11(1)h and 12)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.registry import services as registry_services
from terbuka.registry.models import Document, InfoClass, InformationEntry, LegalCategory
from terbuka.registry.states import EntryStatus
from terbuka.reports import documents, facts, figures, permissions, services
from terbuka.reports.models import (
    ReportEvent,
    ReportNarrative,
    ReportStatus,
    Semester,
    ServiceReport,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
Kind = ReportEvent.Kind


# --- Fixtures and helpers (other test files of this folder import them) -----------------------


@pytest.fixture
def body_admin(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ADMIN, user__email="admin@example.test"
    ).user


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user


def blank_pdf(*args: Any, **kwargs: Any) -> bytes:
    """A one-page PDF made in milliseconds, for tests that are not about the PDF's content."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def fast_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render a blank PDF instead of the report (WeasyPrint takes seconds per report)."""
    monkeypatch.setattr(documents, "render_pdf", blank_pdf)


def make_requests(
    submit: Callable[..., InformationRequest], officer: Any, unit: Any, other_unit: Any
) -> list[InformationRequest]:
    """Four requests filed and answered through the request services, statistics drained."""
    granted = submit(unit=unit)
    request_services.request_issue_notice(
        request=granted,
        actor=officer,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="Salinan DPA Dinas Kesehatan 2025.",
    )
    refused = submit(unit=unit, details="Rekam medis pasien puskesmas.")
    request_services.request_issue_notice(
        request=refused,
        actor=officer,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["h"],
    )
    pending = submit(unit=other_unit, details="Daftar sekolah penerima BOS 2026.")
    no_unit = submit(details="Struktur organisasi PPID.")
    facts.drain()
    return [granted, refused, pending, no_unit]


def run_jobs(capture: Any) -> Any:
    """A context that runs the jobs enqueued on commit (the ImmediateBackend runs them)."""
    return capture(execute=True)


def request_and_generate(capture: Any, **kwargs: Any) -> ServiceReport:
    with run_jobs(capture):
        report = services.report_request(**kwargs)
    report.refresh_from_db()
    return report


# --- Permissions --------------------------------------------------------------------------------

MATRIX = [
    # (who, body-wide report, own unit "dinkes", other unit "disdik")
    ("ppid_utama", True, True, True),
    ("body_admin", True, True, True),
    ("unit_officer", False, True, False),
    ("other_unit_officer", False, False, True),
    ("desk_officer", False, False, False),
    ("atasan", False, False, False),
    ("applicant", False, False, False),
    ("anonymous", False, False, False),
]


def _who(request: pytest.FixtureRequest, name: str) -> Any:
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(("who", "whole", "own", "other"), MATRIX)
def test_write_permission_matrix(
    request: pytest.FixtureRequest,
    body: Any,
    unit: Any,
    other_unit: Any,
    who: str,
    whole: bool,
    own: bool,
    other: bool,
) -> None:
    user = _who(request, who)
    assert permissions.can_write_report(user, body, None) is whole
    assert permissions.can_write_report(user, body, unit) is own
    assert permissions.can_write_report(user, body, other_unit) is other


@pytest.mark.parametrize(("who", "whole", "own", "other"), MATRIX)
def test_services_follow_the_matrix(
    request: pytest.FixtureRequest,
    body: Any,
    unit: Any,
    other_unit: Any,
    who: str,
    whole: bool,
    own: bool,
    other: bool,
) -> None:
    user = _who(request, who)
    for target, allowed in ((None, whole), (unit, own), (other_unit, other)):
        if allowed:
            services.narrative_save(
                actor=user, body=body, unit=target, year=YEAR, semester=0, profile="Profil."
            )
            assert (
                services.report_request(
                    actor=user, body=body, unit=target, year=YEAR, semester=0
                ).status
                == ReportStatus.QUEUED
            )
        else:
            with pytest.raises(PermissionDenied):
                services.narrative_save(
                    actor=user, body=body, unit=target, year=YEAR, semester=0, profile="Profil."
                )
            with pytest.raises(PermissionDenied):
                services.report_request(actor=user, body=body, unit=target, year=YEAR, semester=0)


def test_visibility_follows_scope(
    body: Any,
    unit: Any,
    other_unit: Any,
    ppid_utama: Any,
    unit_officer: Any,
    other_unit_officer: Any,
    atasan: Any,
    applicant: Any,
) -> None:
    whole = services.report_request(actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0)
    own = services.report_request(actor=unit_officer, body=body, unit=unit, year=YEAR, semester=0)
    other = services.report_request(
        actor=other_unit_officer, body=body, unit=other_unit, year=YEAR, semester=0
    )
    other_body: Any = PublicBodyFactory()
    foreign = ServiceReport.objects.create(body=other_body, year=YEAR, requested_at=timezone.now())

    def seen(user: Any) -> set[int]:
        return set(permissions.report_visible_to(user).values_list("pk", flat=True))

    assert seen(ppid_utama) == {whole.pk, own.pk, other.pk}
    assert seen(atasan) == {whole.pk, own.pk, other.pk}
    assert seen(unit_officer) == {own.pk}
    assert seen(other_unit_officer) == {other.pk}
    assert seen(applicant) == set()
    assert seen(AnonymousUser()) == set()
    assert foreign.pk not in seen(ppid_utama)
    assert permissions.can_view_report(unit_officer, own)
    assert not permissions.can_view_report(unit_officer, whole)


def test_inactive_membership_loses_the_right(body: Any, unit: Any, unit_officer: Any) -> None:
    Membership.objects.filter(user=unit_officer).update(is_active=False)
    assert not permissions.can_write_report(unit_officer, body, unit)


def test_unit_of_another_body_is_refused(body: Any, ppid_utama: Any) -> None:
    stranger: Any = UnitFactory(body=PublicBodyFactory())
    with pytest.raises(ValidationError) as caught:
        services.report_request(actor=ppid_utama, body=body, unit=stranger, year=YEAR, semester=0)
    assert caught.value.details["fields"] == {
        "unit": ["Unit ini bukan bagian dari badan publik yang dipilih."]
    }


# --- Narratives --------------------------------------------------------------------------------


def test_narrative_is_created_then_updated_with_events(body: Any, ppid_utama: Any) -> None:
    first = services.narrative_save(
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=Semester.FIRST,
        profile="  PPID Utama dipimpin Kepala Diskominfo.  ",
        staff="Tiga petugas layanan.",
    )
    assert first.profile == "PPID Utama dipimpin Kepala Diskominfo."
    assert first.semester == Semester.FIRST
    assert first.updated_by == ppid_utama
    second = services.narrative_save(
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=Semester.FIRST,
        obstacles="Jaringan internet kantor lambat.",
    )
    assert second.pk == first.pk
    assert second.staff == "Tiga petugas layanan."  # chapters not given keep their text
    assert second.obstacles == "Jaringan internet kantor lambat."
    events = list(ReportEvent.objects.filter(kind=Kind.NARRATIVE_SAVED).order_by("id"))
    assert [e.data["changed"] for e in events] == [["profile", "staff"], ["obstacles"]]
    assert all(e.narrative_id == first.pk and e.actor == ppid_utama for e in events)
    assert services.narrative_get(body, None, figures.Period(YEAR, 1)) == first
    assert services.narrative_get(body, None, figures.Period(YEAR, 0)) is None


def test_unit_and_body_narratives_are_apart(body: Any, unit: Any, ppid_utama: Any) -> None:
    whole = services.narrative_save(
        actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0, profile="Badan."
    )
    own = services.narrative_save(
        actor=ppid_utama, body=body, unit=unit, year=YEAR, semester=0, profile="Unit."
    )
    assert whole.pk != own.pk
    assert ReportNarrative.objects.count() == 2


def test_chapter_limits_are_field_errors(body: Any, ppid_utama: Any) -> None:
    long = "x" * (services.MAX_CHAPTER + 1)
    with pytest.raises(ValidationError) as caught:
        services.narrative_save(
            actor=ppid_utama,
            body=body,
            unit=None,
            year=YEAR,
            semester=0,
            profile=long,
            budget=long,
            staff="ok",
        )
    fields = caught.value.details["fields"]
    assert set(fields) == {"profile", "budget"}
    assert fields["profile"] == ["Bagian ini paling banyak 20.000 karakter (sekarang 20001)."]
    assert not ReportNarrative.objects.exists()


@pytest.mark.parametrize(
    ("year", "semester", "field", "message"),
    [
        ("abc", 0, "year", "Tahun harus berupa angka."),
        (YEAR, "x", "semester", "Semester harus 1 atau 2."),
        (2007, 0, "year", "Tahun harus antara 2008 dan 2100."),
        (YEAR, 3, "semester", "Semester harus 1 atau 2 (kosong untuk satu tahun)."),
        (YEAR + 1, 0, "year", "Periode laporan belum dimulai."),
    ],
)
def test_period_errors(
    body: Any, ppid_utama: Any, year: Any, semester: int, field: str, message: str
) -> None:
    for call in (services.narrative_save, services.report_request):
        with pytest.raises(ValidationError) as caught:
            call(actor=ppid_utama, body=body, unit=None, year=year, semester=semester)
        assert caught.value.details["fields"] == {field: [message]}


def test_unknown_chapter_is_a_programming_error(body: Any, ppid_utama: Any) -> None:
    with pytest.raises(ValueError, match="Unknown chapters"):
        services.narrative_save(
            actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0, title="x"
        )


def test_narrative_form_sent_twice_saves_once(body: Any, ppid_utama: Any) -> None:
    kwargs = {"actor": ppid_utama, "body": body, "unit": None, "year": YEAR, "semester": 0}
    first = services.narrative_save(**kwargs, idempotency_key="k1", profile="Satu.")
    again = services.narrative_save(**kwargs, idempotency_key="k1", profile="Satu.")
    assert again.pk == first.pk
    assert ReportEvent.objects.filter(kind=Kind.NARRATIVE_SAVED).count() == 1
    with pytest.raises(ValidationError) as caught:
        services.narrative_save(**kwargs, idempotency_key="k1", profile="Dua.")
    assert caught.value.code == "idempotency_key_reused"
    assert ReportNarrative.objects.get().profile == "Satu."


# --- Requests ----------------------------------------------------------------------------------


def test_request_queues_once_and_enqueues_on_commit(
    body: Any, ppid_utama: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(
            actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0
        )
        again = services.report_request(
            actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0
        )
    assert again.pk == report.pk
    assert report.status == ReportStatus.QUEUED
    assert report.requested_by == ppid_utama
    assert len(callbacks) == 1  # one job for the double submit
    assert ReportEvent.objects.filter(kind=Kind.REPORT_REQUESTED, report=report).count() == 1


def test_request_with_same_key_returns_the_first(body: Any, ppid_utama: Any) -> None:
    kwargs = {"actor": ppid_utama, "body": body, "year": YEAR, "semester": 0}
    first = services.report_request(unit=None, idempotency_key="abc", **kwargs)
    ServiceReport.objects.filter(pk=first.pk).update(status=ReportStatus.DONE)
    assert services.report_request(unit=None, idempotency_key="abc", **kwargs).pk == first.pk
    with pytest.raises(ValidationError) as caught:
        services.report_request(unit=None, idempotency_key="abc", **{**kwargs, "semester": 1})
    assert caught.value.code == "idempotency_key_reused"


def test_other_period_or_unit_is_another_report(body: Any, unit: Any, ppid_utama: Any) -> None:
    kwargs = {"actor": ppid_utama, "body": body, "year": YEAR}
    reports = {
        services.report_request(unit=None, semester=0, **kwargs).pk,
        services.report_request(unit=None, semester=1, **kwargs).pk,
        services.report_request(unit=unit, semester=0, **kwargs).pk,
    }
    assert len(reports) == 3


# --- The job -----------------------------------------------------------------------------------


def test_generate_publishes_one_entry_with_both_files(
    body: Any,
    unit: Any,
    other_unit: Any,
    ppid_utama: Any,
    submit: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_requests(submit, ppid_utama, unit, other_unit)
    services.narrative_save(
        actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0, profile="Profil PPID."
    )
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.stage == "Selesai dan terbit di DIP"
    assert report.error == ""
    assert report.started_at is not None
    assert report.finished_at is not None
    entry = report.entry
    assert entry is not None
    assert entry.info_class == InfoClass.SETIAP_SAAT
    assert entry.legal_category == LegalCategory.P11_H
    assert entry.status == EntryStatus.PUBLISHED
    assert entry.title == f"Laporan Layanan Informasi Publik Pemerintah Kota Uji Tahun {YEAR}"
    assert entry.unit.kind == "ppid_utama"
    assert report.pdf_document is not None
    assert report.xlsx_document is not None
    pdf, xlsx = report.pdf_document.current, report.xlsx_document.current
    assert pdf is not None
    assert xlsx is not None
    assert pdf.content_type == "application/pdf"
    assert xlsx.original_name == f"laporan-layanan-kota-uji-{YEAR}.xlsx"
    expected = json.loads(
        json.dumps(figures.service_figures(body, figures.Period(YEAR, 0)).as_json(), default=str)
    )
    got = dict(report.figures)
    got.pop("computed_at")
    expected.pop("computed_at")
    assert got == expected
    assert got["received"] == 4
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == [Kind.REPORT_REQUESTED, Kind.REPORT_DONE, Kind.REPORT_PUBLISHED]


@pytest.mark.usefixtures("fast_pdf")
def test_regeneration_adds_versions_to_the_same_entry(
    body: Any, unit: Any, unit_officer: Any, submit: Any, django_capture_on_commit_callbacks: Any
) -> None:
    kwargs = {"actor": unit_officer, "body": body, "unit": unit, "year": YEAR, "semester": 2}
    first = request_and_generate(django_capture_on_commit_callbacks, **kwargs)
    submit(unit=unit)
    second = request_and_generate(django_capture_on_commit_callbacks, **kwargs)
    assert second.pk != first.pk
    assert second.status == ReportStatus.DONE
    assert second.entry_id == first.entry_id
    assert second.pdf_document_id == first.pdf_document_id
    assert second.xlsx_document_id == first.xlsx_document_id
    assert InformationEntry.objects.count() == 1
    assert Document.objects.count() == 2
    for document in (second.pdf_document, second.xlsx_document):
        assert document is not None
        assert document.versions.count() == 2
        assert document.current is not None
        assert document.current.version == 2
    assert first.figures["received"] == 0
    assert second.figures["received"] == 1
    assert second.entry is not None
    assert second.entry.title == (
        f"Laporan Layanan Informasi Publik Dinas Kesehatan Semester II {YEAR}"
    )
    assert second.entry.unit_id == unit.pk


def test_rendering_failure_leaves_failed_and_no_dip_entry(
    body: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("weasyprint exploded")

    monkeypatch.setattr(documents, "render_pdf", broken)
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.status == ReportStatus.FAILED
    assert report.error == (
        "Laporan gagal dibuat karena galat sistem (RuntimeError). Coba buat laporan lagi; bila "
        "terulang, hubungi admin."
    )
    assert report.progress == 45  # the stage it reached
    assert report.entry is None
    assert not InformationEntry.objects.exists()
    failed = ReportEvent.objects.get(report=report, kind=Kind.REPORT_FAILED)
    assert failed.data["kind"] == "RuntimeError"
    # A failed report does not block a new request.
    monkeypatch.setattr(documents, "render_pdf", blank_pdf)
    retry = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert retry.pk != report.pk
    assert retry.status == ReportStatus.DONE


@pytest.mark.usefixtures("fast_pdf")
def test_failure_inside_the_dip_rolls_the_entry_back(
    body: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    calls: list[str] = []
    real = registry_services.document_add

    def second_fails(**kwargs: Any) -> Any:
        calls.append(kwargs["filename"])
        if len(calls) == 2:
            raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(registry_services, "document_add", second_fails)
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert len(calls) == 2
    assert report.status == ReportStatus.FAILED
    assert not InformationEntry.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.usefixtures("fast_pdf")
def test_held_by_the_scan_is_done_but_not_public(
    body: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def held(**kwargs: Any) -> Any:
        raise Conflict("temuan", code="safety_findings", findings=[])

    monkeypatch.setattr(registry_services, "entry_publish", held)
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.status == ReportStatus.DONE
    assert report.entry is not None
    assert report.entry.status == EntryStatus.DRAFT
    assert report.stage == "Selesai, tetapi belum terbit: ada temuan pemeriksaan berkas"
    kinds = set(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert Kind.REPORT_DONE in kinds
    assert Kind.REPORT_PUBLISHED not in kinds


def test_personal_data_in_the_narrative_holds_the_report(
    body: Any, ppid_utama: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The DIP's release scan reads the generated files like any upload."""
    services.narrative_save(
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
        staff="Petugas: Budi, NIK 3673011708900001, HP 081234567890.",
    )
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.status == ReportStatus.DONE
    assert report.entry is not None
    assert report.entry.status != EntryStatus.PUBLISHED


@pytest.mark.usefixtures("fast_pdf")
def test_requester_without_the_right_any_more_fails_readably(
    body: Any, unit: Any, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = services.report_request(
        actor=unit_officer, body=body, unit=unit, year=YEAR, semester=0
    )
    Membership.objects.filter(user=unit_officer).update(is_active=False)
    assert services.report_generate(report.pk) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.error.startswith("Peminta laporan tidak berwenang menerbitkan laporan ini")
    assert not InformationEntry.objects.exists()


@pytest.mark.usefixtures("fast_pdf")
def test_body_without_ppid_utama_fails_readably(django_capture_on_commit_callbacks: Any) -> None:
    from terbuka.accounts.tests.factories import UserFactory

    lonely = PublicBodyFactory()
    admin = UserFactory(is_superuser=True)
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=admin,
        body=lonely,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.status == ReportStatus.FAILED
    assert report.error == (
        "Badan publik ini belum punya unit PPID Utama untuk memegang laporannya di DIP."
    )


def test_generate_runs_only_a_queued_report(body: Any, ppid_utama: Any) -> None:
    report = services.report_request(actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0)
    ServiceReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    assert services.report_generate(report.pk) == ""
    assert services.report_generate(999_999) == ""
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING


@pytest.mark.usefixtures("fast_pdf")
def test_generate_drains_the_statistics_first(
    body: Any,
    unit: Any,
    ppid_utama: Any,
    submit: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submit(unit=unit)  # the drain task is only scheduled on commit: nothing drained yet
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=unit,
        year=YEAR,
        semester=0,
    )
    assert report.figures["received"] == 1
