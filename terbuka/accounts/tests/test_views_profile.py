from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbuka.accounts.models import ApiToken, IdentityAccessLog, RequesterIdentity
from terbuka.accounts.selectors import token_hash_of
from terbuka.accounts.services import api_token_create
from terbuka.accounts.tests.factories import (
    VALID_NIK,
    RequesterIdentityFactory,
    UserFactory,
    verify_email,
)
from terbuka.accounts.tests.helpers import enrol_totp

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
CLEAR_VALUES = (VALID_NIK, "3673 0117", "Jenderal Sudirman", "081234567890", "3456")


@pytest.fixture
def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_profile_shows_masked_identity_never_clear_values(signed_in: Client, user: Any) -> None:
    RequesterIdentityFactory.create(owner=user, full_name="Siti Rahma")
    verify_email(user)
    response = signed_in.get(PROFILE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Rahma" in html
    assert "************0001" in html
    assert "Jl. ***" in html
    assert "*********890" in html
    assert "terverifikasi" in html
    for clear in CLEAR_VALUES:
        assert clear not in html
    assert not IdentityAccessLog.objects.exists()


def test_profile_shows_mfa_status_and_links(signed_in: Client, user: Any) -> None:
    html = signed_in.get(PROFILE).content.decode()
    assert "tidak aktif" in html
    assert reverse("mfa_activate_totp") in html
    enrol_totp(user)
    html = signed_in.get(PROFILE).content.decode()
    assert reverse("mfa_index") in html
    assert reverse("mfa_activate_totp") not in html


def test_profile_needs_login(client: Client) -> None:
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PROFILE}"


def test_profile_queries_do_not_grow_with_rows(
    signed_in: Client, user: Any, django_assert_max_num_queries: Any
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(PROFILE).status_code == 200
        return len(queries.captured_queries)

    RequesterIdentityFactory.create(owner=user)
    api_token_create(user=user, actor=user, name="skrip")
    one_each = count()
    for _ in range(5):
        RequesterIdentityFactory.create(owner=user)
        api_token_create(user=user, actor=user, name="skrip")
    # session, user, authenticators, e-mail verified, officer role, identities, tokens
    with django_assert_max_num_queries(7):
        assert count() == one_each


def test_other_users_identities_are_not_listed(signed_in: Client) -> None:
    RequesterIdentityFactory.create(owner=UserFactory.create(), full_name="Orang Lain Sekali")
    assert "Orang Lain Sekali" not in signed_in.get(PROFILE).content.decode()


# --- Identity form --------------------------------------------------------------------------


def _post_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "perorangan",
        "full_name": "Siti Rahma",
        "nik": "3673.0117.0890.0001",
        "address": "Jl. Jenderal Sudirman No. 5, Serang",
        "phone": "0812 3456 7890",
        "email": "",
        "occupation": "",
    }
    data.update(overrides)
    return data


def test_create_identity_with_scan(signed_in: Client, user: Any) -> None:
    scan = SimpleUploadedFile("ktp.jpg", b"\xff\xd8\xff\xe0JFIF", content_type="image/jpeg")
    response = signed_in.post(
        reverse("accounts:identity-create"), {**_post_data(), "ktp_scan": scan}
    )
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    identity = RequesterIdentity.objects.get()
    assert (identity.owner, identity.created_by, identity.nik) == (user, user, VALID_NIK)
    assert identity.ktp_scan_content_type == "image/jpeg"


