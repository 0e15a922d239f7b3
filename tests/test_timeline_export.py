"""Exports: JSON and CSV read back equal the model; FHIR; no private entry anywhere."""

import csv
import io
import json
import re
from datetime import datetime, timedelta

from conftest import FIXTURES, build_site
from timeline_helpers import LONDON, big_journal, episode, journal_from

from plugins.symptom_log.journal import Journal
from plugins.timeline.export import (
    CSV_FIELDS,
    episodes_csv,
    journal_json,
    read_episodes_csv,
    read_journal_json,
)
from plugins.timeline.fhir import BODY_SITE_EXTENSION, bundle
from plugins.timeline.journal_page import journal_page, page_from_json, page_json

TIMELINE = FIXTURES / "timeline"
PRIVATE = sorted((FIXTURES / "privacy").glob("*.md"))
CANARY = re.compile(rb"canary", re.IGNORECASE)


def fixture_journal():
    return journal_from(
        TIMELINE / "article_with_timeline_marker.md",
        TIMELINE / "article_with_log_and_no_marker.md",
        TIMELINE / "article_with_markup_in_text.md",
        FIXTURES / "valid" / "article_with_full_log.md",
        FIXTURES / "valid" / "article_medication_switch.md",
        TIMELINE / "report" / "journal_for_the_report.md",
    )[0]


def odd_episodes():
    """Values that trip up CSV: commas, quotes, newlines, fractions, no time."""
    return [
        episode(
            "2026-03-02 07:40",
            beats=0,
            severity=5.5,
            duration=timedelta(seconds=90.5),
            triggers=("cold, wet", 'a "quote"'),
            note="line one\nline two, with a comma",
        ),
        episode("2026-03-03", site=None, side=None, symptom="spasm"),
    ]


def test_json_read_back_equals_the_model():
    journal = fixture_journal()
    journal.episodes.extend(odd_episodes())
    episodes, medications, periods, visits = read_journal_json(journal_json(journal))
    assert episodes == journal.episodes
    assert medications == journal.medications
    assert periods == journal.periods
    assert visits == journal.visits
    assert len(episodes) > 15


def test_csv_read_back_equals_the_model():
    journal = fixture_journal()
    journal.episodes.extend(odd_episodes())
    text = episodes_csv(journal.episodes)
    assert read_episodes_csv(text) == journal.episodes
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_FIELDS
    # not recorded is an empty cell, never 0
    last = rows[-1]
    assert (last["beats"], last["severity"], last["site"]) == ("", "", "")
    assert last["time_known"] == "no"


def test_times_keep_their_offset():
    summer = episode("2026-07-01 08:00")
    record = json.loads(journal_json(Journal(episodes=[summer])))
    assert record["episodes"][0]["at"] == "2026-07-01T08:00:00+01:00"
    (back,) = read_episodes_csv(episodes_csv([summer]))
    assert back.at == summer.at
    assert back.at.utcoffset() == timedelta(hours=1)


def test_fhir_bundle_has_an_observation_per_episode_and_statement_per_period():
    journal = fixture_journal()
    result = bundle(journal, timestamp=datetime(2026, 4, 1, 9, 0, tzinfo=LONDON))
    assert result["resourceType"] == "Bundle"
    assert result["type"] == "collection"
    resources = [entry["resource"] for entry in result["entry"]]
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Observation") == len(journal.episodes)
    assert kinds.count("MedicationStatement") == len(journal.periods)
    assert kinds.count("Patient") == 1
    urls = [entry["fullUrl"] for entry in result["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    by_url = dict(zip(urls, resources, strict=True))
    first = resources[kinds.index("Observation")]
    episode_one = journal.episodes[0]
    assert first["bodySite"]["text"] == f"{episode_one.side} {episode_one.site}"
    structure = by_url[first["extension"][0]["valueReference"]["reference"]]
    assert first["extension"][0]["url"] == BODY_SITE_EXTENSION
    assert structure["resourceType"] == "BodyStructure"
    assert structure["location"]["text"] == episode_one.site
    laterality = structure["locationQualifier"][0]["coding"][0]
    assert (laterality["system"], laterality["code"]) == (
        "http://snomed.info/sct",
        {"left": "7771000", "right": "24028007", "both": "51440002"}[episode_one.side],
    )
    assert first["valueQuantity"] == {
        "value": episode_one.beats,
        "unit": "beats",
        "system": "http://unitsofmeasure.org",
        "code": "{beats}",
    }
    # beats not recorded: no value at all, never 0
    unrecorded = [
        r
        for r, e in zip(
            (r for r in resources if r["resourceType"] == "Observation"),
            journal.episodes,
            strict=True,
        )
        if e.beats is None
    ]
    assert unrecorded
    assert all("valueQuantity" not in r for r in unrecorded)
    statements = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    ongoing = [s for s in statements if "end" not in s["effectivePeriod"]]
    assert all(s["status"] == "active" for s in ongoing)
    assert {s["subject"]["reference"] for s in statements} == {urls[0]}


def test_no_private_entry_in_svg_json_or_csv(tmp_path):
    site = build_site(tmp_path, PRIVATE, FEED_DOMAIN="https://example.org")
    produced = [
        site.output / "data" / "journal.json",
        site.output / "data" / "episodes.csv",
        site.output / "timeline" / "index.html",
        *(site.output / "timeline").glob("*.svg"),
        *site.output.rglob("timeline.svg"),
    ]
    assert len(produced) >= 6
    for path in produced:
        assert not CANARY.search(path.read_bytes()), path
    data = json.loads(produced[0].read_text())
    # the public episodes are there, the private ones are not
    assert sorted(e["site"] for e in data["episodes"]) == ["ankle", "knee"]
    assert [m["drug"] for m in data["medications"]] == ["baclofen"]


def test_fhir_bundle_from_the_privacy_fixtures_has_no_private_text():
    journal, _days = journal_from(
        *(p for p in PRIVATE if "Title:" not in p.read_text())
    )
    text = json.dumps(bundle(journal, timestamp=datetime(2026, 6, 1, tzinfo=LONDON)))
    assert "canary" not in text.lower()
    assert text.count('"Observation"') == 2


def test_the_journal_page_kept_in_the_cache_is_the_page_made():
    journal = big_journal(300, years=3)
    logged = {e.at.date() for e in journal.episodes}
    page = journal_page(journal, logged)
    assert len(page.years) == 3 and all(year.chart for year in page.years)
    kept = page_from_json(page_json(page))
    assert kept == page
    assert kept.figure.__html__() == page.figure  # still markup to show as it is
    assert page_from_json(b'{"figure": 1}') is None
