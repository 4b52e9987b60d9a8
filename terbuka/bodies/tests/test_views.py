from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit
from terbuka.bodies.tests.conftest import grant
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db

FORBIDDEN = (
    "Anda tidak berwenang mengelola badan publik ini. Hanya PPID Utama atau admin badan publik "
    "ini yang dapat mengelola unit dan keanggotaannya."
)
NO_ROLE = (
    "Halaman ini hanya untuk petugas PPID. Akun Anda belum memiliki peran di unit mana pun; "
    "hubungi PPID Utama badan publik Anda."
)

BODY_URLS = [
    ("bodies:body-edit", {}),
    ("bodies:unit-list", {}),
    ("bodies:unit-create", {}),
    ("bodies:unit-edit", {"unit_slug": "dinkes"}),
    ("bodies:unit-move", {"unit_slug": "dinkes"}),
    ("bodies:unit-deactivate", {"unit_slug": "dinkes"}),
    ("bodies:membership-list", {}),
    ("bodies:membership-grant", {}),
]


def url(name: str, **kwargs: Any) -> str:
    if name == "bodies:dashboard":
        return reverse(name)
    return reverse(name, kwargs={"body_slug": "kota-uji", **kwargs})


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def manager_client(client: Client, ppid_utama: Any) -> Client:
    client.force_login(ppid_utama)
    return client


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kwargs"), [("bodies:dashboard", {}), *BODY_URLS])
def test_anonymous_is_sent_to_login(client: Client, unit: Unit, name: str, kwargs: Any) -> None:
    target = url(name, **kwargs)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={target}"


def test_dashboard_refuses_citizen(client: Client, user: Any) -> None:
    client.force_login(user)
    response = client.get(url("bodies:dashboard"))
    assert response.status_code == 403
    assert NO_ROLE in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), BODY_URLS)
@pytest.mark.parametrize("who", ["user", "unit_officer", "other_ppid_utama"])
def test_non_managers_get_403(
    client: Client, unit: Unit, name: str, kwargs: Any, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(name, **kwargs))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Akses ditolak" in content
    assert FORBIDDEN in content


def test_non_manager_post_changes_nothing(client: Client, unit_officer: Any, unit: Unit) -> None:
    client.force_login(unit_officer)
    response = client.post(url("bodies:unit-deactivate", unit_slug="dinkes"), {"reason": "x"})
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.is_active


def test_unknown_body_is_404(manager_client: Client) -> None:
    response = manager_client.get(reverse("bodies:unit-list", kwargs={"body_slug": "tidak-ada"}))
    assert response.status_code == 404


def test_unknown_unit_is_404(manager_client: Client) -> None:
    assert manager_client.get(url("bodies:unit-edit", unit_slug="tidak-ada")).status_code == 404


def test_other_bodys_unit_is_404(manager_client: Client, other_body: PublicBody) -> None:
    response = manager_client.get(url("bodies:unit-edit", unit_slug="dinas-lain"))
    assert response.status_code == 404


def test_body_admin_may_manage(client: Client, body_admin: Any, unit: Unit) -> None:
    client.force_login(body_admin)
    assert client.get(url("bodies:unit-list")).status_code == 200


# --- Dashboard -------------------------------------------------------------------------------


