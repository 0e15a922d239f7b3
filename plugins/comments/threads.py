"""Threading: comments into nested threads, in O(n log n) time (one sort).

Storage keeps threads of any depth. For display, ``build_threads`` nests
replies up to ``max_depth`` levels; the replies below the deepest level are
listed after it, at that level, in date order, each marked with the name of
the comment it answers (``in_reply_to``), as WordPress does.

A comment whose parent is missing (or that is part of a reply cycle) is an
orphan: it is shown at the top level and reported.
"""

from dataclasses import dataclass, field


@dataclass
class Node:
    """A comment in a thread; ``children`` are its displayed replies."""

    comment: object
    children: list = field(default_factory=list)
    in_reply_to: str | None = None
    orphan: bool = False
    level: int = 1


@dataclass
class Thread:
    """The displayed threads of one post."""

    roots: list
    count: int
    orphans: list  # the orphaned comments, to report


def _key(comment):
    return (comment.date, comment.id)


def build_threads(comments, max_depth=5):
    """Thread ``comments`` (objects with id, replyto, date, author)."""
    max_depth = max(1, int(max_depth))
    ordered = sorted(comments, key=_key)
    nodes = {}
    for comment in ordered:
        nodes.setdefault(comment.id, Node(comment))
    replies = {comment_id: [] for comment_id in nodes}
    roots = []
    for comment in ordered:
        node = nodes[comment.id]
        if node.comment is not comment:
            continue  # a duplicate id: the first one wins
        parent = comment.replyto
        if parent and parent in nodes and parent != comment.id:
            replies[parent].append(node)
        else:
            node.orphan = bool(parent)
            roots.append(node)
    seen = _reachable(roots, replies)
    if len(seen) < len(nodes):  # reply cycles: no root reaches them
        for comment in ordered:
            node = nodes[comment.id]
            if comment.id not in seen and node.comment is comment:
                node.orphan = True
                replies[comment.replyto].remove(node)
                roots.append(node)
                seen |= _reachable([node], replies)
        roots.sort(key=lambda node: _key(node.comment))
    orphans = [node.comment for node in roots if node.orphan]
    _place(roots, replies, max_depth)
    return Thread(roots=roots, count=len(nodes), orphans=orphans)


def _reachable(roots, replies):
    seen, stack = set(), list(roots)
    while stack:
        node = stack.pop()
        seen.add(node.comment.id)
        stack.extend(replies[node.comment.id])
    return seen


def _place(roots, replies, max_depth):
    """Set each node's level and displayed children (``roots`` may grow)."""
    if max_depth == 1:
        flat = [*roots]
        for root in roots:
            flat += _flattened(root, replies, max_depth, mark_direct=True)
        flat.sort(key=lambda node: _key(node.comment))
        roots[:] = flat
        return
    stack = [(node, 1) for node in roots]
    while stack:
        node, level = stack.pop()
        node.level = level
        direct = replies[node.comment.id]
        if level + 1 < max_depth:
            node.children = list(direct)
            stack.extend((child, level + 1) for child in direct)
        else:
            node.children = _flattened(node, replies, max_depth)


def _flattened(node, replies, level, mark_direct=False):
    """Every reply below ``node`` at ``level``, in date order, naming parents."""
    found, stack = [], [node]
    while stack:
        parent = stack.pop()
        for child in replies[parent.comment.id]:
            named = mark_direct or parent is not node
            child.in_reply_to = parent.comment.author if named else None
            child.level = level
            child.children = []
            found.append(child)
            stack.append(child)
    found.sort(key=lambda child: _key(child.comment))
    return found
