"""Every write of the accounts app: requester identities, KTP scans, access logs, API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any, NoReturn

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from terbuka.accounts import retention
from terbuka.accounts.exceptions import AuthenticationFailedError, TooManyAttemptsError
from terbuka.accounts.models import (
    AccountEvent,
    ApiToken,
    IdentityAccessLog,
    RequesterIdentity,
    User,
)
from terbuka.accounts.nik import normalise_nik
from terbuka.accounts.permissions import (
    can_change_identity,
    can_view_identity,
    is_identity_owner,
    user_has_totp,
    user_must_enrol_mfa,
)
from terbuka.accounts.selectors import nik_hash_of, token_hash_of
from terbuka.core import crypto
from terbuka.core.exceptions import Conflict, NotFound, PermissionDenied, ValidationError
from terbuka.core.files import delete_after_commit, save_new
from terbuka.core.service_helpers import field_error

DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "tbk_"  # noqa: S105 - a public marker that helps secret scanners, not a secret
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
MIN_REASON_LENGTH = 10
OWNER_REASON = "Dilihat oleh pemilik data."

# The text fields `identity_reveal` may decrypt; the scan goes through `identity_ktp_read`.
REVEALABLE_FIELDS = frozenset(
    {
        IdentityAccessLog.Field.NIK,
        IdentityAccessLog.Field.ADDRESS,
        IdentityAccessLog.Field.PHONE,
        IdentityAccessLog.Field.LEGAL_ENTITY_NUMBER,
        IdentityAccessLog.Field.PROXY_NIK,
    }
)
_SENSITIVE = ("nik", "legal_entity_number", "address", "phone", "proxy_nik")
# Optional secret values the owner may remove (the others are required by the request form).
ERASABLE = frozenset({"phone"})
_EDITABLE = (
    "kind",
    "full_name",
    "nik",
    "legal_entity_number",
    "address",
    "phone",
    "email",
    "occupation",
    "proxy_name",
    "proxy_nik",
)
# The encrypted documents of an identity: field prefix -> what the access log calls it.
_DOCUMENTS: dict[str, str] = {
    "ktp_scan": IdentityAccessLog.Field.KTP_SCAN,
    "power_of_attorney": IdentityAccessLog.Field.POWER_OF_ATTORNEY,
}

# ASVS 5.2.2: the type is decided by the file's first bytes, never by its name or the
# client's Content-Type. KTP scans are photos or PDFs.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "TERBUKA_IDENTITY_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def private_storage() -> Storage:
    return storages["private"]


def _raise_validation(exc: DjangoValidationError) -> NoReturn:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    fields = {name: [str(m) for m in msgs] for name, msgs in messages.items()}
    raise ValidationError(_("Data identitas tidak valid."), fields=fields) from exc


def _event(kind: str, *, actor: Any, user: Any = None, **extra: Any) -> AccountEvent:
    identity = extra.pop("identity", None)
    token = extra.pop("token", None)
    return AccountEvent.objects.create(
        kind=kind, actor=actor, user=user, identity=identity, token=token, data=extra
    )


# --- Account preferences --------------------------------------------------------------------


@transaction.atomic
def user_set_language(*, user: Any, language: str, actor: Any) -> Any:
    """Set the language of the user's e-mails (chosen on the profile or with the switch)."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Anda hanya dapat mengubah bahasa akun Anda sendiri."))
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValidationError(
            _("Bahasa tidak dikenal."), fields={"language": [_("Bahasa tidak dikenal.")]}
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


# --- Requester identities -------------------------------------------------------------------


@sensitive_variables("nik", "legal_entity_number", "address", "phone")
@transaction.atomic
def identity_create(
    *,
    actor: Any,
    owner: Any,
    kind: str,
    full_name: str,
    nik: str = "",
    legal_entity_number: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    occupation: str = "",
    proxy_name: str = "",
    proxy_nik: str = "",
    ktp_scan: IO[bytes] | None = None,
    power_of_attorney: IO[bytes] | None = None,
) -> RequesterIdentity:
    """Record a requester's identity, owned by `owner` or, for a walk-in requester, by nobody.

    Callers recording walk-in requesters (owner None) check the officer's role themselves.
    """
    if owner is not None and owner.pk != actor.pk:
        raise PermissionDenied(_("Anda hanya dapat membuat identitas untuk akun Anda sendiri."))
    nik = normalise_nik(nik) if nik else ""
    identity = RequesterIdentity(
        owner=owner,
        kind=kind,
        full_name=full_name.strip(),
        nik=nik,
        nik_hash=nik_hash_of(nik) if nik else "",
        legal_entity_number=legal_entity_number.strip(),
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip().lower(),
        occupation=occupation.strip(),
        proxy_name=proxy_name.strip(),
        proxy_nik=normalise_nik(proxy_nik) if proxy_nik else "",
        created_by=actor,
    )
    try:
        # The owner and the recorder are the signed-in actor (or nobody): no query checks that
        # they exist. The check constraints (a NIK or a decree number; a known kind) are the
        # model's clean() and the field's choices over again, which Django would check with a
        # query each; the database still enforces them.
        identity.full_clean(exclude=["owner", "created_by"], validate_constraints=False)
    except DjangoValidationError as exc:
        _raise_validation(exc)
    identity.save()
    _event(
        AccountEvent.Kind.IDENTITY_CREATED,
        actor=actor,
        user=owner,
        identity=identity,
        identity_kind=kind,
    )
    if ktp_scan is not None:
        identity = identity_attach_ktp(identity=identity, actor=actor, upload=ktp_scan)
    if power_of_attorney is not None:
        identity = identity_attach_power_of_attorney(
            identity=identity, actor=actor, upload=power_of_attorney
        )
    return identity


@sensitive_variables("changes", "clear")
@transaction.atomic
def identity_update(
    *,
    identity: RequesterIdentity,
    actor: Any,
    ktp_scan: IO[bytes] | None = None,
    power_of_attorney: IO[bytes] | None = None,
    erase: Collection[str] = (),
    **changes: Any,
) -> RequesterIdentity:
    """Change an identity. Identity values left out of `changes` (or blank) are kept.

    A blank secret field means "unchanged" (the form never shows it), so removing an optional
    one is asked for by name in `erase` (UU 27/2022 Pasal 6: the subject corrects their data).
    """
    _check_can_change(actor, identity)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if set(erase) - ERASABLE:
        raise ValueError(f"Not erasable: {sorted(set(erase) - ERASABLE)}")
    identity = RequesterIdentity.objects.select_for_update().get(pk=identity.pk)
    changed: list[str] = []
    for name in sorted(erase):
        if (changes.get(name) or "").strip():
            field_error(name, _("Pilih salah satu: isi nilai baru atau hapus yang tersimpan."))
        changes.pop(name, None)
        if getattr(identity, name):
            setattr(identity, name, "")
            changed.append(name)
    for name, value in changes.items():
        clear = (value or "").strip()
        if name in _SENSITIVE and not clear:
            continue  # the form never shows these values, so blank means "unchanged"
        if name in ("nik", "proxy_nik"):
            clear = normalise_nik(clear)
        if name == "email":
            clear = clear.lower()
        if getattr(identity, name) != clear:
            setattr(identity, name, clear)
            changed.append(name)
    if "proxy_name" in changed and not identity.proxy_name and identity.proxy_nik:
        # Removing the proxy removes their NIK: a blank secret field otherwise means "unchanged".
        identity.proxy_nik = ""
        changed.append("proxy_nik")
    if "nik" in changed:
        identity.nik_hash = nik_hash_of(identity.nik)
    if changed:
        try:
            identity.full_clean()
        except DjangoValidationError as exc:
            _raise_validation(exc)
        extra = ["nik_hash"] if "nik" in changed else []
        identity.save(update_fields=[*changed, *extra, "updated_at"])
        _event(
            AccountEvent.Kind.IDENTITY_UPDATED,
            actor=actor,
            user=identity.owner,
            identity=identity,
            fields=sorted(changed),
        )
    if ktp_scan is not None:
        identity = identity_attach_ktp(identity=identity, actor=actor, upload=ktp_scan)
    if power_of_attorney is not None:
        identity = identity_attach_power_of_attorney(
            identity=identity, actor=actor, upload=power_of_attorney
        )
    return identity


def _check_can_change(actor: Any, identity: RequesterIdentity) -> None:
    # An officer may correct a walk-in record they can see; an account's identity is its own.
    allowed = can_change_identity(actor, identity) or (
        identity.owner_id is None and can_view_identity(actor, identity)
    )
    if not allowed:
        raise NotFound(_("Identitas tidak ditemukan."))


@dataclass(frozen=True)
class _Scan:
    data: bytes
    content_type: str


def _read_scan(upload: IO[bytes]) -> _Scan:
    limit = max_upload_bytes()
    declared = getattr(upload, "size", None)
    too_big = ValidationError(
        _("Berkas terlalu besar: ukuran maksimal %(size)s.") % {"size": filesizeformat(limit)},
        code="file_too_large",
    )
    if declared is not None and declared > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)  # never trust the declared size
    if len(data) > limit:
        raise too_big
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return _Scan(data=data, content_type=content_type)
    raise ValidationError(
        _("Jenis berkas tidak diterima: unggah foto JPEG atau PNG, atau berkas PDF."),
        code="file_type",
    )


