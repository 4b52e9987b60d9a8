"""The written notice as a PDF letter (UU 14/2008 Pasal 22(7))."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from terbuka.accounts.tests.factories import UserFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"


def _text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrap anywhere


def _url(request: InformationRequest) -> str:
    return reverse("inforequests:notice-pdf", kwargs={"pk": request.pk})


@pytest.fixture
def filed(submit: Any) -> InformationRequest:
    return submit()  # type: ignore[no-any-return]


def test_no_notice_is_404(client: Client, applicant: Any, filed: InformationRequest) -> None:
    client.force_login(applicant)
    assert client.get(_url(filed)).status_code == 404


def test_stranger_gets_404(client: Client, filed: InformationRequest, ppid_utama: Any) -> None:
    services.request_issue_notice(
        request=filed,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA 2025",
    )
    stranger: Any = UserFactory()
    client.force_login(stranger)
    assert client.get(_url(filed)).status_code == 404


def test_refusal_notice_carries_every_item(
    client: Client, applicant: Any, filed: InformationRequest, ppid_utama: Any
) -> None:
    notice = services.request_issue_notice(
        request=filed,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["h"],
        refusal_other_law="UU 27/2022 tentang Pelindungan Data Pribadi",
        consequence_test_ref="UK-2026-07",
    )
    client.force_login(applicant)
    response = client.get(_url(filed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert f"pemberitahuan-tertulis-{filed.pk}.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert filed.registration_number in text
    assert "Siti Pemohon" in text
    assert "Salinan DPA Dinas Kesehatan" in text
    assert "Ditolak" in text
    assert "Pasal 17 huruf h" in text
    assert "rahasia pribadi" in text
    assert "UU 27/2022" in text
    assert "UK-2026-07" in text
    assert "30 hari kerja" in text
    assert notice.objection_due_on is not None
    assert str(notice.objection_due_on.year) in text
    for secret in (NIK, PHONE, "Sudirman"):
        assert secret not in text


def test_grant_notice_shows_costs_and_officer_access(
    client: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    services.request_issue_notice(
        request=filed,
        actor=ppid_utama,
        possession="held",
        decision="granted_partial",
        form="hardcopy",
        material="DPA Dinas Kesehatan 2025",
        redaction_explanation="Nomor rekening pribadi dihitamkan.",
        copy_sheets=12,
        other_cost=5000,
        payment_method="Transfer ke rekening kas daerah.",
        provide_within_days=3,
    )
    client.force_login(ppid_utama)
    text = _text(client.get(_url(filed)).content)
    assert "Diberikan sebagian" in text
    assert "DPA Dinas Kesehatan 2025" in text
    assert "Nomor rekening pribadi dihitamkan." in text
    assert "12 lembar" in text
    assert "Transfer ke rekening kas daerah." in text
    assert "5000" in text
    assert "3 hari kerja" in text


def test_detail_page_links_to_notice_pdf(
    client: Client, applicant: Any, filed: InformationRequest, ppid_utama: Any
) -> None:
    services.request_issue_notice(
        request=filed,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["a"],
    )
    client.force_login(applicant)
    html = client.get(reverse("inforequests:detail", kwargs={"pk": filed.pk})).content.decode()
    assert _url(filed) in html
    assert "menghambat proses penegakan hukum" in html
