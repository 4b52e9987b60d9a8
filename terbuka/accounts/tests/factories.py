from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from terbuka.accounts.models import User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("rahasia-uji-123")
