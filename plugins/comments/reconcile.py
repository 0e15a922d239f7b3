"""What a fetch changes in the comment store: planned, then applied; no Pelican.

The source owns its replies, but only the files it wrote and nobody changed
since (``store.untouched``). For each post, the replies a source gives now
are compared with the files of that source in the post's folder:

- a reply with no file is new: ``pending``, or ``approved`` when its source
  is in ``COMMENTS["auto_approve"]`` or the post's own author wrote it (a
  reply labelled by its source's moderators always waits);
- a reply whose file differs is updated (edited at its source), keeping
  the status the writer gave it, except that an approved reply changed at
  its source waits for approval again unless its source is auto-approved;
- a file whose reply is gone (deleted at its source, or from an account in
  ``COMMENTS["blocked"]``) is removed.

A file changed by hand is never written over or removed: it is kept, and
the plan says so. A reply whose parent is not stored (not given, refused,
blocked) is stored at the top of the thread. Nothing is written until
``apply``, which checks again that each file it replaces or removes is
still the one planned from.
"""

import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from plugins.common.files import write_atomic

from .reactions import update_reactions
from .replies import is_blocked
from .store import (
    Comment,
    NotStorable,
    fetched,
    new_file,
    parse_comment,
    untouched,
    write_files,
)

EDITED = "edited by hand, so kept as it is"


@dataclass(frozen=True)
class Rules:
    """What every plan of one run needs to know."""

    folder: Path  # the comment store, content/comments
    tz: object
    auto_approve: frozenset = frozenset()
    blocked: tuple = ()  # replies.block_rules
    stored: dict = field(default_factory=dict)  # id -> post, as the run began


@dataclass
class Plan:
    """The changes of one source, not yet made."""

    new: list = field(default_factory=list)  # store.NewFile
    updated: list = field(default_factory=list)  # (path, text, text it replaces)
    removed: list = field(default_factory=list)  # (path, text it removes)
    kept: list = field(default_factory=list)  # (path, why)
    skipped: Counter = field(default_factory=Counter)
    reactions: dict = field(default_factory=dict)  # slug -> {source: counts}

    def summary(self):
        done = [
            f"{len(self.new)} new",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
        ]
        if self.kept:
            done.append(f"{len(self.kept)} kept ({EDITED})")
        skipped = sum(self.skipped.values())
        if skipped:
            why = ", ".join(f"{n} {r}" for r, n in sorted(self.skipped.items()))
            done.append(f"{skipped} left out ({why})")
        return ", ".join(done)


def plan_source(rules, source, by_post, counts, scope=()):
    """The plan for one source's replies.

    ``by_post`` maps each post's slug to its replies (``replies.Reply``);
    ``scope`` names more posts whose files of this source are the source's
    too (the site's webmentions: every post). ``counts`` maps slugs to
    their counts (None: remove them), or is None to leave them.
    """
    plan, inside = Plan(), set()
    for slug in sorted(set(by_post) | set(scope)):
        replies = by_post.get(slug, [])
        _plan_post(rules, source, slug, replies, plan=plan, inside=inside)
    for slug, post_counts in (counts or {}).items():
        plan.reactions[slug] = {source: post_counts}
    return plan


def _plan_post(rules, source, slug, replies, *, plan, inside):
    wanted = {}
    for reply in replies:
        if is_blocked(reply.identities, rules.blocked):
            plan.skipped["blocked"] += 1
        elif reply.id in wanted:
            plan.skipped["seen twice"] += 1
        else:
            wanted[reply.id] = reply
    existing = _existing(rules, slug, source)
    storable = _storable(
        rules, source, slug, wanted, existing=existing, plan=plan, inside=inside
    )
    for comment, old in storable:
        _plan_file(rules, comment, old, plan)
    for comment_id, (path, text, comment) in existing.items():
        if comment_id in wanted or comment is None or comment.source != source:
            continue
        if untouched(text):
            plan.removed.append((path, text))
        else:
            plan.kept.append((path, f"gone from its source; {EDITED}"))


