"""The index services: upsert, replace, remove, kinds kept apart, the engine index in step."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from terbuka.search import selectors, services
from terbuka.search.models import MAX_TEXT_CHARS, SearchEntry
from terbuka.search.tests.conftest import START

pytestmark = pytest.mark.django_db

Add = Callable[..., SearchEntry]


def found(q: str, **filters: object) -> list[tuple[str, int]]:
    return [(hit.type, hit.id) for hit in selectors.search(q=q, **filters).results]  # type: ignore[arg-type]


def engine_rows(word: str) -> int:
    """Count the rows the engine's own index matches for one stem, bypassing the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [word])
        else:
            cursor.execute(
                "SELECT count(*) FROM search_searchentry WHERE tsv @@ to_tsquery('simple', %s)",
                [word],
            )
        return int(cursor.fetchone()[0])


def test_upsert_stores_stems_and_facets(add: Add, body, unit) -> None:
    entry = add(
        "Penganggaran Daerah 2025",
        "Rincian anggaran belanja.",
        info_class="berkala",
        doc_type="pdf",
        year=2025,
    )
    assert entry.title_stems == "anggar daerah 2025"
    assert entry.text_stems == "rincian anggar belanja"
    assert entry.facets.split() == [
        "kindx656e747279",
        f"body{body.pk}",
        f"unit{unit.pk}",
        "classx6265726b616c61",
        "typex706466",
        "year2025",
    ]
    assert found("anggaran") == [("entry", entry.object_id)]
    assert engine_rows("anggar") == 1


def test_upsert_again_replaces_the_row(add: Add, body, unit) -> None:
    first = add("Laporan keuangan", "neraca", object_id=7)
    services.index_upsert(
        kind="entry",
        object_id=7,
        body_id=body.pk,
        unit_id=None,
        title="Rencana kerja",
        text="program prioritas",
        url="/baru/",
        published_at=START,
    )
    row = SearchEntry.objects.get(kind="entry", object_id=7)
    assert row.pk == first.pk
    assert (row.title, row.url, row.unit_id) == ("Rencana kerja", "/baru/", None)
    assert SearchEntry.objects.count() == 1
    assert found("keuangan") == []
    assert found("neraca") == []
    assert found("prioritas") == [("entry", 7)]
    assert engine_rows("uang") == 0
    assert engine_rows("prioritas") == 1


def test_remove_takes_the_row_and_its_index_away(add: Add) -> None:
    add("Laporan keuangan", object_id=3)
    services.index_remove(kind="entry", object_id=3)
    assert not SearchEntry.objects.filter(kind="entry", object_id=3).exists()
    assert found("keuangan") == []
    assert engine_rows("uang") == 0


def test_remove_of_an_unindexed_object_does_nothing(add: Add) -> None:
    add("Laporan keuangan", object_id=3)
    services.index_remove(kind="entry", object_id=4)
    services.index_remove(kind="document", object_id=3)
    assert SearchEntry.objects.count() == 1


def test_kinds_are_separate_rows(add: Add) -> None:
    add("Laporan keuangan entri", kind="entry", object_id=5)
    add("Laporan keuangan dokumen", kind="document", object_id=5)
    add("Laporan keuangan jawaban", kind="answer", object_id=5)
    assert SearchEntry.objects.count() == 3
    services.index_remove(kind="document", object_id=5)
    assert sorted(found("keuangan")) == [("answer", 5), ("entry", 5)]
    assert found("keuangan", kind="entry") == [("entry", 5)]


def test_unknown_kind_is_refused(body) -> None:
    with pytest.raises(ValueError, match="kind"):
        services.index_upsert(
            kind="request",
            object_id=1,
            body_id=body.pk,
            unit_id=None,
            title="x",
            text="",
            url="/",
            published_at=START,
        )


def test_long_text_is_capped(add: Add) -> None:
    entry = add("Dokumen panjang", "kata " * (MAX_TEXT_CHARS // 5) + "ujungteks")
    assert len(entry.text) == MAX_TEXT_CHARS
    assert found("ujungteks") == []


def test_bulk_delete_keeps_the_engine_index_in_step(add: Add) -> None:
    """Rows deleted outside the services (cascades, admin) leave the engine index too."""
    add("Laporan keuangan satu")
    add("Laporan keuangan dua")
    SearchEntry.objects.all().delete()
    assert engine_rows("uang") == 0


def test_update_outside_the_services_keeps_the_engine_index_in_step(add: Add) -> None:
    entry = add("Laporan keuangan")
    SearchEntry.objects.filter(pk=entry.pk).update(title_stems="rencana kerja")
    assert engine_rows("uang") == 0
    assert engine_rows("rencana") == 1
