"""`terbuka backup [--output DIR]`: an online, verified backup (see terbuka/ops/backup.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.ops.backup import MANIFEST, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API, or pg_dump -Fc on PostgreSQL) while "
        "the site keeps running, plus the public uploads and the encrypted private files, with "
        "a manifest of row counts and sha256 checksums. The field keys are NOT included: back "
        "them up separately (see docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=None,
            help="Folder to write the backup folder into (default: <TERBUKA_VAR_DIR>/backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"] or Path(settings.VAR_DIR) / "backups")
        output.mkdir(parents=True, exist_ok=True)
        try:
            path = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = json.loads((path / MANIFEST).read_text())
        rows = sum(manifest["row_counts"].values())
        size = sum(p["bytes"] for p in manifest["parts"].values())
        self.stdout.write(
            f"{len(manifest['row_counts'])} tables, {rows:,} rows, "
            f"{sum(len(f.get('entries', [])) for f in manifest['files'].values())} files, "
            f"{size / 1e6:.1f} MB in {manifest['seconds']:.1f} s; integrity ok."
        )
        # The last line is the path alone, for scripts (`path=$(terbuka backup | tail -1)`).
        self.stdout.write(str(path))
