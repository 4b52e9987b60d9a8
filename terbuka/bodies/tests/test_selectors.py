from __future__ import annotations

from typing import Any

import pytest

from terbuka.bodies import selectors
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.tests.conftest import grant
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.core.exceptions import NotFound

pytestmark = pytest.mark.django_db


def add_opds(body: PublicBody, parent: Unit, n: int) -> list[Unit]:
    units = [
        UnitFactory.create(
            body=body, parent=parent, name=f"Dinas Tambahan {i:02d}", slug=f"tambahan-{i}"
        )
        for i in range(n)
    ]
    for u in units:
        MembershipFactory.create(unit=u, role=Membership.Role.PPID_PELAKSANA)
    return units


@pytest.mark.parametrize("extra", [0, 25])
def test_unit_list_query_count_is_constant(
    body: PublicBody, ppid_utama_unit: Unit, extra: int, django_assert_num_queries: Any
) -> None:
    add_opds(body, ppid_utama_unit, extra)
    with django_assert_num_queries(1):
        page = selectors.paginate_keyset(selectors.unit_list_for_body(body), selectors.UNIT_KEYSET)
        rows = [(u.name, u.parent.name if u.parent else None, u.member_count) for u in page.items]  # type: ignore[attr-defined]
    assert len(rows) == extra + 1
    with django_assert_num_queries(1):
        selectors.unit_children_counts(page.items)


def test_unit_list_annotations(
    body: PublicBody, ppid_utama_unit: Unit, unit: Unit, unit_officer: Any, ppid_utama: Any
) -> None:
    MembershipFactory.create(unit=unit, role=Membership.Role.PETUGAS_LAYANAN, is_active=False)
    units = list(selectors.unit_list_for_body(body))
    assert [u.slug for u in units] == ["ppid-utama", "dinkes"]
    assert units[0].parent is None
    assert units[1].parent == ppid_utama_unit
    assert [u.member_count for u in units] == [1, 1]  # type: ignore[attr-defined]


def test_unit_list_filters(
    body: PublicBody, unit: Unit, kecamatan: Unit, kelurahan: Unit, ppid_utama_unit: Unit
) -> None:
    def slugs(**kw: Any) -> list[str]:
        return [u.slug for u in selectors.unit_list_for_body(body, **kw)]

    assert slugs(kind="kelurahan") == ["kelurahan-uji"]
    assert slugs(q="KESEHATAN") == ["dinkes"]
    assert slugs(q="99.01") == ["kecamatan-uji", "kelurahan-uji"]
    assert slugs(q="99.01.01.1001") == ["kelurahan-uji"]
    assert slugs(parent=ppid_utama_unit) == ["dinkes", "kecamatan-uji"]
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    assert slugs(is_active=False) == ["dinkes"]
    assert "dinkes" not in slugs(is_active=True)


def test_unit_list_stays_in_body(body: PublicBody, unit: Unit, other_body: PublicBody) -> None:
    assert {u.body_id for u in selectors.unit_list_for_body(body)} == {body.pk}


def test_keyset_pages_forward_and_back(body: PublicBody, ppid_utama_unit: Unit) -> None:
    add_opds(body, ppid_utama_unit, 4)
    qs = selectors.unit_list_for_body(body)
    everything = [u.slug for u in qs]
    seen: list[str] = []
    page = selectors.paginate_keyset(qs, selectors.UNIT_KEYSET, size=2)
    assert page.previous_cursor is None
    pages = [page]
    while True:
        seen += [u.slug for u in page.items]
        if not page.next_cursor:
            break
        page = selectors.paginate_keyset(qs, selectors.UNIT_KEYSET, after=page.next_cursor, size=2)
        pages.append(page)
    assert seen == everything
    assert len(pages) == 3
    back = selectors.paginate_keyset(
        qs, selectors.UNIT_KEYSET, before=pages[2].previous_cursor, size=2
    )
    assert [u.slug for u in back.items] == [u.slug for u in pages[1].items]
    assert back.next_cursor == pages[1].next_cursor
    assert back.previous_cursor is not None


