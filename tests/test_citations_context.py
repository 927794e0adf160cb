"""The document a bare number belongs to, read from the words around it (issue 14 item 5).

Class: a number that names no document takes the document named nearest BEFORE it in its sentence, then in its
paragraph (an explicit citation such as "BR 3.2.2.4 methods 1 and 5" names its document too), then the one the
sentence names after it, the message's, the thread's (home repository or list first). A context document that never
had the number gives way to another document of the message, then of the thread, that has it.

Rows: corpus text (marked) and constructed variants, each with exact (message, document, section, item).
"""
from __future__ import annotations

from datetime import datetime

import pytest

from test_citations import _extract, _message
from threadkb.extract.citations import find_citations

MOZ_URL = ("https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/policy/"
           "#611-end-entity-tls-certificate-crlrevocation-reasons")

# (texts of the thread's messages, list name, expected {(message, document, section, item)})
CASES = [
    # the defect of the brief: an explicit BR citation, then bare numbers, then a Mozilla policy link
    ([f"Per BR 3.2.2.4 methods 1 and 5 the CA must check. Also 3.2.2.5 (4) and 3.2.2.4.1 item (3)\n"
      f"are relevant here.\n\nSee {MOZ_URL}"], None,
     {("m0", "BR", "3.2.2.4", 1), ("m0", "BR", "3.2.2.4", 5), ("m0", "BR", "3.2.2.5", 4),
      ("m0", "BR", "3.2.2.4.1", 3), ("m0", "MRSP", "6.1.1", None)}),
    # the same without the link (the thread's default said BR already)
    (["Per BR 3.2.2.4 methods 1 and 5 the CA must check. Also 3.2.2.5 (4) and 3.2.2.4.1 item (3) are relevant."],
     None, {("m0", "BR", "3.2.2.4", 1), ("m0", "BR", "3.2.2.4", 5), ("m0", "BR", "3.2.2.5", 4),
            ("m0", "BR", "3.2.2.4.1", 3)}),
    # the link first, in a thread whose home is Mozilla's policy: the BR named just before the number still wins
    ([f"{MOZ_URL} is the policy.\n\nThe BR 3.2.2.4 text and 3.2.2.4.8 are relevant."], "GitHub mozilla/pkipolicy",
     {("m0", "MRSP", "6.1.1", None), ("m0", "BR", "3.2.2.4", None), ("m0", "BR", "3.2.2.4.8", None)}),
    # nearest before in the sentence beats the document the message names most
    (["MRSP 6.1.1 lists the reason codes; MRSP 7.1 the bug reports. The EVG 11.13 text and 9.2.4 differ."], None,
     {("m0", "MRSP", "6.1.1", None), ("m0", "MRSP", "7.1", None), ("m0", "EVG", "11.13", None),
      ("m0", "EVG", "9.2.4", None)}),
    # the paragraph: the sentence names nothing, the paragraph's earlier sentence does
    (["Chrome's root program policy is strict here. In Section 3.2.1 it says so.\n\n"
      "The BRs and the BRs and the BRs disagree."], None,
     {("m0", "CRP", "3.2.1", None)}),
    # a document lacking the index: its numbers stay with it (S/MIME BR 7.1.4.2.3 is not a TLS BR section)
    (["SMIME-BR 7.1.4.2.2 (d) requires a pseudonym.\nIt differs from 7.1.4.2.3 here.\n\nSee the TLS BRs too."], None,
     {("m0", "SMIME-BR", "7.1.4.2.2", "d"), ("m0", "SMIME-BR", "7.1.4.2.3", None)}),
    # the explicit citation is in another sentence; this sentence names a document after the number
    (["BR 4.9.1.1 applies. For 6.1.1 see Mozilla's policy."], None,
     {("m0", "BR", "4.9.1.1", None), ("m0", "MRSP", "6.1.1", None)}),
    # the context document never had the number: the other document the message names that has it
    (["The Baseline Requirements changed in 2023.\n\nSection 3.2.2.5 is not in Mozilla's policy."], None,
     {("m0", "BR", "3.2.2.5", None)}),
    (["Mozilla's policy covers 3.2.2.5 too, as the EVG does."], None, {("m0", "EVG", "3.2.2.5", None)}),
    # ... else the thread's document (its home first) that has it
    ([f"See {MOZ_URL}.\n\nAnd 3.2.2.4.8 fits here."], "GitHub cabforum/servercert",
     {("m0", "MRSP", "6.1.1", None), ("m0", "BR", "3.2.2.4.8", None)}),
    # ... and nobody has it: the document the words named stays
    (["Mozilla's policy, Section 8.8.8, says so."], None, {("m0", "MRSP", "8.8.8", None)}),
    # each message reads its own words: the second message names nothing and takes the thread's home
    (["MRSP 5.3.2 covers it", "and 5.3.2 again"], "GitHub cabforum/servercert",
     {("m0", "MRSP", "5.3.2", None), ("m1", "BR", "5.3.2", None)}),
]


