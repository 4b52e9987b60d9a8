"""The public archive: published requests without any identity, released documents only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest, RequestEvent, ResponseDocument
from terbuka.inforequests.tests.factories import identity_data

pytestmark = pytest.mark.django_db

LIST = reverse("inforequests:archive")
SECRETS = {
    "name": "Zulkarnaen Wicaksono-Prawiro",
    "nik": "3673011212880077",
    "address": "Jl. Kenari Rahasia No. 99, Cipocok",
    "phone": "081299887766",
    "email": "zulkarnaen.rahasia@example.test",
}


def _detail(request: InformationRequest) -> str:
    return reverse("inforequests:archive-detail", kwargs={"pk": request.pk})


@pytest.fixture
def published(submit: Callable[..., InformationRequest]) -> InformationRequest:
    return submit(
        is_public=True,
        details="Daftar penerima beasiswa daerah 2025.",
        identity_data=identity_data(
            full_name=SECRETS["name"],
            nik=SECRETS["nik"],
            address=SECRETS["address"],
            phone=SECRETS["phone"],
            email=SECRETS["email"],
        ),
    )


def test_archive_never_shows_identity(
    client: Client, published: InformationRequest, ppid_utama: Any
) -> None:
    # A public note that quotes the phone: notes never reach the archive timeline.
    services.request_add_note(
        request=published, actor=ppid_utama, note=f"Telepon {SECRETS['phone']}", is_internal=False
    )
    services.request_issue_notice(
        request=published,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["h"],
    )
    pages = [client.get(LIST).content.decode(), client.get(_detail(published)).content.decode()]
    assert "Daftar penerima beasiswa daerah 2025." in pages[0]
    assert published.registration_number in pages[1]
    assert "mengungkap rahasia pribadi" in pages[1]
    for html in pages:
        for value in SECRETS.values():
            assert value not in html
        assert "Zulkarnaen" not in html
        assert ppid_utama.full_name not in html


def test_private_and_unregistered_requests_stay_out(
    client: Client, submit: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    private = submit(details="Permohonan pribadi.")
    withdrawn = submit(is_public=True, details="Permohonan dicabut.")
    services.request_withdraw(request=withdrawn, actor=withdrawn.requester, reason="")
    html = client.get(LIST).content.decode()
    assert "Permohonan pribadi." not in html
    assert "Permohonan dicabut." not in html
    assert client.get(_detail(private)).status_code == 404
    assert client.get(_detail(withdrawn)).status_code == 404


def test_archive_filters(
    client: Client, submit: Callable[..., InformationRequest], body: Any, ppid_utama: Any
) -> None:
    submit(is_public=True, details="Anggaran jalan lingkungan.")
    decided = submit(is_public=True, details="Data stunting kelurahan.")
    services.request_issue_notice(
        request=decided, actor=ppid_utama, possession="not_held", decision="refused", form="none"
    )
    html = client.get(LIST, {"q": "stunting"}).content.decode()
    assert "Data stunting kelurahan." in html
    assert "Anggaran jalan" not in html
    html = client.get(LIST, {"tahap": "in_process"}).content.decode()
    assert "Anggaran jalan lingkungan." in html
    assert "Data stunting" not in html
    html = client.get(LIST, {"badan": body.slug}).content.decode()
    assert "Anggaran jalan lingkungan." in html
    assert "Data stunting kelurahan." in html
    html = client.get(LIST, {"badan": "tidak-ada"}).content.decode()
    assert "Anggaran jalan lingkungan." in html  # an unknown choice is ignored


def test_archive_query_count_constant(
    client: Client,
    submit: Callable[..., InformationRequest],
    django_assert_max_num_queries: Any,
) -> None:
    submit(is_public=True)
    with django_assert_max_num_queries(10) as one:
        client.get(LIST)
    for _ in range(5):
        submit(is_public=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count('class="card"') >= 6


def test_released_document_download_only(client: Client, published: InformationRequest) -> None:
    now = timezone.now()
    released = ResponseDocument.objects.create(
        request=published,
        file=SimpleUploadedFile("jawaban.pdf", b"%PDF-1.4 jawaban"),
        title="Daftar penerima",
        release_cleared=True,
        uploaded_at=now,
    )
    held = ResponseDocument.objects.create(
        request=published,
        file=SimpleUploadedFile("draf.pdf", b"%PDF-1.4 draf"),
        title="Draf internal",
        release_cleared=False,
        uploaded_at=now,
    )
    html = client.get(_detail(published)).content.decode()
    assert "Daftar penerima" in html
    assert "Draf internal" not in html
    url = reverse("inforequests:archive-document", args=[published.pk, released.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 jawaban"  # type: ignore[attr-defined]
    url = reverse("inforequests:archive-document", args=[published.pk, held.pk])
    assert client.get(url).status_code == 404
    services.request_set_public(request=published, actor=published.requester, is_public=False)
    url = reverse("inforequests:archive-document", args=[published.pk, released.pk])
    assert client.get(url).status_code == 404


def test_set_public_is_requester_only_and_logged(
    published: InformationRequest, ppid_utama: Any
) -> None:
    from terbuka.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.request_set_public(request=published, actor=ppid_utama, is_public=False)
    services.request_set_public(request=published, actor=published.requester, is_public=False)
    published.refresh_from_db()
    assert not published.is_public
    assert published.events.filter(kind=RequestEvent.Kind.UNPUBLISHED).count() == 1
    # Setting the same value again writes nothing.
    services.request_set_public(request=published, actor=published.requester, is_public=False)
    assert published.events.filter(kind=RequestEvent.Kind.UNPUBLISHED).count() == 1
