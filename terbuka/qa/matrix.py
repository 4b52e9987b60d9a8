"""X1: the expected access of every route and API operation, per role.

Each row has one letter per role, in the order of `terbuka.qa.world.ROLES`:

    anonymous owner citizen pelaksana pelaksana_other petugas utama atasan evaluator admin
    other_body superuser

    A  allowed: 2xx, or a redirect that is not to a sign-in page
    L  to login: a redirect to the sign-in page (site, admin) or 401 (API)
    F  forbidden: 403
    H  hidden: 404 (a missing and a forbidden object look the same, style.md section 2)
    V  refused as invalid input (400/422) before anything was written
    C  conflict (409): the object's state does not allow the step
    M  method not allowed (405)

`SITE` is keyed by the full path pattern of each route (they are unique, names are not),
`API` by method and OpenAPI path. "The object" of a route is the world's object of its kind:
the owner's request, objection and dispute in Dinas Kesehatan, the DIP entry and budget import
of Dinas Kesehatan, the open monev cycle's Dinas Kesehatan participant, and so on (see
`world.py`). Writes are posted with a plausible payload (`FORM_DATA`, or the operation's
schema for the API); whenever a write's letter is not A, the test also asserts that no row
changed.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from terbuka.qa.routes import openapi_schema
from terbuka.qa.world import DEMO_BODY, OTHER_UNIT, UNIT, World


@dataclass(frozen=True)
class Access:
    get: str
    write: str | None = None  # POST; None when the route takes no write
    data: dict[str, Any] = field(default_factory=dict)


# A form payload that fills the fields most write views ask for.
FORM_DATA: dict[str, Any] = {
    "reason": "Uji matriks akses.",
    "note": "Uji matriks akses.",
    "text": "Uji matriks akses.",
    "name": "Uji matriks",
    "title": "Uji matriks",
    "summary": "Uji matriks akses.",
    "form_token": "qa-matrix-token",
}

# Routes mounted only in some configurations (media files are served by Django in debug).
OPTIONAL: frozenset[str] = frozenset({"^media/(?P<path>.*)$"})


def _pk_for(pattern: str) -> str:
    """Which world object the `pk` of a route names."""
    rules = (
        ("kalender/", "holiday"),
        ("permohonan/arsip/", "archived"),
        ("kantor/permohonan/<int:pk>/dokumen/<int:doc_pk>/", "archived"),
        ("kantor/permohonan/", "request"),
        ("permohonan/", "request"),
        ("kantor/keberatan/", "objection"),
        ("keberatan/", "objection"),
        ("kantor/dip/versi/", "version"),
        ("kantor/dip/uji/", "test"),
        ("kantor/dip/", "entry"),
        ("kantor/monev/rapat/", "meeting"),
        ("kantor/monev/^rubrik/", "rubric"),
        ("kantor/monev/", "cycle"),
        ("kantor/anggaran/dokumen/", "budget_document"),
        ("kantor/anggaran/", "budget_import"),
        ("kantor/laporan/", "report"),
        ("akun/token/", "token"),
        ("akun/identitas/", "identity"),
        ("anggaran/", "budget_import"),
        ("monev/", "announced_cycle"),
        ("informasi/unduh/", "version"),
        ("aksesibel/", "entry"),
    )
    return next((key for prefix, key in rules if pattern.startswith(prefix)), "request")


_ADMIN_OBJECTS = {
    "inforequests_informationrequest": "request",
    "objections_objection": "objection",
    "registry_informationentry": "entry",
    "registry_document": "document",
    "registry_consequencetest": "test",
    "budget_budgetimport": "budget_import",
    "budget_budgetdocument": "budget_document",
    "bodies_publicbody": "body",
    "bodies_unit": "unit",
    "bodies_membership": "membership",
    "accounts_requesteridentity": "identity",
    "accounts_apitoken": "token",
    "calendars_holiday": "holiday",
}


def path_values(world: World, pattern: str) -> dict[str, Any]:
    """Values for every parameter a route or API path may name, chosen for that route."""
    ids = world.ids
    objects = world.objects
    entry = objects["entry"]
    monev_unit = UNIT
    if pattern.startswith("monev/hasil/"):
        monev_unit = OTHER_UNIT  # the announced demo cycle evaluated the kecamatan
    object_id = ids["request"]
    parts = pattern.split("/")
    if parts[0] == "admin" and len(parts) > 3:
        model = f"{parts[1]}_{parts[2]}"
        object_id = ids.get(_ADMIN_OBJECTS.get(model, ""), None) or 1
    return {
        "pk": ids[_pk_for(pattern)],
        "doc_pk": ids["archive_document"],
        "body_slug": DEMO_BODY,
        "unit_slug": UNIT,
        "slug": DEMO_BODY,
        "unit": monev_unit,
        "membership_id": ids["membership"],
        "year": timezone.localdate().year - 1,
        "fmt": "json" if "rubrik" in pattern else "csv",
        "number": entry.number,
        "action": "tetapkan" if pattern.startswith("kantor/dip/uji/") else "terbitkan",
        "evidence_id": ids["evidence"],
        "key": "permohonan" if pattern.startswith("data/") else "qa-kunci-tidak-ada",
        "uidb36": "1",
        "app_label": "inforequests",
        "object_id": object_id,
        "content_type_id": 1,
        "id": world.users["owner"].pk,
        "url": "tidak-ada/",
        "path": "tidak-ada.txt",
        "request_id": ids["request"],
        "objection_id": ids["objection"],
        "entry_id": ids["entry"],
        "document_id": ids["document"],
        "finding_id": ids["finding"],
        "cycle_id": ids["cycle"],
        "token_id": ids["token"],
        "kind": "permohonan" if "layanan/" in pattern else "serta_merta",
    }


_TABLES_BY_PREFIX = (
    ("kantor/permohonan", ("inforequests",)),
    ("kantor/keberatan", ("objections", "inforequests")),
    ("keberatan/", ("objections", "inforequests")),
    ("permohonan/", ("inforequests",)),
    ("kantor/dip", ("registry", "safety")),
    ("informasi/", ("registry",)),
    ("kantor/monev", ("monev",)),
    ("monev/", ("monev",)),
    ("kantor/anggaran", ("budget", "registry")),
    ("anggaran/", ("budget",)),
    ("kantor/laporan", ("reports",)),
    ("kantor/layanan", ("charter", "inforequests")),
    ("kalender/", ("calendars",)),
    ("akun/", ("account", "mfa")),
    ("admin/", ("inforequests", "objections", "registry", "budget", "calendars")),
    ("api /requests", ("inforequests", "objections")),
    ("api /objections", ("objections", "inforequests")),
    ("api /registry", ("registry", "safety")),
    ("api /budget", ("budget", "registry")),
    ("api /monev", ("monev",)),
    ("api /calendar", ("calendars",)),
    ("api /reports", ("reports",)),
)


@functools.cache
def tables_for(key: str) -> tuple[str, ...]:
    """The tables a write of this route could touch: its apps' plus accounts and bodies."""
    from django.apps import apps

    labels = {"accounts", "bodies"}
    for prefix, extra in _TABLES_BY_PREFIX:
        if key.startswith(prefix):
            labels.update(extra)
            break
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }
    return tuple(sorted(tables))


