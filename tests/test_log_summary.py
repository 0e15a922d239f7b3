"""The log in plain sentences: only what was recorded is said."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from plugins.symptom_log.model import Episode, MedicationChange, SymptomLog, Visit
from plugins.symptom_log.summary import duration_text, log_lines

LONDON = ZoneInfo("Europe/London")
AT = datetime(2026, 3, 14, 7, 40, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (25, "25 s"), (90, "1 min 30 s"), (180, "3 min"), (3600, "1 h"),
     (4200, "1 h 10 min"), (4230, "1 h 10 min")],
)  # fmt: skip
def test_durations_read_as_people_say_them(seconds, text):
    assert duration_text(timedelta(seconds=seconds)) == text


def test_every_kind_of_entry_becomes_a_sentence():
    log = SymptomLog(
        episodes=(
            Episode(AT, True, "clonus", "ankle", "left", 14, timedelta(seconds=25), 6,
                    ("stretching",), "Gave up."),
            Episode(AT, False, "spasm", None, None, None, None, None),
            Episode(AT, True, "clonus", "jaw", None, 1, None, 5.5, ("chewing", "cold")),
        ),
        medications=(
            MedicationChange("tizanidine", "switch", date(2026, 6, 3), "2 mg",
                             "at night", "baclofen", "Tapered first."),
            MedicationChange("tizanidine", "increase", date(2026, 7, 27)),
            MedicationChange("baclofen", "stop", date(2026, 6, 3)),
            MedicationChange("diazepam", "as-needed", date(2026, 8, 1), "2 mg"),
        ),
        visits=(Visit(date(2026, 4, 15), "neurologist", "Bring numbers."),),
        ratings={"spasticity": 6, "penn_frequency": 3},
    )  # fmt: skip
    assert log_lines(log) == [
        "14 March, 07:40: clonus, left ankle: 14 beats, 25 s, severity 6/10, "
        "after stretching. "
        "Gave up.",
        "14 March: spasm.",
        "14 March, 07:40: clonus, jaw: 1 beat, severity 5.5/10, after chewing, cold.",
        "Switch from baclofen to tizanidine 2 mg, at night (3 June 2026). "
        "Tapered first.",
        "Increase tizanidine, new dose not recorded (27 July 2026).",
        "Stop baclofen (3 June 2026).",
        "As needed: diazepam 2 mg (1 August 2026).",
        "Visit: neurologist, 15 April 2026. Bring numbers.",
        "Ratings: spasticity 6, penn frequency 3.",
    ]
