"""Public pages of the accessible formats, and the block on a serta-merta entry's page."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accessible import services
from terbuka.accessible.models import AccessibleFile, AccessibleVersion
from terbuka.accessible.tests.conftest import KIND, Sources, publish_flood_warning
from terbuka.registry import services as registry_services
from terbuka.registry.models import InformationEntry
from terbuka.registry.tests.factories import make_entry

pytestmark = pytest.mark.django_db

Format = AccessibleFile.Format
Status = AccessibleFile.Status


@pytest.fixture
def ready(sources: Sources, fake_generators: Any, run_on_commit: Any) -> Sources:
    sources.put(7, title="Jalan Ahmad Yani ditutup", text="Ada perbaikan jembatan.")
    with run_on_commit():
        services.accessible_refresh(kind=KIND, pk=7)
    return sources


@pytest.fixture
def flood(body: Any, unit: Any, unit_officer: Any, fake_generators: Any) -> InformationEntry:
    return publish_flood_warning(body, unit, unit_officer)


def _file_url(fmt: str, pk: int = 7, kind: str = KIND) -> str:
    return reverse("accessible:file", args=[kind, pk, fmt])


@pytest.mark.parametrize(
    ("fmt", "disposition"),
    [
        ("audio", 'inline; filename="jalan-ahmad-yani-ditutup-audio.txt"'),
        ("braille_brf", 'attachment; filename="jalan-ahmad-yani-ditutup-braille.txt"'),
        ("braille_text", 'inline; filename="jalan-ahmad-yani-ditutup-braille-unicode.txt"'),
        ("large_print", 'inline; filename="jalan-ahmad-yani-ditutup-cetak-besar.txt"'),
    ],
)
def test_file_is_served_with_its_headers(
    client: Client, ready: Sources, fmt: str, disposition: str
) -> None:
    response = client.get(_file_url(fmt))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body == f"{fmt}:Jalan Ahmad Yani ditutup:Ada perbaikan jembatan.".encode()
    accessible_file = AccessibleFile.objects.get(format=fmt)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == disposition
    assert response["ETag"] == f'"{accessible_file.sha256}"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_content_types_are_the_stored_ones(client: Client, ready: Sources) -> None:
    AccessibleFile.objects.filter(format=Format.AUDIO).update(content_type="audio/ogg")
    AccessibleFile.objects.filter(format=Format.LARGE_PRINT).update(content_type="application/pdf")
    assert client.get(_file_url("audio"))["Content-Type"] == "audio/ogg"
    assert client.get(_file_url("large_print"))["Content-Type"] == "application/pdf"


def test_matching_etag_answers_304(client: Client, ready: Sources) -> None:
    etag = client.get(_file_url("audio"))["ETag"]
    response = client.get(_file_url("audio"), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert client.get(_file_url("audio"), headers={"if-none-match": '"x"'}).status_code == 200


def test_file_view_queries(client: Client, ready: Sources, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):  # the loader here reads no table; the file is one query
        assert client.get(_file_url("audio")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        _file_url("audio", pk=8),  # no such source
        _file_url("audio", kind="unknown"),
        _file_url("csv"),
        reverse("accessible:transcript", args=[KIND, 8]),
        reverse("accessible:transcript", args=["unknown", 7]),
    ],
)
def test_unknown_things_answer_404(client: Client, ready: Sources, url: str) -> None:
    assert client.get(url).status_code == 404


def test_source_no_longer_public_answers_404(client: Client, ready: Sources) -> None:
    del ready[7]
    assert client.get(_file_url("audio")).status_code == 404
    assert client.get(reverse("accessible:transcript", args=[KIND, 7])).status_code == 404


def test_files_of_an_older_text_are_not_served(client: Client, ready: Sources) -> None:
    """Between a text change and its refresh, the old audio no longer matches: 404."""
    ready.put(7, title="Jalan Ahmad Yani ditutup", text="Perbaikan selesai.")
    assert client.get(_file_url("audio")).status_code == 404


def test_pending_and_failed_files_answer_404(client: Client, ready: Sources) -> None:
    AccessibleFile.objects.filter(format=Format.AUDIO).update(status=Status.FAILED)
    assert client.get(_file_url("audio")).status_code == 404


def test_transcript_shows_the_text(
    client: Client, ready: Sources, django_assert_num_queries: Any
) -> None:
    url = reverse("accessible:transcript", args=[KIND, 7])
    client.get(url)
    with django_assert_num_queries(3):  # version; the block's version and its files
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Transkrip: Jalan Ahmad Yani ditutup" in html
    assert "Ada perbaikan jembatan." in html
    assert 'href="/pengumuman/7/"' in html
    assert "<audio controls" in html


def test_serta_merta_page_shows_pending_formats(
    client: Client, flood: InformationEntry, body: Any
) -> None:
    html = client.get(reverse("registry:entry", args=[body.slug, flood.number])).content.decode()
    assert "Format aksesibel" in html
    assert "Versi audio sedang disiapkan." in html
    assert "Versi braille sedang disiapkan." in html
    assert "Versi cetak besar sedang disiapkan." in html


def test_serta_merta_page_shows_ready_formats(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    fake_generators: Any,
    run_on_commit: Any,
    django_assert_num_queries: Any,
) -> None:
    with run_on_commit():
        entry = publish_flood_warning(body, unit, unit_officer, summary="Status siaga banjir.")
    url = reverse("registry:entry", args=[body.slug, entry.number])
    html = client.get(url).content.decode()
    audio = reverse("accessible:file", args=["serta_merta", entry.pk, "audio"])
    assert f'<source src="{audio}" type="text/plain">' in html
    assert reverse("accessible:transcript", args=["serta_merta", entry.pk]) in html
    assert reverse("accessible:file", args=["serta_merta", entry.pk, "braille_brf"]) in html
    assert reverse("accessible:file", args=["serta_merta", entry.pk, "large_print"]) in html
    assert "sedang disiapkan" not in html
    response = client.get(audio)
    assert response.status_code == 200
    assert b"Status siaga banjir." in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_serta_merta_change_regenerates(
    client: Client, flood: InformationEntry, unit_officer: Any, fake_generators: Any
) -> None:
    version = AccessibleVersion.objects.get(kind="serta_merta", object_id=flood.pk)
    registry_services.entry_update(entry=flood, actor=unit_officer, summary="Status awas.")
    version.refresh_from_db()
    assert version.text == "Status awas."


def test_withdrawn_serta_merta_files_answer_404(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    fake_generators: Any,
    run_on_commit: Any,
) -> None:
    with run_on_commit():
        entry = publish_flood_warning(body, unit, unit_officer)
    url = reverse("accessible:file", args=["serta_merta", entry.pk, "audio"])
    assert client.get(url).status_code == 200
    registry_services.entry_withdraw(entry=entry, actor=unit_officer, reason="Siaga dicabut.")
    assert client.get(url).status_code == 404


def test_other_classes_show_no_block(
    client: Client, body: Any, unit: Any, unit_officer: Any
) -> None:
    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    registry_services.entry_publish(entry=entry, actor=unit_officer)
    html = client.get(reverse("registry:entry", args=[body.slug, entry.number])).content.decode()
    assert "Format aksesibel" not in html
    assert not AccessibleVersion.objects.exists()


def test_missing_tools_are_named_on_the_page(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    run_on_commit: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from terbuka.accessible import generators

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(
        generators,
        "large_print",
        lambda title, text, *, language: generators.Output(
            b"%PDF-1.7", "application/pdf", "pdf", "weasyprint"
        ),
    )
    with run_on_commit():
        entry = make_entry(
            actor=unit_officer,
            body=body,
            unit=unit,
            title="Peringatan dini banjir",
            info_class="serta_merta",
            legal_category="p10",
        )
        registry_services.entry_publish(entry=entry, actor=unit_officer)
    html = client.get(reverse("registry:entry", args=[body.slug, entry.number])).content.decode()
    assert (
        "Versi audio belum tersedia: mesin suara espeak-ng tidak terpasang di server ini." in html
    )
    assert "Versi braille belum tersedia: penerjemah braille liblouis (lou_translate)" in html
    assert html.count("tidak terpasang di server ini") == 2  # one line for both braille files
    assert reverse("accessible:file", args=["serta_merta", entry.pk, "large_print"]) in html
