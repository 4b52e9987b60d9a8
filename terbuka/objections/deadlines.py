"""The clocks of an objection and a dispute, as pure functions of dates and a `Calendar`.

Built on `terbuka.inforequests.deadlines._clock` so the stored inputs (`clock_inputs`) have the
same shape as a request's. Nothing here reads the current date or the database.
"""

from __future__ import annotations

from datetime import date

from terbuka.calendars.workdays import Calendar, add_working_days
from terbuka.inforequests.deadlines import OBJECTION_DAYS, Clock, _clock

# UU 14/2008 Pasal 36(2): the Atasan PPID answers within 30 working days of receipt.
RESPONSE_DAYS = 30
# UU 14/2008 Pasal 37(2): a dispute within 14 working days of the Atasan's answer.
DISPUTE_FILING_DAYS = 14
# UU 14/2008 Pasal 38(1): the Komisi Informasi starts within 14 working days of receipt.
COMMISSION_START_DAYS = 14
# UU 14/2008 Pasal 38(2): and settles within 100 working days.
COMMISSION_SETTLE_DAYS = 100
# UNCONFIRMED: the law is silent on the fulfilment period after an Atasan's order; we reuse the
# notice's provide_within_days when set, else the 10 working days of Pasal 22(7).
ORDER_FULFILMENT_DAYS = 10


def ground_arose_on(
    notice_on: date | None, notice_due_on: date | None, *, calendar: Calendar, region_code: str = ""
) -> date | None:
    """Return the day the objection ground arose (UU 14/2008 Pasal 36(1)).

    The written notice date; with no notice, the first working day after the notice due date.
    None when neither is known (ground b without a request: no window check).
    """
    if notice_on is not None:
        return notice_on
    if notice_due_on is None:
        return None
    return add_working_days(notice_due_on, 1, region_code=region_code, calendar=calendar).due


def filing_window(start: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the last day to file an objection: 30 working days from the ground."""
    return _clock(
        "objection_window", "UU 14/2008 Pasal 36(1)", start, OBJECTION_DAYS, calendar, region_code
    )


def response_due(received_on: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the Atasan PPID's answer due date: 30 working days after receipt."""
    return _clock(
        "objection_response",
        "UU 14/2008 Pasal 36(2)",
        received_on,
        RESPONSE_DAYS,
        calendar,
        region_code,
    )


def order_fulfilment_due(
    responded_on: date, *, calendar: Calendar, days: int | None = None, region_code: str = ""
) -> Clock:
    """Return the fulfilment due date of an Atasan's order to give the information."""
    return _clock(
        "order_fulfilment",
        "UNCONFIRMED (UU 14/2008 Pasal 36(2), 22(7) by analogy)",
        responded_on,
        days or ORDER_FULFILMENT_DAYS,
        calendar,
        region_code,
    )


def dispute_filing_due(start: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the last day to file a dispute without the late warning (Pasal 37(2))."""
    return _clock(
        "dispute_filing",
        "UU 14/2008 Pasal 37(2)",
        start,
        DISPUTE_FILING_DAYS,
        calendar,
        region_code,
    )


def commission_clocks(
    received_on: date, *, calendar: Calendar, region_code: str = ""
) -> tuple[Clock, Clock]:
    """Return the Komisi Informasi's start and settle dates (Pasal 38), for information."""
    law = "UU 14/2008 Pasal 38"
    return (
        _clock("commission_start", law, received_on, COMMISSION_START_DAYS, calendar, region_code),
        _clock(
            "commission_settle", law, received_on, COMMISSION_SETTLE_DAYS, calendar, region_code
        ),
    )
