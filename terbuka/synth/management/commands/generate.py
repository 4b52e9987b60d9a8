"""`terbuka generate --scale S|N`: build the synthetic world for benchmarks and load tests."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.synth import world


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic data in bodies named sintetis-*: scale S (1,000 "
        "units, 10,000 documents, 100,000 requests) or N (100,000 units, 1,000,000 documents, "
        "10,000,000 requests), with events, notices, objections, budgets, five years of monev, "
        "the search index and the statistics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(world.SCALES), default="S")
        parser.add_argument("--seed", type=int, default=world.DEFAULT_SEED)
        parser.add_argument("--units", type=int, help="override the scale's number of units")
        parser.add_argument("--documents", type=int, help="override the number of documents")
        parser.add_argument("--requests", type=int, help="override the number of requests")
        parser.add_argument("--bodies", type=int, help="number of bodies (default units / 200)")
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            help="the world's last day, YYYY-MM-DD (default today); five years end there",
        )
        parser.add_argument(
            "--replace", action="store_true", help="remove an existing synthetic world first"
        )
        parser.add_argument(
            "--no-files",
            dest="files",
            action="store_false",
            help="write no files (DIP and budget files, KTP scans, powers of attorney, monev "
            "evidence); the rows are the same and their downloads answer 404",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = world.plan_for(
            options["scale"],
            units=options["units"],
            documents=options["documents"],
            requests=options["requests"],
            bodies=options["bodies"],
            seed=options["seed"],
            until=options["until"],
            files=options["files"],
        )
        for name in ("units", "documents", "requests"):
            if getattr(plan, name) < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if world.exists():
            if not options["replace"]:
                raise CommandError(
                    "A synthetic world (bodies sintetis-*) already exists. Run with --replace "
                    "to remove it and build it again."
                )
            began = time.perf_counter()
            removed = world.drop()
            self.stdout.write(
                f"Removed the synthetic world: {sum(removed.values()):,} rows in "
                f"{time.perf_counter() - began:.1f} s."
            )
        self.stdout.write(
            f"Generating scale {options['scale']}: {plan.body_count:,} bodies, {plan.units:,} "
            f"units, {plan.documents:,} documents, {plan.requests:,} requests, seed {plan.seed}, "
            f"until {plan.until.isoformat()}."
        )
        summary = world.build(plan, progress=lambda message: self.stdout.write(message))
        self.stdout.write("")
        width = max(len(label) for label in summary.counts)
        for label, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {label:<{width}}  {count:>12,}")
        if plan.files:
            self.stdout.write(
                f"  {'files (private storage, sintetis/)':<{width}}  {summary.files:>12,}"
                f"  ({summary.file_bytes / 2**20:,.1f} MB)"
            )
        seconds = summary.total_seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.total_rows:,} rows in {seconds:.1f} s "
                f"({summary.total_rows / max(seconds, 1e-9):,.0f} rows/s)."
            )
        )
