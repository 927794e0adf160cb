"""Two figures compete only when they count the same thing.

Class of input: a claim and an earlier claim each with a figure (a count, not a year: ``figure``). "Competing figure"
(the candidate signal and the stance "a different figure for the same count") read any two different numbers as
competing: corpus 109's "validity periods to 398 days" rebutted "until Ballot 185 succeeds" (398 vs 185), a diff's hunk
lines "@@ -118,7 +119,7 @@" too; 144's "403 is" vs "[Issue 192]". Now a figure counts the noun written after it
(``figure_measure``: modifiers and acronyms read past, a sum "1963 + 6 certs"); an identifier's number ("Ballot 185",
"line 119", "Issue 192") and a number with no noun after it count nothing. The gold rebuttals of 002 ("26,668
impacted certificates" vs "26,641 EV certificates", "1963 + 6 certs" vs "1,975 EV certificates") still compete.
"""
from __future__ import annotations

import pytest

from threadkb.link import features as lf
from threadkb.link.candidates import Scoring
from threadkb.models import Claim, ClaimKind, Message
from threadkb.pipeline import extract_paths


def _measures(text: str) -> dict[str, dict[str, str]]:
    return lf.figure_measures(text, list(lf.cue_pattern(lf.cues()["figure"]).finditer(text)))


@pytest.mark.parametrize("text, expected", [
    # corpus 002, 024, 109
    ("This is factually incorrect, I account for 26,668 impacted certificates", {"certi": {"26,668": "26,668 impacted certificates"}}),
    ("This mis-issuance affected 26,641 EV certificates.", {"certi": {"26,641": "26,641 EV certificates"}}),
    ("presumably due to the original figure being 1963 + 6 certs on a test", {"certi": {"1963": "1963 + 6 certs"}}),
    ("Can you confirm that the 3000-some certificates represent almost every single valid certificate?",
     {"certi": {"3000": "3000-some certificates"}}),
    ("we identified 3167 OV certificates impacted", {"certi": {"3167": "3167 OV certificates"}}),
    ("Let's not limit root/intermediate CA certificate validity periods to 398 days.  ;-)", {"day": {"398": "398 days"}}),
    ("@benwilson-digicert You should NOT accept this Pull Request unless/until Ballot 185 succeeds.", {}),
    ("docs/BR.md ```diff @@ -118,7 +119,7 @@ The following Certificate Policy identifiers", {}),
    ("Note that this issue has some connection to [Issue 192](https://github.com/mozilla/pkipolicy/issues/192)", {}),
    # constructed
    ("We will shorten the lifetime to a 398-day maximum.", {"day": {"398": "398-day"}}),
    ("1,000 of the affected certs were revoked.", {"certi": {"1,000": "1,000 of the affected certs"}}),
    ("See line 119 and PR 405.", {}),
    ("Ballots 185 and 187 passed.", {}),
    ("We revoked 400 certificates within 120 hours.", {"certi": {"400": "400 certificates"},
                                                      "hour": {"120": "120 hours"}}),
])
def test_what_a_figure_counts(text, expected):
    assert _measures(text) == expected


def _pair(src_text: str, tgt_text: str) -> list[str]:
    m1 = Message(key="m1", source="t", author="Ann")
    m2 = Message(key="m2", source="t", author="Ben", in_reply_to="m1")
    tgt = Claim(id="t1", message="m1", speaker="Ann", kind=ClaimKind.ASSERTION, text=tgt_text, start=0,
                end=len(tgt_text))
    src = Claim(id="s1", message="m2", speaker="Ben", kind=ClaimKind.ASSERTION, text=src_text, start=0,
                end=len(src_text))
    fs, ft = lf.features(src, m2, "", src_text), lf.features(tgt, m1, "", tgt_text)
    scoring = Scoring(lf.cues()["weights"])
    cands: dict = {}
    scoring.score(scoring.source(fs, m2), [([ft], "in_reply_to")], cands)
    return [e for e in cands["t1"].evidence if "figure" in e]


@pytest.mark.parametrize("src, tgt, expected", [
    ("This is factually incorrect, I account for 26,668 impacted certificates.",
     "This mis-issuance affected 26,641 EV certificates.",
     ["competing figure: 26,668 impacted certificates vs 26,641 EV certificates"]),
    ("Let's not limit root/intermediate CA certificate validity periods to 398 days.",
     "You should NOT accept this Pull Request unless/until Ballot 185 succeeds.", []),
    ("The report says 825 days, not 398 days.", "Certificates are valid for at most 398 days.", ["same figure: 398"]),
    ("The lifetime is 825 days.", "The lifetime is 398 days.", ["competing figure: 825 days vs 398 days"]),
    ("We revoked 400 certificates.", "It took 500 days to notice.", []),  # certificates vs days
    ("We revoked 400 certificates within 120 hours.", "You had 500 certificates to revoke in 24 hours.",
     ["competing figure: 400 certificates vs 500 certificates"]),
    ("There were 400 of them.", "There were 500 certificates.", []),  # no noun after 400
])
def test_figures_compete_only_for_the_same_count(src, tgt, expected):
    assert _pair(src, tgt) == expected


def test_corpus_109_has_no_competing_figure():
    (ex,) = extract_paths(["../shared/corpora/109_github-cabforum-servercert-40-ballot-185-certificate-lifetime.txt"])
    assert [e for r in ex.relations for e in r.evidence if "figure" in e] == []


def test_corpus_002_rebuttals_by_figure_stay():
    (ex,) = extract_paths(["corpora/002_mdsp-mailarchive-entrust-report-critique-star-quotes.txt"])
    assert sorted(e for r in ex.relations for e in r.evidence if "competing figure" in e) == [
        "competing figure: 1963 + 6 certs vs 1,975 EV certificates",
        "competing figure: 26,668 impacted certificates vs 26,641 EV certificates"]


class _Spy:
    """The ``after`` pattern, recording how far each match may read (review15a)."""
    def __init__(self, rx):
        self.rx, self.reads = rx, []

    def match(self, text, pos=0, endpos=None):
        self.reads.append((endpos if endpos is not None else len(text)) - pos)
        return self.rx.match(text, pos, len(text) if endpos is None else endpos)


@pytest.mark.parametrize("text, expected", [
    # a long sum: read from each of its figures, an unbounded read was quadratic (10,000 figures: 29 s)
    ("We found " + "400 + " * 2000 + "400 certificates affected.", {"certi": {"400": "400 certificates"}}),
    ("We found " + "400 + " * 2000 + "400.", {}),
    ("We found " + "400 - " * 500 + "123 days and 400 + 500 certs", {"day": {"400": "400 - 123 days", "123": "123 days"},
                                                                     "certi": {"400": "400 + 500 certs",
                                                                               "500": "500 certs"}}),
    ("1963 + 6 certs", {"certi": {"1963": "1963 + 6 certs"}}),
])
def test_a_figure_is_read_within_its_reach(monkeypatch, text, expected):
    table = dict(lf._measure_table())
    spy = _Spy(table["after"])
    table["after"] = spy
    monkeypatch.setattr(lf, "_measure_table", lambda: table)
    assert _measures(text) == expected
    assert spy.reads and max(spy.reads) <= lf.MEASURE_REACH
