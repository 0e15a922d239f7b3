"""A post's log in plain sentences, for feeds and anywhere HTML tables can't go.

Only what was recorded is said: a value that is ``None`` is left out of the
sentence, never written as 0.
"""

import html


def duration_text(delta):
    """``timedelta`` -> "25 s", "3 min", "1 h 10 min"."""
    total = round(delta.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if (seconds and not hours) or not total:  # seconds only matter under an hour
        parts.append(f"{seconds} s")
    return " ".join(parts)


def number_text(value):
    return str(int(value)) if value == int(value) else str(value)


def episode_sentence(episode):
    """ "14 March, 07:40: clonus, left ankle: 14 beats, 25 s, after cold." """
    when = episode.at.strftime("%-d %B, %H:%M: " if episode.time_known else "%-d %B: ")
    where = " ".join(part for part in (episode.side, episode.site) if part)
    details = []
    if episode.beats is not None:
        details.append(f"{episode.beats} beat{'s' * (episode.beats != 1)}")
    if episode.duration is not None:
        details.append(duration_text(episode.duration))
    if episode.severity is not None:
        details.append(f"severity {number_text(episode.severity)}/10")
    if episode.triggers:
        details.append("after " + ", ".join(episode.triggers))
    head = f"{when}{episode.symptom}" + (f", {where}" if where else "")
    text = head + (": " + ", ".join(details) if details else "")
    return _with_note(text, episode.note)


def medication_text(change):
    """ "Switch from baclofen to tizanidine 2 mg, at night (3 June 2026)" """
    dose = f" {change.dose}" if change.dose else ", dose not recorded"
    if change.change == "switch":
        source = f"from {change.from_drug} " if change.from_drug else ""
        text = f"Switch {source}to {change.drug}{dose}"
    elif change.change in ("increase", "decrease"):
        new = f" to {change.dose}" if change.dose else ", new dose not recorded"
        text = f"{change.change.capitalize()} {change.drug}{new}"
    elif change.change == "stop":
        text = f"Stop {change.drug}"
    elif change.change == "as-needed":
        text = f"As needed: {change.drug}{dose}"
    else:
        text = f"{change.change.capitalize()} {change.drug}{dose}"
    when = f", {change.when}" if change.when else ""
    return f"{text}{when} ({change.date:%-d %B %Y})"


def visit_text(visit):
    """ "Visit: neurologist, 16 April 2026" """
    return f"Visit: {visit.with_ or 'clinician not recorded'}, {visit.date:%-d %B %Y}"


def _with_note(text, note):
    return f"{text}." + (f" {note}" if note else "")


def log_lines(log):
    """The log of one post as a list of plain sentences, in the page's order."""
    lines = [episode_sentence(episode) for episode in log.episodes]
    lines += [_with_note(medication_text(c), c.note) for c in log.medications]
    lines += [_with_note(visit_text(v), v.note) for v in log.visits]
    if log.ratings:
        rated = ", ".join(
            f"{name.replace('_', ' ')} {number_text(score)}"
            for name, score in log.ratings.items()
        )
        lines.append(f"Ratings: {rated}.")
    return lines


def log_html(log):
    """The log as an escaped HTML list, for a feed entry; "" for an empty log."""
    lines = log_lines(log)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<h2>What my body logged</h2><ul>{items}</ul>"
