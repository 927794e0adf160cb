"""Claims that hold none of their writer's prose are no relation targets (and start no relation).

Class of input: claims the claim stage makes of lines that are another's words or markup rather than the writer's
sentences: the lines of a fenced block (a GitHub review's ```diff of the edited document, whose '+'/'-' lines are
the document's words; a code or config block; '~~~' fences), Markdown table rows ('| a | b |'), footnote link
lists ('[1] https://…'), and pieces without a letter ('---', '2024-09-16'). The claim stage keeps them (dropping
them there moved the retrained models: notes8/nonprose2.md); the linker reads their shape
(``link_cues.json`` ``not_prose``, ``threadkb.link.features.not_prose``) and neither proposes them as targets nor
draws a relation from them. The lines of a ```suggestion block are the reviewer's own proposed wording (corpus 164:
the gold has "EffectiveDate: util.CABEffectiveDate," as a request two replies answer): prose. A claim that runs
from a code line into the writer's sentence is prose.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from threadkb import learn
from threadkb.link import link
from threadkb.link.features import not_prose, not_prose_lines
from threadkb.link.score import MODEL_FORMAT
from threadkb.models import Claim, ClaimKind

# corpus 164 (zmap/zlint #472): a review comment on a diff, with a suggested change
REVIEW_164 = """v2/lints/cabf_br/lint_ocsp_id_pkix_ocsp_nocheck_ext_not_included.go:63
```diff
+\t\tCitation:      "BRs: 4.9.9",
+\t\tEffectiveDate: util.MozillaPolicy21Date,
```
```suggestion
\t\tEffectiveDate: util.CABEffectiveDate,
```

This has been part of the BRs since 1.0"""

# corpus 152 (cabforum/servercert #548)
REVIEW_152 = """docs/BR.md:754
```diff
@@ -749,6 +751,8 @@ The Random Value SHALL remain valid for use in a confirming response for no more
 
+Effective November 1, 2024, validations using this method MUST NOT rely on WHOIS to identify Domain Contact information.
```
The language needs to state whether reuse of previous validation is allowed or not. Otherwise, it is unclear."""

# corpus 109 (cabforum/servercert #40): table rows inside a diff
REVIEW_109 = """```diff
 | 2017-03-01 | 3.2.2.4 | CAs MUST follow revised validation requirements in section 3.2.2.4. |
+| 2017-08-24 | 6.3.2 | CAs SHALL NOT issue certificates with validity periods longer than 398 days. |
```
For clarity: s/certificates/Subscriber Certificates/"""

# corpus 127 (cabforum/smime #251) and 044 (m.d.s.p., Let's Encrypt CAA)
COMMENT_127 = """Should also update the "Additional Compliance Date" table as follows

| -- | NS003 | Comply with Network and Certificate System Security Requirements, Version 2.0 |  November 12, 2024 |"""
MAIL_044 = """might best reduce the risk of such a mistake happening again.

[1] https://github.com/letsencrypt/boulder/issues/1231"""

