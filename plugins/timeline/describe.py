"""The chart in words: its ``<title>``, the takeaway in ``<desc>``, the caption.

The takeaway is what a sighted reader gets at a glance, for a screen reader:
"Ankle clonus on 9 of the 14 days shown, mostly after stretching; none since
tizanidine went up to 6 mg."
"""

from collections import Counter

from .binning import top_triggers
from .chart import NO_SITE, OTHER
from .parts import drawn_gaps
from .scales import MONTHS


def day_words(day, year=True):
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def span_words(first, last):
    return f"{day_words(first, first.year != last.year)} to {day_words(last)}"


def plural(count, one, many=None):
    return f"{count} {one if count == 1 else (many or one + 's')}"


def chart_title(chart):
    kind = "Clonus" if chart.symptoms <= {"clonus"} else "Symptom"
    if chart.first == chart.last:
        return f"{kind} timeline, {day_words(chart.first)}"
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
    words = f"{_site_words(site)} {symptom} " + _on_days(chart, len(days_of[site]))
    triggers = top_triggers(episodes, 1)
    if triggers:
        trigger, count = triggers[0]
        words += (", mostly" if count * 2 > len(episodes) else ", most often") + (
            f" after {trigger}"
        )
    words += _since_change(chart, episodes)
    others = [
        _site_words(s).lower()
        + ("" if chart.days == 1 else f" on {plural(len(days_of[s]), 'day')}")
        for s, _es in ranked[1:3]
    ]
    if others:
        words += "; also " + " and ".join(others)
    unlogged = chart.days - len(chart.logged)
    if unlogged:
        words += f"; no entries on {plural(unlogged, 'day')}"
    return words + "."


def _on_days(chart, count):
    """ "on 3 of the 14 days shown", "on all 14 days shown", "on 3 Feb 2026"."""
    if chart.days == 1:
        return f"on {day_words(chart.first)}"
    if count == chart.days:
        return f"on all {chart.days} days shown"
    return f"on {count} of the {chart.days} days shown"


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


def summary(chart):
    """The chart in one sentence: its title and what it holds."""
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
        f"{plural(len(sites), 'site')}{binned}."
    )


def caption(chart):
    """The figcaption: what is drawn and how to read what is there."""
    if chart.empty:
        return summary(chart)
    drawn = ["Each lane is a body site, split by side"]
    if chart.periods:
        drawn.append("grey bands are medication doses")
    if chart.visits:
        drawn.append("dashed lines are visits")
    if drawn_gaps(chart):
        drawn.append("shaded days, hatched along the axis, have no entries")
    return f"{summary(chart)} {'; '.join(drawn)}. The tables below have the same data."
