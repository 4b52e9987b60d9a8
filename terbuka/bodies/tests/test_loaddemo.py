from __future__ import annotations

import sys
import types
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies import demo, permissions, selectors
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[Any, ...]:
    return (
        PublicBody.objects.count(),
        list(Unit.objects.order_by("pk").values_list("pk", "slug", "path", "updated_at")),
        User.objects.count(),
        list(Membership.objects.order_by("pk").values_list("pk", "is_active", "updated_at")),
        BodyEvent.objects.count(),
        EmailAddress.objects.count(),
    )


@pytest.fixture
def demo_loaded(db: None) -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_loaddemo_counts(demo_loaded: str) -> None:
    body = PublicBody.objects.get(slug="kota-serang")
    assert (body.name, body.kind, body.region_code) == (
        "Pemerintah Kota Serang",
        "pemerintah_kota",
        "36.73",
    )
    assert body.address.startswith("Jl. Jenderal Sudirman No. 5, Kota Serang, Banten")
    assert body.keeps_national_calendar  # its PPID Utama keeps the holiday table
    units = Unit.objects.filter(body=body)
    utama = units.get(kind=Unit.Kind.PPID_UTAMA)
    assert utama.name == (
        "PPID Utama Kota Serang (Dinas Komunikasi, Informatika, Persandian dan Statistik)"
    )
    assert units.filter(kind=Unit.Kind.OPD, parent=utama).count() >= 30
    kecamatan = units.filter(kind=Unit.Kind.KECAMATAN)
    assert kecamatan.count() == 6
    assert set(kecamatan.values_list("parent", flat=True)) == {utama.pk}
    kelurahan = units.filter(kind=Unit.Kind.KELURAHAN)
    assert kelurahan.count() == 67
    assert not kelurahan.filter(code="").exists()
    assert not kecamatan.filter(code="").exists()
    for kel in kelurahan.select_related("parent"):
        assert kel.parent is not None
        assert kel.parent.kind == Unit.Kind.KECAMATAN
        assert kel.code.startswith(kel.parent.code + ".")
        assert kel.path.startswith(kel.parent.path)
        assert kel.depth == 2
    serang = units.get(slug="kecamatan-serang")
    assert (serang.code, serang.name) == ("36.73.01", "Kecamatan Serang")
    assert units.get(code="36.73.01.1002").name == "Kelurahan Cipare"
    assert {"kelurahan-sukawana-serang", "kelurahan-sukawana-curug"} <= set(
        units.values_list("slug", flat=True)
    )
    assert not units.filter(ppid_name="").exists()
    assert not units.filter(service_hours="").exists()
    assert not units.exclude(description__contains="Data demo").exists()
    assert BodyEvent.objects.filter(kind=BodyEvent.Kind.UNIT_CREATED).count() == units.count()
    assert "Loaded Pemerintah Kota Serang (kota-serang)" in demo_loaded
    assert "ppid-utama@demo.test" in demo_loaded
    assert "password demo12345" in demo_loaded


def test_loaddemo_officials(demo_loaded: str) -> None:
    body = PublicBody.objects.get(slug="kota-serang")
    kel = selectors.unit_get_public(body, "kelurahan-cipare")
    officials = selectors.unit_officials(kel)
    assert officials[0].role == "PPID Pelaksana"
    assert officials[0].position == "Sekretaris Kelurahan Cipare"
    assert officials[1].position == "Sekretaris Daerah Kota Serang"


def test_loaddemo_accounts_and_roles(demo_loaded: str) -> None:
    body = PublicBody.objects.get(slug="kota-serang")
    expected = {
        "ppid-utama@demo.test": ("ppid_utama", "ppid-utama"),
        "atasan@demo.test": ("atasan_ppid", "ppid-utama"),
        "petugas@demo.test": ("petugas_layanan", "ppid-utama"),
        "pelaksana-dinkes@demo.test": ("ppid_pelaksana", "dinkes"),
        "pelaksana-kec-serang@demo.test": ("ppid_pelaksana", "kecamatan-serang"),
        "evaluator@demo.test": ("evaluator", "ppid-utama"),
        "admin@demo.test": ("admin", "ppid-utama"),
    }
    for email, (role, unit_slug) in expected.items():
        m = Membership.objects.select_related("unit").get(user__email=email)
        assert (m.role, m.unit.slug, m.is_active) == (role, unit_slug, True)
    assert not Membership.objects.filter(user__email="warga@demo.test").exists()
    admin = User.objects.get(email="admin@demo.test")
    assert admin.is_superuser
    assert admin.is_staff
    for account in demo.ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password("demo12345")
        address = EmailAddress.objects.get(user=user)
        assert address.verified
        assert address.primary
    utama = User.objects.get(email="ppid-utama@demo.test")
    assert permissions.can_manage_units(utama, body)
    dinkes = User.objects.get(email="pelaksana-dinkes@demo.test")
    assert [u.slug for u in selectors.unit_scope_for(dinkes)] == ["dinkes"]


