"""`terbuka db_worker`: django-tasks-db's worker plus stale-task recovery (terbuka.core.jobs).

It replaces django_tasks_db's command of the same name (terbuka.core comes first in
INSTALLED_APPS) and takes the same options. Before taking its first task the worker runs
`jobs.recover`; a long-running worker runs it again every `TERBUKA_TASK_SWEEP_SECONDS` in a
background thread. Its default worker id records host, machine and PID, so a worker started after
a crash on the same machine re-queues the dead worker's tasks at once.
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from terbuka.core import jobs

logger = logging.getLogger("django_tasks_db")


class RecoveringWorker(db_worker.Worker):
    """A worker that recovers lost tasks when it starts and then periodically."""

    def run(self) -> None:
        jobs.set_own_worker_id(self.worker_id)
        self.sweep()
        interval = settings.TERBUKA_TASK_SWEEP_SECONDS
        if not self.batch and interval > 0:
            stop = threading.Event()
            thread = threading.Thread(
                target=self._sweep_every, args=(interval, stop), name="sweep", daemon=True
            )
            thread.start()
            try:
                super().run()
            finally:
                stop.set()
        else:
            super().run()

    def _sweep_every(self, interval: float, stop: threading.Event) -> None:
        while not stop.wait(interval):
            self.sweep()

    def sweep(self) -> None:
        try:
            counts = {k: v for k, v in jobs.recover().items() if v}
        except Exception:
            logger.exception("Recovery sweep failed on worker %s", self.worker_id)
        else:
            if counts:
                logger.warning("Recovery on worker %s: %s", self.worker_id, counts)
        finally:
            # The sweep thread's connections are its own; the main loop keeps its own.
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()


class Command(db_worker.Command):
    help = (
        "Run a database task worker. Before its first task, and every "
        "TERBUKA_TASK_SWEEP_SECONDS, it re-queues tasks whose worker died and delivers "
        "notifications a dead process left pending (docs/operations.md, Jobs)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Resolved in handle: the default id names host, machine and PID (see jobs.new_worker_id).
        parser.set_defaults(worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        batch: bool = options["batch"]
        reload: bool = options["reload"]
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = RecoveringWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or jobs.new_worker_id(),
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