def test_dashboard_of_pelaksana(client: Client, unit_officer: Any) -> None:
    client.force_login(unit_officer)
    response = client.get(url("bodies:dashboard"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dinas Kesehatan" in content
    assert "PPID Pelaksana" in content
    assert "Unit ini saja" in content
    assert url("bodies:unit-list") not in content


def test_dashboard_of_ppid_utama(manager_client: Client) -> None:
    content = manager_client.get(url("bodies:dashboard")).content.decode()
    assert "Semua unit badan publik" in content
    for name in ("bodies:unit-list", "bodies:membership-list", "bodies:body-edit"):
        assert url(name) in content


def test_dashboard_query_count_is_constant(
    client: Client, ppid_utama: Any, ppid_utama_unit: Unit, body: PublicBody
) -> None:
    client.force_login(ppid_utama)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("bodies:dashboard")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        opd = UnitFactory.create(body=body, parent=ppid_utama_unit, slug=f"opd-{i}")
        MembershipFactory.create(user=ppid_utama, unit=opd, role=Membership.Role.ADMIN)
    assert count() == before


# --- Units -----------------------------------------------------------------------------------


def test_unit_list_shows_units(
    manager_client: Client, unit: Unit, kecamatan: Unit, kelurahan: Unit, unit_officer: Any
) -> None:
    response = manager_client.get(url("bodies:unit-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Unit Pemerintah Kota Uji, urut menurut pohon</caption>" in content
    for name in ("Dinas Kesehatan", "Kecamatan Uji", "Kelurahan Uji", "99.01.01.1001"):
        assert name in content
    assert "<html" in content


def test_unit_list_htmx_returns_partial(
    manager_client: Client, unit: Unit, kecamatan: Unit
) -> None:
    response = manager_client.get(
        url("bodies:unit-list"), {"q": "kesehatan"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "Dinas Kesehatan" in content
    assert "Kecamatan Uji" not in content


def test_unit_list_filters_by_kind_and_says_when_empty(
    manager_client: Client, unit: Unit, kecamatan: Unit
) -> None:
    content = manager_client.get(url("bodies:unit-list"), {"kind": "kecamatan"}).content.decode()
    assert "Kecamatan Uji" in content
    assert "Dinas Kesehatan</a>" not in content
    empty = manager_client.get(url("bodies:unit-list"), {"q": "tidak ada"}).content.decode()
    assert "Tidak ada unit yang cocok dengan saringan ini." in empty


def test_unit_list_paginates(
    manager_client: Client, body: PublicBody, ppid_utama_unit: Unit
) -> None:
    for i in range(55):
        UnitFactory.create(body=body, parent=ppid_utama_unit, name=f"Unit {i:02d}", slug=f"u-{i}")
    first = manager_client.get(url("bodies:unit-list"))
    page = first.context["page"]
    assert len(page.items) == 50
    second = manager_client.get(url("bodies:unit-list"), {"after": page.next_cursor})
    assert len(second.context["page"].items) == 6
    assert second.context["page"].next_cursor is None
    assert 'rel="prev"' in second.content.decode()


def test_unit_list_query_count_is_constant(
    client: Client, ppid_utama: Any, body: PublicBody, ppid_utama_unit: Unit
) -> None:
    client.force_login(ppid_utama)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("bodies:unit-list")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(20):
        opd = UnitFactory.create(body=body, parent=ppid_utama_unit, slug=f"opd-{i}")
        MembershipFactory.create(unit=opd, role=Membership.Role.PPID_PELAKSANA)
    assert count() == before


def test_membership_list_query_count_is_constant(
    client: Client, ppid_utama: Any, body: PublicBody, ppid_utama_unit: Unit
) -> None:
    client.force_login(ppid_utama)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("bodies:membership-list")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(20):
        opd = UnitFactory.create(body=body, parent=ppid_utama_unit, slug=f"opd-{i}")
        MembershipFactory.create(unit=opd, role=Membership.Role.PPID_PELAKSANA)
    assert count() == before


def test_unit_create(manager_client: Client, kecamatan: Unit) -> None:
    form = manager_client.get(url("bodies:unit-create"), {"parent": "kecamatan-uji"})
    assert 'value="kecamatan-uji"' in form.content.decode()
    response = manager_client.post(
        url("bodies:unit-create"),
        {
            "kind": "kelurahan",
            "name": "Kelurahan Baru",
            "slug": "",
            "parent": "99.01.01",
            "code": "99.01.01.1002",
            "ppid_name": "Agus",
            "service_hours": "Senin-Jumat",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("bodies:unit-list")
    assert messages_of(response) == ["Unit Kelurahan Baru ditambahkan."]
    unit = Unit.objects.get(slug="kelurahan-baru")
    assert unit.parent == kecamatan
    assert unit.ppid_name == "Agus"


def test_unit_create_shows_service_error_on_field(manager_client: Client, unit: Unit) -> None:
    response = manager_client.post(
        url("bodies:unit-create"),
        {"kind": "opd", "name": "Dinas Kesehatan Dua", "slug": "dinkes", "parent": "ppid-utama"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        '<p class="field-error" id="id_slug_error">Slug ini sudah dipakai unit lain di badan '
        "publik ini.</p>"
    ) in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_slug_error id_slug_help"' in content
    assert "Periksa kembali isian yang ditandai." in content


def test_unit_create_unknown_parent(manager_client: Client) -> None:
    response = manager_client.post(
        url("bodies:unit-create"), {"kind": "opd", "name": "X", "parent": "tidak-ada"}
    )
    assert response.status_code == 200
    assert "Unit induk tidak ditemukan di badan publik ini." in response.content.decode()


def test_unit_create_form_labels_are_indonesian(manager_client: Client) -> None:
    content = manager_client.get(url("bodies:unit-create")).content.decode()
    for label in (
        "Jenis",
        "Nama",
        "Kode Kemendagri",
        "Nama PPID",
        "Jabatan Atasan PPID",
        "Jam layanan",
    ):
        assert f">{label}" in content


def test_unit_edit(manager_client: Client, unit: Unit) -> None:
    form = manager_client.get(url("bodies:unit-edit", unit_slug="dinkes"))
    assert 'value="Dinas Kesehatan"' in form.content.decode()
    data = {
        "kind": "opd",
        "name": "Dinas Kesehatan",
        "slug": "dinkes",
        "ppid_name": "Agus Setiawan",
        "ppid_position": "Sekretaris Dinas Kesehatan",
        "atasan_name": "",
        "atasan_position": "",
        "phone": "(0254) 200123",
        "service_hours": "Senin-Kamis 08.00-16.00",
    }
    response = manager_client.post(url("bodies:unit-edit", unit_slug="dinkes"), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Perubahan unit Dinas Kesehatan disimpan."]
    unit.refresh_from_db()
    assert (unit.ppid_name, unit.phone) == ("Agus Setiawan", "(0254) 200123")


def test_unit_move(manager_client: Client, unit: Unit, kecamatan: Unit, kelurahan: Unit) -> None:
    response = manager_client.post(
        url("bodies:unit-move", unit_slug="kecamatan-uji"), {"parent": "dinkes"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Unit Kecamatan Uji dipindah."]
    kelurahan.refresh_from_db()
    assert kelurahan.path.startswith(unit.path)


def test_unit_move_into_own_subtree_shows_error(
    manager_client: Client, kecamatan: Unit, kelurahan: Unit
) -> None:
    response = manager_client.post(
        url("bodies:unit-move", unit_slug="kecamatan-uji"), {"parent": "kelurahan-uji"}
    )
    assert response.status_code == 200
    assert (
        "Unit tidak dapat dipindah ke bawah dirinya sendiri atau sub-unitnya."
        in response.content.decode()
    )


def test_unit_deactivate_and_reactivate(manager_client: Client, unit: Unit) -> None:
    page = manager_client.get(url("bodies:unit-deactivate", unit_slug="dinkes"))
    assert "Nonaktifkan Dinas Kesehatan" in page.content.decode()
    response = manager_client.post(
        url("bodies:unit-deactivate", unit_slug="dinkes"), {"reason": "Digabung"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Unit Dinas Kesehatan dinonaktifkan."]
    unit.refresh_from_db()
    assert not unit.is_active
    assert manager_client.get(url("bodies:unit-reactivate", unit_slug="dinkes")).status_code == 405
    response = manager_client.post(url("bodies:unit-reactivate", unit_slug="dinkes"))
    assert messages_of(response)[-1] == "Unit Dinas Kesehatan diaktifkan kembali."
    unit.refresh_from_db()
    assert unit.is_active


def test_unit_deactivate_ppid_utama_shows_error(
    manager_client: Client, ppid_utama_unit: Unit
) -> None:
    response = manager_client.post(url("bodies:unit-deactivate", unit_slug="ppid-utama"), {})
    assert response.status_code == 200
    assert "Unit PPID Utama tidak dapat dinonaktifkan." in response.content.decode()


def test_unit_reactivate_error_becomes_message(
    manager_client: Client, ppid_utama: Any, kecamatan: Unit, kelurahan: Unit
) -> None:
    Unit.objects.filter(pk__in=[kecamatan.pk, kelurahan.pk]).update(is_active=False)
    response = manager_client.post(url("bodies:unit-reactivate", unit_slug="kelurahan-uji"))
    assert messages_of(response) == [
        "Unit induknya tidak aktif; aktifkan unit induk terlebih dahulu."
    ]


def test_body_edit(manager_client: Client, body: PublicBody) -> None:
    response = manager_client.post(
        url("bodies:body-edit"),
        {"name": "Pemerintah Kota Uji", "kind": "pemerintah_kota", "region_code": "99.01",
         "address": "Jl. Uji No. 5", "email": "ppid@kota-uji.test"},
    )  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == ["Profil badan publik disimpan."]
    body.refresh_from_db()
    assert body.address == "Jl. Uji No. 5"


def test_body_edit_bad_region_code(manager_client: Client, body: PublicBody) -> None:
    response = manager_client.post(
        url("bodies:body-edit"),
        {"name": "Pemerintah Kota Uji", "kind": "pemerintah_kota", "region_code": "9901"},
    )
    assert response.status_code == 200
    assert (
        "Format kode wilayah harus NN, NN.NN, NN.NN.NN atau NN.NN.NN.NNNN."
        in response.content.decode()
    )


# --- Memberships -----------------------------------------------------------------------------


def test_membership_list_per_unit(
    manager_client: Client, unit: Unit, unit_officer: Any, ppid_utama: Any
) -> None:
    content = manager_client.get(url("bodies:membership-list"), {"unit": "dinkes"}).content.decode()
    assert "Anggota Dinas Kesehatan" in content
    assert "pelaksana@example.test" in content
    assert "utama@example.test" not in content
    whole = manager_client.get(url("bodies:membership-list")).content.decode()
    assert "utama@example.test" in whole


def test_membership_list_htmx_partial(manager_client: Client, unit_officer: Any) -> None:
    response = manager_client.get(
        url("bodies:membership-list"), {"role": "ppid_pelaksana"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "pelaksana@example.test" in content
    assert "utama@example.test" not in content


def test_membership_list_unknown_unit_is_404(manager_client: Client) -> None:
    response = manager_client.get(url("bodies:membership-list"), {"unit": "tidak-ada"})
    assert response.status_code == 404


def test_membership_grant_existing_user(manager_client: Client, user: Any, unit: Unit) -> None:
    response = manager_client.post(
        url("bodies:membership-grant"),
        {"email": "WARGA@example.test", "unit": "dinkes", "role": "petugas_layanan"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("bodies:membership-list") + "?unit=dinkes"
    assert messages_of(response) == [
        "Peran Petugas layanan di Dinas Kesehatan diberikan kepada warga@example.test."
    ]
    assert Membership.objects.filter(user=user, unit=unit, is_active=True).exists()


def test_membership_grant_new_account(manager_client: Client, unit: Unit) -> None:
    response = manager_client.post(
        url("bodies:membership-grant"),
        {"email": "baru@example.test", "full_name": "Petugas Baru", "unit": "dinkes",
         "role": "petugas_layanan"},
    )  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == [
        "Peran Petugas layanan di Dinas Kesehatan diberikan kepada baru@example.test.",
        "Akun baru untuk baru@example.test dibuat tanpa kata sandi. Minta pemiliknya membuka "
        "halaman masuk, memilih \u201cLupa kata sandi\u201d untuk membuat kata sandi, lalu "
        "mengonfirmasi alamat e-mailnya saat masuk pertama kali.",
    ]
    assert not User.objects.get(email="baru@example.test").has_usable_password()


def test_membership_grant_errors(manager_client: Client, user: Any, unit: Unit) -> None:
    response = manager_client.post(
        url("bodies:membership-grant"),
        {"email": "warga@example.test", "unit": "dinkes", "role": "ppid_utama"},
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_role_error">Peran PPID Utama hanya dapat diberikan di '
        "unit PPID Utama.</p>"
    ) in response.content.decode()
    response = manager_client.post(
        url("bodies:membership-grant"),
        {"email": "bukan-email", "unit": "tidak-ada", "role": "petugas_layanan"},
    )
    content = response.content.decode()
    assert "Unit tidak ditemukan di badan publik ini." in content
    assert 'id="id_email_error"' in content


def test_membership_revoke(manager_client: Client, unit_officer: Any) -> None:
    m = Membership.objects.get(user=unit_officer)
    page = manager_client.get(url("bodies:membership-revoke", membership_id=m.pk))
    assert "pelaksana@example.test" in page.content.decode()
    response = manager_client.post(
        url("bodies:membership-revoke", membership_id=m.pk), {"reason": "Mutasi"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "Peran PPID Pelaksana pelaksana@example.test di Dinas Kesehatan dicabut."
    ]
    m.refresh_from_db()
    assert not m.is_active
    assert BodyEvent.objects.filter(kind=BodyEvent.Kind.MEMBERSHIP_REVOKED).count() == 1


def test_membership_revoke_last_manager_shows_error(
    manager_client: Client, ppid_utama: Any
) -> None:
    m = Membership.objects.get(user=ppid_utama)
    response = manager_client.post(url("bodies:membership-revoke", membership_id=m.pk), {})
    assert response.status_code == 200
    assert "badan publik harus tetap memiliki minimal satu PPID Utama" in response.content.decode()


def test_membership_revoke_of_other_body_is_404(
    manager_client: Client, other_ppid_utama: Any
) -> None:
    m = Membership.objects.get(user=other_ppid_utama)
    response = manager_client.get(url("bodies:membership-revoke", membership_id=m.pk))
    assert response.status_code == 404


def test_granted_pelaksana_sees_dashboard(
    client: Client, ppid_utama: Any, unit: Unit, kecamatan: Unit
) -> None:
    officer = grant(kecamatan, Membership.Role.PPID_PELAKSANA, "camat@example.test")
    client.force_login(officer)
    content = client.get(url("bodies:dashboard")).content.decode()
    assert "Kecamatan Uji" in content
    assert "Dinas Kesehatan" not in content
