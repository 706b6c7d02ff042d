"""HSDS schedules → opening hours text, in every language of the kit.

The words come from CLDR through Babel (day names, lists, time ranges, "24
hours"), so a Spanish poster reads "Lunes – viernes 9:00–17:00" without anyone
translating it. Only weekly opening hours are written this way; anything else
(monthly patterns, particular weeks or days of the year, a limited number of
occurrences) keeps the schedule's own description, and an expired schedule is
not used at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from babel.dates import format_interval
from babel.lists import format_list
from babel.units import format_unit

from ..i18n.catalogues import babel_locale
from ..i18n.locales import locale_info
from .clean import is_placeholder, parse_date, plain

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Opening:
    days: frozenset[int]
    """0 = Monday."""
    opens: time
    closes: time

    @property
    def all_day(self) -> bool:
        return self.opens == time(0) and self.closes in (time(0), time(23, 59), time(23, 59, 59))


class Unusable(ValueError):
    """This schedule cannot be printed as opening hours; the message says why."""

    def __init__(self, message: str, field: str, expired: bool = False) -> None:
        super().__init__(message)
        self.field = field
        """The schedule field that makes it unusable, for messages."""
        self.expired = expired


def _time(value: object) -> time | None:
    text = str(value or "").strip().removesuffix("Z")
    if not text:
        return None
    for sign in "+-":  # an offset from UTC does not change the hours on the door
        text = text.split(sign)[0]
    if text in ("24:00", "24:00:00"):
        return time(0)
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise Unusable(f"{value!r} is not a time such as 09:00", "opens_at") from None


def opening(schedule: dict, today: date) -> Opening:
    """The weekly opening a schedule describes, or Unusable saying why it is not one."""
    start, end = parse_date(schedule.get("valid_from") or ""), parse_date(schedule.get("valid_to") or "")
    until = parse_date(schedule.get("until") or "")
    if (end and end < today) or (until and until < today):
        raise Unusable(
            f"was valid only until {min(d for d in (end, until) if d)}; it is out of date",
            "valid_to" if end else "until",
            expired=True,
        )
    if start and start > today:
        raise Unusable(f"starts on {start}; it is not in effect yet", "valid_from", expired=True)
    freq = str(schedule.get("freq") or "WEEKLY").upper()
    extra = [key for key in ("byweekno", "bymonthday", "byyearday", "count") if schedule.get(key) not in (None, "")]
    if freq != "WEEKLY" or extra:
        what = f"freq {freq}" if freq != "WEEKLY" else ", ".join(extra)
        raise Unusable(f"repeats in a way a poster cannot say ({what})", "freq" if freq != "WEEKLY" else extra[0])
    opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
    if opens is None or closes is None:
        raise Unusable("has no opens_at and closes_at", "opens_at")
    parts = [p.strip().upper() for p in str(schedule.get("byday") or "").split(",") if p.strip()]
    if not parts:
        raise Unusable("does not say on which days (byday)", "byday")
    if any(p not in DAYS for p in parts):
        raise Unusable(f"byday {schedule.get('byday')!r} is not a list of days such as MO,TU", "byday")
    return Opening(frozenset(DAYS.index(p) for p in parts), opens, closes)


def _days(days: set[int] | frozenset[int], locale: str) -> str:
    names = babel_locale(locale).days["format"]["wide"]
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{names[r[0]]} – {names[r[-1]]}" if len(r) >= 3 else names[d]
        for r in runs
        for d in (r if len(r) < 3 else r[:1])
    ]
    return format_list(parts, locale=babel_locale(locale))


def _times(item: Opening, locale: str) -> str:
    loc = babel_locale(locale)
    if item.all_day:
        return format_unit(24, "duration-hour", locale=loc)
    twelve = "h" in loc.time_formats["short"].pattern
    on_the_hour = item.opens.minute == item.closes.minute == 0
    skeleton = ("h" if on_the_hour else "hm") if twelve else "Hm"
    return format_interval(item.opens, item.closes, skeleton, locale=loc)


@lru_cache(maxsize=1024)
def hours_text(openings: tuple[Opening, ...], locale: str) -> str:
    """`Monday – Friday 9 AM – 5 PM and Saturday 10 AM – 2 PM` in `locale`."""
    merged: dict[tuple[time, time], set[int]] = {}
    for item in openings:
        merged.setdefault((item.opens, item.closes), set()).update(item.days)
    groups = sorted((min(days), o, c) for (o, c), days in merged.items())
    parts = [
        f"{_days(merged[o, c], locale)} {_times(Opening(frozenset(merged[o, c]), o, c), locale)}" for _, o, c in groups
    ]
    text = format_list(parts, locale=babel_locale(locale))
    return text[:1].upper() + text[1:]


def schedule_hours(
    schedules: list[dict], locales: list[str], base: str, today: date
) -> tuple[dict[str, str] | None, list[tuple[int, str, str]]]:
    """Hours text per locale from a service's schedules, and (index, field, why) for each schedule not printed as hours.

    Weekly hours are written in every locale; when a current schedule is not
    weekly, its description is used in the source's language (`base`). None when
    no schedule can be used.
    """
    openings, notes, described = [], [], []
    for index, schedule in enumerate(schedules):
        try:
            openings.append(opening(schedule, today))
        except Unusable as why:
            description = plain(str(schedule.get("description") or ""))
            current = not why.expired
            if current and description and not is_placeholder(description, "description"):
                described.append(description)
                notes.append((index, why.field, f"{why}; its description is used as the hours"))
            else:
                notes.append((index, why.field, f"{why}; not used"))
    if openings:
        codes = [
            code for code in dict.fromkeys([base, *locales]) if locale_info(code).babel
        ]  # CLDR has their day names
        return {code: hours_text(tuple(openings), code) for code in codes} or None, notes
    if described:
        return {base: " ".join(described)}, notes
    return None, notes