def test_loaddemo_twice_changes_nothing(demo_loaded: str) -> None:
    before = snapshot()
    out = StringIO()
    call_command("loaddemo", stdout=out)
    assert snapshot() == before
    assert "already loaded; nothing changed" in out.getvalue()


def test_loaddemo_completes_a_partial_demo(demo_loaded: str) -> None:
    Unit.objects.filter(slug="kelurahan-gelam").delete()
    Membership.objects.filter(user__email="evaluator@demo.test").update(is_active=False)
    result = demo.load_kota_serang()
    assert result.created_units == 1
    assert result.created_memberships == 1
    assert Unit.objects.filter(kind=Unit.Kind.KELURAHAN).count() == 67


@pytest.mark.parametrize(
    "email", ["ppid-utama@demo.test", "pelaksana-dinkes@demo.test", "warga@demo.test"]
)
def test_demo_login_works(demo_loaded: str, client: Client, email: str) -> None:
    response = client.post(reverse("account_login"), {"login": email, "password": "demo12345"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk


def test_demo_ppid_utama_reaches_back_office(demo_loaded: str, client: Client) -> None:
    client.post(
        reverse("account_login"), {"login": "ppid-utama@demo.test", "password": "demo12345"}
    )
    response = client.get(reverse("bodies:unit-list", kwargs={"body_slug": "kota-serang"}))
    assert response.status_code == 200
    assert "Dinas Kesehatan" in response.content.decode()


def test_add_scale_units(demo_loaded: str) -> None:
    body = PublicBody.objects.get(slug="kota-serang")
    parent = Unit.objects.get(slug="kecamatan-serang")
    assert demo.add_scale_units(body, parent=parent, count=30, batch=7) == 30
    made = Unit.objects.filter(slug__startswith="unit-skala")
    assert made.count() == 30
    for unit in made:
        assert unit.path == parent.path + f"{unit.pk:08d}."
        assert unit.depth == 2
    assert selectors.unit_descendants(parent).count() == 12 + 30


# --- setup -----------------------------------------------------------------------------------


@pytest.fixture
def fake_calendars(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    module = types.ModuleType("terbuka.calendars.services")
    module.holidays_seed = lambda *, years: calls.append(years)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "terbuka.calendars.services", module)
    return calls


def test_setup_migrates_seeds_and_loads_demo(db: None, fake_calendars: list[Any]) -> None:
    out = StringIO()
    call_command("setup", stdout=out, verbosity=0)
    year = timezone.localdate().year
    # The statistics demo seeds last year's holidays for its register of past requests.
    assert fake_calendars == [[year, year + 1], [year - 1]]
    assert PublicBody.objects.filter(slug="kota-serang").exists()
    assert f"Holidays seeded for {year} and {year + 1}." in out.getvalue()
    assert "Staff MFA is off" in out.getvalue()


def test_setup_skips_demo_when_bodies_exist(
    body: PublicBody, fake_calendars: list[Any], settings: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    out = StringIO()
    call_command("setup", stdout=out, verbosity=0)
    assert not PublicBody.objects.filter(slug="kota-serang").exists()
    assert "the demo is not loaded" in out.getvalue()
    assert "TERBUKA_STAFF_MFA_REQUIRED=false" in out.getvalue()


def test_setup_never_loads_the_demo_with_no_demo(db: None, fake_calendars: list[Any]) -> None:
    out = StringIO()
    call_command("setup", "--no-demo", stdout=out, verbosity=0)
    assert not PublicBody.objects.exists()
    assert "--no-demo: the demo is not loaded." in out.getvalue()
    assert len(fake_calendars) == 1
