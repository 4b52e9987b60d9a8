"""Services: scans saved with their findings, superseded by a cleaned file, overridden."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from terbuka.core.exceptions import InvalidTransition, ValidationError
from terbuka.safety import services
from terbuka.safety.detect import detect_type
from terbuka.safety.models import Finding, FindingLog, FindingStatus, Scan
from terbuka.safety.selectors import scan_is_clear
from terbuka.safety.tests import corpus

pytestmark = pytest.mark.django_db


def _hidden_scan(actor: Any = None) -> Scan:
    return services.scan_file(
        data=corpus.xlsx(hidden_sheet=True), filename="realisasi.xlsx", actor=actor
    ).scan


def test_scan_file_saves_the_scan_and_its_findings(user: Any) -> None:
    data = corpus.xlsx(hidden_sheet=True)
    result = services.scan_file(data=data, filename="realisasi.xlsx", actor=user)
    scan = Scan.objects.get()
    assert result.scan == scan
    assert result.detected.kind == "xlsx"
    assert "Belanja Alat Tulis Kantor" in result.text
    assert (scan.filename, scan.file_type, scan.size) == ("realisasi.xlsx", "xlsx", len(data))
    assert scan.content_type == result.detected.content_type
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
    assert scan.scanner_version == services.SCANNER_VERSION
    assert scan.created_by == user
    kinds = set(scan.findings.values_list("kind", flat=True))
    assert {"hidden_sheet", "nik", "phone", "author_metadata"} <= kinds
    assert not scan_is_clear(scan)


def test_personal_data_is_never_stored_in_clear() -> None:
    _hidden_scan()
    for finding in Finding.objects.all():
        stored = " ".join([finding.detail, finding.location, finding.masked_sample])
        assert corpus.NIK not in stored
        assert "3456" not in stored
        assert "Siti" not in stored


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_anonymous_scans_have_no_author(actor: Any) -> None:
    assert _hidden_scan(actor).created_by is None


def test_clean_file_is_clear() -> None:
    result = services.scan_file(data=b"tahun,anggaran\n2025,1500000000\n", filename="a.csv")
    assert scan_is_clear(result.scan)
    assert not result.scan.findings.exists()


def test_supersede_closes_the_open_findings(user: Any) -> None:
    old = _hidden_scan()
    overridden = old.findings.filter(kind="author_metadata").get()
    services.finding_override(finding=overridden, actor=user, reason="Nama perangkat lunak saja.")
    replacement = services.scan_file(data=corpus.clean_xlsx(), filename="r.xlsx").scan
    services.scan_supersede(scan=old, replacement=replacement, actor=user)
    old.refresh_from_db()
    assert old.superseded_by == replacement
    statuses = set(old.findings.values_list("status", flat=True))
    assert statuses == {FindingStatus.SUPERSEDED, FindingStatus.OVERRIDDEN}
    logs = FindingLog.objects.filter(action=FindingLog.Action.SUPERSEDED)
    assert logs.count() == old.findings.filter(status=FindingStatus.SUPERSEDED).count()
    assert {(log.replacement_id, log.actor_id) for log in logs} == {(replacement.pk, user.pk)}
    superseded = old.findings.filter(status=FindingStatus.SUPERSEDED).first()
    assert superseded is not None
    assert superseded.resolved_by == user
    assert superseded.resolved_at is not None
    assert scan_is_clear(old)


def test_supersede_is_a_no_op_without_a_scan_or_for_the_same_scan() -> None:
    scan = _hidden_scan()
    services.scan_supersede(scan=None, replacement=scan, actor=None)
    services.scan_supersede(scan=scan, replacement=scan, actor=None)
    scan.refresh_from_db()
    assert scan.superseded_by is None
    assert not FindingLog.objects.exists()
    assert not scan.findings.exclude(status=FindingStatus.OPEN).exists()


def test_override_records_who_and_why(user: Any) -> None:
    finding = _hidden_scan().findings.filter(kind="hidden_sheet").get()
    result = services.finding_override(
        finding=finding, actor=user, reason="  Lembar tersembunyi hanya rumus pembantu.  "
    )
    finding.refresh_from_db()
    assert result == finding
    assert finding.status == FindingStatus.OVERRIDDEN
    assert finding.resolved_by == user
    assert finding.resolved_at is not None
    assert finding.resolution_reason == "Lembar tersembunyi hanya rumus pembantu."
    log = FindingLog.objects.get()
    assert (log.finding, log.action, log.actor, log.reason) == (
        finding,
        FindingLog.Action.OVERRIDDEN,
        user,
        "Lembar tersembunyi hanya rumus pembantu.",
    )


@pytest.mark.parametrize("reason", ["", "   ", "singkat", "  123456789  ", None])
def test_override_needs_a_reason_of_ten_characters(user: Any, reason: Any) -> None:
    finding = _hidden_scan().findings.first()
    assert finding is not None
    with pytest.raises(ValidationError) as excinfo:
        services.finding_override(finding=finding, actor=user, reason=reason)
    assert excinfo.value.code == "reason_required"
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    assert not FindingLog.objects.exists()


@pytest.mark.parametrize("status", [FindingStatus.OVERRIDDEN, FindingStatus.SUPERSEDED])
def test_only_open_findings_can_be_overridden(user: Any, status: str) -> None:
    finding = _hidden_scan().findings.first()
    assert finding is not None
    Finding.objects.filter(pk=finding.pk).update(status=status)
    with pytest.raises(InvalidTransition) as excinfo:
        # The caller's copy is stale: the locked row decides.
        services.finding_override(finding=finding, actor=user, reason="Alasan yang cukup panjang.")
    assert excinfo.value.code == "finding_not_open"
    assert not FindingLog.objects.exists()


def test_override_by_an_anonymous_actor_stores_no_user() -> None:
    finding = _hidden_scan().findings.first()
    assert finding is not None
    services.finding_override(finding=finding, actor=AnonymousUser(), reason="Tugas sistem harian.")
    finding.refresh_from_db()
    assert finding.resolved_by is None
    assert FindingLog.objects.get().actor is None


def test_stripping_then_scanning_clears_info_metadata() -> None:
    data = corpus.jpeg()
    detected = detect_type(data, "foto.jpg")
    stripped = services.strip_metadata(data=data, detected=detected)
    result = services.scan_file(data=stripped, filename="foto.jpg")
    assert not result.scan.findings.exists()
