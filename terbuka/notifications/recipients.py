"""Who gets a notification, in which language, and the one way to log it.

Shared by the request and objection notifications: the officers of a role in a body or unit,
the requester's address, absolute links, and `send_all`, which logs one deduplicated e-mail per
recipient. A recipient is an (address, language) pair: every e-mail goes out in its recipient's
language (the account's; Indonesian, the statutory language of the service, for a requester
recorded by an officer without an account).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q

from terbuka.bodies.models import Membership, Unit
from terbuka.notifications import preferences
from terbuka.notifications.services import DEFAULT_LANGUAGE, email_known, email_send

Role = Membership.Role

# An address and the language its e-mails are written in ("id" or "en").
Recipient = tuple[str, str]


class RequesterRecipient(tuple[str, str]):
    """A requester's (address, language), carrying the account whose preference applies.

    `send_all` leaves out the e-mails that account chose not to get (see `preferences`);
    statutory notices always go.
    """

    account_id: int | None

    def __new__(cls, address: str, language: str, account_id: int | None) -> RequesterRecipient:
        recipient = super().__new__(cls, (address, language))
        recipient.account_id = account_id
        return recipient


def officers(q: Q) -> list[Recipient]:
    """The active officers matching `q` (a Membership filter), one per address, sorted."""
    rows = Membership.objects.filter(
        q, is_active=True, unit__is_active=True, user__is_active=True
    ).values_list("user__email", "user__language")
    found: dict[str, str] = {}
    for email, language in rows:
        if email:
            found.setdefault(email.lower(), language or DEFAULT_LANGUAGE)
    return sorted(found.items())


def merge(*groups: Iterable[Recipient]) -> list[Recipient]:
    """One entry per address (the first language found wins), sorted by address."""
    found: dict[str, str] = {}
    for group in groups:
        for email, language in group:
            found.setdefault(email, language)
    return sorted(found.items())


def without(recipients: Iterable[Recipient], actor: Any) -> list[Recipient]:
    """Drop the officer who caused the event: they already know."""
    email = (getattr(actor, "email", "") or "").lower()
    return [r for r in recipients if r[0] != email]


def desk(body_id: int) -> list[Recipient]:
    """The PPID Utama and the front office (petugas layanan) of the PPID Utama unit."""
    return officers(
        Q(unit__body_id=body_id)
        & (Q(role=Role.PPID_UTAMA) | Q(role=Role.PETUGAS_LAYANAN, unit__kind=Unit.Kind.PPID_UTAMA))
    )


def ppid_utama(body_id: int) -> list[Recipient]:
    return officers(Q(unit__body_id=body_id, role=Role.PPID_UTAMA))


def unit_officers(unit_ids: Iterable[int]) -> list[Recipient]:
    """The PPID Pelaksana of the given units."""
    return officers(Q(unit_id__in=list(unit_ids), role=Role.PPID_PELAKSANA))


def atasan(body_id: int) -> list[Recipient]:
    """The Atasan PPID of the body (UU 14/2008 Pasal 36: decides objections)."""
    return officers(Q(unit__body_id=body_id, role=Role.ATASAN_PPID))


def requester(identity: Any, account: Any) -> Recipient | None:
    """The requester's address and language, or None without an address.

    `identity` is the RequesterIdentity of the case and `account` its user (or None). Only the
    e-mail address is read: no other identity value ever reaches a notification.
    """
    account = account or identity.owner
    # A closed account's login address is a placeholder no mail reaches (account_deactivate).
    login = account.email if account is not None and account.is_active else ""
    to = identity.email or login
    if not to:
        return None
    language = account.language if account is not None else DEFAULT_LANGUAGE
    account_id = account.pk if account is not None else None
    return RequesterRecipient(to.lower(), language or DEFAULT_LANGUAGE, account_id)


def absolute_url(path: str) -> str:
    """Return `path` on the site named by the TERBUKA_SITE_URL setting."""
    return f"{settings.TERBUKA_SITE_URL}{path}"


def send_all(
    recipients: Iterable[Recipient],
    *,
    template: str,
    context: dict[str, Any],
    key: Callable[[str], str],
) -> int:
    """Log and enqueue one e-mail per recipient in the recipient's language.

    `key(address)` is the dedupe key: a key already logged sends nothing. Returns how many
    e-mails were new.
    """
    new = 0
    for recipient in recipients:
        to, language = recipient
        if not _wanted(recipient, template):
            continue
        dedupe_key = key(to)
        if email_known(dedupe_key):
            continue
        email_send(
            to=to, template=template, context=context, dedupe_key=dedupe_key, language=language
        )
        new += 1
    return new


def _wanted(recipient: Recipient, template: str) -> bool:
    """Whether the requester's account lets this e-mail through (always, for statutory ones)."""
    if not isinstance(recipient, RequesterRecipient) or recipient.account_id is None:
        return True
    return preferences.allows(preferences.level_for(recipient.account_id), template)