def _store_document(identity: RequesterIdentity, document: str, values: tuple[Any, ...]) -> None:
    """Save a document's stored name, content type, size and upload time on the identity."""
    fields = [f"{document}_{part}" for part in ("name", "content_type", "size", "uploaded_at")]
    for field, value in zip(fields, values, strict=True):
        setattr(identity, field, value)
    identity.save(update_fields=[*fields, "updated_at"])


def _attach_document(
    identity: RequesterIdentity, actor: Any, upload: IO[bytes], document: str
) -> RequesterIdentity:
    """Store an encrypted copy of one of the identity's documents in private storage."""
    _check_can_change(actor, identity)
    scan = _read_scan(upload)
    storage = private_storage()
    # A random name: the uploader's file name never reaches the disk (ASVS 5.3.2).
    name = save_new(
        storage,
        f"identity/{secrets.token_hex(16)}.bin",
        ContentFile(crypto.encrypt_bytes(scan.data)),
        model=RequesterIdentity,
        column=f"{document}_name",
    )
    try:
        identity = RequesterIdentity.objects.select_for_update().get(pk=identity.pk)
        old_name = getattr(identity, f"{document}_name")
        _store_document(
            identity, document, (name, scan.content_type, len(scan.data), timezone.now())
        )
        _event(
            AccountEvent.Kind.IDENTITY_KTP_ATTACHED,
            actor=actor,
            user=identity.owner,
            identity=identity,
            document=document,
            content_type=scan.content_type,
            size=len(scan.data),
            replaced=bool(old_name),
        )
    except Exception:
        storage.delete(name)
        raise
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return identity


