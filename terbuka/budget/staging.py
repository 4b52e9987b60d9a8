"""An uploaded budget file kept between the steps of the office's upload page.

The officer chooses a file once; when the columns must be mapped by hand or an existing budget
replaced, the next step names the staged file by a token (a UUID) instead of asking for the file
again. A staged file is private storage under `budget/staged/<token>` with a JSON sidecar
(`<token>.json`: the user, the original name and the time); only the user who staged it may
read or discard it. The daily job removes staged files left behind for more than a day.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.core.exceptions import NotFound

FOLDER = "budget/staged"
KEEP_DAYS = 1


def _storage() -> Any:
    return storages["private"]


def _token(token: str) -> str:
    """The token in canonical form, or `NotFound` for anything that is not a UUID."""
    try:
        parsed = uuid.UUID(str(token))
    except (ValueError, TypeError, AttributeError):
        parsed = None
    if parsed is None or str(parsed) != token:
        raise NotFound(_("Berkas sementara tidak ditemukan. Pilih berkas lagi."))
    return token


def _paths(token: str) -> tuple[str, str]:
    return f"{FOLDER}/{token}", f"{FOLDER}/{token}.json"


def _sidecar(user: Any, token: str) -> dict[str, Any]:
    """The sidecar of `token` when `user` staged it; `NotFound` otherwise (never told apart)."""
    _data_path, meta_path = _paths(_token(token))
    storage = _storage()
    try:
        with storage.open(meta_path, "rb") as handle:
            meta = json.loads(handle.read())
    except (OSError, ValueError):
        meta = None
    if not isinstance(meta, dict) or meta.get("user") != getattr(user, "pk", None):
        raise NotFound(_("Berkas sementara tidak ditemukan. Pilih berkas lagi."))
    return meta


def stage(user: Any, data: bytes, filename: str) -> str:
    """Keep `data` for `user` until the upload is done; return its token."""
    token = str(uuid.uuid4())
    data_path, meta_path = _paths(token)
    meta = {
        "user": user.pk,
        "filename": filename,
        "size": len(data),
        "created_at": timezone.now().isoformat(),
    }
    storage = _storage()
    # The sidecar first: a data file never exists without its owner.
    saved_meta = storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    saved_data = storage.save(data_path, ContentFile(data))
    if (saved_meta, saved_data) != (meta_path, data_path):  # a storage that renamed them
        storage.delete(saved_meta)
        storage.delete(saved_data)
        raise RuntimeError("Staged file names were changed by the storage.")
    return token


def load(user: Any, token: str) -> tuple[bytes, str]:
    """The staged bytes and original name; `NotFound` for an unknown or another user's token."""
    meta = _sidecar(user, token)
    data_path, _meta_path = _paths(token)
    try:
        with _storage().open(data_path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise NotFound(_("Berkas sementara tidak ditemukan. Pilih berkas lagi.")) from exc
    return data, str(meta.get("filename") or "anggaran")


def filename_of(user: Any, token: str) -> str:
    """The original name of a staged file (`NotFound` as `load`)."""
    return str(_sidecar(user, token).get("filename") or "anggaran")


def discard(user: Any, token: str) -> None:
    """Remove a staged file of `user`; `NotFound` for an unknown or another user's token."""
    _sidecar(user, token)
    storage = _storage()
    for path in _paths(token):
        storage.delete(path)


def _created_at(storage: Any, name: str) -> datetime | None:
    """When a staged entry was written: the sidecar's time, else the storage's."""
    if name.endswith(".json"):
        try:
            with storage.open(f"{FOLDER}/{name}", "rb") as handle:
                return datetime.fromisoformat(json.loads(handle.read())["created_at"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        return storage.get_modified_time(f"{FOLDER}/{name}")  # type: ignore[no-any-return]
    except (OSError, NotImplementedError):
        return None


def cleanup(today: date) -> int:
    """Remove files staged before yesterday began; return how many uploads were removed."""
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=KEEP_DAYS), time.min))
    storage = _storage()
    try:
        _folders, names = storage.listdir(FOLDER)
    except (OSError, NotImplementedError):
        return 0
    removed = 0
    for name in names:
        token = name.removesuffix(".json")
        if name != token and token in names:
            continue  # judged with its data file below
        meta_name = f"{token}.json"
        created = _created_at(storage, meta_name if meta_name in names else name)
        if created is not None and created >= cutoff:
            continue
        for path in {f"{FOLDER}/{name}", f"{FOLDER}/{meta_name}"}:
            storage.delete(path)
        removed += 1
    return removed


def daily_counts(today: date) -> dict[str, int]:
    """The budget app's daily job: drop abandoned staged uploads."""
    return {"staged_removed": cleanup(today)}
