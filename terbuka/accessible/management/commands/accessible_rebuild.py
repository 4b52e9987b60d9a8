"""`terbuka accessible_rebuild [--kind K] [--now]`: schedule the accessible formats of every
registered source."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.accessible import generators, services
from terbuka.accessible.registry import kinds


class Command(BaseCommand):
    help = (
        "Schedules the audio, braille and large-print versions of every public source of the "
        "registered kinds (or of --kind) that lacks them, whose text changed, or whose formats "
        "failed or lacked a tool (e.g. after installing espeak-ng, liblouis-bin or opus-tools). "
        "The task worker (terbuka db_worker) makes them; --now makes them in this process. "
        "Sources no longer public lose their text copy and files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", help=f"Only this kind of source ({', '.join(kinds())}).")
        parser.add_argument(
            "--now",
            action="store_true",
            help="Generate in this process instead of leaving it to the task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options.get("kind")
        if kind and kind not in kinds():
            raise CommandError(f"Unknown kind {kind!r}; registered: {', '.join(kinds())}.")
        tools = generators.tools_available()
        missing = [name for name, present in tools.items() if not present]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"Not installed: {', '.join(missing)} (Debian: espeak-ng, liblouis-bin, "
                    "opus-tools); those formats will be marked unavailable."
                )
            )
        if options["now"]:
            counts = services.accessible_rebuild(kind=kind, run_now=True)
        else:
            counts = services.accessible_rebuild(kind=kind)
        self.stdout.write(
            f"{counts['scheduled']} scheduled, {counts['current']} already current, "
            f"{counts['not_public']} not public."
        )
        if options["now"]:
            self.stdout.write(
                f"{counts['generated']} files made, {counts['failed']} failed, "
                f"{counts['unavailable']} unavailable, in {counts['seconds']:.1f} s."
            )
