"""Small pieces every app's `services.py` shares: validation errors, permission checks and
idempotency keys.

The domain exceptions live in `exceptions.py`; these helpers only raise them in one shape.
"""

from __future__ import annotations

from typing import Any, NoReturn, Protocol, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError


def raise_validation(exc: DjangoValidationError, message: str) -> NoReturn:
    """Re-raise Django's validation error as a domain `ValidationError` with `fields`."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    fields = {name: [str(m) for m in msgs] for name, msgs in messages.items()}
    raise ValidationError(message, fields=fields) from exc


def full_clean(
    obj: models.Model, message: str, *, exclude: list[str] | None = None, constraints: bool = True
) -> None:
    """Run `full_clean()` and turn its errors into a domain `ValidationError`.

    `constraints=False` skips the unique and check constraints (one query each): only for rows
    whose constrained values the service itself sets, never for values a user typed.
    """
    try:
        obj.full_clean(
            exclude=exclude, validate_unique=constraints, validate_constraints=constraints
        )
    except DjangoValidationError as exc:
        raise_validation(exc, message)


def field_error(field: str, message: str, *, code: str = "validation_error") -> NoReturn:
    """Raise a `ValidationError` about one field."""
    raise ValidationError(message, code=code, fields={field: [message]})


def require(allowed: bool) -> None:
    """Raise `PermissionDenied` unless the permission predicate allowed the action."""
    if not allowed:
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def actor_or_none(actor: Any) -> Any:
    """Return the actor for an event row, None for the system (daily jobs, anonymous)."""
    return actor if actor is not None and actor.is_authenticated else None


class KeyRow(Protocol):
    payload_hash: str


K = TypeVar("K", bound=models.Model)


def claim_key(
    model: type[K],
    target: str,
    scope: str,
    key: str | None,
    digest: str,
    *,
    reused: str,
    pending: str,
) -> tuple[K | None, Any]:
    """Reserve `key` in `scope` on an idempotency-key `model`, or return what it created.

    `target` names the foreign key the key row points at once the write is done. Returns
    (new row, None) for a fresh key, (None, earlier object) for a repeat with the same payload
    `digest`; a repeat with another payload raises `ValidationError` (`reused` message,
    code `idempotency_key_reused`), one still being written raises `Conflict` (`pending`).
    """
    if not key:
        return None, None
    manager = model._default_manager

    def match(row: Any) -> Any:
        if row.payload_hash != digest:
            raise ValidationError(reused, code="idempotency_key_reused")
        found = getattr(row, target)
        if found is None:
            raise Conflict(pending)
        return found

    existing = manager.select_for_update().filter(scope=scope, key=key).first()
    if existing is not None:
        return None, match(existing)
    try:
        with transaction.atomic():
            row = manager.create(scope=scope, key=key, payload_hash=digest)
    except IntegrityError:
        # A concurrent submission with the same key committed first.
        return None, match(manager.get(scope=scope, key=key))
    return row, None


def claim_form_token(model: type[K], scope: str, token: str, **row: Any) -> bool:
    """Claim a one-use form token on an idempotency-key `model`; False if it was used before.

    `row` holds the other fields of the key row (`payload_hash` and the target). Called in the
    same transaction as the write it guards, so a refused write frees the token.
    """
    manager = model._default_manager
    if manager.filter(scope=scope, key=token).exists():
        return False
    try:
        with transaction.atomic():
            manager.create(scope=scope, key=token, **row)
    except IntegrityError:
        return False
    return True