@transaction.atomic
def identity_attach_ktp(
    *, identity: RequesterIdentity, actor: Any, upload: IO[bytes]
) -> RequesterIdentity:
    """Store an encrypted copy of the requester's KTP (or deed) scan in private storage."""
    return _attach_document(identity, actor, upload, "ktp_scan")


@transaction.atomic
def identity_attach_power_of_attorney(
    *, identity: RequesterIdentity, actor: Any, upload: IO[bytes]
) -> RequesterIdentity:
    """Store an encrypted copy of the proxy's power of attorney (surat kuasa)."""
    return _attach_document(identity, actor, upload, "power_of_attorney")


# The identity form's file fields, attached after filing by `identity_attach_files`.
IDENTITY_FILE_FIELDS: tuple[str, ...] = ("ktp_scan", "power_of_attorney")


def identity_split_files(cleaned: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split an identity form's data into the identity values and its uploaded files.

    The files are attached after filing: a file object would change the payload hash that
    makes the form token idempotent.
    """
    values = dict(cleaned)
    files = {name: values.pop(name, None) for name in IDENTITY_FILE_FIELDS}
    return values, files


def identity_attach_files(
    *, identity: RequesterIdentity, actor: Any, files: dict[str, Any]
) -> None:
    """Attach the KTP scan and the power of attorney; a refused file names its field."""
    attach = {
        "ktp_scan": identity_attach_ktp,
        "power_of_attorney": identity_attach_power_of_attorney,
    }
    for name, upload in files.items():
        if upload is None:
            continue
        try:
            attach[name](identity=identity, actor=actor, upload=upload)
        except ValidationError as exc:
            raise ValidationError(exc.message, code=exc.code, fields={name: [exc.message]}) from exc


def identity_log_export(
    *, identities: Iterable[RequesterIdentity], viewer: Any, note: str, ip: str | None = None
) -> int:
    """Log one access per identity that leaves the system in clear (a register export).

    The field logged names the identifying number the export carries (NIK, or the decree
    number of a legal entity without one). Returns how many rows were written.
    """
    seen: set[int] = set()
    logs: list[IdentityAccessLog] = []
    for identity in identities:
        if identity.pk in seen:
            continue
        seen.add(identity.pk)
        field = (
            IdentityAccessLog.Field.LEGAL_ENTITY_NUMBER
            if identity.legal_entity_number and not identity.nik
            else IdentityAccessLog.Field.NIK
        )
        logs.append(
            IdentityAccessLog(identity=identity, viewer=viewer, field=field, reason=note, ip=ip)
        )
    # Append-only rows; bulk insertion bypasses `save()` but never updates anything.
    IdentityAccessLog.objects.bulk_create(logs)
    return len(logs)


def _check_reveal(*, identity: RequesterIdentity, viewer: Any, reason: str) -> str:
    if not can_view_identity(viewer, identity):
        raise NotFound(_("Identitas tidak ditemukan."))
    reason = reason.strip()
    if is_identity_owner(viewer, identity):
        return reason or OWNER_REASON
    return officer_reveal_reason(viewer=viewer, reason=reason)


def officer_reveal_reason(*, viewer: Any, reason: str) -> str:
    """Check that an officer may open other people's data now; return the stripped reason.

    Every clear view or export of identity data by an officer goes through here.
    """
    reason = reason.strip()
    # ASVS 6.3.3: an officer reaches other people's data only after enrolling TOTP.
    if getattr(settings, "TERBUKA_STAFF_MFA_REQUIRED", False) and not user_has_totp(viewer):
        raise PermissionDenied(
            _("Aktifkan autentikasi dua faktor sebelum membuka data pribadi pemohon."),
            code="mfa_required",
        )
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Tuliskan alasan membuka data ini (minimal %(count)d karakter).")
            % {"count": MIN_REASON_LENGTH},
            code="reason_required",
        )
    return reason


def _log_access(
    *, identity: RequesterIdentity, viewer: Any, field: str, reason: str, ip: str | None
) -> IdentityAccessLog:
    log = IdentityAccessLog(identity=identity, viewer=viewer, field=field, reason=reason, ip=ip)
    log.full_clean()
    log.save()
    return log


@transaction.atomic
def identity_reveal(
    *,
    identity: RequesterIdentity,
    field: str,
    viewer: Any,
    reason: str,
    ip: str | None = None,
) -> str:
    """Return one clear identity value after checking permission and logging the view.

    UU 27/2022 Pasal 16(2) and ASVS 16.3.2: every access to the data is accountable.
    """
    if field not in REVEALABLE_FIELDS:
        raise ValidationError(_("Data ini tidak dapat dibuka."), code="invalid_field")
    reason = _check_reveal(identity=identity, viewer=viewer, reason=reason)
    _log_access(identity=identity, viewer=viewer, field=field, reason=reason, ip=ip)
    return str(getattr(identity, field))


@transaction.atomic
def identity_document_read(
    *,
    identity: RequesterIdentity,
    viewer: Any,
    reason: str,
    document: str = "ktp_scan",
    ip: str | None = None,
) -> tuple[bytes, str]:
    """Return a decrypted document (KTP scan or power of attorney) and its content type,
    after checking permission and logging the view."""
    if document not in _DOCUMENTS:
        raise ValidationError(_("Data ini tidak dapat dibuka."), code="invalid_field")
    reason = _check_reveal(identity=identity, viewer=viewer, reason=reason)
    stored = getattr(identity, f"{document}_name")
    if not stored:
        raise NotFound(_("Berkas belum diunggah."))
    with private_storage().open(stored, "rb") as fh:
        data = crypto.decrypt_bytes(fh.read())
    _log_access(identity=identity, viewer=viewer, field=_DOCUMENTS[document], reason=reason, ip=ip)
    return data, str(getattr(identity, f"{document}_content_type"))


def identity_ktp_read(
    *, identity: RequesterIdentity, viewer: Any, reason: str, ip: str | None = None
) -> tuple[bytes, str]:
    """Return the decrypted KTP scan and its content type, after checking and logging."""
    if not identity.ktp_scan_name and can_view_identity(viewer, identity):
        raise NotFound(_("Pindaian KTP belum diunggah."))
    return identity_document_read(
        identity=identity, viewer=viewer, reason=reason, document="ktp_scan", ip=ip
    )


# --- Deleting identity data (UU 27/2022 Pasal 8, 43-44; retention in `retention.py`) ------


def _check_owner(actor: Any, identity: RequesterIdentity) -> RequesterIdentity:
    if not can_change_identity(actor, identity):
        raise NotFound(_("Identitas tidak ditemukan."))
    return RequesterIdentity.objects.select_for_update().get(pk=identity.pk)


def _kept_message(use: retention.IdentityUse) -> str:
    numbers = ", ".join(use.in_play or use.case_numbers)
    if use.in_play:
        return _(
            "Identitas ini dipakai oleh perkara yang masih berjalan (%(numbers)s) dan wajib "
            "disimpan sampai perkara selesai."
        ) % {"numbers": numbers}
    until = use.kept_until
    return _(
        "Identitas ini tercatat dalam register permohonan/keberatan (%(numbers)s) dan wajib "
        "disimpan sampai %(date)s (UU 43/2009 tentang Kearsipan)."
    ) % {"numbers": numbers, "date": until.strftime("%d-%m-%Y") if until else "-"}


def _document_names(identity: RequesterIdentity) -> list[tuple[str, str]]:
    return [
        (document, getattr(identity, f"{document}_name"))
        for document in _DOCUMENTS
        if getattr(identity, f"{document}_name")
    ]


def _erase_identity(identity: RequesterIdentity, actor: Any, *, reason: str) -> None:
    """Delete an identity that no case names, its files once the deletion commits."""
    names = _document_names(identity)
    identity_id = identity.pk
    owner = identity.owner
    _event(
        AccountEvent.Kind.IDENTITY_DELETED,
        actor=actor,
        user=owner,
        identity=identity,
        identity_id=identity_id,
        documents=[document for document, _name in names],
        reason=reason,
    )
    identity.delete()
    storage = private_storage()
    for _document, name in names:
        delete_after_commit(storage, name)


@transaction.atomic
def identity_delete(*, identity: RequesterIdentity, actor: Any) -> None:
    """Delete one of the actor's identities that no request or objection names.

    UU 27/2022 Pasal 8: the data subject may have their data deleted; an identity named by a
    case is part of the service's records and is kept (`retention.py`), so it raises Conflict.
    """
    identity = _check_owner(actor, identity)
    use = retention.identity_use(identity)
    if use.is_used:
        raise Conflict(_kept_message(use), code="identity_kept")
    _erase_identity(identity, actor, reason="owner_request")


@transaction.atomic
def identity_document_delete(
    *, identity: RequesterIdentity, actor: Any, document: str
) -> RequesterIdentity:
    """Delete the KTP scan or the power of attorney once no case of the identity is in play.

    UU 27/2022 Pasal 16(2) huruf a and Pasal 43: the documents only prove who filed and for
    whom; the register keeps the identity's text (`retention.py`).
    """
    if document not in _DOCUMENTS:
        raise ValidationError(_("Berkas ini tidak dapat dihapus."), code="invalid_field")
    identity = _check_owner(actor, identity)
    name = getattr(identity, f"{document}_name")
    if not name:
        raise NotFound(_("Berkas belum diunggah."))
    use = retention.identity_use(identity)
    if not use.may_delete_documents:
        raise Conflict(_kept_message(use), code="document_kept")
    _clear_document(identity, actor, document, name)
    return identity


def _clear_document(identity: RequesterIdentity, actor: Any, document: str, name: str) -> None:
    _store_document(identity, document, ("", "", None, None))
    _event(
        AccountEvent.Kind.IDENTITY_DOCUMENT_DELETED,
        actor=actor,
        user=identity.owner,
        identity=identity,
        document=document,
    )
    delete_after_commit(private_storage(), name)


@dataclass(frozen=True)
class AccountDeletion:
    """What `account_deactivate` did."""

    identities_deleted: int
    identities_kept: int
    documents_deleted: int
    tokens_revoked: int


@transaction.atomic
def account_deactivate(*, user: Any, actor: Any) -> AccountDeletion:
    """Close the actor's account at their request: erase what may go, keep what must stay.

    UU 27/2022 Pasal 8 and 43-44: identities no case names are deleted, with their files; the
    documents of identities kept for the register are deleted; the account's name, address,
    password, e-mail addresses, second factors and tokens go, and the account can no longer
    sign in. Identities named by a case stay for their retention (`retention.py`). Refused with
    Conflict while a case is in play: the requester withdraws it or waits for its end first.
    """
    if actor is None or actor.pk != user.pk or not user.is_active:
        raise PermissionDenied(_("Anda hanya dapat menghapus akun Anda sendiri."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        # A double submit waited on the lock behind the first: that one closed the account.
        raise Conflict(_("Akun ini sudah dihapus."), code="already_deactivated")
    identities = list(RequesterIdentity.objects.select_for_update().filter(owner=user))
    uses = retention.identity_uses(identities)
    in_play = sorted({n for use in uses.values() for n in use.in_play})
    if in_play:
        raise Conflict(
            _(
                "Akun belum dapat dihapus: perkara %(numbers)s masih berjalan. Cabut atau tunggu "
                "sampai selesai."
            )
            % {"numbers": ", ".join(in_play)},
            code="cases_in_play",
        )
    deleted = kept = documents = 0
    for identity in identities:
        if not uses[identity.pk].is_used:
            _erase_identity(identity, actor, reason="account_deleted")
            deleted += 1
            continue
        kept += 1
        for document, name in _document_names(identity):
            _clear_document(identity, actor, document, name)
            documents += 1
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        api_token_revoke(token=token, actor=actor)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.is_active = False
    user.full_name = ""
    # A unique address that no mail reaches: the old one may sign up again.
    user.email = f"akun-{user.pk}@dihapus.invalid"
    user.set_unusable_password()
    user.save(update_fields=["is_active", "full_name", "email", "password"])
    result = AccountDeletion(deleted, kept, documents, len(tokens))
    _event(
        AccountEvent.Kind.ACCOUNT_DEACTIVATED,
        actor=actor,
        user=user,
        identities_deleted=deleted,
        identities_kept=kept,
        documents_deleted=documents,
        tokens_revoked=len(tokens),
    )
    return result


# --- API tokens -----------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: Any, actor: Any, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token; return it with its clear value (never stored)."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Token hanya dapat dibuat untuk akun sendiri."))
    limit = int(getattr(settings, "TERBUKA_API_TOKENS_PER_USER", DEFAULT_MAX_ACTIVE_TOKENS))
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= limit:
        raise ValidationError(
            _("Anda sudah memiliki %(count)d token aktif. Cabut token yang tidak dipakai.")
            % {"count": limit},
            code="too_many_tokens",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=(name or "").strip() or _("Token API"),
        prefix=raw[:8],
        key_hash=token_hash_of(raw),
    )
    token.full_clean()
    token.save()
    _event(AccountEvent.Kind.TOKEN_CREATED, actor=actor, user=user, token=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Revoke a token; later requests with it are refused."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk and not actor.is_superuser:
        raise NotFound(_("Token tidak ditemukan."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _event(AccountEvent.Kind.TOKEN_REVOKED, actor=actor, user=token.user, token=token)
    return token


def api_token_touch(token: ApiToken) -> None:
    """Record that a token was used, at most once a minute (one UPDATE, no audit row)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_TOUCH_INTERVAL)
    ).update(last_used_at=now)
    token.last_used_at = now


