"""Fixtures for the accounts tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rules.permissions import add_perm, perm_exists, remove_perm
from rules.rulesets import add_rule, remove_rule, rule_exists

from terbuka.accounts.permissions import MFA_REQUIRED_RULE, OFFICER_IDENTITY_PERM

# Rate-limit counters and used TOTP codes live in the cache: the root conftest's autouse
# `_empty_cache` starts every test clean.


def _has_active_membership(user: Any) -> bool:
    from terbuka.bodies.models import Membership

    return (
        bool(user.is_authenticated)
        and Membership.objects.filter(user=user, is_active=True).exists()
    )


@pytest.fixture
def officer_perm() -> Iterator[None]:
    """The contract with bodies: officers get `accounts.view_identity_as_officer`.

    bodies registers the real predicate; if it is missing, a stand-in (any active role) is
    registered for the test.
    """
    if perm_exists(OFFICER_IDENTITY_PERM):
        yield
        return
    add_perm(OFFICER_IDENTITY_PERM, _has_active_membership)
    try:
        yield
    finally:
        remove_perm(OFFICER_IDENTITY_PERM)


@pytest.fixture
def mfa_rule() -> Iterator[None]:
    """The contract with bodies: the `accounts.requires_mfa` rule holds for officers."""
    if rule_exists(MFA_REQUIRED_RULE):
        yield
        return
    add_rule(MFA_REQUIRED_RULE, _has_active_membership)
    try:
        yield
    finally:
        remove_rule(MFA_REQUIRED_RULE)
