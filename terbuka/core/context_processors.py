from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Expose the site name to every template."""
    return {"site_name": settings.TERBUKA_SITE_NAME}
