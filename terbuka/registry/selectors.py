"""Reads of the DIP: who may see and edit which entries, public lists, reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import (
    Keyset,
    UserLike,
    is_superuser,
    membership_active_for_user,
)
from terbuka.registry.models import (
    ConsequenceTest,
    Document,
    DocumentVersion,
    InfoClass,
    InformationEntry,
    RegistryEvent,
)
from terbuka.registry.states import ConsequenceStatus, EntryStatus
from terbuka.safety.models import Finding
from terbuka.safety.selectors import scan_open_blocking

Role = Membership.Role

# The PPID Utama keeps the body's DIP (Perki 1/2021: the DIP is set by the PPID); admins too.
DIP_BODY_ROLES: frozenset[str] = frozenset({Role.PPID_UTAMA, Role.ADMIN})
# A PPID Pelaksana keeps the entries of its own unit.
DIP_UNIT_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA})
# Who reads the whole body's DIP back office without editing it.
DIP_READ_ROLES: frozenset[str] = frozenset({Role.ATASAN_PPID, Role.EVALUATOR})


def dip_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Body ids where the user keeps the whole DIP (PPID Utama, admin)."""
    return (
        membership_active_for_user(user)
        .filter(role__in=list(DIP_BODY_ROLES))
        .values("unit__body_id")
    )


def dip_unit_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Unit ids whose entries the user keeps as PPID Pelaksana."""
    return membership_active_for_user(user).filter(role__in=list(DIP_UNIT_ROLES)).values("unit_id")


def entry_editable_by(user: UserLike) -> QuerySet[InformationEntry]:
    """Entries the user may edit, attach documents to, publish and withdraw."""
    if is_superuser(user):
        return InformationEntry.objects.all()
    return InformationEntry.objects.filter(
        Q(body_id__in=dip_body_ids(user)) | Q(unit_id__in=dip_unit_ids(user))
    )


def entry_office_visible_to(user: UserLike) -> QuerySet[InformationEntry]:
    """Entries the user sees in the back office (editors plus the Atasan and evaluators)."""
    if is_superuser(user):
        return InformationEntry.objects.all()
    read = membership_active_for_user(user).filter(role__in=list(DIP_READ_ROLES))
    return InformationEntry.objects.filter(
        Q(body_id__in=dip_body_ids(user))
        | Q(unit_id__in=dip_unit_ids(user))
        | Q(body_id__in=read.values("unit__body_id"))
    )


def units_for_new_entry(user: UserLike, body: PublicBody) -> QuerySet[Unit]:
    """Units of `body` the user may create entries for."""
    units = Unit.objects.filter(body=body, is_active=True)
    if is_superuser(user) or dip_body_ids(user).filter(unit__body_id=body.pk).exists():
        return units
    return units.filter(pk__in=dip_unit_ids(user))


def bodies_for_office(user: UserLike) -> QuerySet[PublicBody]:
    """Bodies whose DIP back office the user may open."""
    if is_superuser(user):
        return PublicBody.objects.all()
    memberships = membership_active_for_user(user).filter(
        role__in=list(DIP_BODY_ROLES | DIP_UNIT_ROLES | DIP_READ_ROLES)
    )
    return PublicBody.objects.filter(pk__in=memberships.values("unit__body_id"))


def consequence_editable_by(user: UserLike) -> QuerySet[ConsequenceTest]:
    """Consequence tests the user may propose or edit (the unit's PPID Pelaksana, the PPID)."""
    if is_superuser(user):
        return ConsequenceTest.objects.all()
    return ConsequenceTest.objects.filter(
        Q(body_id__in=dip_body_ids(user)) | Q(unit_id__in=dip_unit_ids(user))
    )


def consequence_office_visible_to(user: UserLike) -> QuerySet[ConsequenceTest]:
    if is_superuser(user):
        return ConsequenceTest.objects.all()
    read = membership_active_for_user(user).filter(role__in=list(DIP_READ_ROLES))
    return ConsequenceTest.objects.filter(
        Q(body_id__in=dip_body_ids(user))
        | Q(unit_id__in=dip_unit_ids(user))
        | Q(body_id__in=read.values("unit__body_id"))
    )


# --- Public reads ----------------------------------------------------------------------------


def _parse_number(value: str) -> int:
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


# The DIP is read in its own order: the entry numbers of the body.
ENTRY_KEYSET: Keyset[InformationEntry] = Keyset(
    fields=("number",), values_of=lambda e: (str(e.number),), parsers=(_parse_number,)
)


def entry_list_public(
    body: PublicBody, *, info_class: str = "", unit: Unit | None = None
) -> QuerySet[InformationEntry]:
    """Published entries of a body (exempt ones included: their title and why, never content)."""
    # Through the body's manager, every row comes back with `entry.body` set to `body`: no
    # join (a join to the body table led SQLite to sort a whole unit's entries for page 1).
    qs = body.dip_entries.filter(status=EntryStatus.PUBLISHED)
    if info_class:
        qs = qs.filter(info_class=info_class)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.select_related("unit", "consequence_test").order_by("number")


def entry_get_public(body: PublicBody, number: int) -> InformationEntry:
    from terbuka.core.exceptions import NotFound

    entry = (
        entry_list_public(body)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(is_active=True, current__isnull=False)
                .select_related("current", "current__scan")
                .order_by("id"),
            )
        )
        .filter(number=number)
        .first()
    )
    if entry is None:
        raise NotFound("not found")
    return entry


