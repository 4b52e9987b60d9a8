"""`terbuka search_rebuild`: rebuild the engine's index from the `SearchEntry` rows.

Run it after a migration that remade `search_searchentry` on SQLite (SQLite's table rebuild
drops the FTS triggers), after restoring a database copy, or with `--restem` after the stemmer
or its word list changed. Safe to run at any time; it writes in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from terbuka.search.engines import sqlite as sqlite_engine
from terbuka.search.models import SearchEntry
from terbuka.search.stemming import stem_text

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the full-text index of the search from the stored entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--restem", action="store_true", help="stem every title and text again first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if options["restem"]:
                restemmed = self._restem()
                self.stdout.write(f"Stemmed {restemmed} entries again.")
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    for name in sqlite_engine.TRIGGER_NAMES:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    for statement in sqlite_engine.TRIGGERS:
                        cursor.execute(statement)
                    cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        total = SearchEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} entries."))

    def _restem(self) -> int:
        done = 0
        rows = SearchEntry.objects.order_by("pk").only("pk", "title", "text")
        batch: list[SearchEntry] = []
        for entry in rows.iterator(chunk_size=BATCH):
            entry.title_stems = stem_text(entry.title)
            entry.text_stems = stem_text(entry.text)
            batch.append(entry)
            if len(batch) == BATCH:
                SearchEntry.objects.bulk_update(batch, ["title_stems", "text_stems"])
                done += len(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_update(batch, ["title_stems", "text_stems"])
            done += len(batch)
        return done
