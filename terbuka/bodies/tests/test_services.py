from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from terbuka.accounts.models import User
from terbuka.bodies import services, tree
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit
from terbuka.bodies.tests.conftest import grant
from terbuka.bodies.tests.factories import UnitFactory
from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


def kinds() -> list[str]:
    return list(BodyEvent.objects.order_by("id").values_list("kind", flat=True))


def last_event() -> BodyEvent:
    return BodyEvent.objects.order_by("-id").first()  # type: ignore[return-value]


# --- Bodies ----------------------------------------------------------------------------------


def test_body_create_by_superuser_logs_event(superuser: Any) -> None:
    body = services.body_create(
        actor=superuser,
        name="Pemerintah Kota Contoh",
        slug="kota-contoh",
        kind=PublicBody.Kind.PEMERINTAH_KOTA,
        region_code="36.74",
        address="Jl. Contoh No. 1",
    )
    assert body.pk is not None
    assert body.address == "Jl. Contoh No. 1"
    event = last_event()
    assert event.kind == BodyEvent.Kind.BODY_CREATED
    assert event.actor == superuser
    assert event.data == {
        "slug": "kota-contoh",
        "name": "Pemerintah Kota Contoh",
        "kind": "pemerintah_kota",
    }


def test_body_create_needs_superuser(ppid_utama: Any) -> None:
    with pytest.raises(PermissionDenied) as exc:
        services.body_create(actor=ppid_utama, name="X", slug="x", kind="lainnya")
    assert exc.value.message == "Hanya admin sistem yang dapat mendaftarkan badan publik."


def test_body_create_refuses_taken_slug(superuser: Any, body: PublicBody) -> None:
    with pytest.raises(ValidationError) as exc:
        services.body_create(actor=superuser, name="X", slug="kota-uji", kind="lainnya")
    assert exc.value.message == "Slug badan publik ini sudah dipakai."
    assert exc.value.details["field"] == "slug"


