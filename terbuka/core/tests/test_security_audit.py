"""Audit trail (quality.md X12; ASVS 16.3.2, 16.4.2): identity views, role changes and
publication decisions are logged with who, what, when and unit, and the identity access log
and the role-change log cannot be changed or deleted by the application."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts import services as account_services
from terbuka.accounts.models import IdentityAccessLog
from terbuka.bodies import services as body_services
from terbuka.bodies.models import BodyEvent, Membership, Unit
from terbuka.bodies.tests.factories import UnitFactory
from terbuka.core.audit import audit_maintenance
from terbuka.inforequests.models import InformationRequest, RequestEvent

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"


@pytest.fixture
def filed(client: Client, applicant: Any, body: Any, unit: Any) -> InformationRequest:
    """A request filed through the portal form, with the requester's identity."""
    client.force_login(applicant)
    data = {
        "form_token": str(uuid.uuid4()),
        "identity": "baru",
        "unit": str(unit.pk),
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian skripsi.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
        "pemohon-kind": "perorangan",
        "pemohon-full_name": "Siti Pemohon",
        "pemohon-nik": NIK,
        "pemohon-address": "Jl. Jenderal Sudirman No. 5, Serang",
        "pemohon-phone": "081234567890",
        "pemohon-email": "siti@example.test",
    }
    response = client.post(reverse("inforequests:create") + f"?badan={body.slug}", data)
    assert response.status_code == 303
    client.logout()
    return InformationRequest.objects.get()


@pytest.fixture
def access_log(filed: InformationRequest, unit_officer: Any) -> IdentityAccessLog:
    identity = filed.requester_identity
    assert identity is not None
    account_services.identity_reveal(
        identity=identity,
        field="nik",
        viewer=unit_officer,
        reason="Verifikasi identitas pemohon untuk pemberitahuan tertulis.",
        ip="10.0.0.7",
    )
    return IdentityAccessLog.objects.get()


@pytest.fixture
def grant(ppid_utama: Any, unit: Any) -> BodyEvent:
    from terbuka.accounts.tests.factories import UserFactory

    newcomer: Any = UserFactory(email="baru@example.test")
    member = body_services.membership_grant(
        actor=ppid_utama, user=newcomer, unit=unit, role="evaluator"
    )
    return BodyEvent.objects.get(membership=member, kind=BodyEvent.Kind.MEMBERSHIP_GRANTED)


# --- Who, what, when and unit ----------------------------------------------------------------


def test_an_officer_reveal_is_logged_with_who_what_when_and_unit(
    access_log: IdentityAccessLog, filed: InformationRequest, unit_officer: Any, unit: Any
) -> None:
    before = timezone.now()
    assert access_log.viewer == unit_officer
    assert access_log.field == IdentityAccessLog.Field.NIK
    assert access_log.identity_id == filed.requester_identity_id
    assert access_log.reason.startswith("Verifikasi identitas")
    assert access_log.ip == "10.0.0.7"
    assert (before - access_log.viewed_at).total_seconds() < 60
    # The unit is the unit of the request the identity was given for, and the viewer's unit.
    units = InformationRequest.objects.filter(requester_identity=access_log.identity)
    assert list(units.values_list("unit", flat=True)) == [unit.pk]
    assert Membership.objects.filter(user=unit_officer, unit=unit, is_active=True).exists()


