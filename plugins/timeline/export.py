"""Every public entry as ``journal.json`` and ``episodes.csv``, and back again.

Only what the ``Journal`` holds is written, and the Journal holds public
entries only. Not recorded is ``null`` in JSON and an empty cell in CSV, never
0. Times are ISO 8601 with their UTC offset; ``time_known`` says whether the
clock time was written down (false: only the day is known). Durations are in
seconds. In CSV several triggers are joined with ``"; "``.
"""

import csv
import io
import json
from datetime import date, datetime, timedelta

from plugins.symptom_log.model import (
    Episode,
    MedicationChange,
    MedicationPeriod,
    Visit,
)

FORMAT_VERSION = 1
CSV_FIELDS = (
    "at",
    "time_known",
    "symptom",
    "site",
    "side",
    "beats",
    "duration_s",
    "severity",
    "triggers",
    "note",
)
TRIGGER_SEPARATOR = "; "


def _seconds(duration):
    if duration is None:
        return None
    seconds = duration.total_seconds()
    return int(seconds) if seconds == int(seconds) else seconds


def episode_record(e):
    return {
        "at": e.at.isoformat(),
        "time_known": e.time_known,
        "symptom": e.symptom,
        "site": e.site,
        "side": e.side,
        "beats": e.beats,
        "duration_s": _seconds(e.duration),
        "severity": e.severity,
        "triggers": list(e.triggers),
        "note": e.note,
    }


def journal_record(journal):
    return {
        "format": FORMAT_VERSION,
        "episodes": [episode_record(e) for e in journal.episodes],
        "medications": [
            {
                "drug": c.drug,
                "change": c.change,
                "date": c.date.isoformat(),
                "dose": c.dose,
                "when": c.when,
                "from": c.from_drug,
                "note": c.note,
            }
            for c in journal.medications
        ],
        "periods": [
            {
                "drug": p.drug,
                "dose": p.dose,
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
                "when": p.when,
                "as_needed": p.as_needed,
            }
            for p in journal.periods
        ],
        "visits": [
            {"date": v.date.isoformat(), "with": v.with_, "note": v.note}
            for v in journal.visits
        ],
    }


def journal_json(journal):
    """One entry a line: readable, and fast (``indent`` would use the slow encoder)."""
    record = journal_record(journal)
    parts = [f'{{"format": {record.pop("format")}']
    for key, items in record.items():
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
        parts.append(f'"{key}": [\n{lines}\n]' if items else f'"{key}": []')
    return ",\n".join(parts) + "}\n"


def episodes_csv(episodes):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for episode in episodes:
        row = episode_record(episode)
        row["time_known"] = "yes" if episode.time_known else "no"
        row["triggers"] = TRIGGER_SEPARATOR.join(episode.triggers)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _episode(record):
    duration = record["duration_s"]
    return Episode(
        at=datetime.fromisoformat(record["at"]),
        time_known=record["time_known"],
        symptom=record["symptom"],
        site=record["site"],
        side=record["side"],
        beats=record["beats"],
        duration=None if duration is None else timedelta(seconds=duration),
        severity=record["severity"],
        triggers=tuple(record["triggers"]),
        note=record["note"],
    )


def read_journal_json(text):
    """``(episodes, medications, periods, visits)`` as model objects."""
    data = json.loads(text)
    episodes = [_episode(r) for r in data["episodes"]]
    medications = [
        MedicationChange(
            drug=r["drug"],
            change=r["change"],
            date=date.fromisoformat(r["date"]),
            dose=r["dose"],
            when=r["when"],
            from_drug=r["from"],
            note=r["note"],
        )
        for r in data["medications"]
    ]
    periods = [
        MedicationPeriod(
            drug=r["drug"],
            dose=r["dose"],
            start=date.fromisoformat(r["start"]),
            end=date.fromisoformat(r["end"]) if r["end"] else None,
            when=r["when"],
            as_needed=r["as_needed"],
        )
        for r in data["periods"]
    ]
    visits = [
        Visit(date=date.fromisoformat(r["date"]), with_=r["with"], note=r["note"])
        for r in data["visits"]
    ]
    return episodes, medications, periods, visits


def read_episodes_csv(text):
    """The episodes of ``episodes.csv`` as model objects."""
    episodes = []
    for row in csv.DictReader(io.StringIO(text)):
        value = {k: (v if v != "" else None) for k, v in row.items()}
        beats, duration, severity = (
            value["beats"],
            value["duration_s"],
            value["severity"],
        )
        episodes.append(
            _episode(
                {
                    **value,
                    "time_known": row["time_known"] == "yes",
                    "beats": None if beats is None else int(beats),
                    "duration_s": None if duration is None else float(duration),
                    "severity": None if severity is None else _number(severity),
                    "triggers": [
                        t for t in row["triggers"].split(TRIGGER_SEPARATOR) if t
                    ],
                }
            )
        )
    return episodes


def _number(text):
    number = float(text)
    return int(number) if number == int(number) and "." not in text else number
