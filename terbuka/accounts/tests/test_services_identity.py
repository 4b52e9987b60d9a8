from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection

from terbuka.accounts import services
from terbuka.accounts.masking import mask_address, mask_nik, mask_phone
from terbuka.accounts.models import AccountEvent, IdentityAccessLog, RequesterIdentity
from terbuka.accounts.selectors import identity_list_by_nik, nik_hash_of
from terbuka.accounts.tests.factories import VALID_NIK, RequesterIdentityFactory, UserFactory
from terbuka.accounts.tests.helpers import enrol_totp
from terbuka.core.exceptions import NotFound, PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db

ADDRESS = "Jl. Ki Mas Jong No. 7, Kaligandu, Serang"
PHONE = "0812-3456-7890"


def _create(user: Any, **overrides: Any) -> RequesterIdentity:
    values: dict[str, Any] = {
        "kind": RequesterIdentity.Kind.PERORANGAN,
        "full_name": "Siti Rahma",
        "nik": "3673 0117 0890 0001",
        "address": ADDRESS,
        "phone": PHONE,
        "email": "Siti@Example.test",
    }
    values.update(overrides)
    return services.identity_create(actor=user, owner=user, **values)


def test_identity_is_encrypted_at_rest(user: Any) -> None:
    identity = _create(user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, address, phone, nik_hash FROM accounts_requesteridentity WHERE id = %s",
            [identity.pk],
        )
        raw_nik, raw_address, raw_phone, raw_hash = cursor.fetchone()
    assert VALID_NIK not in raw_nik
    assert "Ki Mas Jong" not in raw_address
    assert "3456" not in raw_phone
    assert raw_hash == nik_hash_of(VALID_NIK) != VALID_NIK
    loaded = RequesterIdentity.objects.get(pk=identity.pk)
    assert (loaded.nik, loaded.address, loaded.phone) == (VALID_NIK, ADDRESS, PHONE)
    assert loaded.email == "siti@example.test"


def test_keyed_hash_finds_identities_by_nik_however_typed(user: Any) -> None:
    identity = _create(user)
    _create(UserFactory.create(), nik="3673015708900002", full_name="Orang Lain")
    assert list(identity_list_by_nik("3673.0117.0890.0001")) == [identity]
    assert list(identity_list_by_nik(VALID_NIK)) == [identity]


def test_create_writes_an_event_without_identity_values(user: Any) -> None:
    identity = _create(user)
    event = AccountEvent.objects.get(identity=identity)
    assert (event.kind, event.actor, event.user) == ("identity_created", user, user)
    assert event.data == {"identity_kind": "perorangan"}


def test_str_never_shows_identity_values(user: Any) -> None:
    identity = _create(user)
    text = f"{identity} {identity!r}"
    assert text.startswith("Siti Rahma (Perorangan)")
    for secret in (VALID_NIK, "Ki Mas Jong", "3456"):
        assert secret not in text


