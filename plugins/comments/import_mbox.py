"""Import emailed replies from an mbox, as ``pending`` comments.

Every post page offers "Reply by email", a mailto whose subject is
``Comment on <post-slug>``; a reply is matched to its post by that slug in
the subject (``Re:`` and the like do not matter). Each comment offers one
too, whose subject goes on ``, reply to <comment-id>``: the reply is
threaded under that comment (when it is on that post). The plain-text part is
kept, without quoted lines, the "On ... wrote:" line above them, or a
signature. The sender's name is kept; their address only if asked for.
"""

import email.policy
import mailbox
import re
from dataclasses import dataclass
from email.utils import parseaddr, parsedate_to_datetime

from .importing import (
    MAX_BODY_CHARS,
    Skip,
    author_name,
    body_text,
    email_address,
    read_each,
    stable_id,
)
from .store import ID_PATTERN, Comment

_SUBJECT = re.compile(r"comment on:?\s*\[?([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)
_REPLY_TO = re.compile(r"reply to:?\s*([a-z0-9][a-z0-9_-]{0,79})\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9][a-z0-9_-]*")
_WROTE = re.compile(r"^\s*On .+wrote:\s*$", re.IGNORECASE)


def _post(subject, index):
    match = _SUBJECT.search(subject)
    if match and match.group(1).lower() in index.slugs:
        return match.group(1).lower()
    for word in _WORD.findall(subject.lower()):
        if word in index.slugs:
            return word
    return None


def _replyto(subject):
    """The id of the comment a subject says it answers, or None."""
    match = _REPLY_TO.search(subject)
    return (
        match.group(1).lower()
        if match and ID_PATTERN.fullmatch(match.group(1).lower())
        else None
    )


def strip_quotes(text):
    """``text`` without quoted lines, their "On ... wrote:" line, a signature."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--":
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    while kept and (not kept[-1].strip() or _WROTE.match(kept[-1])):
        kept.pop()
    return "\n".join(kept).strip()


@dataclass(frozen=True)
class _Email:
    """What a reply gives a comment, as plain values."""

    subject: str
    sender: str  # the From header as written
    name: str
    address: str
    date: str | None  # the Date header as written
    message_id: str
    text: str | None  # the plain-text part, None if there is none to read


def _read(raw):
    """An ``_Email`` from a message's bytes.

    Raises whatever the email package raises: on crafted headers its parser
    has raised IndexError (a Message-ID of 10,000 "<"), RecursionError (a
    From of 30,000 "("), UnicodeEncodeError and HeaderParseError.
    """
    message = email.message_from_bytes(raw, policy=email.policy.default)
    sender = str(message.get("From", ""))
    name, address = parseaddr(sender)
    date = message.get("Date")
    return _Email(
        subject=str(message.get("Subject", "")),
        sender=sender,
        name=name,
        address=address,
        date=str(date) if date is not None else None,
        message_id=str(message.get("Message-ID", "")).strip(),
        text=_plain_text(message),
    )


def _plain_text(message):
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError):
        return None


def _date(header):
    """The Date header as an aware datetime, or None if it cannot be read."""
    try:
        moment = parsedate_to_datetime(header)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else None


def _message(raw, index, with_email):
    try:
        mail = _read(raw)
    except Exception:  # the email package's, on a crafted message: see _read
        raise Skip("unreadable message") from None
    post = _post(mail.subject, index)
    if post is None:
        raise Skip("unknown post")
    date = _date(mail.date) if mail.date else None
    if date is None:
        raise Skip("bad date" if mail.date else "missing date")
    if mail.text is None:
        raise Skip("no plain text")
    body = strip_quotes(mail.text)
    if not body or len(body) > MAX_BODY_CHARS:
        raise Skip("empty" if not body else "too long")
    key = mail.message_id or f"{mail.sender}|{mail.date}|{body}"
    return Comment(
        id=stable_id("mail", key),
        post=post,
        author=author_name(mail.name or "A reader"),
        date=date,
        body=body_text(body),
        status="pending",
        source="email",
        email=email_address(mail.address) if with_email else None,
        replyto=_replyto(mail.subject),
    )


def read_mbox(path, index, report, with_email=False):
    """The replies in the mbox at ``path`` as candidates."""
    box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        return read_each(
            box.iterkeys(),
            lambda key: _message(box.get_bytes(key), index, with_email),
            report,
        )
    finally:
        box.close()
