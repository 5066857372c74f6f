"""Content fingerprints: a re-sent copy of an article is recognized by its text."""

from __future__ import annotations

from parley.dedup import content_fingerprint
from parley.model import Article

BODY = "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday."


def test_same_text_under_a_new_id_and_title_gives_the_same_fingerprint() -> None:
    """A copy re-sent with a new id and a new headline has the fingerprint of the original."""
    first = Article(id="a1", body=BODY, title="Scholz in Paris")
    copy = Article(id="b9", body=BODY, title="Macron hosts Scholz")
    assert content_fingerprint(first) == content_fingerprint(copy)


def test_markup_case_diacritics_punctuation_and_spacing_are_folded() -> None:
    """HTML tags, entities, case, accents, punctuation and spacing do not change the value."""
    plain = Article(id="a", body="Scholz met Macron in Paris. Talks on Ukraine.")
    html = Article(
        id="b", body="<p>SCHOLZ  met <b>Mácron</b> in Paris</p><p>Talks&nbsp;on Ukraine!</p>"
    )
    assert content_fingerprint(plain) == content_fingerprint(html)


def test_different_text_gives_a_different_fingerprint() -> None:
    """Two articles with different bodies do not collide."""
    a = Article(id="a", body=BODY)
    b = Article(id="b", body=BODY.replace("Monday", "Tuesday"))
    assert content_fingerprint(a) != content_fingerprint(b)


def test_fingerprint_is_sixteen_bytes_of_hex() -> None:
    """The value is a 32-character hexadecimal blake2b digest."""
    value = content_fingerprint(Article(id="a", body=BODY))
    assert len(value) == 32
    int(value, 16)


def test_empty_bodies_do_not_make_unrelated_articles_copies() -> None:
    """Articles whose body has no text fall back to title, then id, instead of colliding."""
    a = Article(id="a", body="<br/>", title=None)
    b = Article(id="b", body="   ", title=None)
    assert content_fingerprint(a) != content_fingerprint(b)
