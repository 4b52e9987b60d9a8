from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from terbuka.search import selectors, services
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_rebuild_restores_a_broken_sqlite_index(body: Any) -> None:
    services.index_upsert(
        kind="entry",
        object_id=1,
        body_id=body.pk,
        unit_id=None,
        title="Ringkasan anggaran daerah",
        text="Penganggaran disusun bersama DPRD.",
        url="/informasi/kota-uji/1/",
        published_at=timezone.now(),
    )
    if connection.vendor == "sqlite":
        # What a table rebuild by a later migration does: the triggers are gone.
        with connection.cursor() as cursor:
            for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        assert not selectors.search(q="anggaran").results
    SearchEntry.objects.update(title_stems="", text_stems="")
    out = StringIO()
    call_command("search_rebuild", "--restem", stdout=out)
    assert "Search index rebuilt: 1 entries." in out.getvalue()
    assert [hit.title for hit in selectors.search(q="penganggaran").results] == [
        "Ringkasan anggaran daerah"
    ]