@pytest.mark.parametrize("code", ["3673", "36.7", "36.73.1", "ab.cd", "36.73.01.10"])
def test_body_create_refuses_malformed_region_code(superuser: Any, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.body_create(actor=superuser, name="X", slug="x", kind="lainnya", region_code=code)
    assert exc.value.message == "Format kode wilayah harus NN, NN.NN, NN.NN.NN atau NN.NN.NN.NNNN."


def test_body_create_runs_full_clean(superuser: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.body_create(actor=superuser, name="X", slug="x", kind="bukan-jenis")
    assert exc.value.details["field"] == "kind"


def test_body_update_records_changes(ppid_utama: Any, body: PublicBody) -> None:
    updated = services.body_update(body=body, actor=ppid_utama, phone="(0254) 123", name=body.name)
    assert updated.phone == "(0254) 123"
    event = last_event()
    assert event.kind == BodyEvent.Kind.BODY_UPDATED
    assert event.data == {"changes": {"phone": {"from": "", "to": "(0254) 123"}}}


def test_body_update_without_change_logs_nothing(ppid_utama: Any, body: PublicBody) -> None:
    before = BodyEvent.objects.count()
    services.body_update(body=body, actor=ppid_utama, name=body.name)
    assert BodyEvent.objects.count() == before


def test_body_update_refuses_unknown_field(ppid_utama: Any, body: PublicBody) -> None:
    with pytest.raises(TypeError):
        services.body_update(body=body, actor=ppid_utama, slug="lain")


@pytest.mark.parametrize("who", ["unit_officer", "other_ppid_utama", "user"])
def test_body_update_refused_to_non_managers(
    who: str, body: PublicBody, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied) as exc:
        services.body_update(body=body, actor=actor, phone="1")
    assert exc.value.message == "Anda tidak berwenang mengelola unit badan publik ini."


# --- Unit creation ---------------------------------------------------------------------------


def test_unit_create_sets_path_depth_and_event(
    ppid_utama: Any, body: PublicBody, ppid_utama_unit: Unit
) -> None:
    unit = services.unit_create(
        actor=ppid_utama,
        body=body,
        parent=ppid_utama_unit,
        kind=Unit.Kind.OPD,
        name="Dinas Sosial",
        service_hours="Senin-Jumat",
    )
    assert unit.slug == "dinas-sosial"
    assert unit.path == ppid_utama_unit.path + tree.segment(unit.pk)
    assert unit.depth == 1
    assert unit.service_hours == "Senin-Jumat"
    event = last_event()
    assert (event.kind, event.unit, event.actor) == (BodyEvent.Kind.UNIT_CREATED, unit, ppid_utama)
    assert event.data == {
        "slug": "dinas-sosial",
        "name": "Dinas Sosial",
        "kind": "opd",
        "code": "",
        "parent": "ppid-utama",
    }


def test_unit_create_root(superuser: Any, other_body: PublicBody) -> None:
    unit = services.unit_create(
        actor=superuser, body=other_body, kind=Unit.Kind.LAINNYA, name="Akar", slug="akar"
    )
    assert unit.path == tree.segment(unit.pk)
    assert unit.depth == 0


def test_unit_create_by_body_admin(body_admin: Any, body: PublicBody) -> None:
    unit = services.unit_create(actor=body_admin, body=body, kind="opd", name="Dinas Baru")
    assert unit.body == body


@pytest.mark.parametrize("who", ["unit_officer", "other_ppid_utama", "user"])
def test_unit_create_refused_to_non_managers(
    who: str, body: PublicBody, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=actor, body=body, kind="opd", name="Dinas Baru")
    assert not Unit.objects.filter(name="Dinas Baru").exists()


def test_unit_create_parent_must_be_in_same_body(
    ppid_utama: Any, body: PublicBody, other_body: PublicBody
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=ppid_utama,
            body=body,
            kind="opd",
            name="X",
            parent=other_body.units.get(slug="dinas-lain"),
        )
    assert exc.value.message == "Unit induk harus berada di badan publik yang sama."
    assert exc.value.details["field"] == "parent"


def test_unit_create_one_ppid_utama_per_body(ppid_utama: Any, body: PublicBody) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind="ppid_utama", name="PPID Kedua")
    assert exc.value.message == "Badan publik ini sudah memiliki PPID Utama."


def test_unit_create_ppid_utama_has_no_parent(superuser: Any, ppid_utama_unit: Unit) -> None:
    body = PublicBody.objects.create(name="Kab Baru", slug="kab-baru", kind="lainnya")
    root = UnitFactory.create(body=body, kind="opd", slug="akar")
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=superuser, body=body, kind="ppid_utama", name="PPID", parent=root
        )
    assert exc.value.message == "PPID Utama tidak boleh memiliki unit induk."


@pytest.mark.parametrize("kind", [Unit.Kind.KELURAHAN, Unit.Kind.DESA])
def test_unit_create_village_under_kecamatan_only(
    ppid_utama: Any, body: PublicBody, unit: Unit, kind: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind=kind, name="Kel X", parent=unit)
    assert exc.value.message == "Kelurahan dan desa harus berada di bawah kecamatan."


def test_unit_create_kelurahan_under_kecamatan(
    ppid_utama: Any, body: PublicBody, kecamatan: Unit
) -> None:
    kel = services.unit_create(
        actor=ppid_utama,
        body=body,
        kind="kelurahan",
        name="Kelurahan Baru",
        parent=kecamatan,
        code="99.01.01.1002",
    )
    assert kel.depth == 2
    assert kel.path.startswith(kecamatan.path)


def test_unit_create_slug_unique_per_body(
    ppid_utama: Any, other_ppid_utama: Any, body: PublicBody, other_body: PublicBody, unit: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind="opd", name="X", slug="dinkes")
    assert exc.value.message == "Slug ini sudah dipakai unit lain di badan publik ini."
    other = services.unit_create(
        actor=other_ppid_utama, body=other_body, kind="opd", name="X", slug="dinkes"
    )
    assert other.slug == "dinkes"


@pytest.mark.parametrize(
    "code", ["36", "3673", "36.73.1", "36.73.01.101", "36-73", "36.73.01.1001.1"]
)
def test_unit_create_refuses_malformed_code(ppid_utama: Any, body: PublicBody, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind="kecamatan", name="K", code=code)
    assert exc.value.message == ("Format kode Kemendagri harus NN.NN, NN.NN.NN atau NN.NN.NN.NNNN.")
    assert exc.value.details["field"] == "code"


