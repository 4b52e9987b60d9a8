from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from terbuka.bodies.selectors import user_has_staff_role


def officer(request: HttpRequest) -> dict[str, Any]:
    """Tell templates whether the signed-in user holds a role (lazily, one query when used)."""
    return {"is_officer": SimpleLazyObject(lambda: user_has_staff_role(request.user))}
