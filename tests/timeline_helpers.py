"""Journals for the timeline tests: from fixture posts, or generated."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from plugins.frontmatter_reader.post import parse_post
from plugins.symptom_log.journal import Journal
from plugins.symptom_log.model import (
    Episode,
    MedicationChange,
    SymptomLog,
    Visit,
)

LONDON = ZoneInfo("Europe/London")


def journal_from(*paths):
    """``(Journal, post days)`` from fixture posts, as the build reads them."""
    logs, days = [], set()
    for path in paths:
        post = parse_post(path.read_text(encoding="utf-8"), path.name, LONDON)
        assert not post.errors, post.errors
        if post.log and not post.private:
            logs.append((post.path, post.log))
            days.add(post.meta["date"].date())
    return Journal.from_logs(logs), days


def episode(at, site="ankle", side="left", beats=None, severity=None, **more):
    moment = datetime.fromisoformat(at).replace(tzinfo=LONDON)
    values = {
        "at": moment,
        "time_known": len(at) > 10,
        "symptom": "clonus",
        "site": site,
        "side": side,
        "beats": beats,
        "duration": None,
        "severity": severity,
    }
    values.update(more)
    return Episode(**values)


def big_journal(count, years=20, seed=7):
    """``count`` random episodes over ``years``, with doses and visits."""
    rng = random.Random(seed)
    start = datetime(2006, 1, 1, tzinfo=LONDON)
    minutes = years * 365 * 1440
    sites = ["ankle", "knee", "jaw", "hip", "wrist", "shoulder", "foot"]
    episodes = [
        Episode(
            at=start + timedelta(minutes=rng.randrange(minutes)),
            time_known=True,
            symptom="clonus",
            site=rng.choice(sites),
            side=rng.choice(["left", "right", "both", None]),
            beats=rng.choice([None, rng.randint(0, 40)]),
            duration=None,
            severity=rng.choice([None, rng.randint(0, 10)]),
            triggers=(rng.choice(["cold", "stairs", "stretching"]),),
        )
        for _ in range(count)
    ]
    changes = [
        MedicationChange(
            drug="tizanidine",
            change="increase",
            date=date(2006 + k // 3, 1 + (k % 3) * 4, 1),
            dose=f"{k % 8 + 2} mg",
        )
        for k in range(3 * years)
    ]
    visits = [
        Visit(date=date(2006 + k // 2, 3 + (k % 2) * 6, 10), with_="neurologist")
        for k in range(2 * years)
    ]
    log = SymptomLog(
        episodes=tuple(episodes), medications=tuple(changes), visits=tuple(visits)
    )
    return Journal.from_logs([("generated", log)])