def test_masks() -> None:
    assert mask_nik(VALID_NIK) == "************0001"
    assert mask_phone(PHONE) == "*********890"
    assert mask_address(ADDRESS) == "Jl. ***"
    assert mask_address("Serang") == "***"
    assert mask_nik("") == mask_phone(None) == mask_address("") == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nik": ""}, "nik", "Pemohon perorangan atau kelompok wajib mengisi NIK."),
        (
            {"kind": "kelompok", "nik": ""},
            "nik",
            "Pemohon perorangan atau kelompok wajib mengisi NIK.",
        ),
        (
            {"kind": "badan_hukum", "nik": ""},
            "legal_entity_number",
            "Badan hukum wajib mengisi nomor SK pengesahan badan hukum.",
        ),
        (
            {"nik": "3673011708900000"},
            "nik",
            "Nomor urut pada NIK (empat angka terakhir) tidak boleh 0000.",
        ),
        ({"address": " "}, "address", "Alamat wajib diisi."),
        (
            {"phone": "", "email": ""},
            "phone",
            "Isi nomor telepon atau alamat e-mail (setidaknya salah satu).",
        ),
        (
            {"phone": "12"},
            "phone",
            "Nomor telepon tidak valid: gunakan 8 sampai 15 angka, mis. 0812 3456 7890.",
        ),
    ],
)
def test_create_validates(user: Any, overrides: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        _create(user, **overrides)
    assert info.value.message == "Data identitas tidak valid."
    assert info.value.details["fields"][field] == [message]
    assert not RequesterIdentity.objects.exists()


def test_badan_hukum_identifies_with_its_decree(user: Any) -> None:
    identity = _create(
        user,
        kind="badan_hukum",
        nik="",
        full_name="Yayasan Terbuka",
        legal_entity_number="AHU-0012345.AH.01.04.Tahun 2020",
    )
    assert identity.nik_hash == ""
    assert identity.masked_legal_entity_number == "*" * 27 + "2020"


def test_nobody_creates_an_identity_for_another_account(user: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.identity_create(
            actor=UserFactory.create(), owner=user, kind="perorangan", full_name="X", nik=VALID_NIK
        )


def test_update_keeps_blank_secrets_and_logs_field_names(user: Any) -> None:
    identity = _create(user)
    services.identity_update(
        identity=identity,
        actor=user,
        nik="",
        address="",
        phone="",
        full_name="Siti Rahmawati",
        occupation="Wartawan",
    )
    identity.refresh_from_db()
    assert (identity.nik, identity.address, identity.full_name) == (
        VALID_NIK,
        ADDRESS,
        "Siti Rahmawati",
    )
    event = AccountEvent.objects.get(kind="identity_updated")
    assert event.data == {"fields": ["full_name", "occupation"]}


def test_update_of_nik_rehashes(user: Any) -> None:
    identity = _create(user)
    services.identity_update(identity=identity, actor=user, nik="3673015708900002")
    identity.refresh_from_db()
    assert identity.nik_hash == nik_hash_of("3673015708900002")
    assert AccountEvent.objects.get(kind="identity_updated").data == {"fields": ["nik"]}


def test_only_the_owner_updates(user: Any) -> None:
    identity = _create(user)
    with pytest.raises(NotFound):
        services.identity_update(identity=identity, actor=UserFactory.create(), full_name="X")


# --- Reveal ---------------------------------------------------------------------------------


def test_owner_reveal_is_logged(user: Any) -> None:
    identity = _create(user)
    value = services.identity_reveal(
        identity=identity, field="nik", viewer=user, reason="", ip="10.0.0.1"
    )
    assert value == VALID_NIK
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field, log.reason, log.ip) == (
        user,
        "nik",
        "Dilihat oleh pemilik data.",
        "10.0.0.1",
    )


def test_officer_must_give_a_reason(user: Any, unit_officer: Any, officer_perm: None) -> None:
    identity = _create(user)
    with pytest.raises(ValidationError) as info:
        services.identity_reveal(identity=identity, field="phone", viewer=unit_officer, reason="x")
    assert info.value.message == "Tuliskan alasan membuka data ini (minimal 10 karakter)."
    assert not IdentityAccessLog.objects.exists()
    value = services.identity_reveal(
        identity=identity, field="phone", viewer=unit_officer, reason="Permohonan 001/PPID/2026"
    )
    assert value == PHONE
    assert IdentityAccessLog.objects.get().reason == "Permohonan 001/PPID/2026"


def test_others_cannot_reveal_and_are_not_told_it_exists(user: Any) -> None:
    identity = _create(user)
    with pytest.raises(NotFound):
        services.identity_reveal(
            identity=identity, field="nik", viewer=UserFactory.create(), reason="ingin tahu saja"
        )
    assert not IdentityAccessLog.objects.exists()


def test_officer_needs_totp_when_staff_mfa_is_required(
    user: Any, unit_officer: Any, officer_perm: None, settings: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    identity = _create(user)
    with pytest.raises(PermissionDenied) as info:
        services.identity_reveal(
            identity=identity, field="nik", viewer=unit_officer, reason="Permohonan 001/PPID"
        )
    assert info.value.code == "mfa_required"
    enrol_totp(unit_officer)
    value = services.identity_reveal(
        identity=identity, field="nik", viewer=unit_officer, reason="Permohonan 001/PPID"
    )
    assert value == VALID_NIK


def test_unknown_fields_cannot_be_revealed(user: Any) -> None:
    identity = _create(user)
    with pytest.raises(ValidationError):
        services.identity_reveal(identity=identity, field="nik_hash", viewer=user, reason="")


def test_access_logs_are_append_only(user: Any) -> None:
    identity = _create(user)
    services.identity_reveal(identity=identity, field="address", viewer=user, reason="")
    log = IdentityAccessLog.objects.get()
    log.reason = "diubah"
    with pytest.raises(RuntimeError):
        log.save()


def test_services_log_no_identity_values(user: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    identity = _create(user)
    services.identity_reveal(identity=identity, field="nik", viewer=user, reason="")
    assert VALID_NIK not in caplog.text
    assert "Ki Mas Jong" not in caplog.text


def test_factory_identity_matches_service_rules() -> None:
    identity = RequesterIdentityFactory.create()
    identity.full_clean()
    assert identity.nik_hash == nik_hash_of(VALID_NIK)
