"""Legal deadlines as an iCalendar file (RFC 5545) that any calendar application can subscribe to.

Each deadline (the 20-day reply to an offer, 集体合同规定 第三十二条; the 10-day filing,
第四十二条; the 15 days the labour bureau has to object, 第四十七条 …) becomes an all-day event on
the day it falls due, with a reminder (``VALARM``) some days before, so that a union officer hears
of it while there is still time to act.
The `icalendar` package writes the file: escaping, line folding and the alarm syntax are its job.

>>> import datetime as dt
>>> calendar = deadline_calendar([], now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
>>> calendar.startswith(b"BEGIN:VCALENDAR")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import icalendar

from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.domain.lifecycle import Due

__all__ = ["DEFAULT_REMINDER", "deadline_calendar"]

DEFAULT_REMINDER = dt.timedelta(days=3)
"""How long before a deadline its reminder goes off."""

_PRODUCT = "-//bargain//deadlines//ZH"


def deadline_calendar(
    due: Iterable[Due],
    lang: Lang = Lang.ZH,
    *,
    remind: dt.timedelta = DEFAULT_REMINDER,
    now: dt.datetime | None = None,
) -> bytes:
    """The deadlines as an iCalendar file: one all-day event each, with a reminder before it.

    Args:
        due: the deadlines, as ``Workflow.due`` lists them (read once, in order).
        lang: the language of the titles and descriptions.
        remind: how long before the day the reminder goes off (at the start of that day).
        now: the time stamp of the events (``DTSTAMP``); the current time by default.
    """
    stamp = dt.datetime.now(dt.UTC) if now is None else now
    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", Bilingual("集体协商期限", "collective bargaining deadlines").get(lang)
    )
    for item in due:
        day = item.deadline.due
        title = f"{item.kind.label.get(lang)}：{item.agreement_id}"
        event = icalendar.Event()
        event.add("uid", f"{item.agreement_id}-{item.kind.value}-{day:%Y%m%d}@bargain")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", title)
        event.add("description", item.text(lang))
        event.add_component(_reminder(title, remind, lang))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _reminder(title: str, before: dt.timedelta, lang: Lang) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    days = before.days
    alarm.add(
        "description",
        Bilingual(f"{days}日后到期：{title}", f"due in {days} days: {title}").get(lang),
    )
    return alarm
