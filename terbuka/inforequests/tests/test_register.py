"""The buku register: screen (masked, paginated), XLSX/CSV export, full export with logging."""

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
from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.inforequests import exports, register_views, services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
URL = reverse("office:register")
EXPORT = reverse("office:register-export")


def _year() -> int:
    return timezone.localdate().year


def _query(body: Any, **extra: str) -> dict[str, str]:
    return {"badan": body.slug, "tahun": str(_year()), **extra}


@pytest.fixture
def filed(submit: Callable[..., InformationRequest]) -> InformationRequest:
    return submit(details='=HYPERLINK("http://evil.test")')


def test_register_requires_role(client: Client, body: Any, user: Any) -> None:
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT, _query(body)).status_code == 403


def test_register_masks_identity_for_ppid_utama(
    client: Client, body: Any, ppid_utama: Any, filed: InformationRequest
) -> None:
    client.force_login(ppid_utama)
    response = client.get(URL, _query(body))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert filed.registration_number in html
    assert '<th scope="col">Nomor pendaftaran</th>' in html
    assert NIK not in html
    assert PHONE not in html
    assert "Ekspor lengkap" in html


def test_unit_officer_sees_only_own_unit_rows(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    submit: Callable[..., InformationRequest],
) -> None:
    mine = submit(unit=unit, details="Untuk unit saya.")
    other = submit(details="Untuk PPID Utama.")
    client.force_login(unit_officer)
    html = client.get(URL, _query(body)).content.decode()
    assert mine.registration_number in html
    assert other.registration_number not in html
    assert "Ekspor lengkap" not in html
    response = client.post(EXPORT, {**_query(body), "format": "csv", "reason": "Audit tahunan."})
    assert response.status_code == 403


def test_atasan_reads_register_but_cannot_unmask(
    client: Client, body: Any, ppid_utama_unit: Any, filed: InformationRequest
) -> None:
    atasan: Any = MembershipFactory(unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID).user
    client.force_login(atasan)
    html = client.get(URL, _query(body)).content.decode()
    assert filed.registration_number in html
    assert "Ekspor lengkap" not in html


def test_register_query_count_constant(
    client: Client,
    body: Any,
    ppid_utama: Any,
    submit: Callable[..., InformationRequest],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(ppid_utama)
    submit()
    client.get(URL, _query(body))
    with django_assert_max_num_queries(12) as one:
        client.get(URL, _query(body))
    for n in range(5):
        submit(identity_data=identity_data(full_name=f"Pemohon {n}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL, _query(body))
    assert response.content.decode().count('<th scope="row">') == 6


def test_register_paginates(
    client: Client,
    body: Any,
    ppid_utama: Any,
    submit: Callable[..., InformationRequest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(register_views, "REGISTER_PER_PAGE", 2)
    for _ in range(3):
        submit()
    client.force_login(ppid_utama)
    html = client.get(URL, {**_query(body), "halaman": "2"}).content.decode()
    assert html.count('<th scope="row">') == 1
    assert '<th scope="row">3</th>' in html


def test_masked_xlsx_export(
    client: Client, body: Any, ppid_utama: Any, filed: InformationRequest
) -> None:
    client.force_login(ppid_utama)
    response = client.get(EXPORT, _query(body, format="xlsx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="register-permohonan-{body.slug}-{_year()}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["B1"].value == "Nomor pendaftaran"
    row = list(sheet[2])
    assert row[1].value == filed.registration_number
    assert isinstance(row[2].value, date)
    # The formula-looking request text is a plain string, never a formula.
    assert row[8].value.startswith("=HYPERLINK")
    assert row[8].data_type == "s"
    values = " ".join(str(cell.value) for cell in row)
    assert NIK not in values
    assert PHONE not in values
    assert not IdentityAccessLog.objects.exists()


def test_masked_csv_export_has_bom_and_defuses_formulas(
    client: Client, body: Any, ppid_utama: Any, filed: InformationRequest
) -> None:
    client.force_login(ppid_utama)
    response = client.get(EXPORT, _query(body, format="csv"))
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][1] == "Nomor pendaftaran"
    assert rows[1][8].startswith("'=HYPERLINK")
    assert NIK not in text
    assert PHONE not in text


def test_full_export_needs_reason_and_logs_each_identity(
    client: Client, body: Any, ppid_utama: Any, submit: Callable[..., InformationRequest]
) -> None:
    first = submit()
    submit(identity=first.requester_identity, identity_data=None)  # same identity: one log
    submit(identity_data=identity_data(nik="3673011708900002", full_name="Budi"))
    client.force_login(ppid_utama)
    short = client.post(EXPORT, {**_query(body), "format": "csv", "reason": "audit"})
    assert short.status_code == 303
    assert not IdentityAccessLog.objects.exists()
    response = client.post(
        EXPORT, {**_query(body), "format": "csv", "reason": "Permintaan Komisi Informasi."}
    )
    assert response.status_code == 200
    assert "-lengkap.csv" in response["Content-Disposition"]
    assert NIK in response.content.decode("utf-8-sig")
    logs = IdentityAccessLog.objects.all()
    assert logs.count() == 2
    assert {log.viewer_id for log in logs} == {ppid_utama.pk}
    assert all("Permintaan Komisi Informasi." in log.reason for log in logs)


def test_full_export_enforces_mfa(
    client: Client, body: Any, ppid_utama: Any, filed: InformationRequest, settings: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    client.force_login(ppid_utama)
    data = {**_query(body), "format": "xlsx", "reason": "Permintaan Komisi Informasi."}
    # Whether the MFA middleware or the service stops it, nothing is exported or logged.
    response = client.post(EXPORT, data)
    assert "attachment" not in response.get("Content-Disposition", "")
    from terbuka.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as caught:
        services.register_export_unmasked(
            body=body, year=_year(), actor=ppid_utama, reason="Permintaan Komisi Informasi."
        )
    assert caught.value.code == "mfa_required"
    assert not IdentityAccessLog.objects.exists()
    enrol_totp(ppid_utama)
    assert client.post(EXPORT, data).status_code == 200
    assert IdentityAccessLog.objects.count() == 1


def test_desk_clerk_cannot_unmask(body: Any, desk_officer: Any, filed: InformationRequest) -> None:
    from terbuka.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.register_export_unmasked(
            body=body, year=_year(), actor=desk_officer, reason="Audit tahunan lengkap."
        )


def test_superuser_sees_any_body(client: Client, body: Any, filed: InformationRequest) -> None:
    admin: Any = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert filed.registration_number in client.get(URL, _query(body)).content.decode()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_defuses_formula_prefixes(value: str) -> None:
    assert exports.csv_cell(value) == "'" + value
    assert exports.csv_cell("aman") == "aman"
    assert exports.csv_cell(5) == "5"