@pytest.mark.parametrize("texts,list_name,expected", CASES, ids=[c[0][0][:40] for c in CASES])
def test_document_of_a_bare_number(texts, list_name, expected):
    ex = _extract([_message(f"m{i}", t, datetime(2024, 6, 5)) for i, t in enumerate(texts)], list_name=list_name)
    assert {(c.message, c.document, c.section, c.item) for c in ex.citations} == expected


def test_the_rule_says_where_the_document_came_from():
    got = {c.section: c.doc_source for c in find_citations(
        "Per BR 3.2.2.4 the CA must check.\n\nAlso 3.2.2.5 here.\n\nMozilla's policy, not 3.2.2.4.8, is it. "
        "In 6.1.1 it says")}
    assert got == {"3.2.2.4": "explicit", "3.2.2.5": "message", "3.2.2.4.8": "has_section", "6.1.1": "paragraph"}


def test_thread_rule_is_written_once():
    ex = _extract([_message("m", "see 3.2.2.4.8", datetime(2024, 6, 5))], list_name="GitHub cabforum/servercert")
    assert [c.rule for c in ex.citations] == ["bare_section+ctx:thread"]


def test_a_list_takes_the_document_of_its_first_number():
    ex = _extract([_message("m", "EVG 11.2.1 needs a change.\nVersion 2.0.1 introduced 7.1.2.7.6, and 4.2.1 too.",
                            datetime(2024, 6, 5))])
    got = {(c.document, c.section) for c in ex.citations}
    assert got == {("EVG", "11.2.1"), ("BR", "7.1.2.7.6"), ("BR", "4.2.1")}  # EVG has 4.2.1, the list is BR's


# --------------------------------------------------------------------------- the file a review comment is about

REVIEW = """{repo} · pull request #7 · open
# Some change

alice · description · 2024-02-01
This PR changes the text.

bob · review thread · 2024-02-03
{anchor}
```diff
@@ -118,6 +118,7 @@ {heading}
 text
+new text per section 4.9.1.1 of the BRs
```
**bob**:
This conflicts with {number}.

**alice** (author):
Fixed, and {number2} too.

carol · comment · 2024-02-04
Is {number3} affected?
"""

# (repository, file line, diff heading, numbers in bob's turn, alice's turn, carol's comment, expected by message)
REVIEWS = [
    ("mozilla/pkipolicy", "rootstore/policy.md:120", "### 6.1.1 End Entity TLS Certificate CRLRevocation Reasons",
     "6.1.2", "5.3.2", "7.1",
     {("bob", "MRSP", "6.1.1"), ("bob", "MRSP", "6.1.2"), ("bob", "BR", "4.9.1.1"), ("alice", "MRSP", "5.3.2")}),
    ("cabforum/servercert", "docs/EVG.md:300", "## 9.2 Subject Distinguished Name Fields", "9.2.4", "Section 11.13", "7.1.2.7.6",
     {("bob", "EVG", "9.2"), ("bob", "EVG", "9.2.4"), ("bob", "BR", "4.9.1.1"), ("alice", "EVG", "11.13"),
      ("carol", "BR", "7.1.2.7.6")}),
    ("cabforum/smime", "SBR.md:412", "#### 7.1.4.2.2 Subject distinguished name fields", "7.1.4.2.3", "7.1.2.3",
     "4.9.1.1", {("bob", "SMIME-BR", "7.1.4.2.2"), ("bob", "SMIME-BR", "7.1.4.2.3"), ("bob", "BR", "4.9.1.1"),
                 ("alice", "SMIME-BR", "7.1.2.3"), ("carol", "SMIME-BR", "4.9.1.1")}),
    ("cabforum/servercert", "docs/BR.md", "### 6.1.1 Key Pair Generation", "6.1.1.3", "6.1.5", "3.2.2.4.7",
     {("bob", "BR", "6.1.1"), ("bob", "BR", "6.1.1.3"), ("bob", "BR", "4.9.1.1"), ("alice", "BR", "6.1.5"),
      ("carol", "BR", "3.2.2.4.7")}),
]


