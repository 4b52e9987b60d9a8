"""The requester area through the client: owner, another citizen, anonymous and an officer."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from terbuka.accounts import services
from terbuka.accounts.dashboard import LIMIT
from terbuka.accounts.models import RequesterIdentity
from terbuka.accounts.tests.area import IDENTITY, Cases
from terbuka.accounts.tests.factories import UserFactory, VerifiedUserFactory
from terbuka.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))
DASHBOARD = reverse("accounts:dashboard")
SETTINGS = reverse("accounts:notifications")
ACCOUNT_DELETE = reverse("accounts:account-delete")
PASSWORD = "rahasia-uji-123"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _identity(owner: Any) -> RequesterIdentity:
    scan = io.BytesIO(b"\xff\xd8\xff\xe0" + b"0" * 64)
    return services.identity_create(actor=owner, owner=owner, ktp_scan=scan, **IDENTITY)


# --- Dashboard -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    for url in (DASHBOARD, SETTINGS, ACCOUNT_DELETE):
        response = Client().get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_dashboard_shows_the_clock_next_step_and_documents(cases: Cases) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, 0, tzinfo=WIB), tick=False):
        refused = cases.refuse(cases.request())
        running = cases.request()
        response = _client(cases.applicant).get(DASHBOARD)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "<title>Ruang saya" in page
    assert running.registration_number in page
    # UU 14/2008 Pasal 22(7): 10 working days from Mon 6 Apr 2026 -> Mon 20 Apr 2026.
    assert "Batas pemberitahuan tertulis: 20 April 2026" in page
    assert "sisa 10 hari kerja" in page
    # The refusal may be objected to within 30 working days (Pasal 36(1)): by 18 May 2026.
    file_url = reverse("objections:file", kwargs={"request_id": refused.pk})
    assert f'href="{file_url}"' in page
    assert "paling lambat 18 Mei 2026" in page
    assert reverse("inforequests:notice-pdf", args=[refused.pk]) in page
    assert reverse("inforequests:receipt", args=[running.pk]) in page
    # Identity values never appear on the dashboard.
    assert IDENTITY["nik"] not in page
    assert IDENTITY["address"] not in page


def test_the_dashboard_shows_objections_and_disputes(cases: Cases) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, 0, tzinfo=WIB), tick=False):
        request = cases.refuse(cases.request())
        objection = cases.uphold(cases.object_to(request))
        response = _client(cases.applicant).get(DASHBOARD)
    page = response.content.decode()
    assert objection.registration_number in page
    assert reverse("objections:response-pdf", args=[objection.pk]) in page
    assert reverse("objections:receipt-pdf", args=[objection.pk]) in page
    assert "Batas pengajuan sengketa" in page
    assert "UU 14/2008 Pasal 37(2)" in page
    with time_machine.travel(dt.datetime(2026, 4, 7, 10, 0, tzinfo=WIB), tick=False):
        cases.dispute(objection, dt.date(2026, 4, 7))
        page = _client(cases.applicant).get(DASHBOARD).content.decode()
    assert "001/KI-BTN/2026" in page
    assert "Komisi Informasi Provinsi Banten" in page


def test_another_citizen_sees_none_of_it(cases: Cases) -> None:
    request = cases.request()
    page = _client(UserFactory()).get(DASHBOARD).content.decode()
    assert request.registration_number not in page
    assert "Anda belum mengajukan permohonan informasi." in page


def test_an_officer_sees_only_their_own_cases(cases: Cases) -> None:
    request = cases.request()
    page = _client(cases.ppid_utama).get(DASHBOARD).content.decode()
    assert request.registration_number not in page


def test_the_dashboard_caps_its_lists_and_links_to_all(cases: Cases) -> None:
    identity = cases.request().requester_identity
    for _i in range(LIMIT):
        cases.request(identity=identity)
    page = _client(cases.applicant).get(DASHBOARD).content.decode()
    assert f"Lihat semua {LIMIT + 1} permohonan" in page
    assert reverse("inforequests:mine") in page


def test_the_dashboard_reads_a_fixed_number_of_queries(
    cases: Cases, django_assert_num_queries: Any
) -> None:
    client = _client(cases.applicant)

    def queries_for_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    identity = cases.request().requester_identity
    request = cases.refuse(cases.request(identity=identity))
    cases.uphold(cases.object_to(request))
    few = queries_for_page()
    for _i in range(LIMIT + 3):
        refused = cases.refuse(cases.request(identity=identity))
        cases.object_to(refused)
    many = queries_for_page()
    assert few == many
    with django_assert_num_queries(many):
        client.get(DASHBOARD)


# --- Login redirect --------------------------------------------------------------------------


def test_a_citizen_lands_in_the_requester_area_after_signing_in() -> None:
    user = VerifiedUserFactory(email="warga-masuk@example.test")
    response = Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_an_officer_lands_where_login_redirect_url_says(ppid_utama: Any, settings: Any) -> None:
    from terbuka.accounts.tests.factories import verify_email

    settings.TERBUKA_STAFF_MFA_REQUIRED = False
    verify_email(ppid_utama)
    response = Client().post(
        reverse("account_login"), {"login": ppid_utama.email, "password": PASSWORD}
    )
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_next_wins_over_the_requester_area() -> None:
    user = VerifiedUserFactory(email="warga-next@example.test")
    target = reverse("inforequests:mine")
    response = Client().post(
        f"{reverse('account_login')}?next={target}", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == target


# --- Notification settings -------------------------------------------------------------------


def test_a_citizen_chooses_decisions_only(applicant: Any) -> None:
    client = _client(applicant)
    page = client.get(SETTINGS).content.decode()
    assert "Pemberitahuan tertulis" in page
    assert "UU 14/2008 Pasal 22(7)" in page
    response = client.post(SETTINGS, {"email_level": "decisions"})
    assert response.status_code == 303
    assert NotificationPreference.objects.get(user=applicant).email_level == "decisions"
    assert "Pengaturan pemberitahuan disimpan." in client.get(SETTINGS).content.decode()


def test_an_unknown_level_is_refused(applicant: Any) -> None:
    response = _client(applicant).post(SETTINGS, {"email_level": "sms"})
    assert response.status_code == 422
    assert not NotificationPreference.objects.exists()


def test_the_settings_change_the_signed_in_account_only(applicant: Any) -> None:
    other: Any = UserFactory()
    _client(other).post(SETTINGS, {"email_level": "statutory"})
    assert not NotificationPreference.objects.filter(user=applicant).exists()
    assert NotificationPreference.objects.get(user=other).email_level == "statutory"


# --- Identity deletion -----------------------------------------------------------------------


def test_the_owner_deletes_an_unused_identity(applicant: Any) -> None:
    identity = _identity(applicant)
    url = reverse("accounts:identity-delete", args=[identity.pk])
    client = _client(applicant)
    page = client.get(url).content.decode()
    assert "tidak dipakai oleh permohonan atau keberatan mana pun" in page
    assert IDENTITY["nik"] not in page
    response = client.post(url)
    assert response.status_code == 303
    assert not RequesterIdentity.objects.filter(pk=identity.pk).exists()


@pytest.mark.parametrize("who", ["other", "officer"])
def test_others_get_404_for_an_identity(applicant: Any, ppid_utama: Any, who: str) -> None:
    identity = _identity(applicant)
    client = _client(UserFactory() if who == "other" else ppid_utama)
    for name in ("accounts:identity-delete", "accounts:identity-document-delete"):
        url = reverse(name, args=[identity.pk])
        assert client.post(url, {"document": "ktp_scan"}).status_code == 404
    assert client.get(reverse("accounts:identity-delete", args=[identity.pk])).status_code == 404
    identity.refresh_from_db()
    assert identity.ktp_scan_name


def test_a_used_identity_explains_why_and_until_when(cases: Cases) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, 0, tzinfo=WIB), tick=False):
        request = cases.withdraw(cases.request(identity=_identity(cases.applicant)))
    identity = request.requester_identity
    url = reverse("accounts:identity-delete", args=[identity.pk])
    client = _client(cases.applicant)
    with time_machine.travel(dt.datetime(2026, 4, 8, 10, 0, tzinfo=WIB), tick=False):
        page = client.get(url).content.decode()
        assert "Identitas disimpan sampai 6 April 2031" in page
        response = client.post(url)
        assert response.status_code == 409
        assert "06-04-2031" in response.content.decode()
        # No case is in play: the scan may go.
        doc = reverse("accounts:identity-document-delete", args=[identity.pk])
        assert client.post(doc, {"document": "ktp_scan"}).status_code == 303
    identity.refresh_from_db()
    assert identity.ktp_scan_name == ""


def test_the_scan_of_an_open_case_stays(cases: Cases) -> None:
    identity = cases.request(identity=_identity(cases.applicant)).requester_identity
    doc = reverse("accounts:identity-document-delete", args=[identity.pk])
    client = _client(cases.applicant)
    assert (
        "masih diperlukan selama perkara berjalan"
        in client.get(reverse("accounts:identity-delete", args=[identity.pk])).content.decode()
    )
    assert client.post(doc, {"document": "ktp_scan"}).status_code == 409
    assert client.post(doc, {}).status_code == 422
    identity.refresh_from_db()
    assert identity.ktp_scan_name


# --- Account deletion ------------------------------------------------------------------------


def test_the_account_page_lists_what_is_kept(cases: Cases) -> None:
    request = cases.request()
    page = _client(cases.applicant).get(ACCOUNT_DELETE).content.decode()
    assert "Akun belum dapat dihapus" in page
    assert request.registration_number in page


def test_a_wrong_password_closes_nothing(applicant: Any) -> None:
    response = _client(applicant).post(ACCOUNT_DELETE, {"password": "salah", "confirm": "on"})
    assert response.status_code == 422
    assert "Kata sandi salah." in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.is_active


def test_a_case_in_play_keeps_the_account(cases: Cases) -> None:
    cases.request()
    response = _client(cases.applicant).post(
        ACCOUNT_DELETE, {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 409
    cases.applicant.refresh_from_db()
    assert cases.applicant.is_active


def test_the_owner_closes_the_account_and_is_signed_out(applicant: Any) -> None:
    client = _client(applicant)
    response = client.post(ACCOUNT_DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 303
    assert response["Location"] == reverse("portal:home")
    applicant.refresh_from_db()
    assert not applicant.is_active
    assert client.get(DASHBOARD).status_code == 302


def test_the_batched_objection_window_matches_the_single_one(cases: Cases) -> None:
    """`objection_open_until_for_requests` is `objection_open_until` for many requests."""
    from terbuka.objections.selectors import (
        objection_open_until,
        objection_open_until_for_requests,
    )

    with time_machine.travel(dt.datetime(2026, 4, 6, 10, 0, tzinfo=WIB), tick=False):
        requests = [
            cases.refuse(cases.request()),
            cases.request(),
            cases.withdraw(cases.request()),
            cases.close(cases.refuse(cases.request())),
        ]
        cases.object_to(requests[0])
    for day in (dt.date(2026, 4, 7), dt.date(2026, 5, 18), dt.date(2026, 5, 19)):
        with time_machine.travel(
            dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=WIB), tick=False
        ):
            batched = objection_open_until_for_requests(requests, today=day)
            assert batched == {r.pk: objection_open_until(r, today=day) for r in requests}
    assert batched[requests[3].pk] is None
