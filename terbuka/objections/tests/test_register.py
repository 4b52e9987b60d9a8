"""The register of objections: screen (masked), XLSX/CSV export, full export with logging."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from terbuka.accounts.models import IdentityAccessLog
from terbuka.accounts.tests.factories import UserFactory
from terbuka.accounts.tests.helpers import enrol_totp
from terbuka.core.exceptions import PermissionDenied
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import register, services
from terbuka.objections.models import Objection
from terbuka.objections.office import register_views

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PROXY_NIK = "3673011708900009"
PHONE = "081234567890"
ADDRESS = "Jl. Jenderal Sudirman No. 5, Serang"
REASON = "Permintaan Komisi Informasi."


def _url(body: Any) -> str:
    return reverse("objections_office:register", kwargs={"body_slug": body.slug})


def _export(body: Any) -> str:
    return reverse("objections_office:register-export", kwargs={"body_slug": body.slug})


def _year() -> dict[str, str]:
    return {"tahun": str(timezone.localdate().year)}


@pytest.fixture
def answered(
    file_objection: Callable[..., Objection],
    refused_request: Callable[..., InformationRequest],
    atasan: Any,
    ppid_utama: Any,
) -> Objection:
    """An objection through a proxy, upheld by the Atasan PPID, not accepted by the requester."""
    proxy = identity_data(proxy_name="Kuasa Hukum", proxy_nik=PROXY_NIK)
    objection = file_objection(
        request=refused_request(identity_data=proxy, purpose='=HYPERLINK("http://evil.test")'),
        grounds=["a", "e"],
    )
    services.objection_answer(
        objection=objection,
        actor=atasan,
        decision="upheld",
        reasons="Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b.",
        atasan_name="Drs. Atasan",
        atasan_position="Sekretaris Daerah",
    )
    services.objection_record_requester_response(
        objection=objection, actor=ppid_utama, response="not_accepted", note="Akan ke KI."
    )
    objection.refresh_from_db()
    return objection


def test_register_shows_the_perki_columns_masked(
    client: Client, body: Any, ppid_utama: Any, answered: Objection
) -> None:
    client.force_login(ppid_utama)
    response = client.get(_url(body), _year())
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    for label, _key in [(label, key) for key, label in register.REGISTER_COLUMNS]:
        assert f'<th scope="col">{label}</th>' in html
    assert answered.registration_number in html
    assert answered.request is not None
    assert answered.request.registration_number in html
    assert "Siti Pemohon" in html
    assert "Kuasa Hukum" in html
    assert "a. Penolakan permohonan berdasarkan alasan pengecualian Pasal 17" in html
    assert "Menguatkan keputusan PPID" in html
    assert "Drs. Atasan, Sekretaris Daerah" in html
    assert "Tidak menerima; akan mengajukan sengketa: Akan ke KI." in html
    for secret in (NIK, PROXY_NIK, PHONE, ADDRESS):
        assert secret not in html
    assert "Ekspor lengkap" in html


def test_register_permissions(
    client: Client,
    body: Any,
    atasan: Any,
    unit_officer: Any,
    user: Any,
    answered: Objection,
) -> None:
    client.force_login(atasan)
    html = client.get(_url(body)).content.decode()
    assert answered.registration_number in html
    # The Atasan PPID reads the register but cannot export identities.
    assert "Ekspor lengkap" not in html
    assert client.post(_export(body), {"format": "csv", "reason": REASON}).status_code == 403
    for who in (unit_officer, user):
        client.force_login(who)
        assert client.get(_url(body)).status_code == 403
        assert client.get(_export(body)).status_code == 403
    assert client.get(reverse("objections_office:register", args=["tidak-ada"])).status_code == 404


def test_register_query_count_constant(
    client: Client,
    body: Any,
    ppid_utama: Any,
    file_objection: Callable[..., Objection],
    refused_request: Callable[..., InformationRequest],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(ppid_utama)
    file_objection()
    client.get(_url(body))
    with django_assert_max_num_queries(12) as one:
        client.get(_url(body))
    for n in range(4):
        file_objection(
            request=refused_request(identity_data=identity_data(full_name=f"Pemohon {n}"))
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(body))
    assert response.content.decode().count('<th scope="row">') == 5


def test_register_paginates(
    client: Client,
    body: Any,
    ppid_utama: Any,
    file_objection: Callable[..., Objection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(register_views, "REGISTER_PER_PAGE", 2)
    for _ in range(3):
        file_objection()
    client.force_login(ppid_utama)
    html = client.get(_url(body), {**_year(), "halaman": "2"}).content.decode()
    assert html.count('<th scope="row">') == 1
    assert '<th scope="row">3</th>' in html


def test_masked_xlsx_export(
    client: Client, body: Any, ppid_utama: Any, answered: Objection
) -> None:
    client.force_login(ppid_utama)
    response = client.get(_export(body), {**_year(), "format": "xlsx"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    year = timezone.localdate().year
    assert response["Content-Disposition"] == (
        f'attachment; filename="register-keberatan-{body.slug}-{year}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    header = [cell.value for cell in sheet[1]]
    assert header == [str(label) for _key, label in register.REGISTER_COLUMNS]
    row = {
        key: cell for (key, _label), cell in zip(register.REGISTER_COLUMNS, sheet[2], strict=True)
    }
    assert row["registration_number"].value == answered.registration_number
    assert isinstance(row["filed_on"].value, date)
    assert isinstance(row["responded_on"].value, date)
    assert row["proxy_name"].value == "Kuasa Hukum"
    # The formula-looking purpose is a plain string, never a formula.
    assert row["purpose"].value.startswith("=HYPERLINK")
    assert row["purpose"].data_type == "s"
    values = " ".join(str(cell.value) for cell in sheet[2])
    for secret in (NIK, PROXY_NIK, PHONE, ADDRESS):
        assert secret not in values
    assert not IdentityAccessLog.objects.exists()


def test_masked_csv_export(client: Client, body: Any, ppid_utama: Any, answered: Objection) -> None:
    client.force_login(ppid_utama)
    response = client.get(_export(body), {**_year(), "format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][1] == "Nomor registrasi keberatan"
    keys = [key for key, _label in register.REGISTER_COLUMNS]
    row = dict(zip(keys, rows[1], strict=True))
    assert row["registration_number"] == answered.registration_number
    assert row["purpose"].startswith("'=HYPERLINK")
    assert row["decision"] == "Menguatkan keputusan PPID"
    for secret in (NIK, PROXY_NIK, PHONE, ADDRESS):
        assert secret not in text


def test_full_export_needs_reason_and_logs_each_identity(
    client: Client,
    body: Any,
    ppid_utama: Any,
    answered: Objection,
    file_objection: Callable[..., Objection],
    refused_request: Callable[..., InformationRequest],
) -> None:
    file_objection(
        request=refused_request(identity_data=identity_data(nik="3673011708900002", full_name="B"))
    )
    client.force_login(ppid_utama)
    short = client.post(_export(body), {**_year(), "format": "csv", "reason": "audit"})
    assert short.status_code == 303
    assert not IdentityAccessLog.objects.exists()
    response = client.post(_export(body), {**_year(), "format": "csv", "reason": REASON})
    assert response.status_code == 200
    assert "-lengkap.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert NIK in text
    assert PROXY_NIK in text
    assert PHONE in text
    logs = IdentityAccessLog.objects.all()
    assert logs.count() == 2
    assert {log.viewer_id for log in logs} == {ppid_utama.pk}
    assert all(REASON in log.reason for log in logs)


def test_full_export_enforces_mfa(
    client: Client, body: Any, ppid_utama: Any, answered: Objection, settings: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    client.force_login(ppid_utama)
    data = {**_year(), "format": "xlsx", "reason": REASON}
    # Whether the MFA middleware or the service stops it, nothing is exported or logged.
    response = client.post(_export(body), data)
    assert "attachment" not in response.get("Content-Disposition", "")
    year = timezone.localdate().year
    with pytest.raises(PermissionDenied) as caught:
        register.register_export_unmasked(body=body, year=year, actor=ppid_utama, reason=REASON)
    assert caught.value.code == "mfa_required"
    assert not IdentityAccessLog.objects.exists()
    enrol_totp(ppid_utama)
    response = client.post(_export(body), data)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-lengkap.xlsx"')
    assert IdentityAccessLog.objects.count() == 1


def test_atasan_cannot_unmask(body: Any, atasan: Any, answered: Objection) -> None:
    with pytest.raises(PermissionDenied):
        register.register_export_unmasked(
            body=body, year=timezone.localdate().year, actor=atasan, reason=REASON
        )


def test_superuser_sees_any_body(client: Client, body: Any, answered: Objection) -> None:
    admin: Any = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert answered.registration_number in client.get(_url(body)).content.decode()
