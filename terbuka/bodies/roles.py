"""Role x scope: which roles act on the whole body and which only on their own unit.

This table is the single source of the scope rules; `selectors.unit_scope_for` and the
predicates in `permissions.py` read it, and the tests enumerate it.
"""

from __future__ import annotations

from terbuka.bodies.models import Membership

Role = Membership.Role

# Perwal Serang 35/2022 and Perki 1/2021 give the PPID Utama (and its Atasan) coordination of
# every PPID Pelaksana of the body; evaluators score every unit; admins run the installation.
BODY_WIDE_ROLES: frozenset[str] = frozenset(
    {Role.PPID_UTAMA, Role.ATASAN_PPID, Role.ADMIN, Role.EVALUATOR}
)
# A PPID Pelaksana and the front-office staff serve only the unit they belong to.
UNIT_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA, Role.PETUGAS_LAYANAN})
# Who may change the body's profile, its unit tree and its memberships.
MANAGER_ROLES: frozenset[str] = frozenset({Role.PPID_UTAMA, Role.ADMIN})
# Who handles requesters' identities (NIK, KTP scans) as part of serving requests.
IDENTITY_OFFICER_ROLES: frozenset[str] = frozenset(
    {Role.PETUGAS_LAYANAN, Role.PPID_UTAMA, Role.PPID_PELAKSANA, Role.ATASAN_PPID, Role.ADMIN}
)
