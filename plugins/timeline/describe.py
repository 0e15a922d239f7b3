"""The chart in words: its ``<title>``, the takeaway in ``<desc>``, the caption.

The takeaway is what a sighted reader gets at a glance, for a screen reader:
"Ankle clonus on 9 of the 14 days shown, mostly after stretching; none since
tizanidine went up to 6 mg."
"""

from collections import Counter

from .binning import top_triggers
from .chart import NO_SITE, OTHER
from .scales import MONTHS


def day_words(day, year=True):
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def span_words(first, last):
    return f"{day_words(first, first.year != last.year)} to {day_words(last)}"


def plural(count, one, many=None):
    return f"{count} {one if count == 1 else (many or one + 's')}"


def chart_title(chart):
    kind = "Clonus" if chart.symptoms <= {"clonus"} else "Symptom"
    return f"{kind} timeline, {span_words(chart.first, chart.last)}"


def _site_words(site):
    return site if site in (OTHER, NO_SITE) else site.capitalize()


def change_words(change):
    """A change as the end of "none since ...": "tizanidine went up to 6 mg"."""
    dose = change.dose or "a dose not recorded"
    drug = change.drug
    return {
        "start": f"{drug} started at {dose}",
        "stop": f"{drug} stopped",
        "increase": f"{drug} went up to {dose}",
        "decrease": f"{drug} went down to {dose}",
        "switch": f"the switch to {drug} {dose}",
        "as-needed": f"{drug} {dose} as needed began",
    }.get(change.change, f"{drug} changed")


def takeaway(chart):
    """One or two sentences that state what the chart shows."""
    span = span_words(chart.first, chart.last)
    days = plural(chart.days, "day")
    if not chart.logged and not chart.episodes:
        return (
            f"Nothing was logged from {span}: {days} with no entries, "
            "which is a gap in the record, not a good spell."
        )
    if not chart.episodes:
        return (
            f"No episodes logged from {span}; entries on {len(chart.logged)} "
            f"of the {days}." + _medication_sentence(chart)
        )
    by_site = {}
    for episode in chart.episodes:
        site = episode.site or NO_SITE
        found = by_site.get(site)
        if found is None:
            by_site[site] = [episode]
        else:
            found.append(episode)
    days_of = {s: {e.at.toordinal() for e in found} for s, found in by_site.items()}
    ranked = sorted(
        by_site.items(),
        key=lambda item: (-len(days_of[item[0]]), -len(item[1]), item[0]),
    )
    site, episodes = ranked[0]
    symptom = Counter(e.symptom for e in episodes).most_common(1)[0][0]
    site_days = len(days_of[site])
    words = f"{_site_words(site)} {symptom} on {site_days} of the {days} shown"
    triggers = top_triggers(episodes, 1)
    if triggers:
        trigger, count = triggers[0]
        words += (", mostly" if count * 2 > len(episodes) else ", most often") + (
            f" after {trigger}"
        )
    words += _since_change(chart, episodes)
    others = [
        f"{_site_words(s).lower()} on {plural(len(days_of[s]), 'day')}"
        for s, _es in ranked[1:3]
    ]
    if others:
        words += "; also " + " and ".join(others)
    unlogged = chart.days - len(chart.logged)
    if unlogged:
        words += f"; no entries on {plural(unlogged, 'day')}"
    return words + "."


def _since_change(chart, episodes):
    if not chart.changes:
        return ""
    change = chart.changes[-1]
    after = [e for e in episodes if e.at.date() >= change.date]
    if not after:
        return f"; none since {change_words(change)}"
    return f"; {len(after)} since {change_words(change)} on {day_words(change.date)}"


def _medication_sentence(chart):
    if not chart.changes:
        return ""
    change = chart.changes[-1]
    return f" Last change: {change_words(change)} on {day_words(change.date)}."


def caption(chart):
    """The figcaption: what is drawn and how to read it."""
    if chart.empty:
        return f"{chart_title(chart)}: nothing was logged in these days."
    sites = {e.site or NO_SITE for e in chart.episodes}
    binned = (
        ""
        if chart.unit == "episode"
        else f", one mark per {chart.unit} and side (there are too many to show each)"
    )
    return (
        f"{chart_title(chart)}: {plural(len(chart.episodes), 'episode')} at "
        f"{plural(len(sites), 'site')}{binned}. Each lane is a body site, split by "
        "side; bands below the lanes are medication doses, dashed lines are "
        "visits, hatched areas are days with no entries. The same data is in "
        "the tables."
    )
