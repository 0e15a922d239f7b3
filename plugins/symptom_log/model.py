"""The symptom log of one post, validated into plain objects.

``read_log`` turns the ``episodes``, ``medications``, ``visits`` and ``ratings``
of a post's front matter into a ``SymptomLog``. Private items are left out of
it: they never reach anything that renders. Nothing recorded stays ``None``;
it is never read as zero. Problems come back as ``Problem`` values, errors and
warnings, each naming the line and the field.
"""

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from plugins.common.dates import parse_moment
from plugins.common.problems import Problem

SITES = (
    "jaw",
    "neck",
    "shoulder",
    "elbow",
    "wrist",
    "hand",
    "trunk",
    "hip",
    "knee",
    "ankle",
    "foot",
)
SYMPTOMS = ("clonus", "spasm", "cramp", "stiffness", "pain", "tremor", "weakness")
SIDES = ("left", "right", "both")
CHANGES = ("start", "stop", "increase", "decrease", "switch", "as-needed")
RATING_SCALES = {
    "spasticity": (0, 10),
    "pain": (0, 10),
    "fatigue": (0, 10),
    "sleep": (0, 10),
    "mood": (0, 10),
    "penn_frequency": (0, 4),
    "penn_severity": (1, 3),
}
MAX_ITEMS = 500
MAX_TEXT = 2000
MAX_WORD = 60  # a site, symptom, side, change or trigger
MAX_TRIGGERS = 20
MAX_BEATS = 10_000  # over half an hour of clonus at 5 beats a second
MAX_DURATION = timedelta(hours=24)

_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Episode:
    at: datetime
    time_known: bool
    symptom: str
    site: str | None
    side: str | None
    beats: int | None
    duration: timedelta | None
    severity: float | None
    triggers: tuple = ()
    note: str | None = None


@dataclass(frozen=True)
class MedicationChange:
    drug: str
    change: str
    date: date
    dose: str | None = None
    when: str | None = None
    from_drug: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Visit:
    date: date
    with_: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MedicationPeriod:
    """A drug taken at one dose from ``start`` until ``end`` (None: ongoing)."""

    drug: str
    dose: str | None
    start: date
    end: date | None
    when: str | None = None
    as_needed: bool = False


@dataclass(frozen=True)
class SymptomLog:
    episodes: tuple = ()
    medications: tuple = ()
    visits: tuple = ()
    ratings: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.episodes or self.medications or self.visits or self.ratings)

    def view_key(self):
        """A digest of everything here, for the page cache (plugins/writer):
        the log is made of plain values only, which ``repr`` writes out whole."""
        return hashlib.sha256(repr(self).encode("utf-8", "surrogatepass")).digest()


