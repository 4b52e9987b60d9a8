"""gunicorn settings for the benchmark servers (`--config python:bench.gunicorn_conf`).

The benchmark stops its servers in a `finally` block. If the benchmark itself is killed
outright (SIGKILL, a closed terminal), this watchdog stops the orphaned server: the master
checks once a second whether the process that started it is still its parent.
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

    threading.Thread(target=watch, name="bench-parent-watchdog", daemon=True).start()
