from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from factory.declarations import LazyAttribute, Sequence
from factory.django import DjangoModelFactory, Password
from factory.faker import Faker
from factory.helpers import post_generation

from terbuka.accounts.models import RequesterIdentity, User
from terbuka.accounts.selectors import nik_hash_of

# A well-formed NIK: Kota Serang (36.73), kecamatan 01, born 17-08-1990, serial 0001.
VALID_NIK = "3673011708900001"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = Sequence(lambda n: f"user{n}@example.test")
    full_name = Faker("name", locale="id_ID")
    password = Password("rahasia-uji-123")


class VerifiedUserFactory(UserFactory):
    """A user whose e-mail address allauth counts as verified (so they can sign in)."""

    class Meta:
        skip_postgeneration_save = True

    @post_generation  # type: ignore[untyped-decorator]
    def verified_email(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            verify_email(obj)


def verify_email(user: User) -> EmailAddress:
    """Mark the user's e-mail address as verified for allauth."""
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return address


class RequesterIdentityFactory(DjangoModelFactory[RequesterIdentity]):
    """A person's identity, written directly (services are tested separately)."""

    class Meta:
        model = RequesterIdentity

    owner = None
    kind = RequesterIdentity.Kind.PERORANGAN
    full_name = Faker("name", locale="id_ID")
    nik = VALID_NIK
    nik_hash = LazyAttribute(lambda o: nik_hash_of(o.nik) if o.nik else "")
    address = "Jl. Jenderal Sudirman No. 5, Cipare, Serang"
    phone = "081234567890"
    email = Sequence(lambda n: f"pemohon{n}@example.test")