@pytest.mark.parametrize("row", REVIEWS, ids=[r[1] for r in REVIEWS])
def test_the_file_of_a_review_decides_its_bare_numbers(row, tmp_path):
    from threadkb.pipeline import extract_paths

    repo, anchor, heading, number, number2, number3, expected = row
    path = tmp_path / "review.txt"
    path.write_text(REVIEW.format(repo=repo, anchor=anchor, heading=heading, number=number, number2=number2,
                                  number3=number3), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    author = {m.key: (m.author or "").lower() for m in ex.thread.messages}
    assert {(author[c.message], c.document, c.section) for c in ex.citations} == expected


# --------------------------------------------------------------------------- quoted text belongs to the quoted message

QUOTES = [
    # (file text, expected {(author, document, section, item)})
    ("From: Alice Example <alice@example.com>\nDate: Mon, 3 Jun 2024 10:00:00 +0000\nSubject: Re: revocation\n\n"
     "I disagree: 6.1.1.3 is the rule here, not reason 5.\n\n"
     "On Mon, Jun 3, 2024 at 9:00 AM Bob Builder <bob@example.com> wrote:\n"
     "> Per BR 4.9.1.1 (5), this must be revoked within 24 hours.\n> Thanks, Bob\n",
     {("alice example", "BR", "6.1.1.3", None), ("bob builder", "BR", "4.9.1.1", 5)}),
    ("mozilla/pkipolicy · issue #301 · open\n# Revocation timelines\n\n"
     "carol · comment · 2024-02-03\n> Per Section 4.9.3 of the Chrome policy, CAs must publish.\n\n"
     "Where does that come from? MRSP 6.1.1 says otherwise.\n",
     {("carol", "MRSP", "6.1.1", None), (None, "CRP", "4.9.3", None)}),
]


@pytest.mark.parametrize("text,expected", QUOTES, ids=["mail", "github"])
def test_a_quoted_citation_is_the_quoted_messages(text, expected, tmp_path):
    from threadkb.pipeline import extract_paths

    path = tmp_path / "thread.txt"
    path.write_text(text, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    author = {m.key: m.author.lower() if m.author else None for m in ex.thread.messages}
    assert {(author[c.message], c.document, c.section, c.item) for c in ex.citations} == expected


NEW_SECTIONS = [
    # a section proposed anew stays with the document its context names, though that document never had it
    (["Mozilla's policy should get a new section 5.3.3 for this."], {("m0", "MRSP", "5.3.3", None)}),
    (["In Mozilla's policy, I propose adding section 3.2.2.5 as well."], {("m0", "MRSP", "3.2.2.5", None)}),
    (["Mozilla's policy is clear. Section 5.3.3 already says so."], {("m0", "BR", "5.3.3", None)}),  # not new
]


@pytest.mark.parametrize("texts,expected", NEW_SECTIONS, ids=[c[0][0][:40] for c in NEW_SECTIONS])
def test_a_new_section_keeps_its_document(texts, expected):
    ex = _extract([_message(f"m{i}", t, datetime(2024, 6, 5)) for i, t in enumerate(texts)],
                  list_name="GitHub cabforum/servercert")
    assert {(c.message, c.document, c.section, c.item) for c in ex.citations} == expected
