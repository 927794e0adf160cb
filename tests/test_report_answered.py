"""The review report lists every answered question or request with the claims that answer it and why.

Class: a question the report leaves out of "Still unanswered" because ``answers`` edges reach it (or a message quotes
it and writes below). Before, neither report said by what: on the reference thread 10 of the 13 ``answers`` edges
(and their evidence) appeared nowhere, so a reader could not check the judgement "answered" (Linh Bach Quang's "How
does SHECA ensure that these private keys (CSRs) have not been used …" is answered by five of Alvin Wang's claims,
one of them "SHECA deems it inappropriate to make judgments without a factual basis.", p .18). Report layer: an
"Answered" list under "Still unanswered" (``report.model.Answered``: the edges threadkb.followup counted), both
renderers, escaped."""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from threadkb.pipeline import extract_paths
from threadkb.report import render_html, render_markdown
from threadkb.report.model import build_report

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"

# the reference thread: each answered question (its first words) -> the first words of the claims answering it
REFERENCE_ANSWERED = [
    ("\"According to the definition of 'Key Com", ["Furthermore, when partners pro", "Therefore, SHECA believes that"]),
    ("How does SHECA ensure that these private", ["SHECA recognizes that the foru", "SHECA deems it inappropriate t",
                                                  "First of all, SHECA has not re", "Secondly, it should be clearly",
                                                  "Finally, out of the principle "]),
    ("And how will SHECA prevent any continued", ["First of all, SHECA has not re", "Secondly, it should be clearly",
                                                  "Finally, out of the principle "]),
    ("Regarding the certificates that SHECA ne", ["I believe reissuing without ad", "- The domain name's status is "]),
    ("And does this practice comply with BR re", ["I believe reissuing without ad"]),
]

HOSTILE = """From alice@example.com Mon Oct  6 10:00:00 2025
From: "Alice <script>alert(1)</script> O'Neil & \\"Co\\"" <alice@example.com>
Subject: <script>alert('s')</script> & "quotes"
Date: Mon, 6 Oct 2025 10:00:00 +0000
Message-ID: <a1@example.com>

Can you confirm the "scope" & <img src=x onerror=alert(2)> of the affected certificates?

From bob@example.org Mon Oct  6 12:00:00 2025
From: "Bob & <b>Sons</b>" <bob@example.org>
Subject: Re: <script>alert('s')</script> & "quotes"
Date: Mon, 6 Oct 2025 12:00:00 +0000
Message-ID: <b1@example.org>
In-Reply-To: <a1@example.com>

Yes: the scope is the 12 <b>affected</b> certificates & their "keys", all listed in the incident report.
"""

LONE = """From alice@example.com Mon Oct  6 10:00:00 2025
From: Alice <alice@example.com>
Subject: A question
Date: Mon, 6 Oct 2025 10:00:00 +0000
Message-ID: <a1@example.com>

Can you confirm the scope of the affected certificates?
"""


@pytest.fixture(scope="module")
def reference():
    (ex,) = extract_paths([str(REFERENCE)])
    return ex


def test_reference_answered_questions_and_their_answers(reference):
    got = [(a.claim.text[:40], [e.claim.text[:30] for e in a.answers]) for a in build_report(reference).answered]
    assert got == REFERENCE_ANSWERED


@pytest.mark.parametrize("render", [render_markdown, lambda ex: html.unescape(render_html(ex))], ids=["md", "html"])
def test_every_answers_edge_of_the_reference_thread_shows_its_evidence(reference, render):
    text = render(reference)
    answers = [r for r in reference.relations if r.kind.value == "answers"]
    assert len(answers) == 13
    assert [r.evidence[0][:80] in text for r in answers] == [True] * 13


@pytest.mark.parametrize("render, heading, lines", [
    (render_markdown, "### Answered", ["#### Bastian question (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): \"According",
                                       "Answered by:"]),
    (render_html, "<h3>Answered (each question or request with what answers it)</h3>",
     ['<article class="dispute answered"><h3>Bastian <span class="muted">(question in', "<h4>Answered by</h4>"]),
], ids=["md", "html"])
def test_the_answered_list_stands_under_still_unanswered(reference, render, heading, lines):
    text = render(reference)
    assert text.index("Still unanswered") < text.index(heading)
    after = text[text.index(heading):]
    assert all(line in after for line in lines)


@pytest.mark.parametrize("source, md_line, html_line", [
    (LONE, "No question or request has an answer.", '<p class="muted">No question or request has an answer.</p>'),
])
def test_no_answered_question_says_so(tmp_path, source, md_line, html_line):
    path = tmp_path / "t.mbox"
    path.write_text(source, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert md_line in render_markdown(ex).split("### Answered", 1)[1]
    assert html_line in render_html(ex)


def test_answered_list_escapes_names_and_words(tmp_path):
    path = tmp_path / "h.mbox"
    path.write_text(HOSTILE, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert build_report(ex).answered, "the constructed reply answers the question"
    page = render_html(ex)
    part = page[page.index("<h3>Answered ("):page.index("</section>", page.index("<h3>Answered ("))]
    assert "<script" not in part and "<img" not in part and "<b>" not in part
    assert "&lt;img src=x onerror=alert(2)&gt;" in part and "&lt;b&gt;affected&lt;/b&gt;" in part
    md = render_markdown(ex).split("### Answered", 1)[1].split("## Commitments", 1)[0]
    assert "\\<img src=x onerror=alert(2)\\>" in md and "<img" not in md.replace("\\<img", "")