@pytest.mark.parametrize("code", ["36.73", "36.73.01", "36.73.01.1001"])
def test_unit_create_accepts_wellformed_code(
    ppid_utama: Any, body: PublicBody, ppid_utama_unit: Unit, code: str
) -> None:
    unit = services.unit_create(
        actor=ppid_utama, body=body, kind="lainnya", name="K", code=code, parent=ppid_utama_unit
    )
    assert unit.code == code


def test_unit_create_code_extends_parent_code(
    ppid_utama: Any, body: PublicBody, kecamatan: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=ppid_utama,
            body=body,
            kind="kelurahan",
            name="Kel",
            parent=kecamatan,
            code="99.01.02.1001",
        )
    assert exc.value.message == "Kode Kemendagri harus diawali kode unit induknya (99.01.01)."


def test_unit_create_code_unique_per_body(
    ppid_utama: Any, body: PublicBody, kecamatan: Unit, kelurahan: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=ppid_utama,
            body=body,
            kind="kelurahan",
            name="Kel",
            parent=kecamatan,
            code="99.01.01.1001",
        )
    assert exc.value.message == "Kode Kemendagri ini sudah dipakai unit lain di badan publik ini."


def test_unit_create_under_inactive_parent(ppid_utama: Any, body: PublicBody, unit: Unit) -> None:
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    unit.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind="opd", name="X", parent=unit)
    assert exc.value.message == "Unit induk tidak aktif."


def test_unit_create_runs_full_clean(ppid_utama: Any, body: PublicBody) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=ppid_utama, body=body, kind="opd", name="X", email="bukan")
    assert exc.value.details["field"] == "email"
    assert not Unit.objects.filter(name="X").exists()


# --- Unit update -----------------------------------------------------------------------------


def test_unit_update_records_diff(ppid_utama: Any, unit: Unit) -> None:
    updated = services.unit_update(
        unit=unit,
        actor=ppid_utama,
        ppid_name="Budi",
        ppid_position="Sekretaris Dinas",
        service_hours="Senin-Jumat 08.00-16.00",
        name=unit.name,
    )
    assert updated.ppid_name == "Budi"
    event = last_event()
    assert event.kind == BodyEvent.Kind.UNIT_UPDATED
    assert set(event.data["changes"]) == {"ppid_name", "ppid_position", "service_hours"}


def test_unit_update_no_change_no_event(ppid_utama: Any, unit: Unit) -> None:
    before = BodyEvent.objects.count()
    services.unit_update(unit=unit, actor=ppid_utama, name=unit.name)
    assert BodyEvent.objects.count() == before


def test_unit_update_ppid_utama_kind_is_fixed(ppid_utama: Any, ppid_utama_unit: Unit) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=ppid_utama_unit, actor=ppid_utama, kind="opd")
    assert exc.value.message == "Jenis unit PPID Utama tidak dapat diubah."


def test_unit_update_kecamatan_with_kelurahan_keeps_kind(
    ppid_utama: Any, kecamatan: Unit, kelurahan: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=kecamatan, actor=ppid_utama, kind="opd")
    assert (
        exc.value.message
        == "Unit ini membawahi kelurahan atau desa, jadi jenisnya harus kecamatan."
    )


def test_unit_update_slug_conflict(ppid_utama: Any, unit: Unit, kecamatan: Unit) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=unit, actor=ppid_utama, slug="kecamatan-uji")
    assert exc.value.details["field"] == "slug"


