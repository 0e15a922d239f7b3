"""Pelican's command line, with messages a person can grep and click.

    python -m plugins.common.run_pelican [--fail-on-error] PELICAN-ARGUMENTS

Pelican logs through rich, which wraps each message to the terminal's width
(80 columns in a pipe or CI) and splits a ``path:line`` over two lines. Here
every message is one line, ``LEVEL: message``, whatever its length and the
width; an exception is named on that line, its traceback shown only with
Pelican's ``-D``. With ``--fail-on-error`` the build runs to the end, so that
every problem is listed, and then exits 1 if any error was logged (Pelican's
own ``--fatal errors`` stops at the first, with a traceback).
"""

import logging
import sys
import traceback

import pelican
from pelican import log


class OneLineFormatter(logging.Formatter):
    def format(self, record):
        message = " ".join(record.getMessage().splitlines())
        if record.exc_info:
            kind, error = record.exc_info[:2]
            if str(error) not in message:
                message += f" ({kind.__name__}: {' '.join(str(error).splitlines())})"
            if logging.getLogger().isEnabledFor(logging.DEBUG):
                message += "\n" + "".join(traceback.format_exception(*record.exc_info))
        return f"{record.levelname}: {message}"


class CountingHandler(logging.StreamHandler):
    """Writes each record to stderr and counts the errors."""

    def __init__(self):
        super().__init__(sys.stderr)
        self.errors = 0

    def emit(self, record):
        self.errors += record.levelno >= logging.ERROR
        super().emit(record)


def main(argv):
    fail_on_error = "--fail-on-error" in argv
    handler = CountingHandler()
    handler.setFormatter(OneLineFormatter())
    for name in pelican.LOG_HANDLERS:  # "rich", the default, and "plain"
        pelican.LOG_HANDLERS[name] = handler
    log.console.soft_wrap = True  # Pelican's own lines ("Done: ...") unwrapped too
    pelican.main([arg for arg in argv if arg != "--fail-on-error"])
    if fail_on_error and handler.errors:
        sys.exit(f"run_pelican: {handler.errors} error(s), listed above")


if __name__ == "__main__":
    main(sys.argv[1:])
