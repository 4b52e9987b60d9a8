"""django-rules permissions that need requests and objections (autodiscovered by `rules.apps`).

`accounts.view_identity_as_officer` lives here, not in `bodies`: whether an officer may see a
requester's identity depends on the requests and objections in the officer's scope, and this is
the lowest app that knows both (objections depend on requests; accounts and bodies on neither).
"""

from __future__ import annotations

from terbuka.accounts.models import RequesterIdentity
from terbuka.bodies import permissions as body_permissions
from terbuka.bodies.rules import add_perm, predicate
from terbuka.bodies.selectors import UserLike
from terbuka.inforequests.selectors import request_office_visible_to
from terbuka.objections.selectors import objection_office_visible_to


@predicate
def is_identity_officer(user: UserLike, identity: RequesterIdentity | None) -> bool:
    """The identity belongs to a request or an objection the officer may open.

    An identity is personal data that only the officers serving that requester may see
    (UU 14/2008 Pasal 17 huruf h; UU 27/2022 Pasal 16(2)): holding an officer role somewhere is
    not enough, the request or objection must be in the officer's role x unit scope.
    """
    if identity is None or not body_permissions.can_view_identity_as_officer(user):
        return False
    return (
        request_office_visible_to(user).filter(requester_identity=identity).exists()
        or objection_office_visible_to(user).filter(requester_identity=identity).exists()
    )


add_perm("accounts.view_identity_as_officer", is_identity_officer)