C = "code block"
LINES = [
    (REVIEW_164, [("```diff", C), ('+\t\tCitation:      "BRs: 4.9.9",', C), ("+\t\tEffectiveDate: util.MozillaPolicy21Date,", C),
                  ("```", C), ("```suggestion", C), ("```", C)]),
    (REVIEW_152, [("```diff", C), ("@@ -749,6 +751,8 @@ The Random Value SHALL remain valid for use in a confirming response"
                                   " for no more", C), (" ", C),
                  ("+Effective November 1, 2024, validations using this method MUST NOT rely on WHOIS to identify"
                   " Domain Contact information.", C), ("```", C)]),
    (REVIEW_109, [("```diff", C),
                  (" | 2017-03-01 | 3.2.2.4 | CAs MUST follow revised validation requirements in section 3.2.2.4. |", C),
                  ("+| 2017-08-24 | 6.3.2 | CAs SHALL NOT issue certificates with validity periods longer than 398"
                   " days. |", C), ("```", C)]),
    (COMMENT_127, [("| -- | NS003 | Comply with Network and Certificate System Security Requirements, Version 2.0 |  "
                    "November 12, 2024 |", "table row")]),
    (MAIL_044, [("[1] https://github.com/letsencrypt/boulder/issues/1231", "footnote link")]),
    # constructed: a '~~~' block, a table with its separator row, the footnote forms, a fence never closed
    ("We will fix it:\n~~~\nif x:\n    return 1\n~~~\nDone.",
     [("~~~", C), ("if x:", C), ("    return 1", C), ("~~~", C)]),
    ("The dates are:\n| Date | Section |\n|---|---|\n| 2017-01-01 | 7.1.3 |\nWe disagree with the second row.",
     [("| Date | Section |", "table row"), ("|---|---|", "table row"), ("| 2017-01-01 | 7.1.3 |", "table row")]),
    ("See the bug.\n[2]: <https://bugzilla.mozilla.org/show_bug.cgi?id=1>\n  [12] http://example.com/a",
     [("[2]: <https://bugzilla.mozilla.org/show_bug.cgi?id=1>", "footnote link"),
      ("  [12] http://example.com/a", "footnote link")]),
    ("Here is a stray fence:\n```\nWe will revoke the certificates within five days.", [("```", C)]),
    ("~~~suggestion\nCAs SHALL revoke within 5 days.\n~~~\nWhat do you think?", [("~~~suggestion", C), ("~~~", C)]),
    # an indented fence with a language; a message of one fence; no text
    ("Like this:\n  ```python\n  x = 1\n  ```", [("  ```python", C), ("  x = 1", C), ("  ```", C)]),
    ("```", [("```", C)]),
    ("", []),
    # prose with a pipe, a bracketed number, a link after words: prose
    ("Either a | b works for us.\n[1] is the first point we make here.\nSee [1] https://example.com/x", []),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_lines_that_are_not_prose(text, expected):
    assert [(text[s:e], shape) for s, e, shape in not_prose_lines(text)] == expected


def _claim(text: str, piece: str) -> Claim:
    start = text.index(piece)
    return Claim("m:c1", "m", "alice", ClaimKind.ASSERTION, piece, start, start + len(piece))


CLAIMS = [
    # claims the shipped claim stage makes of corpus lines (segments across lines joined as in the message text)
    (REVIEW_164, "```diff\n+\t\tCitation:      \"BRs: 4.9.9\",", C),
    (REVIEW_164, "\t\tEffectiveDate: util.CABEffectiveDate,", None),  # a suggested change: the reviewer's words
    (REVIEW_164, "This has been part of the BRs since 1.0", None),
    (REVIEW_152, "+Effective November 1, 2024, validations using this method MUST NOT rely on WHOIS", C),
    (REVIEW_152, "The language needs to state whether reuse of previous validation is allowed or not.", None),
    (REVIEW_109, "| 2017-03-01 | 3.2.2.4 | CAs MUST follow revised validation requirements in section 3.", C),
    (REVIEW_109, "For clarity: s/certificates/Subscriber Certificates/", None),
    (COMMENT_127, "| -- | NS003 | Comply with Network and Certificate System Security Requirements", "table row"),
    (COMMENT_127, 'Should also update the "Additional Compliance Date" table as follows', None),
    (MAIL_044, "[1] https://github.com/letsencrypt/boulder/issues/1231", "footnote link"),
    # a claim that runs from a code line into the writer's sentence is prose
    (REVIEW_152, "information.\n```\nThe language needs to state", None),
    # '+1' in a diff is the document's line, not an approval
    ("```diff\n+1\n```\nLooks right.", "+1", C),
    # pieces without a letter; '+1' and a thumbs-up are prose
    ("---\n\n2024-09-16\n\n+1\n\n\N{THUMBS UP SIGN}", "---", "no letters"),
    ("---\n\n2024-09-16\n\n+1\n\n\N{THUMBS UP SIGN}", "2024-09-16", "no letters"),
    ("---\n\n2024-09-16\n\n+1\n\n\N{THUMBS UP SIGN}", "+1", None),
    ("---\n\n2024-09-16\n\n+1\n\n\N{THUMBS UP SIGN}", "\N{THUMBS UP SIGN}", None),
]


@pytest.mark.parametrize(("text", "piece", "shape"), CLAIMS)
def test_claims_that_hold_no_prose(text, piece, shape):
    assert not_prose(_claim(text, piece), text) == shape


# --------------------------------------------------------------------------- the link-time rule, end to end

# a review thread (the corpus' GitHub format): the reply takes up the words of the diff line, not the reviewer's
THREAD = """example/lints · pull request #7 · closed · Go
# lints: add a lint for OCSP signing certificates

alice · review thread · 2020-09-20
v2/lints/lint_ocsp_nocheck.go:40
```diff
+\t\tDescription: "OCSP signing certificates MUST contain the nocheck extension",
```

This requirement has been part of the Baseline Requirements since version 1.0.

**bob** (author):
OCSP signing certificates need not contain the nocheck extension before the Mozilla policy date.

**carol**:
```
OCSP signing certificates need not contain the nocheck extension
```
"""
EVERY_SENTENCE = {"claim": {"intercept": math.log(0.9 / 0.1), "weights": {}},
                  "kind": {"classes": ["assertion"], "intercept": [0.0], "weights": {}}}
# a relations model that links the pair sharing the most words (and each message's best pair: the message floor)
BY_OVERLAP = {"format": MODEL_FORMAT, "features": ["overlap"], "coef": [1.0], "intercept": -2.5, "threshold": 0.5,
              "max_targets": 1, "message_floor": 0.0}


@pytest.fixture(scope="module")
def thread_claims(tmp_path_factory) -> tuple:
    path = Path(tmp_path_factory.mktemp("np")) / "review.txt"
    path.write_text(THREAD)
    (ex,) = learn.extracted(str(path), {"claims": EVERY_SENTENCE})
    return ex, {c.id: c.text for c in ex.claims}


def test_the_thread_has_code_claims(thread_claims):
    _, texts = thread_claims
    assert texts == {
        "alice-20200920:c1": '```diff + Description: "OCSP signing certificates MUST contain the nocheck extension", ```',
        "alice-20200920:c2": "This requirement has been part of the Baseline Requirements since version 1.0.",
        "bob:c1": "OCSP signing certificates need not contain the nocheck extension before the Mozilla policy date.",
        "carol:c1": "```",
        "carol:c2": "OCSP signing certificates need not contain the nocheck extension ```",
    }


def test_a_code_line_is_no_target_and_starts_no_relation(thread_claims):
    ex, _ = thread_claims
    link(ex, BY_OVERLAP)
    # the diff line shares 6 words with the reply, the reviewer's sentence none: bob's reply answers the sentence,
    # its message's best pair; carol's code block answers nothing (before: bob -> the diff line, carol -> bob)
    assert [(r.source, r.target) for r in ex.relations] == [("bob:c1", "alice-20200920:c2")]
    assert ex.relations[0].evidence[0].startswith("learned scorer: related, with probability 0.08, because the "
                                                  "message's best-scored pair")
