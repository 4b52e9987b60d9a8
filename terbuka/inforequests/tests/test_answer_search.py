"""Archive answers in the search index: indexed once public with a notice, never the identity,
removed when the requester takes the request out of the archive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile

from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.search import selectors as search
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_answers_enter_and_leave_the_index(
    submit: Callable[..., InformationRequest], ppid_utama: Any, applicant: Any
) -> None:
    request = submit(details="Salinan rencana anggaran Puskesmas Kasemen 2026.")
    services.request_set_public(request=request, actor=applicant, is_public=True)
    assert not SearchEntry.objects.filter(kind="answer").exists()  # no answer yet
    services.request_issue_notice(
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="Rencana penganggaran Puskesmas Kasemen.",
    )
    services.request_attach_document(
        request=request,
        actor=ppid_utama,
        upload=ContentFile(b"program;pagu\nImunisasi;125000000\n", name="rka.csv"),
        title="RKA",
    )
    entry = SearchEntry.objects.get(kind="answer", object_id=request.pk)
    assert "Imunisasi" in entry.text
    identity = request.requester_identity
    for secret in (identity.nik, identity.address, identity.phone):
        if secret:
            assert secret not in entry.text
            assert secret not in entry.title
    hits = search.search(q="anggaran Kasemen").results
    assert [hit.type for hit in hits] == ["answer"]
    services.request_set_public(request=request, actor=applicant, is_public=False)
    assert not SearchEntry.objects.filter(kind="answer").exists()
