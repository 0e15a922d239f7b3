"""The whole journal's log: every public entry, and the derived medication periods."""

from dataclasses import dataclass, field

from .model import derive_periods


@dataclass
class Journal:
    """All public entries of the journal in time order.

    Built from ``(source, SymptomLog)`` pairs; ``warnings`` holds what did not
    add up across posts (a drug stopped that was never started).
    """

    episodes: list = field(default_factory=list)
    medications: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    periods: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @classmethod
    def from_logs(cls, logs):
        journal = cls()
        changes = []
        for source, log in logs:
            journal.episodes.extend(log.episodes)
            journal.visits.extend(log.visits)
            changes.extend((source, change) for change in log.medications)
        journal.episodes.sort(key=lambda episode: episode.at)
        journal.visits.sort(key=lambda visit: visit.date)
        journal.medications = sorted((c for _s, c in changes), key=lambda c: c.date)
        journal.periods, journal.warnings = derive_periods(changes)
        return journal
