"""`terbuka restore PATH [--yes]`: restore and re-verify a backup made by `terbuka backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured database and file storages. Verifies "
        "every part's sha256 first; afterwards checks integrity, the rows of every table and "
        "every file's checksum, and prints a report. Refuses a database that already has "
        "tables unless --yes. Stop the web and task workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup folder (terbuka-YYYYMMDDTHHMMSS...Z).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the content of a database that is not empty.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(Path(options["path"]), replace=options["yes"])
        except BackupError as exc:
            raise CommandError(f"Restore refused: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
