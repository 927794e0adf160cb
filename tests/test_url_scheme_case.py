"""A URL whose scheme (or "www.") is written in upper or mixed case ("HTTPS://crt.sh/…", "Http://…") is a link like
any other: the entity tagger finds it with its span and its crt.sh / Bugzilla IDs, the API tagger reads its path
after an HTTP method, the citation tagger keeps its text out of citations, and its norm has the scheme and host in
lower case (both are case-insensitive). Texts built on forms from corpora/ (the lower-case originals are rows of
tests/test_entities.py)."""
from __future__ import annotations

import pytest

from threadkb.extract.citations import find_citations
from threadkb.extract.entities import find_apis, find_entities
from threadkb.parse.threading import without_link_targets

ENTITY_ROWS = [
    ("I have seen that under the UCA Global G2 Root (\nHTTPS://crt.sh/?caid=36110), there are",
     [("URL", "HTTPS://crt.sh/?caid=36110", "https://crt.sh/?caid=36110", 48, 74),
      ("CRTSH", "HTTPS://crt.sh/?caid=36110", "caid=36110", 48, 74)]),
    ("as described in Https://Bugzilla.Mozilla.org/show_bug.cgi?id=1883779. According",
     [("URL", "Https://Bugzilla.Mozilla.org/show_bug.cgi?id=1883779",
       "https://bugzilla.mozilla.org/show_bug.cgi?id=1883779", 16, 68),
      ("BUG", "Https://Bugzilla.Mozilla.org/show_bug.cgi?id=1883779", "1883779", 16, 68)]),
    ("see HTTP://BUGZIL.LA/1729097#c35 for details",
     [("URL", "HTTP://BUGZIL.LA/1729097#c35", "http://bugzil.la/1729097#c35", 4, 32),
      ("BUG", "HTTP://BUGZIL.LA/1729097#c35", "1729097#c35", 4, 32)]),
    ("the incident report at WWW.Example.com/Reports/2025.pdf",
     [("URL", "WWW.Example.com/Reports/2025.pdf", "www.example.com/Reports/2025.pdf", 23, 55)]),
    ("hTtPs://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl",
     [("URL", "hTtPs://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl",
       "https://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl", 0, 51)]),
    # not links: the protocol named in prose
    ("the HTTP-01 challenge over HTTP/1.1", []),
]


@pytest.mark.parametrize("text,expected", ENTITY_ROWS, ids=[r[0][:30] for r in ENTITY_ROWS])
def test_mixed_case_scheme_is_a_url(text, expected):
    found = [(e.label, e.text, e.norm, e.start, e.end) for e in find_entities(text) if e.label in ("URL", "CRTSH", "BUG")]
    assert found == expected
    for _, t, _, start, end in found:
        assert text[start:end] == t


API_ROWS = [
    ("GET HTTPS://api.example.com/v2/order/download?id=1 returns the key", [("/v2/order/download", 27)]),
    ("we call POST Https://ca.example.com:8443/acme/new-order.", [("/acme/new-order", 40)]),
    ("see HTTPS://crt.sh/?id=123 and DELETE HTTPS://ca.example.com/ too", []),
    # a path inside an upper-case URL is the URL's, not an API path of its own
    ("HTTPS://www.example.com/open-api/v2/tools/gen-csr", []),
]


@pytest.mark.parametrize("text,expected", API_ROWS, ids=[r[0][:30] for r in API_ROWS])
def test_mixed_case_scheme_api_call(text, expected):
    assert [(a.path, a.start) for a in find_apis(text)] == expected


CITATION_ROWS = [
    ("HTTPS://wiki.mozilla.org/CA/Root_Store_Policy#6.1", ("url_anchor", "6.1", "MRSP", 17, 66)),
    ("Https://github.com/cabforum/servercert/blob/main/docs/BR.md#4911", ("url_anchor", "4.9.1.1", "BR", 17, 81)),
]


@pytest.mark.parametrize("url,expected", CITATION_ROWS, ids=[r[0][:30] for r in CITATION_ROWS])
def test_link_citation_in_any_case(url, expected):
    """A link into a policy's section cites that section whatever the case of its scheme, with the link's span,
    as its lower-case form does."""
    for form in (url, "https" + url[5:]):
        assert [(c.rule, c.section, c.document, c.start, c.end)
                for c in find_citations(f"The report is at {form} today.")] == [expected]


@pytest.mark.parametrize("text", ["the report <HTTPS://ca.example/r.pdf>", "the report [Http://ca.example/r.pdf]",
                                  "[the report](HTTPS://ca.example/r.pdf)", "the report (HTTPS://ca.example/r.pdf)"])
def test_link_rendering_in_any_case_is_its_text(text):
    """A quoted copy compares a link as its text alone (``without_link_targets``), whatever the scheme's case."""
    assert without_link_targets(text) == "the report"