def _sample(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            choices = [s for s in schema[combinator] if s.get("type") != "null"]
            return _sample(choices[0], components, depth) if choices else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        props = schema.get("properties", {})
        return {
            name: _sample(props[name], components, depth + 1)
            for name in schema.get("required", [])
            if name in props
        }
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = schema.get("format", "")
    if fmt == "date":
        return timezone.localdate().isoformat()
    if fmt == "date-time":
        return dt.datetime.now(dt.UTC).isoformat()
    if fmt == "email":
        return "uji@example.test"
    return "Uji matriks akses."


def api_payload(method: str, path: str) -> Any:
    """A minimal body of the right shape for the operation (required fields only)."""
    if method == "GET":
        return None
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    body = schema["paths"][path][method.lower()].get("requestBody")
    if not body:
        return {}
    content = body.get("content", {})
    json_schema = content.get("application/json", {}).get("schema")
    if json_schema is None:
        return {}
    return _sample(json_schema, components)


# Columns: anonymous owner citizen pelaksana pelaksana_other petugas utama atasan evaluator admin
#          other_body superuser. Django's admin is for superusers only; everyone else is sent to
#          its sign-in page. Read-only admin models answer 403 to add and delete.
SITE: dict[str, Access] = {
    "healthz": Access("AAAAAAAAAAAA", None),  # healthz
    "i18n/setlang/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # set_language
    "admin/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:index
    "admin/login/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # admin:login
    "admin/logout/": Access("AAAAAAAAAAAM", "AAAAAAAAAAAA"),  # admin:logout
    "admin/password_change/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:password_change
    "admin/password_change/done/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLM"
    ),  # admin:password_change_done
    "admin/autocomplete/": Access("LLLLLLLLLLLF", "LLLLLLLLLLLM"),  # admin:autocomplete
    "admin/jsi18n/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLM"),  # admin:jsi18n
    "admin/r/<path:content_type_id>/<path:object_id>/": Access(
        "LLLLLLLLLLLH", "LLLLLLLLLLLH"
    ),  # admin:view_on_site
    "admin/auth/group/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:auth_group_changelist
    "admin/auth/group/add/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:auth_group_add
    "admin/auth/group/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:auth_group_history
    "admin/auth/group/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:auth_group_delete
    "admin/auth/group/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:auth_group_change
    "admin/auth/group/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/account/emailaddress/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:account_emailaddress_changelist
    "admin/account/emailaddress/add/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:account_emailaddress_add
    "admin/account/emailaddress/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:account_emailaddress_history
    "admin/account/emailaddress/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:account_emailaddress_delete
    "admin/account/emailaddress/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:account_emailaddress_change
    "admin/account/emailaddress/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/mfa/authenticator/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:mfa_authenticator_changelist
    "admin/mfa/authenticator/add/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:mfa_authenticator_add
    "admin/mfa/authenticator/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:mfa_authenticator_history
    "admin/mfa/authenticator/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:mfa_authenticator_delete
    "admin/mfa/authenticator/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:mfa_authenticator_change
    "admin/mfa/authenticator/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/django_tasks_database/dbtaskresult/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:django_tasks_database_dbtaskresult_changelist
    "admin/django_tasks_database/dbtaskresult/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:django_tasks_database_dbtaskresult_add
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:django_tasks_database_dbtaskresult_history
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:django_tasks_database_dbtaskresult_delete
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:django_tasks_database_dbtaskresult_change
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),
    "admin/accounts/user/<id>/password/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:auth_user_password_change
    "admin/accounts/user/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_user_changelist
    "admin/accounts/user/add/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:accounts_user_add
    "admin/accounts/user/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_user_history
    "admin/accounts/user/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:accounts_user_delete
    "admin/accounts/user/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_user_change
    "admin/accounts/user/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/accounts/requesteridentity/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_requesteridentity_changelist
    "admin/accounts/requesteridentity/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_requesteridentity_add
    "admin/accounts/requesteridentity/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_requesteridentity_history
    "admin/accounts/requesteridentity/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_requesteridentity_delete
    "admin/accounts/requesteridentity/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:accounts_requesteridentity_change
    "admin/accounts/requesteridentity/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/accounts/identityaccesslog/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_identityaccesslog_changelist
    "admin/accounts/identityaccesslog/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_identityaccesslog_add
    "admin/accounts/identityaccesslog/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_identityaccesslog_history
    "admin/accounts/identityaccesslog/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_identityaccesslog_delete
    "admin/accounts/identityaccesslog/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:accounts_identityaccesslog_change
    "admin/accounts/identityaccesslog/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/accounts/apitoken/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_apitoken_changelist
    "admin/accounts/apitoken/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_apitoken_add
    "admin/accounts/apitoken/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_apitoken_history
    "admin/accounts/apitoken/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_apitoken_delete
    "admin/accounts/apitoken/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:accounts_apitoken_change
    "admin/accounts/apitoken/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/accounts/accountevent/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_accountevent_changelist
    "admin/accounts/accountevent/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_accountevent_add
    "admin/accounts/accountevent/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:accounts_accountevent_history
    "admin/accounts/accountevent/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:accounts_accountevent_delete
    "admin/accounts/accountevent/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:accounts_accountevent_change
    "admin/accounts/accountevent/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/calendars/holiday/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:calendars_holiday_changelist
    "admin/calendars/holiday/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:calendars_holiday_add
    "admin/calendars/holiday/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:calendars_holiday_history
    "admin/calendars/holiday/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:calendars_holiday_delete
    "admin/calendars/holiday/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:calendars_holiday_change
    "admin/calendars/holiday/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/calendars/holidayevent/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:calendars_holidayevent_changelist
    "admin/calendars/holidayevent/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:calendars_holidayevent_add
    "admin/calendars/holidayevent/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:calendars_holidayevent_history
    "admin/calendars/holidayevent/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:calendars_holidayevent_delete
    "admin/calendars/holidayevent/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:calendars_holidayevent_change
    "admin/calendars/holidayevent/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/bodies/publicbody/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_publicbody_changelist
    "admin/bodies/publicbody/add/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_publicbody_add
    "admin/bodies/publicbody/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_publicbody_history
    "admin/bodies/publicbody/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_publicbody_delete
    "admin/bodies/publicbody/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_publicbody_change
    "admin/bodies/publicbody/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/bodies/unit/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:bodies_unit_changelist
    "admin/bodies/unit/add/": Access("LLLLLLLLLLLF", "LLLLLLLLLLLF"),  # admin:bodies_unit_add
    "admin/bodies/unit/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_unit_history
    "admin/bodies/unit/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_unit_delete
    "admin/bodies/unit/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:bodies_unit_change
    "admin/bodies/unit/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/bodies/membership/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_membership_changelist
    "admin/bodies/membership/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_membership_add
    "admin/bodies/membership/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_membership_history
    "admin/bodies/membership/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_membership_delete
    "admin/bodies/membership/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:bodies_membership_change
    "admin/bodies/membership/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/bodies/bodyevent/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_bodyevent_changelist
    "admin/bodies/bodyevent/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_bodyevent_add
    "admin/bodies/bodyevent/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:bodies_bodyevent_history
    "admin/bodies/bodyevent/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:bodies_bodyevent_delete
    "admin/bodies/bodyevent/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:bodies_bodyevent_change
    "admin/bodies/bodyevent/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/notifications/outboundemail/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:notifications_outboundemail_changelist
    "admin/notifications/outboundemail/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:notifications_outboundemail_add
    "admin/notifications/outboundemail/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:notifications_outboundemail_history
    "admin/notifications/outboundemail/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:notifications_outboundemail_delete
    "admin/notifications/outboundemail/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:notifications_outboundemail_change
    "admin/notifications/outboundemail/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/notifications/eventnotification/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:notifications_eventnotification_changelist
    "admin/notifications/eventnotification/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:notifications_eventnotification_add
    "admin/notifications/eventnotification/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:notifications_eventnotification_history
    "admin/notifications/eventnotification/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:notifications_eventnotification_delete
    "admin/notifications/eventnotification/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:notifications_eventnotification_change
    "admin/notifications/eventnotification/<path:object_id>/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),
    "admin/safety/scan/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),  # admin:safety_scan_changelist
    "admin/safety/scan/add/": Access("LLLLLLLLLLLF", "LLLLLLLLLLLF"),  # admin:safety_scan_add
    "admin/safety/scan/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:safety_scan_history
    "admin/safety/scan/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:safety_scan_delete
    "admin/safety/scan/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:safety_scan_change
    "admin/safety/scan/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/search/searchentry/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:search_searchentry_changelist
    "admin/search/searchentry/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:search_searchentry_add
    "admin/search/searchentry/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:search_searchentry_history
    "admin/search/searchentry/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:search_searchentry_delete
    "admin/search/searchentry/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:search_searchentry_change
    "admin/search/searchentry/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/registry/informationentry/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_informationentry_changelist
    "admin/registry/informationentry/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_informationentry_add
    "admin/registry/informationentry/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_informationentry_history
    "admin/registry/informationentry/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_informationentry_delete
    "admin/registry/informationentry/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:registry_informationentry_change
    "admin/registry/informationentry/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/registry/document/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_document_changelist
    "admin/registry/document/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_document_add
    "admin/registry/document/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_document_history
    "admin/registry/document/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_document_delete
    "admin/registry/document/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:registry_document_change
    "admin/registry/document/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/registry/consequencetest/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_consequencetest_changelist
    "admin/registry/consequencetest/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_consequencetest_add
    "admin/registry/consequencetest/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:registry_consequencetest_history
    "admin/registry/consequencetest/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:registry_consequencetest_delete
    "admin/registry/consequencetest/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:registry_consequencetest_change
    "admin/registry/consequencetest/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/budget/budgetdocument/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetdocument_changelist
    "admin/budget/budgetdocument/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetdocument_add
    "admin/budget/budgetdocument/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetdocument_history
    "admin/budget/budgetdocument/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetdocument_delete
    "admin/budget/budgetdocument/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetdocument_change
    "admin/budget/budgetdocument/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/budget/budgetimport/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetimport_changelist
    "admin/budget/budgetimport/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetimport_add
    "admin/budget/budgetimport/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetimport_history
    "admin/budget/budgetimport/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetimport_delete
    "admin/budget/budgetimport/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetimport_change
    "admin/budget/budgetimport/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/budget/budgetline/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetline_changelist
    "admin/budget/budgetline/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetline_add
    "admin/budget/budgetline/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:budget_budgetline_history
    "admin/budget/budgetline/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetline_delete
    "admin/budget/budgetline/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:budget_budgetline_change
    "admin/budget/budgetline/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/inforequests/informationrequest/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_informationrequest_changelist
    "admin/inforequests/informationrequest/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_informationrequest_add
    "admin/inforequests/informationrequest/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_informationrequest_history
    "admin/inforequests/informationrequest/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_informationrequest_delete
    "admin/inforequests/informationrequest/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:inforequests_informationrequest_change
    "admin/inforequests/informationrequest/<path:object_id>/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),
    "admin/inforequests/requestevent/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestevent_changelist
    "admin/inforequests/requestevent/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_requestevent_add
    "admin/inforequests/requestevent/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestevent_history
    "admin/inforequests/requestevent/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_requestevent_delete
    "admin/inforequests/requestevent/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:inforequests_requestevent_change
    "admin/inforequests/requestevent/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/inforequests/writtennotice/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_writtennotice_changelist
    "admin/inforequests/writtennotice/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_writtennotice_add
    "admin/inforequests/writtennotice/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_writtennotice_history
    "admin/inforequests/writtennotice/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:inforequests_writtennotice_delete
    "admin/inforequests/writtennotice/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:inforequests_writtennotice_change
    "admin/inforequests/writtennotice/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/inforequests/requestsettings/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestsettings_changelist
    "admin/inforequests/requestsettings/add/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestsettings_add
    "admin/inforequests/requestsettings/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestsettings_history
    "admin/inforequests/requestsettings/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestsettings_delete
    "admin/inforequests/requestsettings/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:inforequests_requestsettings_change
    "admin/inforequests/requestsettings/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/objections/objection/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_objection_changelist
    "admin/objections/objection/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_objection_add
    "admin/objections/objection/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_objection_history
    "admin/objections/objection/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_objection_delete
    "admin/objections/objection/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:objections_objection_change
    "admin/objections/objection/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/objections/objectionevent/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_objectionevent_changelist
    "admin/objections/objectionevent/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_objectionevent_add
    "admin/objections/objectionevent/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_objectionevent_history
    "admin/objections/objectionevent/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_objectionevent_delete
    "admin/objections/objectionevent/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:objections_objectionevent_change
    "admin/objections/objectionevent/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/objections/dispute/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_dispute_changelist
    "admin/objections/dispute/add/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_dispute_add
    "admin/objections/dispute/<path:object_id>/history/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:objections_dispute_history
    "admin/objections/dispute/<path:object_id>/delete/": Access(
        "LLLLLLLLLLLF", "LLLLLLLLLLLF"
    ),  # admin:objections_dispute_delete
    "admin/objections/dispute/<path:object_id>/change/": Access(
        "LLLLLLLLLLLA", "LLLLLLLLLLLF"
    ),  # admin:objections_dispute_change
    "admin/objections/dispute/<path:object_id>/": Access("LLLLLLLLLLLA", "LLLLLLLLLLLA"),
    "admin/^(?P<app_label>auth|account|mfa|accounts|calendars|bodies|notifications|safety|search|registry|budget|inforequests|objections|django_tasks_database)/$": Access(  # noqa: E501
        "LLLLLLLLLLLA", "LLLLLLLLLLLA"
    ),  # admin:app_list
    "admin/(?P<url>.*)$": Access("LLLLLLLLLLLH", "LLLLLLLLLLLH"),
    "akun/login/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # account_login
    "akun/logout/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # account_logout
    "akun/inactive/": Access("AAAAAAAAAAAA", None),  # account_inactive
    "akun/signup/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # account_signup
    "akun/reauthenticate/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # account_reauthenticate
    "akun/reauthenticate/code/": Access(
        "LAAAAAAAAAAA", "LAAAAAAAAAAA"
    ),  # account_request_reauthentication_code
    "akun/reauthenticate/code/confirm/": Access(
        "LAAAAAAAAAAA", "LAAAAAAAAAAA"
    ),  # account_confirm_reauthentication_code
    "akun/email/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # account_email
    "akun/confirm-email/": Access("AAAAAAAAAAAA", None),  # account_email_verification_sent
    "akun/password/change/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # account_change_password
    "akun/password/set/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # account_set_password
    "akun/password/reset/": Access("AAAAAAAAAAAA", "AAAAAAAAAAAA"),  # account_reset_password
    "akun/login/code/confirm/": Access(
        "LAAAAAAAAAAA", "LAAAAAAAAAAA"
    ),  # account_confirm_login_code
    "akun/^confirm-email/(?P<key>[-:\\w]+)/$": Access(
        "AAAAAAAAAAAA", "HHHHHHHHHHHH"
    ),  # account_confirm_email
    "akun/password/reset/key/done/": Access(
        "AAAAAAAAAAAA", None
    ),  # account_reset_password_from_key_done
    "akun/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Access(
        "AAAAAAAAAAAA", "AAAAAAAAAAAA"
    ),  # account_reset_password_from_key
    "akun/password/reset/done/": Access("AAAAAAAAAAAA", None),  # account_reset_password_done
    "akun/2fa/": Access("LAAAAAAAAAAA", "LMMMMMMMMMMM"),  # mfa_index
    "akun/2fa/authenticate/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # mfa_authenticate
    "akun/2fa/reauthenticate/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # mfa_reauthenticate
    "akun/2fa/totp/activate/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # mfa_activate_totp
    "akun/2fa/totp/deactivate/": Access("LHHHHHHHHHHH", "LHHHHHHHHHHH"),  # mfa_deactivate_totp
    "akun/2fa/recovery-codes/": Access("LHHHHHHHHHHH", "LMMMMMMMMMMM"),  # mfa_view_recovery_codes
    "akun/2fa/recovery-codes/generate/": Access(
        "LAAAAAAAAAAA", "LAAAAAAAAAAA"
    ),  # mfa_generate_recovery_codes
    "akun/2fa/recovery-codes/download/": Access(
        "LHHHHHHHHHHH", "LHHHHHHHHHHH"
    ),  # mfa_download_recovery_codes
    "akun/profil/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # accounts:profile
    "akun/identitas/baru/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # accounts:identity-create
    "akun/identitas/<int:pk>/ubah/": Access(
        "LAHHHHHHHHHH", "LAHHHHHHHHHH"
    ),  # accounts:identity-update
    "akun/identitas/<int:pk>/pindaian/": Access(
        "LHHHHHHHHHHH", "LHHHHHHHHHHH"
    ),  # accounts:identity-ktp
    "akun/identitas/<int:pk>/surat-kuasa/": Access(
        "LHHHHHHHHHHH", "LHHHHHHHHHHH"
    ),  # accounts:identity-power-of-attorney
    "akun/identitas/<int:pk>/buka/": Access(
        "LAHAHAAAHAHA", "LAHAHAAAHAHA"
    ),  # accounts:identity-reveal
    "akun/token/": Access("LMMMMMMMMMMM", "LAAAAAAAAAAA"),  # accounts:token-create
    "akun/token/<int:pk>/cabut/": Access("LMMMMMMMMMMM", "LAHHHHHHHHHH"),  # accounts:token-revoke
    "akun/saya/": Access("LAAAAAAAAAAA", "LMMMMMMMMMMM"),  # accounts:dashboard
    "akun/pemberitahuan/": Access(
        "LAAAAAAAAAAA", "LAAAAAAAAAAA", {"email_level": "decisions"}
    ),  # accounts:notifications
    # Without the current password nothing is closed.
    "akun/hapus-akun/": Access("LAAAAAAAAAAA", "LVVVVVVVVVVV"),  # accounts:account-delete
    # The world's identity is named by the owner's request: kept (409), hidden from others.
    "akun/identitas/<int:pk>/hapus/": Access(
        "LAHHHHHHHHHH", "LCHHHHHHHHHH"
    ),  # accounts:identity-delete
    "akun/identitas/<int:pk>/hapus-berkas/": Access(
        "LMMMMMMMMMMM", "LVHHHHHHHHHH"
    ),  # accounts:identity-document-delete
    "kalender/": Access("AAAAAAAAAAAA", None),  # calendars:calculator
    "kalender/libur/": Access("AAAAAAAAAAAA", None),  # calendars:holiday-list
    "kalender/libur/<int:year>/": Access("AAAAAAAAAAAA", None),  # calendars:holiday-list
    "kalender/kelola/": Access("LFFFFFAFFAAA", "LFFFFFMFFMMM"),  # calendars:holiday-manage
    "kalender/kelola/tambah/": Access("LFFFFFAFFAAA", "LFFFFFAFFAAA"),  # calendars:holiday-create
    "kalender/kelola/isi-dari-paket/": Access(
        "LFFFFFMFFMMM", "LFFFFFAFFAFA"
    ),  # calendars:holiday-seed
    # The world's holiday is a national row: the PPID Utama of another body keeps only the local
    # holidays of its own region (bodies.permissions.holiday_regions).
    "kalender/kelola/<int:pk>/ubah/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # calendars:holiday-edit
    "kalender/kelola/<int:pk>/batalkan/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # calendars:holiday-cancel
    "kalender/kelola/<int:pk>/pulihkan/": Access(
        "LFFFFFMFFMMM", "LFFFFFAFFAFA"
    ),  # calendars:holiday-restore
    "kalender/kelola/<int:pk>/hapus/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # calendars:holiday-delete
    "kantor/permohonan/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # office:inbox
    "kantor/permohonan/catat/": Access("LFFAAAAAAAAA", "LFFVVVVVVVVV"),  # office:record
    "kantor/permohonan/pengaturan/<slug:body_slug>/": Access(
        "LFFFFFAFFAFA", "LFFFFFVFFVFV"
    ),  # office:settings
    "kantor/permohonan/<int:pk>/": Access("LHHAHAAAHAHA", "LMMMMMMMMMMM"),  # office:detail
    "kantor/permohonan/<int:pk>/dokumen/<int:doc_pk>/kesampingkan/": Access(
        "LMMMMMMMMMMM", "LFFHHHHHHHHH"
    ),  # office:document-override
    "kantor/permohonan/<int:pk>/dokumen/<int:doc_pk>/tarik/": Access(
        "LMMMMMMMMMMM", "LFFAHAAFHAHA"
    ),  # office:document-withdraw
    "kantor/permohonan/<int:pk>/minta-kelengkapan/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:ask-completion
    "kantor/permohonan/<int:pk>/catat-kelengkapan/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:complete
    "kantor/permohonan/<int:pk>/gugurkan/": Access("LMMMMMMMMMMM", "LHHAHAAFHAHA"),  # office:lapse
    "kantor/permohonan/<int:pk>/disposisi/": Access("LMMMMMMMMMMM", "LHHFHAAFHAHA"),  # office:route
    "kantor/permohonan/<int:pk>/kembalikan/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:return
    "kantor/permohonan/<int:pk>/mulai-proses/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:start
    "kantor/permohonan/<int:pk>/teruskan/": Access(
        "LMMMMMMMMMMM", "LHHFHAAFHAHA"
    ),  # office:forward
    "kantor/permohonan/<int:pk>/perpanjang/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:extend
    "kantor/permohonan/<int:pk>/pemberitahuan/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:issue-notice
    "kantor/permohonan/<int:pk>/pembayaran/": Access(
        "LMMMMMMMMMMM", "LHHAHAAFHAHA"
    ),  # office:record-payment
    "kantor/permohonan/<int:pk>/dokumen/": Access(
        "LMMMMMMMMMMM", "LHHVHVVFHVHV"
    ),  # office:attach-document
    "kantor/permohonan/<int:pk>/diberikan/": Access(
        "LMMMMMMMMMMM", "LHHVHVVFHVHV"
    ),  # office:fulfil
    "kantor/permohonan/<int:pk>/tutup/": Access("LMMMMMMMMMMM", "LHHAHAAFHAHA"),  # office:close
    "kantor/permohonan/<int:pk>/catatan/": Access(
        "LMMMMMMMMMMM", "LHHVHVVFHVHV"
    ),  # office:add-note
    "kantor/permohonan/register/": Access("LFFAAAAAFAAA", "LMMMMMMMMMMM"),  # office:register
    "kantor/permohonan/register/unduh/": Access(
        "LFFAAAAAFAAA", "LFFAAAAAFAAA"
    ),  # office:register-export
    "kantor/keberatan/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # objections_office:list
    "kantor/keberatan/catat/": Access("LFFFFFAAFAAA", "LFFFFFVVFVVV"),  # objections_office:record
    "kantor/keberatan/register/<slug:body_slug>/": Access(
        "LFFFFFAAFAFA", "LMMMMMMMMMMM"
    ),  # objections_office:register
    "kantor/keberatan/register/<slug:body_slug>/unduh/": Access(
        "LFFFFFAAFAFA", "LFFFFFAAFAFA"
    ),  # objections_office:register-export
    "kantor/keberatan/<int:pk>/": Access(
        "LHHAHAAAHAHA", "LMMMMMMMMMMM"
    ),  # objections_office:detail
    "kantor/keberatan/<int:pk>/mulai-musyawarah/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:start-deliberation
    "kantor/keberatan/<int:pk>/musyawarah/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:record-deliberation
    "kantor/keberatan/<int:pk>/tanggapan/": Access(
        "LMMMMMMMMMMM", "LHHFHFFAHFHA"
    ),  # objections_office:answer
    "kantor/keberatan/<int:pk>/cabut/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:withdraw
    "kantor/keberatan/<int:pk>/tanggapan-pemohon/": Access(
        "LMMMMMMMMMMM", "LHHFHFVVHVHV"
    ),  # objections_office:requester-response
    "kantor/keberatan/<int:pk>/catatan/": Access(
        "LMMMMMMMMMMM", "LHHFHFVVHVHV"
    ),  # objections_office:add-note
    "kantor/keberatan/<int:pk>/sengketa/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-file
    "kantor/keberatan/<int:pk>/sengketa/nomor/": Access(
        "LMMMMMMMMMMM", "LHHFHFVVHVHV"
    ),  # objections_office:dispute-case-number
    "kantor/keberatan/<int:pk>/sengketa/mediasi/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-mediation
    "kantor/keberatan/<int:pk>/sengketa/ajudikasi/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-adjudication
    "kantor/keberatan/<int:pk>/sengketa/sidang/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-session
    "kantor/keberatan/<int:pk>/sengketa/putusan/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-decision
    "kantor/keberatan/<int:pk>/sengketa/pengadilan/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-appeal
    "kantor/keberatan/<int:pk>/sengketa/putusan-pengadilan/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-court-outcome
    "kantor/keberatan/<int:pk>/sengketa/pelaksanaan/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-compliance
    "kantor/keberatan/<int:pk>/sengketa/dilaksanakan/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-complied
    "kantor/keberatan/<int:pk>/sengketa/selesai/": Access(
        "LMMMMMMMMMMM", "LHHFHFAAHAHA"
    ),  # objections_office:dispute-close
    "kantor/dip/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # registry_office:list
    "kantor/dip/baru/": Access("LFFAAFAFFAAA", "LFFVVFVFFVVA"),  # registry_office:new
    "kantor/dip/<int:pk>/": Access("LFFAHHAAAAHA", "LMMMMMMMMMMM"),  # registry_office:entry
    "kantor/dip/<int:pk>/ubah/": Access("LFFAHHAFFAHA", "LFFVHHVFFVHV"),  # registry_office:edit
    "kantor/dip/<int:pk>/<slug:action>/": Access(
        "LMMMMMMMMMMM", "LFFAHHAFFAHA"
    ),  # registry_office:action
    "kantor/dip/versi/<int:pk>/unduh/": Access(
        "LFFAHHAAAAHA", "LMMMMMMMMMMM"
    ),  # registry_office:version-download
    "kantor/dip/impor/<slug:body_slug>/": Access(
        "LFFFFHAFFAHA", "LFFFFHVFFVHV"
    ),  # registry_office:import
    "kantor/dip/^ekspor/(?P<body_slug>[-a-zA-Z0-9_]+)\\.(?P<fmt>csv|xlsx)$": Access(
        "LFFAAHAAAAHA", "LMMMMMMMMMMM"
    ),  # registry_office:export
    "kantor/dip/uji/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # registry_office:tests
    "kantor/dip/uji/baru/": Access("LFFAAFAFFAAA", "LFFVVFVFFVVA"),  # registry_office:test-new
    "kantor/dip/uji/<int:pk>/": Access("LFFHHHAAAAHA", "LMMMMMMMMMMM"),  # registry_office:test
    "kantor/dip/uji/<int:pk>/ubah/": Access(
        "LFFHHHAFFAHA", "LFFHHHVFFVHV"
    ),  # registry_office:test-edit
    "kantor/dip/uji/<int:pk>/pdf/": Access(
        "LFFHHHAAAAHA", "LMMMMMMMMMMM"
    ),  # registry_office:test-pdf
    "kantor/dip/uji/<int:pk>/<slug:action>/": Access(
        "LMMMMMMMMMMM", "LFFHHHVVVVHV"
    ),  # registry_office:test-action
    "kantor/monev/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # monev_office:cycles
    "kantor/monev/baru/": Access("LFFFFFAFFAAA", "LFFFFFVFFVVA"),  # monev_office:cycle-new
    "kantor/monev/<int:pk>/": Access("LFFAAHAAAAHA", "LMMMMMMMMMMM"),  # monev_office:cycle
    "kantor/monev/<int:pk>/tahap/": Access(
        "LMMMMMMMMMMM", "LFFFFHAFFAHA"
    ),  # monev_office:cycle-move
    "kantor/monev/<int:pk>/hitung/": Access(
        "LMMMMMMMMMMM", "LFFFFHAFFAHA"
    ),  # monev_office:cycle-compute
    "kantor/monev/<int:pk>/jadwal/": Access(
        "LMMMMMMMMMMM", "LFFFFHAFFAHA"
    ),  # monev_office:cycle-reschedule
    "kantor/monev/<int:pk>/rubrik.json": Access(
        "LFFAAHAAAAHA", "LMMMMMMMMMMM"
    ),  # monev_office:cycle-rubric
    "kantor/monev/<int:pk>/peserta/<slug:unit>/": Access(
        "LFFAHHAAAAHA", "LFFAHHAFFAHA"
    ),  # monev_office:questionnaire
    "kantor/monev/<int:pk>/bukti/<int:evidence_id>/": Access(
        "LFFHHHHHHHHH", "LMMMMMMMMMMM"
    ),  # monev_office:evidence
    "kantor/monev/rubrik/": Access("LFFFFFAFFAAA", "LFFFFFVFFVVV"),  # monev_office:rubrics
    # A rubric is an object: an officer who organises no cycle finds none (404, not 403).
    "kantor/monev/^rubrik/(?P<pk>\\d+)\\.(?P<fmt>json|xlsx)$": Access(
        "LFFHHHAHHAHA", None
    ),  # monev_office:rubric-download
    "kantor/monev/riwayat/": Access("LFFFFFAFFAAA", "LFFFFFVFFVVV"),  # monev_office:history
    "kantor/monev/riwayat/templat.csv": Access(
        "LFFAAAAAAAAA", "LMMMMMMMMMMM"
    ),  # monev_office:history-template
    "kantor/monev/<int:pk>/verifikasi/": Access(
        "LFFFFHAFAAHA", "LMMMMMMMMMMM"
    ),  # monev_office:verification
    "kantor/monev/<int:pk>/verifikasi/<slug:unit>/": Access(
        "LFFFFHAFAAHA", "LFFFFHHFHHHH"
    ),  # monev_office:verify
    "kantor/monev/<int:pk>/sanggah/<slug:unit>/": Access(
        "LFFAFHAFFAHA", "LFFHFHHFFHHH"
    ),  # monev_office:contest
    "kantor/monev/<int:pk>/hasil/": Access("LFFAAHAAAAHA", "LMMMMMMMMMMM"),  # monev_office:results
    "kantor/monev/<int:pk>/hasil.csv": Access(
        "LFFFFHAFFAHA", "LMMMMMMMMMMM"
    ),  # monev_office:results-csv
    "kantor/monev/<int:pk>/rencana/<slug:unit>/": Access(
        "LFFAFHAAAAHA", "LFFHFHHHHHHH"
    ),  # monev_office:plan
    "kantor/monev/rapat/": Access("LFFAAAAAAAAA", "LMMMMMMMMMMM"),  # monev_office:meetings
    "kantor/monev/rapat/baru/": Access("LFFFFFAFFAAA", "LFFFFFVFFVVA"),  # monev_office:meeting-new
    "kantor/monev/rapat/<int:pk>/": Access("LFFAAHAAAAHA", "LFFFFHAFFAHA"),  # monev_office:meeting
    "kantor/anggaran/": Access("LFFAAFAFFAAA", "LMMMMMMMMMMM"),  # budget_office:list
    "kantor/anggaran/unggah/": Access("LFFAAFAFFAAA", "LFFVVFVFFVVV"),  # budget_office:upload
    "kantor/anggaran/impor/<int:pk>/": Access(
        "LFFAHHAHHAHA", "LMMMMMMMMMMM"
    ),  # budget_office:import
    "kantor/anggaran/impor/<int:pk>/berkas/": Access(
        "LFFAHHAHHAHA", "LMMMMMMMMMMM"
    ),  # budget_office:import-file
    "kantor/anggaran/dokumen/<int:pk>/": Access(
        "LFFAHHAHHAHA", "LMMMMMMMMMMM"
    ),  # budget_office:document
    "kantor/anggaran/dokumen/<int:pk>/terbitkan/": Access(
        "LMMMMMMMMMMM", "LFFAHHAHHAHA"
    ),  # budget_office:document-release
    "kantor/anggaran/dokumen/<int:pk>/tarik/": Access(
        "LMMMMMMMMMMM", "LFFAHHAHHAHA"
    ),  # budget_office:document-withdraw
    "kantor/laporan/": Access("LFFAAFAAAAAA", "LMMMMMMMMMMM"),  # reports_office:list
    "kantor/laporan/buat/": Access("LMMMMMMMMMMM", "LFFVVFVVVVVV"),  # reports_office:request
    "kantor/laporan/narasi/": Access("LFFVVFVVVVVV", "LFFVVFVVVVVV"),  # reports_office:narrative
    "kantor/laporan/<int:pk>/": Access("LFFHHHAAAAHA", "LMMMMMMMMMMM"),  # reports_office:detail
    "kantor/": Access("LFFAAAAAAAAA", "LFFAAAAAAAAA"),  # bodies:dashboard
    # Service information: the body's PPID Utama and admins (and superusers) only.
    "kantor/layanan/<slug:body_slug>/": Access(
        "LFFFFFAFFAFA", "LFFFFFMFFMFM"
    ),  # charter_office:home
    "kantor/layanan/<slug:body_slug>/maklumat/": Access(
        "LFFFFFAFFAFA", "LFFFFFVFFVFV"
    ),  # charter_office:charter-edit
    "kantor/layanan/<slug:body_slug>/prosedur/<slug:kind>/": Access(
        "LFFFFFAFFAFA", "LFFFFFVFFVFV"
    ),  # charter_office:procedure-edit
    "kantor/layanan/<slug:body_slug>/jam/": Access(
        "LFFFFFAFFAFA", "LFFFFFVFFVFV"
    ),  # charter_office:hours-edit
    "kantor/layanan/<slug:body_slug>/biaya/": Access(
        "LFFFFFAFFAFA", "LFFFFFVFFVFV"
    ),  # charter_office:fees-edit
    "kantor/<slug:body_slug>/ubah/": Access("LFFFFFAFFAFA", "LFFFFFAFFAFA"),  # bodies:body-edit
    "kantor/<slug:body_slug>/unit/": Access("LFFFFFAFFAFA", "LFFFFFAFFAFA"),  # bodies:unit-list
    "kantor/<slug:body_slug>/unit/tambah/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:unit-create
    "kantor/<slug:body_slug>/unit/<slug:unit_slug>/ubah/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:unit-edit
    "kantor/<slug:body_slug>/unit/<slug:unit_slug>/pindah/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:unit-move
    "kantor/<slug:body_slug>/unit/<slug:unit_slug>/nonaktifkan/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:unit-deactivate
    "kantor/<slug:body_slug>/unit/<slug:unit_slug>/aktifkan/": Access(
        "MMMMMMMMMMMM", "LFFFFFAFFAFA"
    ),  # bodies:unit-reactivate
    "kantor/<slug:body_slug>/anggota/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:membership-list
    "kantor/<slug:body_slug>/anggota/tambah/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:membership-grant
    "kantor/<slug:body_slug>/anggota/<int:membership_id>/cabut/": Access(
        "LFFFFFAFFAFA", "LFFFFFAFFAFA"
    ),  # bodies:membership-revoke
    "permohonan/ajukan/": Access("LAAAAAAAAAAA", "LAAAAAAAAAAA"),  # inforequests:create
    "permohonan/saya/": Access("LAAAAAAAAAAA", "LMMMMMMMMMMM"),  # inforequests:mine
    "permohonan/arsip/": Access("AAAAAAAAAAAA", None),  # inforequests:archive
    "permohonan/arsip/<int:pk>/": Access("AAAAAAAAAAAA", None),  # inforequests:archive-detail
    "permohonan/arsip/<int:pk>/dokumen/<int:doc_pk>/": Access(
        "AAAAAAAAAAAA", None
    ),  # inforequests:archive-document
    "permohonan/<int:pk>/": Access("LAHAHAAAHAHA", "LMMMMMMMMMMM"),  # inforequests:detail
    "permohonan/<int:pk>/tanda-bukti.pdf": Access(
        "LAHAHAAAHAHA", "LMMMMMMMMMMM"
    ),  # inforequests:receipt
    "permohonan/<int:pk>/cabut/": Access("LAHAHAAAHAHA", "LAHAHAAAHAHA"),  # inforequests:withdraw
    "permohonan/<int:pk>/lengkapi/": Access(
        "LMMMMMMMMMMM", "LAHAHAAFHAHA"
    ),  # inforequests:complete
    "permohonan/<int:pk>/arsip/": Access("LMMMMMMMMMMM", "LAHFHFFFHFHF"),  # inforequests:publish
    "permohonan/<int:pk>/pemberitahuan.pdf": Access(
        "LAHAHAAAHAHA", "LMMMMMMMMMMM"
    ),  # inforequests:notice-pdf
    "keberatan/saya/": Access("LAAAAAAAAAAA", "LMMMMMMMMMMM"),  # objections:mine
    "keberatan/ajukan/<int:request_id>/": Access("LAHHHHHHHHHH", "LVHHHHHHHHHH"),  # objections:file
    "keberatan/ajukan-berkala/": Access("LAAAAAAAAAAA", "LVVVVVVVVVVV"),  # objections:file-periodic
    "keberatan/<int:pk>/": Access("LAHAHAAAHAHA", "LMMMMMMMMMMM"),  # objections:detail
    "keberatan/<int:pk>/tanda-terima.pdf": Access(
        "LAHAHAAAHAHA", "LMMMMMMMMMMM"
    ),  # objections:receipt-pdf
    "keberatan/<int:pk>/tanggapan.pdf": Access(
        "LAHAHAAAHAHA", "LMMMMMMMMMMM"
    ),  # objections:response-pdf
    "keberatan/<int:pk>/cabut/": Access("LMMMMMMMMMMM", "LVHFHFFFHFHF"),  # objections:withdraw
    "keberatan/<int:pk>/tanggapan-saya/": Access(
        "LMMMMMMMMMMM", "LVHFHFFFHFHF"
    ),  # objections:respond
    "keberatan/<int:pk>/sengketa/": Access(
        "LMMMMMMMMMMM", "LVHFHFFFHFHF"
    ),  # objections:dispute-file
    "cari/": Access("AAAAAAAAAAAA", None),  # search:index
    "anggaran/lihat/<int:pk>/": Access("AAAAAAAAAAAA", None),  # budget:detail
    "anggaran/^lihat/(?P<pk>\\d+)/anggaran\\.(?P<fmt>csv|xlsx)$": Access(
        "AAAAAAAAAAAA", None
    ),  # budget:export
    "anggaran/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # budget:body
    "monev/hasil/<int:pk>/": Access("AAAAAAAAAAAA", None),  # monev:results
    "monev/hasil/<int:pk>/sertifikat/<slug:unit>.pdf": Access(
        "AAAAAAAAAAAA", None
    ),  # monev:certificate
    "monev/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # monev:body
    "informasi/unduh/<int:pk>/": Access("AAAAAAAAAAAA", None),  # registry:download
    "informasi/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # registry:body
    "informasi/<slug:body_slug>/dikecualikan/": Access("AAAAAAAAAAAA", None),  # registry:exempt
    "informasi/^(?P<body_slug>[-a-zA-Z0-9_]+)/dip\\.(?P<fmt>csv|xlsx)$": Access(
        "AAAAAAAAAAAA", None
    ),  # registry:export
    "informasi/<slug:body_slug>/<int:number>/": Access("AAAAAAAAAAAA", None),  # registry:entry
    "layanan/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # charter:detail
    "layanan/<slug:body_slug>/maklumat/<int:number>/": Access(
        "HHHHHHHHHHHH", None
    ),  # charter:version (the world's body has no charter: the demo charter is not loaded)
    "layanan/<slug:body_slug>/prosedur/<slug:kind>/": Access(
        "AAAAAAAAAAAA", None
    ),  # charter:procedure
    # Accessible formats are public while their source is; the world's entry (Dinas Kesehatan)
    # is not a serta-merta announcement, so every role gets 404. The public case is tested in
    # terbuka/accessible/tests/test_views.py.
    "aksesibel/<slug:kind>/<int:pk>/transkrip/": Access(
        "HHHHHHHHHHHH", None
    ),  # accessible:transcript
    "aksesibel/<slug:kind>/<int:pk>/<slug:fmt>/": Access("HHHHHHHHHHHH", None),  # accessible:file
    "statistik/": Access("AAAAAAAAAAAA", None),  # stats:index
    "statistik/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # stats:body
    "statistik/<slug:body_slug>/<slug:unit_slug>/": Access("AAAAAAAAAAAA", None),  # stats:unit
    "data/": Access("AAAAAAAAAAAA", None),  # opendata:catalogue
    "data/catalog.jsonld": Access("AAAAAAAAAAAA", None),  # opendata:catalog-jsonld
    "data/^(?P<key>[a-z0-9_-]+)\\.jsonld$": Access("AAAAAAAAAAAA", None),  # opendata:dataset-jsonld
    "data/^(?P<key>[a-z0-9_-]+)\\.(?P<fmt>csv|json|xlsx)$": Access(
        "AAAAAAAAAAAA", None
    ),  # opendata:download
    "laporan/": Access("AAAAAAAAAAAA", None),  # reports:bodies
    "laporan/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # reports:body
    "": Access("AAAAAAAAAAAA", None),  # portal:home
    "b/<slug:body_slug>/": Access("AAAAAAAAAAAA", None),  # portal:body-detail
    "b/<slug:body_slug>/unit/": Access("AAAAAAAAAAAA", None),  # portal:unit-list
    "b/<slug:body_slug>/unit/<slug:unit_slug>/": Access("AAAAAAAAAAAA", None),  # portal:unit-detail
    "b/<slug:body_slug>/feed/informasi.rss": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:feed-entries-rss
    "b/<slug:body_slug>/feed/informasi.atom": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:feed-entries-atom
    "b/<slug:body_slug>/feed/jawaban.rss": Access("AAAAAAAAAAAA", None),  # portal:feed-answers-rss
    "b/<slug:body_slug>/feed/jawaban.atom": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:feed-answers-atom
    "b/<slug:body_slug>/unit/<slug:unit_slug>/feed/informasi.rss": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:unit-feed-entries-rss
    "b/<slug:body_slug>/unit/<slug:unit_slug>/feed/informasi.atom": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:unit-feed-entries-atom
    "b/<slug:body_slug>/unit/<slug:unit_slug>/feed/jawaban.rss": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:unit-feed-answers-rss
    "b/<slug:body_slug>/unit/<slug:unit_slug>/feed/jawaban.atom": Access(
        "AAAAAAAAAAAA", None
    ),  # portal:unit-feed-answers-atom
}