@sensitive_variables("password", "otp")
def api_token_obtain(
    *, request: HttpRequest, email: str, password: str, otp: str | None = None, name: str = ""
) -> str:
    """Exchange e-mail, password and (when enrolled) a TOTP code for a new API token.

    Failed attempts share allauth's `login_failed` budget with the sign-in form (ASVS 6.3.1),
    so alternating between the web form and the API does not buy an attacker more guesses.
    """
    adapter = get_account_adapter(request)
    email = email.strip().lower()
    too_many = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.")
    try:
        user = adapter.authenticate(request, email=email, password=password)
    except DjangoValidationError as exc:
        raise TooManyAttemptsError(too_many) from exc
    if user is None or not user.is_active:
        raise AuthenticationFailedError(_("E-mail atau kata sandi salah."))
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        if not (otp or "").strip():
            raise AuthenticationFailedError(
                _("Akun ini memakai autentikasi dua faktor: sertakan kode autentikator (otp)."),
                code="otp_required",
            )
        if not TOTP(authenticator).validate_code(otp.strip()):  # type: ignore[union-attr]
            try:
                # A wrong second factor counts as a failed sign-in attempt.
                adapter.pre_authenticate(request, email=email)
            except DjangoValidationError as exc:
                raise TooManyAttemptsError(too_many) from exc
            raise AuthenticationFailedError(_("Kode autentikator salah."), code="otp_invalid")
        authenticator.record_usage()
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True)
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not verified.exists():
        raise PermissionDenied(
            _("Alamat e-mail belum diverifikasi. Buka tautan verifikasi yang kami kirim."),
            code="email_unverified",
        )
    if user_must_enrol_mfa(user):
        raise PermissionDenied(
            _("Petugas wajib mengaktifkan autentikasi dua faktor sebelum memakai API."),
            code="mfa_enrolment_required",
        )
    _token, raw = api_token_create(user=user, actor=user, name=name)
    return raw
