"""One problem with one file, as every check in the journal reports it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message}"
