"""Raw RFC 822 transport headers with an empty field value are still headers, not the message's words.

Class: IETF mail-archive pages (and pasted raw mails) that show the message's transport headers above its
body; spam filters write "X-Spam-Level:" with nothing after it. Before: the empty field ended the header run,
so Received:/DKIM-Signature lines stayed in the message text. A field with no value continues the run but
does not count as a field: three "Summary:" lines are no header block.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from threadkb.models import LineRole
from threadkb.pipeline import parse_paths

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

# real text: mailarchive.ietf.org tls/I3vof94 (Mohit Sethi), transport headers as the archive shows them
IETF_PAGE = """Re: [TLS] Adoption call for TLS Flag - Request mTLS

Mohit Sethi <mohit@iki.fi> Sun, 14 April 2024 19:29 UTC

Return-Path: <mohit@iki.fi>
X-Original-To: tls@ietfa.amsl.com
Delivered-To: tls@ietfa.amsl.com
X-Virus-Scanned: amavisd-new at amsl.com
X-Spam-Flag: NO
{empty}
X-Spam-Status: No, score=-2.095 tagged_above=-999 required=5
Received: from meesny.iki.fi (meesny.iki.fi [195.140.195.201])
 by ietfa.amsl.com (Postfix) with ESMTPS id 56EAEC14F5FB
{rest}"""
BODY = "\nI support adoption of this draft.\n\nMohit\n"
EMPTIES = ["X-Spam-Level:", "X-Spam-Level: ", "X-Spam-Level:\nX-Original-Cc:", "Cc:"]


def _thread(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    (thread,) = parse_paths([str(path)])
    return thread


@pytest.mark.parametrize("empty", EMPTIES, ids=["empty", "space", "two-empty", "cc"])
def test_raw_headers_with_an_empty_field_are_headers(tmp_path, empty):
    thread = _thread(tmp_path, IETF_PAGE.format(empty=empty, rest=BODY))
    (m,) = thread.messages
    assert (m.author, str(m.date)) == ("Mohit Sethi", "2024-04-14 19:29:00+00:00")
    assert [t.text for t in m.lines if t.text.strip()] == ["I support adoption of this draft."]
    rules = {a.rule for a in thread.assignments if thread.lines[a.index].startswith(("Received", "X-Spam"))}
    assert rules == {"rfc822-header"}


CUT_WARNING = ("the message of Mohit Sethi, Sun, 14 April 2024 19:29 UTC has its headers and no body "
               "(the input ends there): kept with no text")


@pytest.mark.parametrize("empty", EMPTIES, ids=["empty", "space", "two-empty", "cc"])
@pytest.mark.parametrize("cut", [
    "DKIM-Signature: v=1; a=rsa-sha256; h=from:from:reply-to:subjec\n",  # cut mid-header
    "DKIM-Signature: v=1; a=rsa-sha256; h=from:from:reply-to:subjec",  # ... with no last newline
    "Message-ID: <abc@iki.fi>\n",  # the headers end, no body
    "Message-ID: <abc@iki.fi>\n\n\n",  # the headers, then blank lines
], ids=["mid-header", "no-newline", "after-headers", "blank-body"])
def test_raw_headers_cut_before_the_body_are_one_partial_message(tmp_path, empty, cut):
    """Class: a mail archive page whose excerpt holds the page's "Name <addr> date" line and the raw headers but
    no body. Before: no message and no warning (the store kept no thread). Now: the one message the page names,
    with no text, partial, and a one-line warning that the body is missing."""
    thread = _thread(tmp_path, IETF_PAGE.format(empty=empty, rest=cut))
    (m,) = thread.messages
    assert (m.author, m.email, str(m.date), m.text, m.partial) == (
        "Mohit Sethi", "mohit@iki.fi", "2024-04-14 19:29:00+00:00", "", True)
    (warning,) = [w for w in thread.warnings if "no body" in w]
    assert warning.endswith(CUT_WARNING) and warning.startswith("lines 1-")
    assert {a.role for a in thread.assignments if thread.lines[a.index].strip()} == {LineRole.HEADER}


@pytest.mark.parametrize("body", ["I support adoption of this draft.", "+1"], ids=["sentence", "short"])
def test_raw_headers_and_a_one_line_body_warn_nothing(tmp_path, body):
    thread = _thread(tmp_path, IETF_PAGE.format(empty="X-Spam-Level:", rest=f"\n{body}\n"))
    (m,) = thread.messages
    assert (m.author, m.text.strip(), m.partial) == ("Mohit Sethi", body, False)
    assert not [w for w in thread.warnings if "no body" in w]


def test_corpus_022_raw_headers_only_is_one_partial_message():
    """Corpus 022 is an IETF acme page cut inside its transport headers (X-Spam-Level: empty, DKIM-Signature cut):
    the one message its page line names, with no text, and a warning; every header line stays a header."""
    (thread,) = parse_paths([str(CORPORA / "022_ietf-acme-mailarchive-raw-headers-entrust-autodiscovery.txt")])
    (m,) = thread.messages
    assert (m.author, m.email, m.date.isoformat(), m.text, m.partial) == (
        "Paul van Brouwershaven", "Paul.vanBrouwershaven@entrust.com", "2023-07-07T07:29:00+00:00", "", True)
    assert [w for w in thread.warnings if "no body" in w] == [
        "lines 1-18: the message of Paul van Brouwershaven, Fri, 07 July 2023 07:29 UTC has its headers and no body "
        "(the input ends there): kept with no text"]
    roles = {thread.lines[a.index].split(":")[0]: a.role for a in thread.assignments}
    assert roles["Received"] == roles["DKIM-Signature"] == roles["X-Spam-Level"] == LineRole.HEADER


def test_search_results_with_an_empty_snippet_keep_no_empty_message(tmp_path):
    """Only a one-message page's cut body makes an empty message; among several posts an empty one is dropped."""
    two = IETF_PAGE.format(empty="X-Spam-Level:", rest=BODY) + "\n" + IETF_PAGE.format(empty="X-Spam-Level:", rest="")
    thread = _thread(tmp_path, two)
    assert all(m.text.strip() for m in thread.messages)


@pytest.mark.parametrize("text", [
    "Summary:\nBackground:\nDetails:\n\nWe revoked the certificates on Monday.\n",  # empty fields only
    "Update: done\nNext:\nQuestions:\n\nWe revoked the certificates on Monday.\n",  # one field, two empty
    "Note: see bug 1234\nAlso:\nThe CA revoked late.\nCc: ann\n\nThanks\n",  # a sentence ends the run
], ids=["empty-only", "one-field", "sentence"])
def test_label_lines_in_a_body_stay_words(tmp_path, text):
    thread = _thread(tmp_path, text)
    words = "\n".join(m.text for m in thread.messages)
    assert "We revoked" in words or "The CA revoked late." in words
    assert not any(a.rule == "rfc822-header" for a in thread.assignments)
