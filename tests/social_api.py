"""JSON shaped like the social web's APIs, for 127.0.0.1 servers (blogroll_server).

Shapes follow each API's documentation: Mastodon's Status entity
(GET /api/v1/statuses/:id and .../context), Bluesky's
app.bsky.feed.getPostThread (threadViewPost, notFoundPost, blockedPost) and
com.atproto.identity.resolveHandle, webmention.io's jf2 feed
(/api/mentions.jf2). Only the fields a real answer carries, with values of
their real types, so a reader that trusts a field it should check fails here.
"""

import json

from blogroll_server import Route

WRITER_DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
SAM_DID = "did:plc:abcdefghijklmnopqrstuvwx"


def json_route(data, etag='"v1"', **options):
    body = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return Route(body=body, content_type="application/json", etag=etag, **options)


def account(acct, name, host="social.example"):
    user = acct.split("@")[0]
    return {
        "id": str(sum(map(ord, acct))),
        "username": user,
        "acct": acct,
        "display_name": name,
        "url": f"https://{host}/@{user}",
        "avatar": f"https://files.{host}/avatars/{user}.png",
        "bot": False,
    }


def status(status_id, reply_to, content, who=None, **fields):
    """A Mastodon Status; ``who`` an account(), Sam on social.example by default."""
    who = who or account("sam", "Sam Reed")
    host, user = "social.example", who["username"]
    return {
        "id": status_id,
        "created_at": "2026-03-15T10:00:00.000Z",
        "in_reply_to_id": reply_to,
        "in_reply_to_account_id": "1",
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://{host}/users/{user}/statuses/{status_id}",
        "url": f"https://{host}/@{user}/{status_id}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": None,
        "content": content,
        "reblog": None,
        "account": who,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        **fields,
    }


def context(*descendants):
    return {"ancestors": [], "descendants": list(descendants)}


def root_status(status_id, likes=0, boosts=0):
    return status(
        status_id,
        None,
        "<p>New post</p>",
        account("ren", "Ren"),
        favourites_count=likes,
        reblogs_count=boosts,
    )


def bsky_post(rkey, text, did=SAM_DID, handle="sam.bsky.social", **record):
    return {
        "uri": f"at://{did}/app.bsky.feed.post/{rkey}",
        "cid": f"bafyreib{rkey}",
        "author": {
            "did": did,
            "handle": handle,
            "displayName": handle.split(".")[0].title(),
            "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/x@jpeg",
            "labels": [],
        },
        "record": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-03-15T10:00:00.000Z",
            **record,
        },
        "replyCount": 0,
        "repostCount": 0,
        "likeCount": 0,
        "indexedAt": "2026-03-15T10:00:01.000Z",
        "labels": [],
    }


def bsky_node(post, *replies):
    return {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": post,
        "replies": list(replies),
    }


def bsky_thread(rkey, *replies, likes=0, reposts=0):
    root = bsky_post(rkey, "New post", WRITER_DID, "ren.bsky.social")
    root.update(likeCount=likes, repostCount=reposts)
    return {"thread": bsky_node(root, *replies)}


def bsky_gone(uri):
    return {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": True}


def jf2_entry(wm_id, prop, target, **fields):
    """One webmention.io jf2 entry about ``target`` (one of our pages)."""
    source = f"https://blog.example/{wm_id}/"
    entry = {
        "type": "entry",
        "author": {
            "type": "card",
            "name": "Blog Writer",
            "photo": "https://webmention.io/avatar/blog.example/x.png",
            "url": "https://blog.example/",
        },
        "url": source,
        "published": "2026-03-15T10:00:00+00:00",
        "wm-received": "2026-03-15T10:05:00Z",
        "wm-id": wm_id,
        "wm-source": source,
        "wm-target": target,
        "wm-protocol": "webmention",
        "wm-property": prop,
        "wm-private": False,
        prop: target,
    }
    if prop in ("in-reply-to", "mention-of"):
        entry["content"] = {"html": "<p>A reply</p>", "text": "A reply"}
        entry["name"] = "Their post"
    entry.update(fields)
    return entry


def jf2(*entries):
    return {"type": "feed", "name": "Webmentions", "children": list(entries)}


# Where a server answers for the post whose Mastodon status is 100 and whose
# Bluesky author is ren.bsky.social, and for webmention.io.
CONTEXT = "/api/v1/statuses/100/context"
STATUS = "/api/v1/statuses/100"
THREAD = "/xrpc/app.bsky.feed.getPostThread"
RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"
MENTIONS = "/api/mentions.jf2"
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'
JS = "javascript:alert(1)"


def hostile_sources(server, webmention_target):
    """One reply at each source with XSS and javascript: in every field."""
    who = dict(account("sam", XSS), url=JS, acct="sam")
    reply = status("101", "100", f"<p>Hello {XSS}</p>", who, url=JS, spoiler_text=XSS)
    server.routes[CONTEXT] = json_route(context(dict(reply, uri=JS)))
    server.routes[STATUS] = json_route(root_status("100"))
    post = bsky_post("3kone", f"Hi {XSS}", handle="sam.bsky.social")
    post["author"]["displayName"] = XSS
    post["record"]["facets"] = [
        {
            "index": {"byteStart": 0, "byteEnd": 2},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": JS}],
        }
    ]
    server.routes[RESOLVE] = json_route({"did": WRITER_DID})
    server.routes[THREAD] = json_route(bsky_thread("3kroot", bsky_node(post)))
    entry = jf2_entry(
        1,
        "in-reply-to",
        webmention_target,
        url=JS,
        name=XSS,
        content={"html": XSS + "<p style='x' onclick='y'>Text</p>", "text": XSS},
        author={"type": "card", "name": XSS, "url": JS, "photo": JS},
    )
    server.routes[MENTIONS] = json_route(jf2(entry))
