"""A quote that lost its '>' markers is read against what the page's other posts quote with markers
(``QuoteBuilder._marked_texts``, up to ``LOOKBACK`` posts on each side). The quote depths of each post are read once
(``_quote_depths``) until a walk changes a depth in it (a lost-marker quote given back its level, an indented quote
read as one level deeper), not once per lost-marker quote of each neighbour.

- at every ask, on pages built to change depths between asks and on the corpus's files, the depths given are those a
  scan of the post's lines gives then (the definition before the cache, as oracle);
- on a long page of such quotes the builder reads its lines a bounded number of times (120 reads a line before: each
  post was scanned by each of its 60 neighbours; 36.5 after).
"""
from __future__ import annotations

import glob
import os
import tempfile

import pytest

from threadkb.ingest import ingest
from threadkb.models import Source
from threadkb.parse import parse, quotes as Q


def _post(i: int, quoted: int, indent: bool = False) -> str:
    """Post ``i``: another person's attribution over a quote that lost its markers, a reply, then ``quoted`` lines
    it quotes with '>' (depths 1 and 2), or (``indent``) a Gmail-style indented quote under an attribution."""
    lines = [f"On Mon, Jan 1, 2024 at 10:00 AM Person{i} Name <p{i}@example.org> wrote:",
             f"We will revoke the certificates of batch {i} soon enough.", f"The timeline {i} is in the bug.", "",
             f"I think batch {i} is not right at all for the subscribers here, said the reply.", ""]
    if indent:
        lines += [f"On Tue, Jan 2, 2024 at 9:00 AM Other{i} Person <o{i}@example.org> wrote:",
                  f"    indented words of batch {i} that were quoted by the client", ""]
    lines += [(">" if j % 2 else ">>") + f" quoted line {j} of post {i} about revocation timelines {j * 7}"
              for j in range(quoted)]
    return (f"From u{i}@x Mon Jan  1 10:00:00 2024\nFrom: User{i} <u{i}@example.org>\nSubject: Re: test\n"
            f"Date: Mon, 1 Jan 2024 10:{i % 60:02d}:00 +0000\nMessage-ID: <m{i}@x>\n\n" + "\n".join(lines) + "\n\n")


def _page(posts: int, quoted: int, indent_every: int = 0) -> Source:
    text = "".join(_post(i, quoted if i % 3 else 0, indent=bool(indent_every and i % indent_every == 0))
                   for i in range(posts))
    fd, path = tempfile.mkstemp(suffix=".mbox")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    try:
        (src,) = ingest(path)
    finally:
        os.unlink(path)
    return src


def _scan(builder: Q.QuoteBuilder, i: int) -> list[int]:
    lo, hi = builder.page[i]
    return sorted({builder.v[k].depth for k in range(lo, hi) if builder.v[k].depth > 0 and not builder.v[k].blank})


def _sources() -> list[Source]:
    corpus = [s for path in sorted(glob.glob("corpora/*")) + sorted(glob.glob("../shared/corpora/*"))
              for s in ingest(path)]
    return corpus + [_page(70, 12), _page(40, 6, indent_every=2)]


def test_the_depths_given_are_those_of_the_lines_at_every_ask(monkeypatch):
    real = Q.QuoteBuilder._quote_depths
    asked = {"asks": 0, "changed since cached": 0}

    def checked(builder, i):
        got = real(builder, i)
        assert got == _scan(builder, i)
        asked["asks"] += 1
        return got

    real_changed = Q.QuoteBuilder._depth_changed

    def changed(builder, start, end):
        asked["changed since cached"] += sum(1 for i in list(builder._depths)
                                             if builder.page[i][0] < end and start < builder.page[i][1])
        real_changed(builder, start, end)

    monkeypatch.setattr(Q.QuoteBuilder, "_quote_depths", checked)
    monkeypatch.setattr(Q.QuoteBuilder, "_depth_changed", changed)
    for src in _sources():
        parse(src)
    assert asked["asks"] > 1000 and asked["changed since cached"] >= 10, asked  # the cache is dropped, and asked again


class _CountingLines(list):
    reads = 0

    def __getitem__(self, k):
        _CountingLines.reads += 1
        return list.__getitem__(self, k)


@pytest.mark.parametrize("posts", [100, 200])
def test_a_long_page_of_lost_marker_quotes_reads_its_lines_a_bounded_number_of_times(monkeypatch, posts):
    real_init = Q.QuoteBuilder.__init__

    def init(builder, vlines, *args):
        real_init(builder, _CountingLines(vlines), *args)

    monkeypatch.setattr(Q.QuoteBuilder, "__init__", init)
    src = _page(posts, 200)
    _CountingLines.reads = 0
    thread = parse(src)
    assert len(thread.messages) == {100: 166, 200: 333}[posts]  # each post, and the quotes of two in three
    assert _CountingLines.reads <= 60 * len(src.lines)
