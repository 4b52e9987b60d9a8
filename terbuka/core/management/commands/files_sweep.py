"""`terbuka files_sweep [--delete] [--older-than HOURS]`: stored files that no row names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from terbuka.core.files import orphans_sweep


def _size(size: int) -> str:
    """Bytes for the operator, in English like the rest of the command's output."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - the loop always returns


class Command(BaseCommand):
    help = (
        "Lists uploaded files that no row names (left by a process killed between storing a file "
        "and committing its row) and that are older than --older-than hours (default 24); "
        "deletes them with --delete. Looks only at names the application gives (FileField "
        "folders, identity scans), on the local disk or S3. The daily job runs it with --delete "
        "and 24 hours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Delete what is listed.")
        parser.add_argument(
            "--older-than",
            type=float,
            default=24.0,
            help="Hours a file must have existed to count (default 24; never below 1 on a live "
            "site: a younger file may belong to a transaction still running).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than"]
        if hours < 0:
            raise CommandError("--older-than must not be negative.")
        now = timezone.now()
        report = orphans_sweep(older_than=timedelta(hours=hours), delete=options["delete"], now=now)
        for orphan in report.orphans:
            age = (now - orphan.modified_at).total_seconds() / 3600
            size = "?" if orphan.size is None else _size(orphan.size)
            self.stdout.write(f"{orphan.storage}:{orphan.name}  {size}  {age:.0f} h old")
        verb = "deleted" if options["delete"] else "would be deleted (dry run; add --delete)"
        self.stdout.write(
            f"{report.scanned} files checked, {report.named} named by a row, "
            f"{report.recent} unnamed but younger than {hours:g} h; {len(report.orphans)} "
            f"orphans ({_size(report.orphan_bytes)}) {verb}"
            + (f"; {report.deleted} deleted." if options["delete"] else ".")
        )
        if report.failed:
            for line in report.failed:
                self.stderr.write(f"failed: {line}")
            raise CommandError(f"{len(report.failed)} files could not be checked or deleted.")
