"""Who may do what with an objection or a dispute; every predicate filters `selectors.py`."""

from __future__ import annotations

from terbuka.bodies.models import Membership, PublicBody
from terbuka.bodies.selectors import UserLike, membership_active_for_user
from terbuka.bodies.selectors import is_superuser as _is_superuser
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.models import Objection
from terbuka.objections.selectors import (
    OBJECTION_ROLES,
    objection_handled_by,
    objection_visible_to,
)


def can_view_objection(user: UserLike, objection: Objection) -> bool:
    """Return whether the user may see the objection."""
    return objection_visible_to(user).filter(pk=objection.pk).exists()


def can_handle_objection(user: UserLike, objection: Objection) -> bool:
    """Return whether the user may record deliberations, notes and the dispute's path."""
    return objection_handled_by(user).filter(pk=objection.pk).exists()


def can_decide_objection(user: UserLike, objection: Objection) -> bool:
    """Return whether the user may answer the objection: the body's Atasan PPID.

    UU 14/2008 Pasal 36(2): the Atasan PPID gives the written answer.
    """
    if _is_superuser(user):
        return True
    return (
        membership_active_for_user(user)
        .filter(unit__body_id=objection.body_id, role=Membership.Role.ATASAN_PPID)
        .exists()
    )


def can_file_objection(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may file an objection to the request as its requester."""
    return bool(user.is_authenticated and request.requester_id == user.pk)


def can_record_objection(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may record a paper objection for the body (desk or Atasan)."""
    if _is_superuser(user):
        return True
    return (
        membership_active_for_user(user)
        .filter(unit__body_id=body.pk, role__in=list(OBJECTION_ROLES))
        .exists()
    )


def can_act_as_requester(user: UserLike, objection: Objection) -> bool:
    """Return whether the user is the objection's requester."""
    return bool(user.is_authenticated and objection.requester_id == user.pk)


def can_withdraw_objection(user: UserLike, objection: Objection) -> bool:
    """Return whether the user may withdraw (the requester, or the desk on their letter)."""
    return can_act_as_requester(user, objection) or can_handle_objection(user, objection)


def can_record_dispute(user: UserLike, objection: Objection) -> bool:
    """Return whether the user may record the dispute filing (the requester or the desk)."""
    return can_act_as_requester(user, objection) or can_handle_objection(user, objection)


def can_view_objection_register(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may open the body's objection register (masked)."""
    return can_record_objection(user, body)