@pytest.mark.parametrize("cursor", ["", "abc", "0001.'; DROP", "~", "12"])
def test_keyset_ignores_bad_cursors(body: PublicBody, unit: Unit, cursor: str) -> None:
    page = selectors.paginate_keyset(
        selectors.unit_list_for_body(body), selectors.UNIT_KEYSET, after=cursor
    )
    assert [u.slug for u in page.items] == ["ppid-utama", "dinkes"]


def test_keyset_page_size_is_bounded(body: PublicBody, ppid_utama_unit: Unit) -> None:
    add_opds(body, ppid_utama_unit, 3)
    page = selectors.paginate_keyset(
        selectors.unit_list_for_body(body), selectors.UNIT_KEYSET, size=10_000
    )
    assert len(page.items) == 4
    assert selectors.MAX_PAGE_SIZE == 200


@pytest.mark.parametrize("extra", [0, 12])
def test_membership_list_query_count_is_constant(
    body: PublicBody, ppid_utama_unit: Unit, ppid_utama: Any, extra: int,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    add_opds(body, ppid_utama_unit, extra)
    with django_assert_num_queries(1):
        page = selectors.paginate_keyset(
            selectors.membership_list_for_body(body), selectors.MEMBERSHIP_KEYSET
        )
        rows = [(m.user.email, m.unit.name, m.get_role_display()) for m in page.items]
    assert len(rows) == extra + 1


def test_membership_list_filters_and_pages(
    body: PublicBody, ppid_utama_unit: Unit, ppid_utama: Any, unit: Unit, unit_officer: Any,
    other_ppid_utama: Any,
) -> None:  # fmt: skip
    petugas = grant(unit, Membership.Role.PETUGAS_LAYANAN, "petugas@example.test")
    emails = [m.user.email for m in selectors.membership_list_for_body(body)]
    assert emails == ["utama@example.test", "pelaksana@example.test", "petugas@example.test"]
    assert [m.user for m in selectors.membership_list_for_body(body, unit=unit)] == [
        unit_officer,
        petugas,
    ]
    assert [m.user for m in selectors.membership_list_for_body(body, role="petugas_layanan")] == [
        petugas
    ]
    assert [m.user for m in selectors.membership_list_for_body(body, q="PELAKSANA@")] == [
        unit_officer
    ]
    Membership.objects.filter(user=petugas).update(is_active=False)
    assert len(selectors.membership_list_for_body(body)) == 2
    assert len(selectors.membership_list_for_body(body, is_active=None)) == 3

    qs = selectors.membership_list_for_body(body, is_active=None)
    first = selectors.paginate_keyset(qs, selectors.MEMBERSHIP_KEYSET, size=2)
    second = selectors.paginate_keyset(
        qs, selectors.MEMBERSHIP_KEYSET, after=first.next_cursor, size=2
    )
    assert [m.user for m in [*first.items, *second.items]] == [ppid_utama, unit_officer, petugas]
    assert second.next_cursor is None


def test_membership_get_in_body(
    body: PublicBody, other_body: PublicBody, unit_officer: Any
) -> None:
    m = Membership.objects.get(user=unit_officer)
    assert selectors.membership_get_in_body(body, m.pk) == m
    with pytest.raises(NotFound) as exc:
        selectors.membership_get_in_body(other_body, m.pk)
    assert exc.value.message == "Keanggotaan tidak ditemukan."


def test_unit_children_counts(
    ppid_utama_unit: Unit, unit: Unit, kecamatan: Unit, kelurahan: Unit
) -> None:
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    counts = selectors.unit_children_counts([ppid_utama_unit, unit, kecamatan, kelurahan])
    assert counts == {ppid_utama_unit.pk: 1, unit.pk: 0, kecamatan.pk: 1, kelurahan.pk: 0}
    assert selectors.unit_children_counts([]) == {}


def test_unit_tree_is_preorder(
    body: PublicBody, ppid_utama_unit: Unit, kecamatan: Unit, kelurahan: Unit, unit: Unit
) -> None:
    # `unit` (dinkes) is created after the kecamatan here, so path order is the tree order.
    assert [u.slug for u in selectors.unit_tree(body)] == [
        "ppid-utama",
        "kecamatan-uji",
        "kelurahan-uji",
        "dinkes",
    ]
    assert [u.slug for u in selectors.unit_tree(body, max_depth=1)] == [
        "ppid-utama",
        "kecamatan-uji",
        "dinkes",
    ]
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    assert "dinkes" not in [u.slug for u in selectors.unit_tree(body)]
    assert "dinkes" in [u.slug for u in selectors.unit_tree(body, active_only=False)]


def test_unit_descendants(kecamatan: Unit, kelurahan: Unit, unit: Unit) -> None:
    assert list(selectors.unit_descendants(kecamatan)) == [kelurahan]
    assert list(selectors.unit_descendants(kecamatan, include_self=True)) == [kecamatan, kelurahan]


def test_unit_get_for_user(
    body: PublicBody, unit: Unit, kecamatan: Unit, unit_officer: Any
) -> None:
    assert selectors.unit_get_for_user(unit_officer, body=body, slug="dinkes") == unit
    with pytest.raises(NotFound) as exc:
        selectors.unit_get_for_user(unit_officer, body=body, slug="kecamatan-uji")
    assert exc.value.message == "Unit tidak ditemukan."
    with pytest.raises(NotFound):
        selectors.unit_get_for_user(unit_officer, body=body, slug="tidak-ada")


def test_unit_get_public_hides_inactive(body: PublicBody, unit: Unit) -> None:
    assert selectors.unit_get_public(body, "dinkes") == unit
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    with pytest.raises(NotFound):
        selectors.unit_get_public(body, "dinkes")


def test_body_get_by_slug(body: PublicBody) -> None:
    assert selectors.body_get_by_slug("kota-uji") == body
    with pytest.raises(NotFound) as exc:
        selectors.body_get_by_slug("tidak-ada")
    assert exc.value.message == "Badan publik tidak ditemukan."


def test_body_list_public_is_one_query(
    body: PublicBody, other_body: PublicBody, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert [b.slug for b in selectors.body_list_public()] == ["kota-lain", "kota-uji"]


def test_unit_find_in_body(body: PublicBody, kecamatan: Unit, other_body: PublicBody) -> None:
    assert selectors.unit_find_in_body(body, "kecamatan-uji") == kecamatan
    assert selectors.unit_find_in_body(body, " 99.01.01 ") == kecamatan
    assert selectors.unit_find_in_body(body, "") is None
    assert selectors.unit_find_in_body(other_body, "kecamatan-uji") is None


def test_unit_officials_inherit_atasan(
    ppid_utama_unit: Unit, kecamatan: Unit, kelurahan: Unit, django_assert_num_queries: Any
) -> None:
    Unit.objects.filter(pk=ppid_utama_unit.pk).update(
        ppid_name="Rina", ppid_position="Kepala Dinas Kominfo",
        atasan_name="Bambang", atasan_position="Sekretaris Daerah",
    )  # fmt: skip
    Unit.objects.filter(pk=kelurahan.pk).update(
        ppid_name="Agus", ppid_position="Sekretaris Kelurahan"
    )
    ppid_utama_unit.refresh_from_db()
    kelurahan.refresh_from_db()
    with django_assert_num_queries(0):
        top = selectors.unit_officials(ppid_utama_unit)
    assert [(o.role, o.name, o.position) for o in top] == [
        ("PPID Utama", "Rina", "Kepala Dinas Kominfo"),
        ("Atasan PPID", "Bambang", "Sekretaris Daerah"),
    ]
    with django_assert_num_queries(1):
        low = selectors.unit_officials(kelurahan)
    assert [(o.role, o.name, o.position) for o in low] == [
        ("PPID Pelaksana", "Agus", "Sekretaris Kelurahan"),
        ("Atasan PPID", "Bambang", "Sekretaris Daerah"),
    ]
    assert low[1].inherited_from == ppid_utama_unit


def test_dashboard_selectors_are_constant(
    ppid_utama: Any, ppid_utama_unit: Unit, unit: Unit, django_assert_num_queries: Any
) -> None:
    grant(unit, Membership.Role.EVALUATOR, "x@example.test")
    MembershipFactory.create(user=ppid_utama, unit=unit, role=Membership.Role.ADMIN)
    with django_assert_num_queries(2):
        memberships = selectors.membership_list_for_user(ppid_utama)
        [m.unit.body.name for m in memberships]
        list(selectors.body_list_managed_by(ppid_utama))
    assert [m.role for m in memberships] == ["ppid_utama", "admin"]