def test_a_ktp_scan_download_is_logged(
    filed: InformationRequest, applicant: Any, unit_officer: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    identity = filed.requester_identity
    assert identity is not None
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"KTP-PIXELS-" * 50
    identity = account_services.identity_attach_ktp(
        identity=identity,
        actor=applicant,
        upload=SimpleUploadedFile("ktp.png", png, content_type="image/png"),
    )
    data, content_type = account_services.identity_ktp_read(
        identity=identity, viewer=unit_officer, reason="Pemeriksaan pindaian KTP pemohon."
    )
    assert data == png
    assert content_type == "image/png"
    log = IdentityAccessLog.objects.get(field=IdentityAccessLog.Field.KTP_SCAN)
    assert log.viewer == unit_officer
    assert log.identity_id == identity.pk


def test_role_grant_and_revoke_are_logged(grant: BodyEvent, ppid_utama: Any, unit: Any) -> None:
    assert grant.actor == ppid_utama
    assert grant.unit == unit
    assert grant.membership is not None
    assert grant.data == {"user": "baru@example.test", "unit": unit.slug, "role": "evaluator"}
    body_services.membership_revoke(actor=ppid_utama, membership=grant.membership, reason="Pindah")
    revoked = BodyEvent.objects.get(kind=BodyEvent.Kind.MEMBERSHIP_REVOKED)
    assert (revoked.actor, revoked.unit, revoked.membership) == (ppid_utama, unit, grant.membership)
    assert revoked.occurred_at >= grant.occurred_at


def test_publication_decisions_are_logged(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    from terbuka.registry import services as registry_services
    from terbuka.registry.models import RegistryEvent
    from terbuka.registry.tests.factories import CLEAN_CSV, make_entry, xlsx_bytes
    from terbuka.safety.models import Finding

    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    registry_services.document_add(
        entry=entry, actor=unit_officer, title="Laporan", data=CLEAN_CSV, filename="lra.csv"
    )
    hidden = registry_services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Realisasi",
        data=xlsx_bytes(hidden_sheet=True),
        filename="realisasi.xlsx",
    )
    assert hidden.current is not None
    for finding in Finding.objects.filter(scan=hidden.current.scan, status="open"):
        registry_services.finding_override(
            document=hidden,
            finding=finding,
            actor=ppid_utama,
            reason="Lembar tersembunyi hanya rumus pembantu.",
        )
    registry_services.entry_publish(entry=entry, actor=unit_officer)
    registry_services.entry_withdraw(entry=entry, actor=ppid_utama, reason="Dokumen keliru.")
    events = {e.kind: e for e in RegistryEvent.objects.filter(entry=entry)}
    for kind, actor in (
        (RegistryEvent.Kind.FINDING_OVERRIDDEN, ppid_utama),
        (RegistryEvent.Kind.PUBLISHED, unit_officer),
        (RegistryEvent.Kind.WITHDRAWN, ppid_utama),
    ):
        event = events[kind]
        assert event.actor == actor
        assert event.entry is not None
        assert event.entry.unit == unit
        assert event.occurred_at is not None


def test_archive_publication_is_logged(filed: InformationRequest, applicant: Any) -> None:
    from terbuka.inforequests import services as request_services

    request_services.request_set_public(request=filed, actor=applicant, is_public=True)
    event = RequestEvent.objects.get(request=filed, kind=RequestEvent.Kind.PUBLISHED)
    assert event.actor == applicant
    assert event.request.unit == filed.unit
    assert event.occurred_at is not None


# --- Immutable to the application ------------------------------------------------------------


def _refused(action: Any) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        action()


def test_identity_access_log_cannot_be_updated_or_deleted(access_log: IdentityAccessLog) -> None:
    rows = IdentityAccessLog.objects.filter(pk=access_log.pk)
    _refused(lambda: rows.update(reason="disamarkan"))
    _refused(lambda: rows.delete())
    with pytest.raises(RuntimeError):
        access_log.save()

    def raw_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_identityaccesslog SET viewer_id = NULL")

    _refused(raw_sql)
    access_log.refresh_from_db()
    assert access_log.reason.startswith("Verifikasi identitas")


def test_role_change_log_cannot_be_updated_or_deleted(grant: BodyEvent) -> None:
    rows = BodyEvent.objects.filter(pk=grant.pk)
    _refused(lambda: rows.update(kind=BodyEvent.Kind.MEMBERSHIP_REVOKED))
    _refused(lambda: rows.update(actor=None))
    _refused(lambda: rows.update(occurred_at=timezone.now()))
    _refused(lambda: rows.delete())
    assert BodyEvent.objects.filter(pk=grant.pk, kind=BodyEvent.Kind.MEMBERSHIP_GRANTED).exists()


def test_a_removed_unit_leaves_its_history(ppid_utama: Any, body: Any) -> None:
    """Deleting a unit only detaches its events (ON DELETE SET NULL): who, what, when stay."""
    gone: Any = UnitFactory(body=body, name="Unit sementara", slug="sementara")
    BodyEvent.objects.create(body=body, unit=gone, kind=BodyEvent.Kind.UNIT_CREATED)
    Unit.objects.filter(pk=gone.pk).delete()
    event = BodyEvent.objects.get(kind=BodyEvent.Kind.UNIT_CREATED)
    assert event.unit is None
    assert event.body == body


def test_maintenance_opens_the_logs_and_closes_them_again(access_log: IdentityAccessLog) -> None:
    with audit_maintenance(reason="uji"):
        IdentityAccessLog.objects.filter(pk=access_log.pk).delete()
    assert not IdentityAccessLog.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM terbuka_audit_unlock")
        assert cursor.fetchone() == (0,)
