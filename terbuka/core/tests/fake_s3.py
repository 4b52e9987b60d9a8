"""An S3 bucket in memory behind django-storages' real S3Storage, with no network at all.

botocore lets a `before-call` handler answer an operation instead of sending it; this one keeps
objects in a dict and answers the operations S3Storage uses (ListObjects, HeadObject,
GetObject, PutObject, DeleteObject). `down = True` makes every call fail as an unreachable
endpoint does (`EndpointConnectionError`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from botocore.exceptions import EndpointConnectionError  # type: ignore[import-untyped]
from botocore.response import StreamingBody  # type: ignore[import-untyped]
from django.utils import timezone

ENDPOINT = "http://127.0.0.1:9"  # the discard port: never contacted


def s3_options(location: str) -> dict[str, Any]:
    """The OPTIONS of an S3Storage like config/settings/base.py builds them."""
    return {
        "bucket_name": "terbuka-test",
        "endpoint_url": ENDPOINT,
        "region_name": "us-east-1",
        "access_key": "AKIAEXAMPLE",
        "secret_key": "secret-example",
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
        "location": location,
    }


@dataclass
class FakeS3:
    objects: dict[str, tuple[bytes, datetime]] = field(default_factory=dict)
    down: bool = False
    calls: list[str] = field(default_factory=list)

    def attach(self, storage: Any) -> Any:
        """Answer every call of `storage`'s client from this bucket; return the storage."""
        events = storage.connection.meta.client.meta.events
        events.register("before-parameter-build.s3", self._remember)
        events.register("before-call.s3", self._answer)
        return storage

    def put(self, key: str, data: bytes, modified: datetime | None = None) -> None:
        self.objects[key] = (data, modified or timezone.now())

    @staticmethod
    def _remember(params: dict[str, Any], context: dict[str, Any], **kwargs: Any) -> None:
        context["fake_params"] = dict(params)

    def _answer(self, model: Any, context: dict[str, Any], **kwargs: Any) -> Any:
        operation = model.name
        params = context["fake_params"]
        self.calls.append(operation)
        if self.down:
            raise EndpointConnectionError(endpoint_url=ENDPOINT)
        key = params.get("Key", "")
        if operation == "ListObjects":
            return self._ok(self._list(params.get("Prefix", ""), params.get("Delimiter", "")))
        if operation in ("HeadObject", "GetObject"):
            if key not in self.objects:
                return self._error(404, "404" if operation == "HeadObject" else "NoSuchKey")
            data, modified = self.objects[key]
            meta = {"ContentLength": len(data), "LastModified": modified, "ETag": '"0"'}
            if operation == "GetObject":
                meta["Body"] = StreamingBody(io.BytesIO(data), len(data))
            return self._ok(meta)
        if operation == "PutObject":
            body = params["Body"]
            self.put(key, body.read() if hasattr(body, "read") else bytes(body))
            return self._ok({"ETag": '"0"'})
        if operation == "DeleteObject":
            self.objects.pop(key, None)
            return self._ok({}, status=204)
        raise NotImplementedError(operation)

    def _list(self, prefix: str, delimiter: str) -> dict[str, Any]:
        contents, prefixes = [], set()
        for key, (data, modified) in sorted(self.objects.items()):
            if not key.startswith(prefix):
                continue
            rest = key[len(prefix) :]
            if delimiter and delimiter in rest:
                prefixes.add(prefix + rest.split(delimiter, 1)[0] + delimiter)
            else:
                contents.append({"Key": key, "LastModified": modified, "Size": len(data)})
        return {
            "IsTruncated": False,
            "Contents": contents,
            "CommonPrefixes": [{"Prefix": p} for p in sorted(prefixes)],
        }

    @staticmethod
    def _ok(parsed: dict[str, Any], status: int = 200) -> tuple[Any, dict[str, Any]]:
        parsed["ResponseMetadata"] = {"HTTPStatusCode": status, "HTTPHeaders": {}}
        return SimpleNamespace(status_code=status, headers={}), parsed

    @staticmethod
    def _error(status: int, code: str) -> tuple[Any, dict[str, Any]]:
        parsed = {
            "Error": {"Code": code, "Message": "Not Found"},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}},
        }
        return SimpleNamespace(status_code=status, headers={}), parsed
