"""E-mail of the DIP: reminders of periodic updates and of exemptions that end.

Reminders go to the unit's PPID Pelaksana and the body's PPID Utama, in each recipient's
language, once per (subject, kind, day) through the dedupe key.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from terbuka.notifications.recipients import (
    absolute_url,
    merge,
    ppid_utama,
    send_all,
    unit_officers,
)
from terbuka.registry.models import ConsequenceTest, InformationEntry


def remind_update(*, entry: InformationEntry, kind: str, today: date) -> int:
    """Remind the unit that a periodic entry is due for its update (UU 14/2008 Pasal 9(4))."""
    context = {
        "title": entry.title,
        "number": entry.number,
        "body_name": entry.body.name,
        "unit_name": entry.unit.name,
        "due_on": entry.next_update_due_on,
        "months": entry.update_every_months,
        "reminder_kind": kind,
        "url": absolute_url(reverse("registry_office:entry", kwargs={"pk": entry.pk})),
    }
    day = today.isoformat()
    return send_all(
        merge(unit_officers([entry.unit_id]), ppid_utama(entry.body_id)),
        template="registry/update_reminder",
        context=context,
        key=lambda a: f"dip:{entry.pk}:update:{kind}:{day}:{a.lower()}",
    )


def remind_exemption(*, test: ConsequenceTest, kind: str, today: date) -> int:
    """Remind the PPID that an exemption period ends (UU 14/2008 Pasal 20)."""
    context = {
        "information": test.information,
        "body_name": test.body.name,
        "unit_name": test.unit.name,
        "exempt_until": test.exempt_until,
        "decision_number": test.decision_number,
        "reminder_kind": kind,
        "url": absolute_url(reverse("registry_office:test", kwargs={"pk": test.pk})),
    }
    day = today.isoformat()
    return send_all(
        merge(unit_officers([test.unit_id]), ppid_utama(test.body_id)),
        template="registry/exemption_reminder",
        context=context,
        key=lambda a: f"dip-test:{test.pk}:exemption:{kind}:{day}:{a.lower()}",
    )


def review_due(*, test: ConsequenceTest, today: date) -> int:
    """Tell the PPID that an exemption ended and the test must be reviewed."""
    context = {
        "information": test.information,
        "body_name": test.body.name,
        "unit_name": test.unit.name,
        "exempt_until": test.exempt_until,
        "decision_number": test.decision_number,
        "reminder_kind": "review_due",
        "url": absolute_url(reverse("registry_office:test", kwargs={"pk": test.pk})),
    }
    return send_all(
        merge(unit_officers([test.unit_id]), ppid_utama(test.body_id)),
        template="registry/exemption_reminder",
        context=context,
        key=lambda a: f"dip-test:{test.pk}:review-due:{a.lower()}",
    )
