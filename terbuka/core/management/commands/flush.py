"""Django's `flush`, with the audit triggers opened for it (see `terbuka.core.audit`).

The test suite resets the database with `flush` after transactional and browser tests; on
SQLite that is a DELETE per table, which the append-only triggers would refuse.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from terbuka.core.audit import audit_maintenance


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with audit_maintenance(options["database"], reason="flush"):
            super().handle(**options)
