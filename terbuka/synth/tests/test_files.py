"""The tiny world's files, identities with scans and proxies, archive, evidence, region codes."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from terbuka.accounts.models import AccountEvent, RequesterIdentity, User
from terbuka.accounts.nik import PROVINCE_CODES
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.services import REGION_CODE_RE, UNIT_CODE_RE
from terbuka.budget.imports import read_table
from terbuka.budget.models import BudgetImport, BudgetLine
from terbuka.core import crypto
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.selectors import PUBLIC_ARCHIVE, request_list_public
from terbuka.monev.models import Evidence
from terbuka.registry.models import DocumentVersion
from terbuka.search.models import SearchEntry
from terbuka.synth.people import region_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_storage")]


def _officer(body_id: int) -> Client:
    body = PublicBody.objects.get(pk=body_id)
    client = Client()
    client.force_login(User.objects.get(email=f"ppid-{body.slug}@sintetis.test"))
    return client


def test_document_versions_download_as_their_pdf(tiny: str) -> None:
    versions = list(DocumentVersion.objects.order_by("pk"))
    assert len(versions) == 60
    for version in versions[:5]:
        response = Client().get(reverse("registry:download", kwargs={"pk": version.pk}))
        assert response.status_code == 200
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert data.startswith(b"%PDF-1.4")
        assert (len(data), hashlib.sha256(data).hexdigest()) == (version.size, version.sha256)
        shown = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
        assert " ".join(version.text.split()[:20]) in shown
    assert all(storages["private"].exists(v.file.name) for v in versions)


def test_budget_files_read_back_to_their_lines(tiny: str) -> None:
    budget_import = BudgetImport.objects.order_by("pk").first()
    assert budget_import is not None
    response = _officer(budget_import.body_id).get(
        reverse("budget_office:import-file", kwargs={"pk": budget_import.pk})
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(data).hexdigest() == budget_import.sha256
    header, *rows = read_table(data, budget_import.original_name)
    assert header == ["kode_rekening", "uraian", "anggaran", "realisasi"]
    lines = BudgetLine.objects.filter(budget_import=budget_import).order_by("row_number")
    assert [row[0] for row in rows] == [line.code for line in lines]
    assert len(rows) == budget_import.lines_count


def test_ktp_scans_and_powers_of_attorney_are_encrypted_at_rest(tiny: str) -> None:
    scanned = RequesterIdentity.objects.exclude(ktp_scan_name="")
    proxied = RequesterIdentity.objects.exclude(proxy_name="")
    assert 0 < scanned.count() < RequesterIdentity.objects.count()
    assert proxied.exists()
    assert not RequesterIdentity.objects.filter(
        kind=RequesterIdentity.Kind.KELOMPOK, proxy_name=""
    ).exists()
    store = storages["private"]
    for identity in [*scanned[:5], *proxied[:5]]:
        for document, magic in (("ktp_scan", b"\x89PNG"), ("power_of_attorney", b"%PDF")):
            name = getattr(identity, f"{document}_name")
            if not name:
                continue
            with store.open(name, "rb") as fh:
                stored = fh.read()
            assert stored.startswith(b"gAAAAA")  # a Fernet token
            assert magic not in stored
            clear = crypto.decrypt_bytes(stored)
            assert clear.startswith(magic)
            assert len(clear) == getattr(identity, f"{document}_size")
    with connection.cursor() as cursor:
        cursor.execute("SELECT proxy_nik FROM accounts_requesteridentity WHERE proxy_name <> ''")
        assert all(row[0].startswith("gAAAAA") for row in cursor.fetchall())
    assert (
        AccountEvent.objects.filter(
            kind=AccountEvent.Kind.IDENTITY_KTP_ATTACHED, data__document="power_of_attorney"
        ).count()
        == proxied.count()
    )


def test_published_requests_appear_in_the_public_archive(tiny: str) -> None:
    public = request_list_public()
    assert public.exists()
    assert set(public.values_list("channel", flat=True)) == {InformationRequest.Channel.WEB}
    answered = InformationRequest.objects.filter(PUBLIC_ARCHIVE, notice__isnull=False)
    assert set(SearchEntry.objects.filter(kind="answer").values_list("object_id", flat=True)) == {
        *answered.values_list("pk", flat=True)
    }
    newest = public.first()
    assert newest is not None
    page = Client().get(reverse("inforequests:archive"))
    assert page.status_code == 200
    assert newest.registration_number in page.content.decode()
    detail = Client().get(reverse("inforequests:archive-detail", kwargs={"pk": newest.pk}))
    assert detail.status_code == 200
    assert newest.details in detail.content.decode()


def test_monev_evidence_links_and_shared_pdfs(tiny: str) -> None:
    assert Evidence.objects.filter(kind=Evidence.Kind.LINK).exists()
    pdfs = Evidence.objects.filter(kind=Evidence.Kind.PDF).select_related("answer__participant")
    evidence = pdfs.first()
    assert evidence is not None
    # One stored file per question, shared by its evidence rows.
    assert (
        pdfs.values("file").distinct().count()
        == pdfs.values("answer__question_key").distinct().count()
        < pdfs.count()
    )
    cycle = evidence.answer.participant.cycle
    response = _officer(cycle.body_id).get(
        reverse("monev_office:evidence", args=[cycle.pk, evidence.pk])
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert data.startswith(b"%PDF")
    assert len(data) == evidence.size


def test_region_codes_are_synthetic_and_well_formed(tiny: str) -> None:
    codes = list(
        PublicBody.objects.filter(slug__startswith="sintetis-").values_list(
            "region_code", flat=True
        )
    )
    assert codes == ["40.01", "40.02"]
    assert all(REGION_CODE_RE.match(code) and code[:2] not in PROVINCE_CODES for code in codes)
    units = {u.pk: u for u in Unit.objects.filter(body__slug__startswith="sintetis-")}
    coded = [u for u in units.values() if u.code]
    assert coded
    for unit in coded:
        assert UNIT_CODE_RE.match(unit.code)
        assert unit.code.startswith(unit.body.region_code + ".")
        parent = units[unit.parent_id] if unit.parent_id else None
        if parent is not None and parent.code:
            assert unit.code.startswith(parent.code + ".")


def test_region_codes_stop_past_the_reserved_range() -> None:
    assert [region_code(i) for i in (0, 98, 99, 989, 990)] == ["40.01", "40.99", "41.01",
                                                                "49.99", ""]  # fmt: skip
