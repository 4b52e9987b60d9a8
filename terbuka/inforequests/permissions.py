"""Who may do what with a request; every predicate filters a selector of `selectors.py`."""

from __future__ import annotations

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike, membership_active_for_user, unit_scope_for
from terbuka.bodies.selectors import is_superuser as _is_superuser
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.selectors import (
    DESK_ROLES,
    desk_body_ids,
    handler_unit_ids,
    register_bodies_for,
    request_handled_by,
    request_visible_to,
)


def can_view_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may see the request."""
    return request_visible_to(user).filter(pk=request.pk).exists()


def can_handle_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may act on the request as an officer (one query; a superuser
    handles every request, a citizen without a role none: `request_handled_by`)."""
    return request_handled_by(user).filter(pk=request.pk).exists()


def can_manage_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may route or forward the request (the PPID Utama desk)."""
    if _is_superuser(user):
        return True
    return desk_body_ids(user).filter(unit__body_id=request.body_id).exists()


def can_record_request(user: UserLike, body: PublicBody, unit: Unit | None) -> bool:
    """Return whether the user may record an offline request for the body (and unit)."""
    if _is_superuser(user):
        return True
    if desk_body_ids(user).filter(unit__body_id=body.pk).exists():
        return True
    if unit is None or unit.body_id != body.pk:
        return False
    in_scope = unit_scope_for(user).filter(pk=unit.pk).exists()
    return in_scope and handler_unit_ids(user).filter(unit_id=unit.pk).exists()


def can_return_request(user: UserLike, request: InformationRequest, unit: Unit) -> bool:
    """Return whether the user may hand a routing to `unit` back to the PPID Utama."""
    if can_manage_request(user, request):
        return True
    return handler_unit_ids(user).filter(unit_id=unit.pk).exists()


def can_withdraw_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may withdraw the request (its requester)."""
    return bool(user.is_authenticated and request.requester_id == user.pk)


def can_complete_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may supply the missing part (requester or officer)."""
    return can_withdraw_request(user, request) or can_handle_request(user, request)


def can_order_request(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may order the information given (the body's Atasan PPID).

    UU 14/2008 Pasal 36(2): the Atasan PPID answers an objection and may order the PPID to give
    the information.
    """
    if _is_superuser(user):
        return True
    return (
        membership_active_for_user(user)
        .filter(unit__body_id=request.body_id, role=Membership.Role.ATASAN_PPID)
        .exists()
    )


def can_view_register(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may open the body's buku register (masked)."""
    return register_bodies_for(user).filter(pk=body.pk).exists()


def can_export_register_unmasked(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may export the register with clear identities.

    Only the PPID Utama and admins of the body (UU 27/2022: least access to personal data).
    """
    if _is_superuser(user):
        return True
    return (
        membership_active_for_user(user)
        .filter(unit__body_id=body.pk, role__in=list(DESK_ROLES))
        .exists()
    )


def can_configure_requests(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may set the body's numbering, fees and signatory.

    The PPID Utama and the body's admins; the front office and the units may not.
    """
    if _is_superuser(user):
        return True
    return (
        membership_active_for_user(user)
        .filter(unit__body_id=body.pk, role__in=[Membership.Role.PPID_UTAMA, Membership.Role.ADMIN])
        .exists()
    )


def can_clear_release(user: UserLike, request: InformationRequest) -> bool:
    """Return whether the user may override a safety finding on an answer document.

    The PPID Utama and admins of the body: the unit that attached a file does not clear its own
    file for release (PSNI 2023, Islington 2012: the guard must not be the author).
    """
    return can_export_register_unmasked(user, request.body)