class _Reader:
    """Reads one post's log, collecting problems instead of raising."""

    def __init__(self, path, line, post_date, tz, written=None):
        self.path = path
        self.line = line
        self.post_date = post_date
        self.tz = tz
        self.written = written or (lambda *path: None)
        self.problems = []

    def report(self, where, name, message, severity="error"):
        self.problems.append(
            Problem(self.path, self.line(*where), name, message, severity)
        )

    def items(self, meta, key):
        """The public mappings listed under ``key``, with their paths."""
        value = meta.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report((key,), key, "must be a list of items (lines starting '- ')")
            return []
        if len(value) > MAX_ITEMS:
            self.report((key,), key, f"more than {MAX_ITEMS} items in one post")
            return []
        found = []
        for index, item in enumerate(value):
            where = (key, index)
            if not isinstance(item, dict):
                self.report(where, key, "each item must be a set of 'name: value'")
            elif self.private(item, where) is False:
                found.append((item, where))
        return found

    def private(self, item, where):
        flag = item.get("private", False)
        if not isinstance(flag, bool):
            self.report((*where, "private"), "private", "must be true or false")
            return True  # when in doubt, keep it out of the site
        return flag

    def text(self, item, where, name, required=False, limit=MAX_TEXT):
        value = item.get(name)
        if value is None:
            if required:
                self.report(where, name, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.report((*where, name), name, "must be text")
            return None
        if not isinstance(value, str):  # a number, kept as written: 3.10
            value = self.written(*where, name) or value
        value = str(value).strip()
        if len(value) > limit:
            self.report((*where, name), name, f"longer than {limit} characters")
            return None
        if not value and required:
            self.report((*where, name), name, "missing")
        return value or None

    def choice(self, item, where, name, allowed, *, default=None, strict=True):
        value = self.text(item, where, name, limit=MAX_WORD)
        if value is None:
            return default
        value = value.lower()
        if value not in allowed:
            listed = ", ".join(allowed)
            if strict:
                self.report((*where, name), name, f"'{value}' is not one of {listed}")
                return default
            self.report(
                (*where, name),
                name,
                f"'{value}' is not a known {name} ({listed}); kept",
                "warning",
            )
        return value

    def number(self, item, where, name, limits, *, whole=False):
        low, high = limits
        value = item.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = "a whole number" if whole else "a number"
            self.report((*where, name), name, f"must be {kind}, got '{value}'")
            return None
        if whole and not isinstance(value, int):
            self.report((*where, name), name, f"must be a whole number, got {value}")
            return None
        if not low <= value <= high:  # also refuses nan
            shown = self.written(*where, name) or value
            if len(str(shown)) > 20:
                shown = f"a number of {len(str(shown))} digits"
            self.report((*where, name), name, f"must be {low} to {high}, got {shown}")
            return None
        return value

    def day(self, item, where, name, required=False):
        value = item.get(name)
        if value is None:
            if required:
                return self.post_date.date()
            return None
        moment = self.moment(value, where, name)
        return moment[0].date() if moment else None

    def moment(self, value, where, name):
        """Read a date, a date and time, or a time on the post's day."""
        try:
            return parse_moment(value, self.tz, self.post_date.date())
        except ValueError as error:
            self.report((*where, name), name, str(error))
            return None

    def duration(self, item, where):
        value = item.get("duration")
        if value is None:
            return None
        text = str(value).strip() if isinstance(value, str | int | float) else ""
        parts = _DURATION_PART.findall(text)
        leftover = _DURATION_PART.sub("", text).strip()
        if isinstance(value, bool) or not parts or leftover:
            self.report(
                (*where, "duration"),
                "duration",
                f"'{value}' is not a duration: write 25s, 3min or 1h",
            )
            return None
        seconds = sum(
            float(amount) * {"h": 3600, "m": 60, "s": 1}[unit[0].lower()]
            for amount, unit in parts
        )
        if seconds > MAX_DURATION.total_seconds():
            self.report(
                (*where, "duration"),
                "duration",
                f"'{value}' is longer than a day: log each day's part in its post",
            )
            return None
        return timedelta(seconds=seconds)

    def triggers(self, item, where):
        value = item.get("triggers")
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_TRIGGERS:
            self.report((*where, "triggers"), "triggers", f"more than {MAX_TRIGGERS}")
            return ()
        found = []
        for index, trigger in enumerate(values):
            if isinstance(trigger, bool) or not isinstance(trigger, str | int | float):
                self.report((*where, "triggers", index), "triggers", "must be words")
                continue
            path = (*where, "triggers", *([index] if isinstance(value, list) else []))
            written = None if isinstance(trigger, str) else self.written(*path)
            word = " ".join(str(written or trigger).split()).lower()
            if len(word) > MAX_WORD:
                self.report(
                    (*where, "triggers", index),
                    "triggers",
                    f"'{word[:20]}...' is longer than {MAX_WORD} characters",
                )
            elif word:
                found.append(word)
        return tuple(found)


def read_log(meta, line, *, path, post_date, tz, written=None):
    """Validate a post's log; return ``(SymptomLog, problems)``.

    ``meta`` is the front matter as a dict, ``line(*path)`` gives a value's line,
    ``written(*path)`` a number's text as written (None if unknown),
    ``post_date`` is the post's aware datetime and ``tz`` the site's zone.
    """
    reader = _Reader(path, line, post_date, tz, written)
    log = SymptomLog(
        episodes=tuple(_episodes(reader, meta)),
        medications=tuple(_medications(reader, meta)),
        visits=tuple(_visits(reader, meta)),
        ratings=_ratings(reader, meta),
    )
    return log, reader.problems


def _episodes(reader, meta):
    for item, where in reader.items(meta, "episodes"):
        at = item.get("at")
        moment = (reader.post_date.replace(hour=0, minute=0), False)
        if at is not None:
            moment = reader.moment(at, where, "at")
            if moment is None:
                continue
        symptom = reader.choice(
            item, where, "symptom", SYMPTOMS, default="clonus", strict=False
        )
        yield Episode(
            at=moment[0],
            time_known=moment[1],
            symptom=symptom,
            site=reader.choice(item, where, "site", SITES, strict=False),
            side=reader.choice(item, where, "side", SIDES),
            beats=reader.number(item, where, "beats", (0, MAX_BEATS), whole=True),
            duration=reader.duration(item, where),
            severity=reader.number(item, where, "severity", (0, 10)),
            triggers=reader.triggers(item, where),
            note=reader.text(item, where, "note"),
        )


def _medications(reader, meta):
    for item, where in reader.items(meta, "medications"):
        drug = reader.text(item, where, "drug", required=True)
        change = reader.choice(item, where, "change", CHANGES)
        if item.get("change") is None:
            reader.report(where, "change", "missing (" + ", ".join(CHANGES) + ")")
        dose = reader.text(item, where, "dose")
        if dose is not None and not re.search(r"[^\d.\s]", dose):
            reader.report((*where, "dose"), "dose", f"'{dose}' needs a unit: 6 mg")
            dose = None
        if drug is None or change is None:
            continue
        yield MedicationChange(
            drug=drug.lower(),
            change=change,
            date=reader.day(item, where, "date", required=True),
            dose=dose,
            when=reader.text(item, where, "when"),
            from_drug=(reader.text(item, where, "from") or "").lower() or None,
            note=reader.text(item, where, "note"),
        )


def _visits(reader, meta):
    for item, where in reader.items(meta, "visits"):
        yield Visit(
            date=reader.day(item, where, "date", required=True),
            with_=reader.text(item, where, "with"),
            note=reader.text(item, where, "note"),
        )


def _ratings(reader, meta):
    value = meta.get("ratings")
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.report(("ratings",), "ratings", "must be 'name: number' lines")
        return {}
    ratings = {}
    for name, _score in value.items():
        low, high = RATING_SCALES.get(str(name), (0, 10))
        if str(name) not in RATING_SCALES:
            reader.report(
                ("ratings", name),
                str(name),
                f"not a known rating ({', '.join(RATING_SCALES)}); kept as 0-10",
                "warning",
            )
        score = reader.number(value, ("ratings",), name, (low, high))
        if score is not None:
            ratings[str(name)] = score
    return ratings


def derive_periods(changes):
    """Turn medication changes, in any order, into periods at one dose.

    ``changes`` are ``(source, MedicationChange)`` pairs; ``source`` names the
    post in warnings. Returns ``(periods, warnings)``, periods by start date.
    """
    open_periods = {}
    periods = []
    warnings = []

    def close(drug, day):
        period = open_periods.pop(drug)
        periods.append(replace(period, end=day))

    ordered = sorted(changes, key=lambda pair: pair[1].date)
    for source, change in ordered:
        drug = change.drug
        if change.change == "stop":
            if drug in open_periods:
                close(drug, change.date)
            else:
                warnings.append(
                    f"{source}: {drug} stopped on {change.date} but no start was logged"
                )
            continue
        if change.change == "switch":
            others = [change.from_drug] if change.from_drug else list(open_periods)
            for other in others:
                if other != drug and other in open_periods:
                    close(other, change.date)
        if drug in open_periods:
            close(drug, change.date)
        open_periods[drug] = MedicationPeriod(
            drug=drug,
            dose=change.dose,
            start=change.date,
            end=None,
            when=change.when,
            as_needed=change.change == "as-needed",
        )
    periods.extend(open_periods.values())
    periods.sort(key=lambda period: (period.start, period.drug))
    return periods, warnings
