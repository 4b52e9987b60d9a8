"""File storage that does not answer: 503 with a clear message, nothing half-written, and
recovery once it answers again (quality.md F8).

S3 is django-storages' real S3Storage over an in-memory bucket (`fake_s3`); `down` makes every
call fail as an unreachable endpoint does.
"""

from __future__ import annotations

import errno
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from botocore.exceptions import (  # type: ignore[import-untyped]
    ClientError,
    EndpointConnectionError,
)
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from terbuka.accounts.models import RequesterIdentity
from terbuka.core.storage_full import StorageErrorMiddleware, is_storage_unavailable
from terbuka.core.tests.fake_s3 import ENDPOINT, FakeS3, s3_options
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.test_api import URL as REQUESTS_URL
from terbuka.inforequests.tests.test_api import Api as RequestsApi
from terbuka.inforequests.tests.test_api import payload
from terbuka.inforequests.tests.test_views import _post_data
from terbuka.registry.models import Document, DocumentVersion
from terbuka.registry.tests.factories import CLEAN_CSV
from terbuka.registry.tests.test_api import URL as REGISTRY_URL
from terbuka.registry.tests.test_api import Api as RegistryApi
from terbuka.registry.tests.test_api import _payload as entry_payload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"KTP-PIXELS-" * 50
UNAVAILABLE = "Penyimpanan berkas sedang tidak dapat dihubungi"


def _raised_by(call: Any) -> BaseException:
    try:
        call()
    except BaseException as exc:
        return exc
    raise AssertionError("nothing was raised")


def _client_error(status: int, code: str) -> ClientError:
    return ClientError(
        {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutObject"
    )


def _elsewhere() -> None:
    raise ConnectionRefusedError(errno.ECONNREFUSED, "SMTP refused the connection")


@pytest.mark.parametrize(
    ("exc", "unavailable"),
    [
        (EndpointConnectionError(endpoint_url=ENDPOINT), True),
        (_client_error(503, "SlowDown"), True),
        (_client_error(500, "InternalError"), True),
        (_client_error(403, "AccessDenied"), False),
        (OSError(errno.ENOSPC, "No space left on device"), False),  # full: 507, not 503
        (_raised_by(_elsewhere), False),  # not storage code: still a server error
    ],
)
def test_what_counts_as_storage_not_answering(exc: BaseException, unavailable: bool) -> None:
    assert is_storage_unavailable(exc) is unavailable


def test_an_oserror_from_inside_storage_code_counts_but_a_missing_file_does_not(
    tmp_path: Path,
) -> None:
    storage = FileSystemStorage(location=tmp_path)
    (tmp_path / "folder").mkdir()
    assert is_storage_unavailable(_raised_by(lambda: storage.open("folder")))  # EISDIR
    assert not is_storage_unavailable(_raised_by(lambda: storage.open("hilang.pdf")))


def test_the_page_answers_503_in_indonesian_for_uploads_and_downloads(db: None) -> None:
    middleware = StorageErrorMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    exc = EndpointConnectionError(endpoint_url=ENDPOINT)
    for method, says in (("post", "data Anda belum tersimpan"), ("get", "belum dapat diunduh")):
        request = getattr(RequestFactory(), method)("/informasi/unduh/1/")
        request.user = AnonymousUser()
        response = middleware.process_exception(request, exc)
        assert response is not None
        assert response.status_code == 503
        assert response["Retry-After"] == "120"
        html = response.content.decode()
        assert UNAVAILABLE in html
        assert says in html
        assert "Galat 503" in html


def test_the_api_answers_503_and_files_nothing_then_recovers(applicant: Any, body: Any) -> None:
    citizen = RequestsApi(applicant)
    with mock.patch(
        "terbuka.inforequests.services.request_submit",
        side_effect=EndpointConnectionError(endpoint_url=ENDPOINT),
    ):
        response = citizen.post(REQUESTS_URL, payload(), **{"Idempotency-Key": "s3-down-1"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "storage_unavailable"
    assert UNAVAILABLE in response.json()["error"]["message"]
    assert response["Retry-After"] == "120"
    assert not InformationRequest.objects.exists()
    again = citizen.post(REQUESTS_URL, payload(), **{"Idempotency-Key": "s3-down-1"})
    assert again.status_code == 201, again.content


# --- Through S3Storage ----------------------------------------------------------------------------


@pytest.fixture
def bucket(settings: Any) -> Iterator[FakeS3]:
    """Private storage on S3 (the settings' alias and the DIP document field alike)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options("private")},
    }
    fake = FakeS3()
    storage = fake.attach(storages["private"])
    with mock.patch.object(DocumentVersion._meta.get_field("file"), "storage", storage):
        yield fake


def test_the_request_form_with_a_ktp_scan_answers_503_then_files_once_storage_is_back(
    client: Client, applicant: Any, body: Any, bucket: FakeS3
) -> None:
    client.force_login(applicant)
    url = reverse("inforequests:create") + f"?badan={body.slug}"
    token = str(uuid.uuid4())

    def post() -> Any:
        return client.post(
            url,
            _post_data(
                form_token=token,
                **{
                    "pemohon-ktp_scan": SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
                },
            ),
        )

    bucket.down = True
    response = post()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "data Anda belum tersimpan" in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert not RequesterIdentity.objects.exists()
    assert bucket.objects == {}

    bucket.down = False
    response = post()
    assert response.status_code == 303
    identity = InformationRequest.objects.get().requester_identity
    assert list(bucket.objects) == [f"private/{identity.ktp_scan_name}"]


def test_a_dip_document_upload_and_download_answer_503_while_s3_is_down(
    unit: Any, unit_officer: Any, bucket: FakeS3
) -> None:
    api = RegistryApi(unit_officer)
    entry_id = api.post(REGISTRY_URL, entry_payload()).json()["id"]
    documents = f"{REGISTRY_URL}{entry_id}/documents"

    bucket.down = True
    refused = api.upload(documents, "lra.csv", CLEAN_CSV)
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "storage_unavailable"
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()

    bucket.down = False
    attached = api.upload(documents, "lra.csv", CLEAN_CSV)
    assert attached.status_code == 201, attached.content
    assert api.post(f"{REGISTRY_URL}{entry_id}/publish").status_code == 200
    [row] = Client().get("/api/v1/registry/entries?body=kota-uji").json()["results"]
    download = row["documents"][0]["download_url"]

    bucket.down = True
    response = Client().get(download)
    assert response.status_code == 503
    assert "belum dapat diunduh" in response.content.decode()

    bucket.down = False
    response = Client().get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CLEAN_CSV  # type: ignore[attr-defined]