def _existing(rules, slug, source):
    """``{id: (path, text, Comment or None)}`` of the source's files on ``slug``."""
    folder = rules.folder / slug
    found = {}
    if not folder.is_dir() or folder.is_symlink():
        return found
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(f"{source}-") and name.endswith(".md")):
            continue
        path = folder / name
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        comment = parse_comment(text, str(path), slug, rules.tz)[0] if text else None
        found[path.stem] = (path, text or "", comment)
    return found


def _storable(rules, source, slug, wanted, *, existing, plan, inside):
    """``(Comment, ((path, text, Comment) or None, NewFile))`` of each reply
    that can be stored, threaded under a parent that is stored too."""
    refused, ready = set(), {}
    while True:
        ready = {}
        for reply in wanted.values():
            if reply.id in refused:
                continue
            parent = reply.parent if reply.parent in wanted else None
            made = _comment(
                rules, source, slug, reply, parent=parent, existing=existing
            )
            comment = fetched(made)
            try:
                ready[reply.id] = comment, new_file(rules.folder, comment, inside)
            except NotStorable as problem:
                plan.skipped[problem.reason] += 1
                refused.add(reply.id)
        # A parent refused after its reply was made: make the reply again.
        if not any(comment.replyto in refused for comment, _ in ready.values()):
            break
        for comment, _ in ready.values():
            if comment.replyto in refused:
                wanted[comment.id] = replace(wanted[comment.id], parent=None)
    for comment_id, (comment, checked) in ready.items():
        old = existing.get(comment_id)
        if old is None and not _free(rules, slug, comment_id, source, plan):
            continue
        yield comment, (old, checked)


def _comment(rules, source, slug, reply, *, parent, existing):
    old = existing.get(reply.id)
    current = old[2] if old and untouched(old[1]) else None
    trusted = (source in rules.auto_approve or reply.by_writer) and not reply.review
    mention = reply.kind == "mention"
    comment = Comment(
        id=reply.id,
        post=slug,
        author=reply.author,
        date=reply.date,
        body=reply.html,
        status="approved" if trusted else "pending",
        source=source,
        url=reply.source_url if mention else reply.author_url,
        replyto=parent,
        author_is_writer=reply.by_writer,
        format="html",
        kind=reply.kind,
        title=reply.title if mention else None,
        source_url=reply.source_url,
    )
    if current is None:
        return comment
    changed = fetched(comment).fetch_hash != current.fetch_hash
    keeps = current.status != "approved" or not changed or trusted
    return replace(comment, status=current.status if keeps else "pending")


def _free(rules, slug, comment_id, source, plan):
    """Whether a new file ``comment_id`` may be made on ``slug``: its id is
    on no other post, or only in a file this source wrote there, which moves."""
    other = rules.stored.get(comment_id)
    if other is None or other == slug:
        return True
    path = rules.folder / other / f"{comment_id}.md"
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    comment = parse_comment(text, str(path), other, rules.tz)[0] if text else None
    if comment is not None and comment.source == source and untouched(text):
        plan.removed.append((path, text))
        return True
    plan.kept.append((path, f"its reply is now on {slug}; {EDITED}"))
    return False


def _plan_file(rules, comment, old_and_checked, plan):
    old, checked = old_and_checked
    if old is None:
        plan.new.append(checked)
        return
    path, text, _current = old
    if text == checked.text:
        return
    if untouched(text):
        plan.updated.append((path, checked.text, text))
    else:
        plan.kept.append((path, f"changed at its source; {EDITED}"))


def apply(rules, plan):
    """Make the planned changes; a file changed since it was planned from is
    left as it is, and kept. Returns the paths written."""
    written = write_files(plan.new)
    for path, text, old in plan.updated:
        if _still(path, old):
            write_atomic(path, text)
            written.append(path)
        else:
            plan.kept.append((path, f"changed during the fetch; {EDITED}"))
    for path, old in plan.removed:
        if _still(path, old):
            path.unlink(missing_ok=True)
        else:
            plan.kept.append((path, f"changed during the fetch; {EDITED}"))
    for slug, changes in plan.reactions.items():
        update_reactions(rules.folder, slug, changes)
    return written


def _still(path, text):
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False