def test_unit_update_refused_to_own_pelaksana(unit_officer: Any, unit: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_update(unit=unit, actor=unit_officer, phone="1")


# --- Unit move -------------------------------------------------------------------------------


def test_unit_move_rewrites_subtree_paths(
    ppid_utama: Any, unit: Unit, kecamatan: Unit, kelurahan: Unit, ppid_utama_unit: Unit
) -> None:
    deeper = UnitFactory.create(
        body=kecamatan.body, parent=kelurahan, kind="lainnya", slug="rw-01", name="RW 01"
    )
    moved = services.unit_move(unit=kecamatan, new_parent=unit, actor=ppid_utama)
    expected = unit.path + tree.segment(kecamatan.pk)
    assert moved.path == expected
    assert moved.depth == 2
    assert moved.parent == unit
    kelurahan.refresh_from_db()
    deeper.refresh_from_db()
    assert kelurahan.path == expected + tree.segment(kelurahan.pk)
    assert kelurahan.depth == 3
    assert deeper.path == kelurahan.path + tree.segment(deeper.pk)
    assert deeper.depth == 4
    unit.refresh_from_db()
    assert unit.path == ppid_utama_unit.path + tree.segment(unit.pk)
    event = last_event()
    assert event.kind == BodyEvent.Kind.UNIT_MOVED
    assert event.data["from_parent"] == "ppid-utama"
    assert event.data["to_parent"] == "dinkes"
    assert event.data["units_moved"] == 3


def test_unit_move_to_root(ppid_utama: Any, kecamatan: Unit, kelurahan: Unit) -> None:
    moved = services.unit_move(unit=kecamatan, new_parent=None, actor=ppid_utama)
    assert moved.path == tree.segment(kecamatan.pk)
    assert moved.depth == 0
    kelurahan.refresh_from_db()
    assert kelurahan.path == moved.path + tree.segment(kelurahan.pk)
    assert kelurahan.depth == 1


def test_unit_move_leaves_other_bodies_alone(
    ppid_utama: Any, unit: Unit, kecamatan: Unit, other_body: PublicBody
) -> None:
    before = dict(other_body.units.values_list("pk", "path"))
    services.unit_move(unit=kecamatan, new_parent=unit, actor=ppid_utama)
    assert dict(other_body.units.values_list("pk", "path")) == before


@pytest.mark.parametrize("target", ["kecamatan", "kelurahan"])
def test_unit_move_refuses_own_subtree(
    ppid_utama: Any, kecamatan: Unit, kelurahan: Unit, target: str
) -> None:
    new_parent = {"kecamatan": kecamatan, "kelurahan": kelurahan}[target]
    with pytest.raises(ValidationError) as exc:
        services.unit_move(unit=kecamatan, new_parent=new_parent, actor=ppid_utama)
    assert (
        exc.value.message == "Unit tidak dapat dipindah ke bawah dirinya sendiri atau sub-unitnya."
    )
    kecamatan.refresh_from_db()
    assert kecamatan.depth == 1


def test_unit_move_kelurahan_only_under_kecamatan(
    ppid_utama: Any, kelurahan: Unit, unit: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_move(unit=kelurahan, new_parent=unit, actor=ppid_utama)
    assert exc.value.message == "Kelurahan dan desa harus berada di bawah kecamatan."


def test_unit_move_ppid_utama_stays_root(
    ppid_utama: Any, ppid_utama_unit: Unit, unit: Unit
) -> None:
    with pytest.raises(ValidationError):
        services.unit_move(unit=ppid_utama_unit, new_parent=unit, actor=ppid_utama)


def test_unit_move_across_bodies_refused(
    superuser: Any, unit: Unit, other_body: PublicBody
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_move(
            unit=unit, new_parent=other_body.units.get(slug="dinas-lain"), actor=superuser
        )
    assert exc.value.message == "Unit induk harus berada di badan publik yang sama."


def test_unit_move_to_same_parent_is_a_no_op(
    ppid_utama: Any, unit: Unit, ppid_utama_unit: Unit
) -> None:
    before = BodyEvent.objects.count()
    services.unit_move(unit=unit, new_parent=ppid_utama_unit, actor=ppid_utama)
    assert BodyEvent.objects.count() == before


def test_unit_move_refused_to_pelaksana(unit_officer: Any, unit: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_move(unit=unit, new_parent=None, actor=unit_officer)


# --- Deactivation ----------------------------------------------------------------------------


def test_unit_deactivate_and_reactivate(ppid_utama: Any, unit: Unit) -> None:
    off = services.unit_deactivate(unit=unit, actor=ppid_utama, reason="Digabung")
    assert not off.is_active
    assert last_event().data == {"reason": "Digabung"}
    services.unit_deactivate(unit=unit, actor=ppid_utama)
    on = services.unit_reactivate(unit=unit, actor=ppid_utama)
    assert on.is_active
    services.unit_reactivate(unit=unit, actor=ppid_utama)
    assert kinds()[-2:] == [BodyEvent.Kind.UNIT_DEACTIVATED, BodyEvent.Kind.UNIT_REACTIVATED]


def test_unit_deactivate_ppid_utama_refused(ppid_utama: Any, ppid_utama_unit: Unit) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_deactivate(unit=ppid_utama_unit, actor=ppid_utama)
    assert exc.value.message == "Unit PPID Utama tidak dapat dinonaktifkan."


def test_unit_deactivate_with_active_children_refused(
    ppid_utama: Any, kecamatan: Unit, kelurahan: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_deactivate(unit=kecamatan, actor=ppid_utama)
    assert exc.value.message == (
        "Unit ini masih membawahi sub-unit aktif. Nonaktifkan atau pindahkan sub-unit "
        "tersebut terlebih dahulu."
    )


def test_unit_reactivate_under_inactive_parent_refused(
    ppid_utama: Any, kecamatan: Unit, kelurahan: Unit
) -> None:
    services.unit_deactivate(unit=kelurahan, actor=ppid_utama)
    services.unit_deactivate(unit=kecamatan, actor=ppid_utama)
    with pytest.raises(ValidationError) as exc:
        services.unit_reactivate(unit=kelurahan, actor=ppid_utama)
    assert exc.value.message == "Unit induknya tidak aktif; aktifkan unit induk terlebih dahulu."


def test_unit_deactivate_refused_to_pelaksana(unit_officer: Any, unit: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_deactivate(unit=unit, actor=unit_officer)


# --- Memberships -----------------------------------------------------------------------------


def test_membership_grant_is_idempotent(ppid_utama: Any, user: Any, unit: Unit) -> None:
    m = services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="ppid_pelaksana")
    assert m.is_active
    event = last_event()
    assert event.kind == BodyEvent.Kind.MEMBERSHIP_GRANTED
    assert event.membership == m
    assert event.data == {"user": user.email, "unit": "dinkes", "role": "ppid_pelaksana"}
    count = BodyEvent.objects.count()
    again = services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="ppid_pelaksana")
    assert again.pk == m.pk
    assert BodyEvent.objects.count() == count


def test_membership_grant_reactivates_revoked(ppid_utama: Any, user: Any, unit: Unit) -> None:
    m = services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="petugas_layanan")
    services.membership_revoke(actor=ppid_utama, membership=m)
    again = services.membership_grant(
        actor=ppid_utama, user=user, unit=unit, role="petugas_layanan"
    )
    assert again.pk == m.pk
    assert again.is_active
    assert last_event().data["reactivated"] is True
    assert Membership.objects.filter(user=user).count() == 1


def test_membership_grant_ppid_utama_role_only_at_ppid_utama(
    ppid_utama: Any, user: Any, unit: Unit
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="ppid_utama")
    assert exc.value.message == "Peran PPID Utama hanya dapat diberikan di unit PPID Utama."


def test_membership_grant_refuses_inactive_unit(ppid_utama: Any, user: Any, unit: Unit) -> None:
    services.unit_deactivate(unit=unit, actor=ppid_utama)
    unit.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="ppid_pelaksana")
    assert exc.value.message == "Unit ini tidak aktif."


def test_membership_grant_refuses_unknown_role(ppid_utama: Any, user: Any, unit: Unit) -> None:
    with pytest.raises(ValidationError) as exc:
        services.membership_grant(actor=ppid_utama, user=user, unit=unit, role="raja")
    assert exc.value.message == "Peran tidak dikenal."


@pytest.mark.parametrize("who", ["unit_officer", "other_ppid_utama", "user"])
def test_membership_grant_refused_to_non_managers(
    who: str, unit: Unit, applicant: Any, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied) as exc:
        services.membership_grant(actor=actor, user=applicant, unit=unit, role="ppid_pelaksana")
    assert exc.value.message == "Anda tidak berwenang mengelola keanggotaan badan publik ini."


def test_membership_grant_by_email_creates_account(ppid_utama: Any, unit: Unit) -> None:
    m, created = services.membership_grant_by_email(
        actor=ppid_utama,
        email=" Petugas.Baru@Example.test ",
        unit=unit,
        role="petugas_layanan",
        full_name="Petugas Baru",
    )
    assert created
    user = User.objects.get(email="petugas.baru@example.test")
    assert m.user == user
    assert user.full_name == "Petugas Baru"
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (
        "petugas.baru@example.test",
        True,
        False,
    )


def test_membership_grant_by_email_finds_existing_account(
    ppid_utama: Any, user: Any, unit: Unit
) -> None:
    m, created = services.membership_grant_by_email(
        actor=ppid_utama, email="WARGA@example.test", unit=unit, role="petugas_layanan"
    )
    assert not created
    assert m.user == user


def test_membership_grant_by_email_checks_permission_first(unit_officer: Any, unit: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_grant_by_email(
            actor=unit_officer, email="baru@example.test", unit=unit, role="petugas_layanan"
        )
    assert not User.objects.filter(email="baru@example.test").exists()


def test_membership_revoke(ppid_utama: Any, unit_officer: Any) -> None:
    m = Membership.objects.get(user=unit_officer)
    revoked = services.membership_revoke(actor=ppid_utama, membership=m, reason="Mutasi")
    assert not revoked.is_active
    event = last_event()
    assert event.kind == BodyEvent.Kind.MEMBERSHIP_REVOKED
    assert event.data == {
        "user": "pelaksana@example.test",
        "unit": "dinkes",
        "role": "ppid_pelaksana",
        "reason": "Mutasi",
    }
    count = BodyEvent.objects.count()
    services.membership_revoke(actor=ppid_utama, membership=m)
    assert BodyEvent.objects.count() == count


def test_membership_revoke_keeps_last_manager(ppid_utama: Any) -> None:
    m = Membership.objects.get(user=ppid_utama)
    with pytest.raises(Conflict) as exc:
        services.membership_revoke(actor=ppid_utama, membership=m)
    assert exc.value.message == (
        "Peran ini tidak dapat dicabut: badan publik harus tetap memiliki minimal satu PPID "
        "Utama atau admin aktif."
    )


def test_membership_revoke_manager_when_another_remains(ppid_utama: Any, body_admin: Any) -> None:
    m = Membership.objects.get(user=ppid_utama)
    assert not services.membership_revoke(actor=body_admin, membership=m).is_active


def test_membership_revoke_refused_to_pelaksana(
    unit_officer: Any, unit: Unit, applicant: Any
) -> None:
    other = grant(unit, Membership.Role.PETUGAS_LAYANAN, "petugas@example.test")
    m = Membership.objects.get(user=other)
    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=unit_officer, membership=m)


# --- The keeper of the national holiday table --------------------------------------------------


def test_only_a_superuser_names_the_calendar_keeper(
    superuser: Any, ppid_utama: Any, body: PublicBody
) -> None:
    with pytest.raises(PermissionDenied):
        services.body_set_calendar_keeper(body=body, keeps=True, actor=ppid_utama)
    body.refresh_from_db()
    assert not body.keeps_national_calendar

    services.body_set_calendar_keeper(body=body, keeps=True, actor=superuser)
    body.refresh_from_db()
    assert body.keeps_national_calendar
    event = BodyEvent.objects.get(kind=BodyEvent.Kind.CALENDAR_KEEPER_CHANGED)
    assert (event.actor, event.data) == (superuser, {"keeps_national_calendar": True})

    services.body_set_calendar_keeper(body=body, keeps=True, actor=superuser)  # no change
    assert BodyEvent.objects.filter(kind=BodyEvent.Kind.CALENDAR_KEEPER_CHANGED).count() == 1
    services.body_set_calendar_keeper(body=body, keeps=False, actor=superuser)
    body.refresh_from_db()
    assert not body.keeps_national_calendar
    assert BodyEvent.objects.filter(kind=BodyEvent.Kind.CALENDAR_KEEPER_CHANGED).count() == 2
