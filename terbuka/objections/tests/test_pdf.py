"""The objection's letters as PDFs: the receipt and the Atasan PPID's answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from terbuka.accounts.tests.factories import UserFactory
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import services
from terbuka.objections.models import Objection

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
SUMMARY = "Informasi yang diminta bukan informasi yang dikecualikan."


def _text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrap anywhere


def _url(name: str, objection: Objection) -> str:
    return reverse(f"objections:{name}", kwargs={"pk": objection.pk})


def _long(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _assert_no_identity(text: str) -> None:
    for secret in (NIK, PHONE, "Sudirman", "siti@example.test"):
        assert secret not in text


@pytest.fixture
def objection(file_objection: Callable[..., Objection]) -> Objection:
    return file_objection(grounds=["a", "e"], summary=SUMMARY)


def test_receipt_carries_every_item_and_no_identity(
    client: Client, applicant: Any, objection: Objection
) -> None:
    client.force_login(applicant)
    response = client.get(_url("receipt-pdf", objection))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert f"tanda-terima-keberatan-{objection.pk}.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert "Tanda Terima Keberatan" in text
    assert objection.registration_number in text
    assert _long(timezone.localdate(objection.filed_at)) in text
    assert "Siti Pemohon" in text
    assert objection.request is not None
    assert objection.request.registration_number in text
    assert "Pasal 35 ayat 1 huruf a" in text
    assert "huruf e: Tidak dipenuhinya permohonan informasi" in text
    assert SUMMARY in text
    assert _long(objection.response_due_on) in text
    assert "30 hari kerja" in text
    assert "Pasal 36 ayat 2" in text
    _assert_no_identity(text)


def test_receipt_for_ground_b_without_a_request(client: Client, applicant: Any, body: Any) -> None:
    objection = services.objection_file(
        actor=applicant,
        body=body,
        grounds=["b"],
        summary="Laporan keuangan tidak diumumkan berkala.",
        information_description="Laporan keuangan tahun 2025.",
        identity_data=identity_data(),
    )
    client.force_login(applicant)
    text = _text(client.get(_url("receipt-pdf", objection)).content)
    assert "Laporan keuangan tahun 2025." in text
    assert "Tanpa permohonan" in text
    _assert_no_identity(text)


def test_response_letter_before_the_answer_is_404(
    client: Client, applicant: Any, objection: Objection
) -> None:
    client.force_login(applicant)
    assert client.get(_url("response-pdf", objection)).status_code == 404


def test_response_letter_carries_the_order_and_the_dispute_right(
    client: Client, applicant: Any, objection: Objection, atasan: Any
) -> None:
    response_row = services.objection_answer(
        objection=objection,
        actor=atasan,
        decision="ordered_partial",
        reasons="Sebagian informasi bukan informasi yang dikecualikan.",
        order_details="Halaman 1-10 berita acara pemeriksaan.",
        atasan_name="Drs. Budi Atasan",
        atasan_position="Sekretaris Daerah",
        letter_number="045/12-KEB/2026",
        provide_within_days=5,
    )
    objection.refresh_from_db()
    client.force_login(applicant)
    response = client.get(_url("response-pdf", objection))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert f"tanggapan-keberatan-{objection.pk}.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert "045/12-KEB/2026" in text
    assert _long(response_row.responded_on) in text
    assert "Memerintahkan informasi diberikan sebagian" in text
    assert "Sebagian informasi bukan informasi yang dikecualikan." in text
    assert "Halaman 1-10 berita acara pemeriksaan." in text
    assert response_row.fulfilment_due_on is not None
    assert _long(response_row.fulfilment_due_on) in text
    assert "14 hari kerja" in text
    assert "Pasal 37 ayat 2" in text
    assert objection.dispute_due_on is not None
    assert _long(objection.dispute_due_on) in text
    assert "Drs. Budi Atasan" in text
    assert "Sekretaris Daerah" in text
    assert "Siti Pemohon" in text
    _assert_no_identity(text)


def test_pdfs_for_officers_not_for_strangers(
    client: Client, objection: Objection, atasan: Any, ppid_utama: Any
) -> None:
    services.objection_answer(
        objection=objection,
        actor=atasan,
        decision="upheld",
        reasons="Informasi dikecualikan berdasarkan uji konsekuensi.",
        atasan_name="Drs. Budi Atasan",
        atasan_position="Sekretaris Daerah",
    )
    client.force_login(ppid_utama)
    assert client.get(_url("receipt-pdf", objection)).status_code == 200
    assert client.get(_url("response-pdf", objection)).status_code == 200
    stranger: Any = UserFactory()
    client.force_login(stranger)
    assert client.get(_url("receipt-pdf", objection)).status_code == 404
    assert client.get(_url("response-pdf", objection)).status_code == 404
