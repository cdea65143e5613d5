"""A person's duties as an iCalendar feed (RFC 5545) that Outlook and other calendars subscribe
to: one all-day event on the day each outstanding duty, action or other deadline falls due."""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import reverse

from schedule.deadlines import deadlines_for
from schedule.models import Duty

# How far back and ahead the feed reaches: overdue work, and the next periods planned.
BACK, AHEAD = timedelta(days=90), timedelta(days=120)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space."""
    data, parts = line.encode(), []
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = b" " + data[cut:]
    parts.append(data.decode())
    return parts


def _event(uid: str, day: date, summary: str, url: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@qa-portal",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def feed(staff, *, today: date, now: datetime) -> str:
    base = settings.PORTAL_URL.rstrip("/")
    stamp = f"{now:%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//QA Portal//Duties//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(f'QA duties: {staff.name}')}",
    ]
    duties = (
        Duty.objects.outstanding()
        .filter(owner=staff, due_on__range=(today - BACK, today + AHEAD))
        .select_related("responsibility", "subject_staff", "subject_team")
    )
    for duty in duties:
        lines += _event(f"duty-{duty.pk}", duty.due_on, duty.title(),
                        base + reverse("schedule:duty_detail", args=[duty.pk]), stamp)
    for item in deadlines_for(staff, today=today, until=today + AHEAD):
        key = item.key or "deadline-" + hashlib.sha1(f"{item.kind}|{item.url}".encode()).hexdigest()[:16]
        lines += _event(key, item.due_on,
                        f"{item.kind}: {item.title}", base + item.url if item.url.startswith("/") else item.url, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
