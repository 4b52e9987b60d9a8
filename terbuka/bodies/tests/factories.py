from __future__ import annotations

from typing import Any

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from terbuka.accounts.tests.factories import UserFactory
from terbuka.bodies import tree
from terbuka.bodies.models import Membership, PublicBody, Unit


class PublicBodyFactory(DjangoModelFactory[PublicBody]):
    class Meta:
        model = PublicBody
        django_get_or_create = ("slug",)

    name = Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    slug = Sequence(lambda n: f"kota-uji-{n}")
    kind = PublicBody.Kind.PEMERINTAH_KOTA
    region_code = Sequence(lambda n: f"99.{n % 100:02d}")


class UnitFactory(DjangoModelFactory[Unit]):
    """A unit with a correct tree path (set after insert, as `unit_create` does)."""

    class Meta:
        model = Unit

    body = SubFactory(PublicBodyFactory)
    parent = None
    kind = Unit.Kind.OPD
    name = Sequence(lambda n: f"Dinas Uji {n}")
    slug = Sequence(lambda n: f"dinas-uji-{n}")
    path = ""

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        unit: Unit = super()._create(model_class, *args, **kwargs)
        parent_path = unit.parent.path if unit.parent else ""
        unit.path = tree.child_path(parent_path, unit.pk)
        unit.depth = tree.depth_of(unit.path)
        unit.save(update_fields=["path", "depth"])
        return unit


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    unit = SubFactory(UnitFactory)
    role = Membership.Role.PPID_PELAKSANA