def serta_merta_announcements(limit: int = 5) -> list[InformationEntry]:
    """Published serta-merta entries, newest first, for the banner on every page."""
    # UU 14/2008 Pasal 10: announced at once, until withdrawn.
    return list(
        InformationEntry.objects.filter(
            status=EntryStatus.PUBLISHED, info_class=InfoClass.SERTA_MERTA
        )
        .select_related("body")
        .order_by("-published_at", "-id")[:limit]
    )


def exempt_list_public(body: PublicBody) -> QuerySet[ConsequenceTest]:
    """Decided tests closing information: what is closed and why, never the content."""
    return (
        ConsequenceTest.objects.filter(
            body=body,
            status__in=[ConsequenceStatus.DECIDED, ConsequenceStatus.REVIEW_DUE],
            result__in=[ConsequenceTest.Result.CLOSED, ConsequenceTest.Result.PARTLY_CLOSED],
        )
        .select_related("unit")
        .order_by("-decision_date", "-id")
    )


def version_is_releasable(version: DocumentVersion) -> bool:
    """A version may be downloaded by the public once no blocking finding is open."""
    return not scan_open_blocking(version.scan)


def version_get_downloadable(pk: int) -> DocumentVersion:
    """A current version of an active document of a published, non-exempt entry."""
    from terbuka.core.exceptions import NotFound

    version = (
        DocumentVersion.objects.select_related("document", "document__entry", "scan")
        .filter(
            pk=pk,
            document__is_active=True,
            document__current_id=pk,
            document__entry__status=EntryStatus.PUBLISHED,
        )
        .exclude(document__entry__info_class=InfoClass.DIKECUALIKAN)
        .first()
    )
    if version is None or not version_is_releasable(version):
        raise NotFound("not found")
    return version


def scan_open_blocking_count(scan: Any) -> int:
    return scan_open_blocking(scan).count()


def open_findings_for_entry(entry: InformationEntry) -> list[tuple[Document, Finding]]:
    """Blocking findings still open on the current versions of the entry's active documents."""
    found: list[tuple[Document, Finding]] = []
    documents = entry.documents.filter(is_active=True, current__isnull=False).select_related(
        "current", "current__scan"
    )
    for document in documents.order_by("id"):
        assert document.current is not None  # noqa: S101 - filtered above
        found.extend((document, f) for f in scan_open_blocking(document.current.scan))
    return found


def entry_timeline(entry: InformationEntry) -> QuerySet[RegistryEvent]:
    return entry.events.select_related("actor").order_by("occurred_at", "id")


def consequence_timeline(test: ConsequenceTest) -> QuerySet[RegistryEvent]:
    return test.events.select_related("actor").order_by("occurred_at", "id")


# --- Reminders -------------------------------------------------------------------------------

# How long before a periodic update or the end of an exemption the unit is reminded.
UPDATE_REMINDER_DAYS = (14, 0)
EXEMPTION_REMINDER_DAYS = (30, 7, 0)


@dataclass(frozen=True)
class Reminder:
    obj: Any
    kind: str  # "before_due", "on_due", "overdue"
    days: int


def update_reminders_due(today: date) -> list[Reminder]:
    """Published periodic entries whose update is due in 14 days, today, or overdue."""
    # UU 14/2008 Pasal 9(4): at least every 6 months.
    horizon = today + timedelta(days=max(UPDATE_REMINDER_DAYS))
    qs = (
        InformationEntry.objects.filter(
            status=EntryStatus.PUBLISHED,
            info_class=InfoClass.BERKALA,
            next_update_due_on__isnull=False,
            next_update_due_on__lte=horizon,
        )
        .select_related("body", "unit")
        .order_by("next_update_due_on", "pk")
    )
    found: list[Reminder] = []
    for entry in qs:
        due = entry.next_update_due_on
        assert due is not None  # noqa: S101 - filtered above
        days = (due - today).days
        if days < 0:
            found.append(Reminder(entry, "overdue", days))
        elif days in UPDATE_REMINDER_DAYS:
            found.append(Reminder(entry, "on_due" if days == 0 else "before_due", days))
    return found


def exemption_reminders_due(today: date) -> list[Reminder]:
    """Decided tests whose exemption ends in 30 or 7 days, or today."""
    horizon = today + timedelta(days=max(EXEMPTION_REMINDER_DAYS))
    qs = (
        ConsequenceTest.objects.filter(
            status=ConsequenceStatus.DECIDED,
            exempt_until__isnull=False,
            exempt_until__gte=today,
            exempt_until__lte=horizon,
        )
        .select_related("body", "unit")
        .order_by("exempt_until", "pk")
    )
    found: list[Reminder] = []
    for test in qs:
        assert test.exempt_until is not None  # noqa: S101 - filtered above
        days = (test.exempt_until - today).days
        if days in EXEMPTION_REMINDER_DAYS:
            found.append(Reminder(test, "on_due" if days == 0 else "before_due", days))
    return found


def consequence_tests_ending(today: date) -> QuerySet[ConsequenceTest]:
    """Decided tests whose exemption period has ended: due for review."""
    # UU 14/2008 Pasal 20: exemptions under Pasal 17 a-f are not permanent.
    return ConsequenceTest.objects.filter(
        status=ConsequenceStatus.DECIDED, exempt_until__isnull=False, exempt_until__lt=today
    ).order_by("pk")