def test_create_identity_shows_errors_tied_to_fields(signed_in: Client) -> None:
    response = signed_in.post(
        reverse("accounts:identity-create"), _post_data(nik="3673011708900000", phone="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Periksa kembali isian yang ditandai." in html
    assert (
        '<p class="field-error" id="id_nik_error">Nomor urut pada NIK (empat angka terakhir) '
        "tidak boleh 0000.</p>"
    ) in html
    assert 'aria-invalid="true" aria-describedby="id_nik_helptext id_nik_error"' in html
    assert "Isi nomor telepon atau alamat e-mail (setidaknya salah satu)." in html
    assert response["Cache-Control"] == "no-store"
    assert not RequesterIdentity.objects.exists()


def test_bad_scan_is_reported_on_the_file_field(signed_in: Client) -> None:
    scan = SimpleUploadedFile("ktp.gif", b"GIF89a....", content_type="image/gif")
    response = signed_in.post(
        reverse("accounts:identity-create"), {**_post_data(), "ktp_scan": scan}
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_ktp_scan_error">Jenis berkas tidak diterima: unggah foto '
        "JPEG atau PNG, atau berkas PDF.</p>"
    ) in response.content.decode()
    assert not RequesterIdentity.objects.exists()


def test_edit_form_never_prefills_clear_values(signed_in: Client, user: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=user)
    response = signed_in.get(reverse("accounts:identity-update", args=[identity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for clear in CLEAR_VALUES:
        assert clear not in html
    assert "Tersimpan: ************0001. Kosongkan bila tidak diubah." in html


def test_edit_keeps_blank_secrets(signed_in: Client, user: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=user)
    response = signed_in.post(
        reverse("accounts:identity-update", args=[identity.pk]),
        _post_data(nik="", address="", phone="", full_name="Nama Baru"),
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert (identity.full_name, identity.nik) == ("Nama Baru", VALID_NIK)


def test_a_stored_phone_number_can_be_removed(signed_in: Client, user: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=user, phone="081234567890")
    url = reverse("accounts:identity-update", args=[identity.pk])
    assert 'name="clear_phone"' in signed_in.get(url).content.decode()
    both = signed_in.post(
        url, _post_data(nik="", address="", phone="085712345678", clear_phone="on")
    )
    assert both.status_code == 200
    assert "Pilih salah satu: isi nomor telepon baru atau hapus yang tersimpan." in (
        both.content.decode()
    )
    identity.refresh_from_db()
    assert identity.phone == "081234567890"
    # A requester is reachable by phone or e-mail (at least one): without an e-mail, refused.
    alone = signed_in.post(url, _post_data(nik="", address="", phone="", clear_phone="on"))
    assert "Isi nomor telepon atau alamat e-mail (setidaknya salah satu)." in alone.content.decode()
    response = signed_in.post(
        url,
        _post_data(nik="", address="", phone="", email="siti@example.test", clear_phone="on"),
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.phone == ""
    assert 'name="clear_phone"' not in signed_in.get(url).content.decode()


def test_others_cannot_edit(signed_in: Client) -> None:
    identity = RequesterIdentityFactory.create(owner=UserFactory.create())
    url = reverse("accounts:identity-update", args=[identity.pk])
    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, _post_data()).status_code == 404


# --- Reveal (officers) ----------------------------------------------------------------------


def test_officer_reveals_with_reason_and_is_logged(
    client: Client, unit_officer: Any, officer_perm: None
) -> None:
    identity = RequesterIdentityFactory.create(owner=UserFactory.create())
    client.force_login(unit_officer)
    url = reverse("accounts:identity-reveal", args=[identity.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert VALID_NIK not in page.content.decode()
    response = client.post(
        url, {"field": "nik", "reason": "Permohonan 7/PPID/2026"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert VALID_NIK in html
    assert "<html" not in html  # htmx gets the partial only
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field, log.reason) == (unit_officer, "nik", "Permohonan 7/PPID/2026")


def test_reveal_refused_to_strangers(client: Client) -> None:
    identity = RequesterIdentityFactory.create(owner=UserFactory.create())
    client.force_login(UserFactory.create())
    url = reverse("accounts:identity-reveal", args=[identity.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"field": "nik", "reason": "Permohonan 7/PPID"}).status_code == 404
    assert not IdentityAccessLog.objects.exists()


def test_officer_without_totp_is_refused_when_required(
    client: Client, unit_officer: Any, officer_perm: None, settings: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    identity = RequesterIdentityFactory.create(owner=UserFactory.create())
    client.force_login(unit_officer)
    response = client.post(
        reverse("accounts:identity-reveal", args=[identity.pk]),
        {"field": "nik", "reason": "Permohonan 7/PPID/2026"},
    )
    html = response.content.decode()
    assert "Aktifkan autentikasi dua faktor sebelum membuka data pribadi pemohon." in html
    assert VALID_NIK not in html
    assert not IdentityAccessLog.objects.exists()


# --- API tokens on the profile --------------------------------------------------------------


def test_create_token_shows_it_once(signed_in: Client, user: Any) -> None:
    response = signed_in.post(
        reverse("accounts:token-create"), {"name": "Skrip laporan"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<html" not in html
    token = ApiToken.objects.get()
    raw = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert token_hash_of(raw) == token.key_hash
    assert raw.startswith("tbk_")
    assert token.prefix == raw[:8]
    assert "Token baru dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi." in html
    later = signed_in.get(PROFILE).content.decode()
    assert raw not in later
    assert "Skrip laporan" in later
    assert f"{token.prefix}…" in later


def test_create_token_without_htmx_renders_the_profile(signed_in: Client) -> None:
    response = signed_in.post(reverse("accounts:token-create"), {"name": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Profil akun</h1>" in html
    assert ApiToken.objects.get().name == "Token API"


def test_revoke_token(signed_in: Client, user: Any) -> None:
    token, _raw = api_token_create(user=user, actor=user, name="lama")
    response = signed_in.post(
        reverse("accounts:token-revoke", args=[token.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Token lama dicabut." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = signed_in.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404


def test_revoke_without_htmx_redirects(signed_in: Client, user: Any) -> None:
    token, _raw = api_token_create(user=user, actor=user, name="lama")
    response = signed_in.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == PROFILE


def test_cannot_revoke_someone_elses_token(signed_in: Client) -> None:
    other = UserFactory.create()
    token, _raw = api_token_create(user=other, actor=other)
    assert signed_in.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_endpoints_need_post(signed_in: Client) -> None:
    assert signed_in.get(reverse("accounts:token-create")).status_code == 405
