"""Import emailed replies from an mbox, as ``pending`` comments.

Every post page offers "Reply by email", a mailto whose subject is
``Comment on <post-slug>``; a reply is matched to its post by that slug in
the subject (``Re:`` and the like do not matter). The plain-text part is
kept, without quoted lines, the "On ... wrote:" line above them, or a
signature. The sender's name is kept; their address only if asked for.
"""

import email.policy
import mailbox
import re
from email.utils import parseaddr, parsedate_to_datetime

from .importing import MAX_BODY_CHARS, author_name, body_text, stable_id
from .store import Comment

_SUBJECT = re.compile(r"comment on:?\s*\[?([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)
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


def _plain_text(message):
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError):
        return None


def _message(raw, index, report, with_email):
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(message.get("Subject", ""))
        sender = str(message.get("From", ""))
        date_header = message.get("Date")
    except (ValueError, TypeError, IndexError):
        report.skip("unreadable message")
        return None
    post = _post(subject, index)
    if post is None:
        report.skip("unknown post")
        return None
    try:
        date = parsedate_to_datetime(str(date_header)) if date_header else None
    except (ValueError, TypeError):
        date = None
    if date is None or date.tzinfo is None:
        report.skip("missing date")
        return None
    text = _plain_text(message)
    if text is None:
        report.skip("no plain text")
        return None
    body = strip_quotes(text)
    if not body or len(body) > MAX_BODY_CHARS:
        report.skip("empty" if not body else "too long")
        return None
    name, address = parseaddr(sender)
    key = str(message.get("Message-ID", "")).strip() or f"{sender}|{date_header}|{body}"
    return Comment(
        id=stable_id("mail", key),
        post=post,
        author=author_name(name or "A reader"),
        date=date,
        body=body_text(body),
        status="pending",
        source="email",
        email=address if with_email and address else None,
    )


def read_mbox(path, index, report, with_email=False):
    """The replies in the mbox at ``path`` as candidates."""
    box = mailbox.mbox(str(path), factory=None, create=False)
    found = []
    try:
        for key in box.iterkeys():
            comment = _message(box.get_bytes(key), index, report, with_email)
            if comment is not None:
                found.append(comment)
    finally:
        box.close()
    return found