API: dict[tuple[str, str], str] = {
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): "LAHHHHHHHHHH",
    ("GET", "/api/v1/auth/me"): "LAAAAAAAAAAA",
    ("GET", "/api/v1/auth/tokens"): "LAAAAAAAAAAA",
    ("GET", "/api/v1/bodies/"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/bodies/{slug}"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/bodies/{slug}/units"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/bodies/{slug}/units/{unit_slug}"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/budget/documents"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/budget/lines"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/budget/template.csv"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/budget/template.xlsx"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/calendar/holidays"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/calendar/working-days"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/monev/cycles/{cycle_id}"): "LHHAAHAAAAHA",
    ("GET", "/api/v1/monev/cycles/{cycle_id}/results"): "HHHAAHAAAAHA",
    ("GET", "/api/v1/objections"): "LAAAAAAAAAAA",
    ("GET", "/api/v1/objections/{objection_id}"): "LAHAHAAAHAHA",
    ("GET", "/api/v1/objections/{objection_id}/dispute"): "LAHAHAAAHAHA",
    ("GET", "/api/v1/registry/entries"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/registry/entries/{entry_id}"): "AAAAAAAAAAAA",
    ("GET", "/api/v1/registry/entries/{entry_id}/documents/{document_id}/findings"): "LHHAHHAAAAHA",
    ("GET", "/api/v1/reports/service"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/reports/statistics"): "VVVVVVVVVVVV",
    ("GET", "/api/v1/requests/"): "LAAAAAAAAAAA",
    ("GET", "/api/v1/requests/{request_id}"): "LAHAHAAAHAHA",
    ("GET", "/api/v1/search"): "AAAAAAAAAAAA",
    ("PATCH", "/api/v1/registry/entries/{entry_id}"): "LHHAHHAFFAHA",
    ("POST", "/api/v1/auth/token"): "VVVVVVVVVVVV",
    ("POST", "/api/v1/budget/documents"): "LFFVVFVFFVVV",
    ("POST", "/api/v1/budget/imports"): "LFFVVFVFFVVV",
    ("POST", "/api/v1/monev/cycles"): "LVVVVVVVVVVV",
    ("POST", "/api/v1/monev/cycles/{cycle_id}/compute"): "LHHFFHAFFAHA",
    ("POST", "/api/v1/monev/cycles/{cycle_id}/participants/{unit}/evidence"): "LHHVFHVFFVHV",
    ("POST", "/api/v1/objections"): "LVVVVVVVVVVV",
    ("POST", "/api/v1/objections/{objection_id}/answer"): "LFHFHFFVHFHV",
    ("POST", "/api/v1/objections/{objection_id}/deliberation"): "LFHFHFCCHCHC",
    ("POST", "/api/v1/objections/{objection_id}/deliberation-record"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute"): "LVHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/adjudication"): "LFHFHFAAHAHA",
    ("POST", "/api/v1/objections/{objection_id}/dispute/appeal"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/case-number"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/close"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/compliance"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/complied"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/court-outcome"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/decision"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/dispute/mediation"): "LFHFHFAAHAHA",
    ("POST", "/api/v1/objections/{objection_id}/dispute/session"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/note"): "LFHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/respond"): "LVHFHFVVHVHV",
    ("POST", "/api/v1/objections/{objection_id}/withdraw"): "LCHFHFCCHCHC",
    ("POST", "/api/v1/registry/entries/"): "LVVVVVVVVVVV",
    ("POST", "/api/v1/registry/entries/{entry_id}/documents"): "LHHVHHVFFVHV",
    (
        "POST",
        "/api/v1/registry/entries/{entry_id}/documents/{document_id}/findings/{finding_id}/override",
    ): "LHHFHHVFFVHV",
    ("POST", "/api/v1/registry/entries/{entry_id}/publish"): "LHHCHHCFFCHC",
    ("POST", "/api/v1/registry/entries/{entry_id}/withdraw"): "LHHVHHVFFVHV",
    ("POST", "/api/v1/requests/"): "LVVVVVVVVVVV",
    ("POST", "/api/v1/requests/{request_id}/ask-completion"): "LFHCHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/close"): "LFHAHAAFHAHA",
    ("POST", "/api/v1/requests/{request_id}/complete"): "LCHCHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/extend"): "LFHCHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/forward"): "LFHFHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/fulfil"): "LFHCHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/note"): "LFHVHVVFHVHV",
    ("POST", "/api/v1/requests/{request_id}/notice"): "LFHVHVVFHVHV",
    ("POST", "/api/v1/requests/{request_id}/objections"): "LVHFHFVVHVHV",
    ("POST", "/api/v1/requests/{request_id}/payment"): "LFHVHVVFHVHV",
    ("POST", "/api/v1/requests/{request_id}/return"): "LFHVHVVFHVHV",
    ("POST", "/api/v1/requests/{request_id}/route"): "LFHFHVVFHVHV",
    ("POST", "/api/v1/requests/{request_id}/start"): "LFHCHCCFHCHC",
    ("POST", "/api/v1/requests/{request_id}/withdraw"): "LAHFHFFFHFHF",
    ("PUT", "/api/v1/monev/cycles/{cycle_id}/participants/{unit}/answers"): "LHHVFHVFFVHV",
}
