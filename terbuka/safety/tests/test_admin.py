"""The scan admin is read-only and shows findings with masked samples only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accounts.tests.factories import UserFactory
from terbuka.safety import services
from terbuka.safety.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client: Client) -> Client:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_scan_list_and_page_show_findings_read_only(admin_client_: Client) -> None:
    scan = services.scan_file(data=corpus.xlsx(hidden_sheet=True), filename="realisasi.xlsx").scan
    listing = admin_client_.get(reverse("admin:safety_scan_changelist"))
    assert listing.status_code == 200
    assert "realisasi.xlsx" in listing.content.decode()
    page = admin_client_.get(reverse("admin:safety_scan_change", args=[scan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Data Pegawai" in html
    assert "3604********0001" in html
    assert corpus.NIK not in html
    assert 'name="_save"' not in html
    assert admin_client_.get(reverse("admin:safety_scan_add")).status_code == 403
    delete = admin_client_.post(reverse("admin:safety_scan_delete", args=[scan.pk]))
    assert delete.status_code == 403
