"""Background work of the accessible formats."""

from __future__ import annotations

from django_tasks import task

from terbuka.accessible import services


@task()
def generate_formats(version_id: int, digest: str) -> dict[str, str]:
    """Make the pending accessible formats of one version; idempotent (see services)."""
    return services.accessible_generate(version_id=version_id, digest=digest)
