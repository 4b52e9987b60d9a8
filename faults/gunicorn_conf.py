"""gunicorn settings of the fault servers (`--config python:faults.gunicorn_conf`).

The suite stops its servers in `finally` blocks; if the suite itself is killed outright, this
watchdog stops the orphaned master (and so its workers) once its parent is gone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any


def when_ready(server: Any) -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="faults-parent-watchdog", daemon=True).start()


def post_fork(server: Any, worker: Any) -> None:
    # F3 without mount: a file-size limit stands in for a full disk; ignoring SIGXFSZ makes an
    # over-limit write fail with EFBIG, as a full disk fails with ENOSPC, instead of killing.
    if os.environ.get("FAULTS_IGNORE_SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
