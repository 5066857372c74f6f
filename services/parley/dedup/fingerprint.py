"""The content fingerprint that recognizes a re-sent copy of an article under a new id."""

from __future__ import annotations

import hashlib
import html
import re

from parley.dedup.text import fold
from parley.model import Article

__all__ = ["content_fingerprint"]

# Script and style bodies are not text; every other tag becomes a word break so that
# "<p>Kyiv</p><p>Talks</p>" folds like "Kyiv Talks".
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)


def _normalized(text: str) -> str:
    if "<" in text:
        text = _MARKUP.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return fold(text)


def content_fingerprint(article: Article) -> str:
    """A 16-byte blake2b hex digest of the folded body text, the same for any re-sent copy.

    The title is left out because outlets retitle a story they re-send. A body with no
    text at all would make every such article a copy of every other, so it falls back
    to the title, then to the id (which makes the article unique).
    """
    text = _normalized(article.body)
    if not text:
        title = _normalized(article.title or "")
        text = f"title:{title}" if title else f"id:{article.id}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
