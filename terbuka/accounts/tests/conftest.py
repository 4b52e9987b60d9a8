"""Fixtures for the accounts tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rules.permissions import permissions as registered_perms
from rules.permissions import remove_perm, set_perm
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
    """The contract with the officers' apps: officers get `accounts.view_identity_as_officer`.

    The real predicate (objections/rules.py) also asks for a request or objection of the
    identity in the officer's scope, which the accounts tests do not build; they stand it in
    with "any active role" and test what accounts does once the permission holds. The scope
    itself is tested in terbuka/objections/tests/test_identity_scope.py.
    """
    original = registered_perms.get(OFFICER_IDENTITY_PERM)
    set_perm(OFFICER_IDENTITY_PERM, _has_active_membership)
    try:
        yield
    finally:
        if original is not None:
            set_perm(OFFICER_IDENTITY_PERM, original)
        else:
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


# --- The requester area: cases of the `applicant` (root conftest) -------------------------------


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    """The Atasan PPID of the body (UU 14/2008 Pasal 36)."""
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory

    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user


@pytest.fixture
def cases(body: Any, applicant: Any, ppid_utama: Any, atasan: Any) -> Any:
    """Build the applicant's requests, objections and disputes through the real services."""
    from terbuka.accounts.tests.area import Cases

    return Cases(body=body, applicant=applicant, ppid_utama=ppid_utama, atasan=atasan)
