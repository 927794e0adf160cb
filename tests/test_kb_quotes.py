"""Quote blocks in the knowledge base (``message_quotes``, schema 7) and what the follow-up reads through them.

Class of input: a reply that quotes a message other than the one it replies to: a question asked earlier in the
thread (the grandparent), a sibling's question, a message that is not in the input ("In one of your previous
replies you stated: > …", corpus 006). The store kept no quote spans, so `followup` ("replied to / answered") and
`query` saw only the reply chain (``in_reply_to``). Now every quote block is stored with its file, lines, column,
depth, the message it quotes (or unknown), the answer below it and its words; a message by someone else that quotes
a question and writes below the quote answers it; one that quotes its message otherwise replied to it (no answer
found). Real corpus threads with exact values, constructed mbox variants run through the whole pipeline (the
linker's relations dropped, so the rule is what decides), the report and the query compared, a store of schema 6
upgraded, and the report's escaping of the notes."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kb_upgrade import refused_when_newer, upgraded_and_read_again
from threadkb import followup, store
from threadkb.cli import main
from threadkb.kb import KnowledgeBase
from threadkb.kinds import asking_kinds
from threadkb.models import (
    Claim,
    ClaimKind,
    Extraction,
    Message,
    QuotedSpan,
    TextLine,
    Thread,
)
from threadkb.pipeline import extract_paths
from threadkb.report.html_page import render_html
from threadkb.report.markdown import render_markdown
from threadkb.report.model import build_report

ROOT = Path(__file__).resolve().parents[1]
C006 = ROOT / "corpora" / "006_mdsp-mailarchive-camerfirma-remediation-plan-reply.txt"
C033 = ROOT / "corpora" / "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt"
REFERENCE = ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


# --------------------------------------------------------------------------- real threads, exact values


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("quotes") / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(C006), str(C033), str(REFERENCE)]) == 0
    return db


# file, line, line_end: (quoting author, quoted author, relation, depth, col, answer, first words, last words)
CORPUS = [
    (C006, 3, 11, (None, "Ramiro Muñoz", "its parent", 1, 2, "13", "Thanks everyone for your valuable",
                   "attached document.")),
    # the earlier Camerfirma message, quoted after "In one of your previous replies on this thread you stated": not
    # the message the reply answers (gold: in_reply_to null, partial), answered below by "But in this document …"
    (C006, 15, 19, (None, "Ramiro Muñoz", "not its parent", 1, 2, "21", ".       We are rethinking the SubCA",
                    "run them inside Camerfirma infrastructure.")),
    # markers broken by the quoting client ("> … requests for / >> clarification be …"): one block, every word kept
    (C033, 33, 36, ("Mike Shaver", "Ben Wilson", "its parent", 3, 3, "38-42", "For efficiency, it is requested",
                    "posted in piecemeal fashion.")),
    # a block whose other lines are the quoted message's own quote (lines 47-66, stored as its block): left out
    (C033, 43, 66, ("Mike Shaver", "Ben Wilson", "its parent", 3, 3, None, "Ben", "Ben")),
    (C033, 58, 66, ("Mike Shaver", "Ben Wilson", "its parent", 5, 6, None, "All,", "the Report and the Action")),
    # interleaved answers seven levels down (Matt Palmer's reply to Alvin Wang, quoted in the chain)
    (REFERENCE, 287, 289, ("Matt Palmer", "Alvin Wang", "its parent", 7, 9, "291-292",
                           "SHECA provides partners with public", "their API requests.")),
    (REFERENCE, 8, 328, ("Alvin Wang", "Arabella Barks", "its parent", 1, 2, None, "Alvin,",
                         "UTC+8 Alvin Wang wrote:")),
]


@pytest.mark.parametrize("path,line,line_end,expected", CORPUS, ids=[f"{c[0].name[:4]}:{c[1]}-{c[2]}" for c in CORPUS])
def test_quote_blocks_of_corpus_threads(corpus_kb, path, line, line_end, expected):
    with KnowledgeBase(corpus_kb) as kb:
        (row,) = [r for r in kb.quotes() if Path(r.file).name == path.name and (r.line, r.line_end) == (line, line_end)]
    author, quoted_author, relation, depth, col, answer, first, last = expected
    assert (row.author, row.quoted_author, row.relation, row.depth, row.col, row.answer) == (
        author, quoted_author, relation, depth, col, answer)
    assert row.text.startswith(first) and row.text.endswith(last)


def test_every_quote_of_the_corpus_threads_is_stored_once(corpus_kb):
    """Each parsed QuotedSpan is one row (none lost, none twice), and the quoted message is known for all of them."""
    spans = sum(len(m.quotes) for ex in extract_paths([str(C006), str(C033), str(REFERENCE)]) for m in ex.thread.messages)
    with KnowledgeBase(corpus_kb) as kb:
        rows = kb.quotes()
        assert len(rows) == spans == 18
        assert [r.relation for r in rows].count("not its parent") == 1  # 006's quote of the earlier message
        assert all(r.quotes is not None for r in rows)


def test_query_quotes_of_a_message_and_not_of_the_parent(corpus_kb, capsys):
    assert main(["query", "quotes", "--db", corpus_kb, "--not-parent", "--format", "jsonl"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (Path(row["file"]).name, row["line"], row["line_end"], row["relation"]) == (C006.name, 15, 19, "not its parent")
    assert main(["query", "quotes", "--db", corpus_kb, "--of", str(row["quotes"]), "--format", "jsonl"]) == 0
    assert [json.loads(line)["line"] for line in capsys.readouterr().out.splitlines()] == [15]


def test_graph_of_the_knowledge_base_holds_the_quotes_with_their_span(corpus_kb, tmp_path):
    out = tmp_path / "g.json"
    assert main(["graph", "--db", corpus_kb, "--thread", "1", "--format", "json", "-o", str(out)]) == 0
    links = [link for link in json.loads(out.read_text("utf-8"))["links"] if link["kind"] == "quotes"]
    assert sorted((link["span"].rsplit("/", 1)[-1], link["of_parent"]) for link in links) == [
        (f"{C006.name}:15-19", False), (f"{C006.name}:3-11", True)]
    assert all(link["span"] in link["evidence"] for link in links)
    graphml = tmp_path / "g.graphml"
    assert main(["graph", "--db", corpus_kb, "--thread", "1", "--format", "graphml", "-o", str(graphml)]) == 0
    # the quote edge's span and evidence, and the quoted message's own span (the quote is its only copy)
    assert graphml.read_text("utf-8").count(f"{C006.name}:15-19") == 3


# --------------------------------------------------------------------------- store.quote_blocks


def _msg(key, lines, quotes, depth=0):
    return Message(key, "f.txt", lines=[TextLine(t, i, 0) for i, t in lines], quotes=quotes, depth=depth)


BLOCKS = [  # name, input lines, the quoted message's own quotes, the span, (text, col, answer)
    ("plain markers", ["On Monday, Ann wrote:", "> Can you confirm?", "> Thanks", "", "Yes."], [],
     QuotedSpan("ann", (1, 3), (4, 5)), ("Can you confirm?\nThanks", 2, "f.txt:5")),
    ("nested markers kept when no block of the quoted message holds them", ["> a", ">> b", "> c"], [],
     QuotedSpan("ann", (0, 3)), ("a\nb\nc", 2, None)),
    ("the quoted message's own block left out", ["> a", "> Bob wrote:", ">> b", ">> b2", "> c"],
     [QuotedSpan("bob", (2, 4))], QuotedSpan("ann", (0, 5)), ("a\nBob wrote:\nc", 2, None)),
    ("a block of the quoted message outside the span stays", ["> a", ">> b"], [QuotedSpan("bob", (5, 7))],
     QuotedSpan("ann", (0, 2)), ("a\nb", 2, None)),
    ("Supercite-free star markers and indent", ["   *>* Can you?", "  >   indented"], [], QuotedSpan("ann", (0, 2)),
     ("Can you?\n  indented", 7, None)),  # white space after the markers is the line's
    ("unmarked copy (Outlook)", ["From: Ann", "Can you confirm?"], [], QuotedSpan("ann", (0, 2)),
     ("From: Ann\nCan you confirm?", 0, None)),
    ("lines not in the input: no words", ["> a"], [], QuotedSpan("ann", (3, 9)), ("", 0, None)),
    ("unknown quoted message", ["> a"], [], QuotedSpan(None, (0, 1)), ("a", 2, None)),
]


@pytest.mark.parametrize("name,lines,inner,span,expected", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_quote_blocks_read_the_words_of_each_block(name, lines, inner, span, expected):
    m = _msg("me", [], [span])
    ann = _msg("ann", [], inner, depth=1)
    (b,) = store.quote_blocks(m, lines, {"me": m, "ann": ann})
    text, col, answer = expected
    assert (b.text, b.span.col, str(b.answer) if b.answer else None, b.quoted, b.depth) == (
        text, col, answer, span.message, 1)
    assert (b.span.line, b.span.line_end) == (span.lines[0] + 1, span.lines[1])


# --------------------------------------------------------------------------- constructed mail threads


HEAD = "From {addr} Mon Jan  6 10:00:00 2025\nFrom: {name} <{addr}>\nDate: {date}\nSubject: {subject}\nMessage-ID: <{mid}>\n"
ALICE, BOB, CAROL = ("Alice Archer", "alice@example.org"), ("Bob Baker", "bob@example.net"), ("Carol Chen", "carol@example.com")
QUESTION = "Can you confirm when the affected certificates will be revoked?"
SERIALS = "Could you publish the list of serial numbers?"


def _mail(who, date, mid, body, parent=None):
    head = HEAD.format(name=who[0], addr=who[1], date=date, subject="Re: Revocation timeline" if parent else
                       "Revocation timeline", mid=mid)
    if parent:
        head += f"In-Reply-To: <{parent}>\nReferences: <{parent}>\n"
    return head + "\n" + body.strip("\n") + "\n\n"


A = _mail(ALICE, "Mon, 6 Jan 2025 10:00:00 +0000", "a1@x", f"{QUESTION}\n\nWe need the date for the report.\n\nAlice")
B = _mail(BOB, "Mon, 6 Jan 2025 12:00:00 +0000", "b1@x", "We are still collecting them from the issuing systems.\n\n"
          f"{SERIALS}\n\nBob", "a1@x")
ON_A = "On Mon, 6 Jan 2025 at 10:00, Alice Archer <alice@example.org> wrote:"
ON_B = "On Mon, 6 Jan 2025 at 12:00, Bob Baker <bob@example.net> wrote:"
CAROL_DATE = "Tue, 7 Jan 2025 09:00:00 +0000"
ANSWER = "All of them will be revoked by 10 January 2025 at the latest."

# name, the mbox, the question, (state, who answered or replied, how: "below" / "replied" / "quoted"),
# (the quote row of Carol's mail: quoted author, relation) or None
MAILS = [
    ("grandparent quoted and answered below",
     A + B + _mail(CAROL, CAROL_DATE, "c1@x", f"{ON_B}\n> We are still collecting them from the issuing systems.\n\n"
                   f"Thanks Bob. Back to the first message:\n\n{ON_A}\n> {QUESTION}\n\n{ANSWER}\n\nCarol", "b1@x"),
     QUESTION, (followup.ANSWERED, ["Carol Chen"]), ("Alice Archer", "not its parent")),
    ("sibling's question quoted and answered below",
     A + B + _mail(CAROL, CAROL_DATE, "c1@x", f"{ON_B}\n> {SERIALS}\n\nYes: they are at https://example.com/serials.\n\n"
                   "Carol", "a1@x"),
     SERIALS, (followup.ANSWERED, ["Carol Chen"]), ("Bob Baker", "not its parent")),
    ("a message not in the input quoted and answered below",
     A + _mail(CAROL, CAROL_DATE, "c1@x", "On Sun, 5 Jan 2025 at 08:00, Dave Dunn <dave@example.org> wrote:\n"
               "> Will the CPS be updated before the revocation?\n\nIt will, in version 4.2.\n\nCarol", "a1@x"),
     "Will the CPS be updated before the revocation?", (followup.ANSWERED, ["Carol Chen"]),
     ("Dave Dunn", "not its parent")),
    ("grandparent quoted with nothing below (top posting)",
     A + B + _mail(CAROL, CAROL_DATE, "c1@x", f"We will look into it next week.\n\nCarol\n\n{ON_A}\n> {QUESTION}",
                   "b1@x"),
     QUESTION, (followup.REPLIED, ["Bob Baker", "Carol Chen"]), ("Alice Archer", "not its parent")),
    ("grandparent quoted without the question",
     A + B + _mail(CAROL, CAROL_DATE, "c1@x", f"{ON_A}\n> We need the date for the report.\n\nWe will send it.\n\n"
                   "Carol", "b1@x"),
     QUESTION, (followup.REPLIED, ["Bob Baker", "Carol Chen"]), ("Alice Archer", "not its parent")),
    ("the asker quoting their own question",
     A + _mail(ALICE, CAROL_DATE, "a2@x", f"{ON_A}\n> {QUESTION}\n\nAnyone?\n\nAlice", "a1@x"),
     QUESTION, (followup.NO_REPLY, []), ("Alice Archer", "its parent")),
    ("the parent quoted and answered below",
     A + _mail(CAROL, CAROL_DATE, "c1@x", f"{ON_A}\n> {QUESTION}\n\n{ANSWER}\n\nCarol", "a1@x"),
     QUESTION, (followup.ANSWERED, ["Carol Chen"]), ("Alice Archer", "its parent")),
]


def _mbox(tmp_path, text) -> Extraction:
    path = tmp_path / "t.mbox"
    path.write_text(text, "utf-8")
    (ex,) = extract_paths([str(path)])
    return replace(ex, relations=[])  # the rule decides, not the linker


def _states(ex: Extraction, tmp_path) -> tuple[dict, dict, KnowledgeBase]:
    """(question text -> (state, authors) in the report, the same in the knowledge base, the open base)."""
    report = build_report(ex)
    authors = {m.key: m.author for m in ex.thread.messages}
    rep = {c.text: (st.state, [authors[k] for k in st.by]) for c in ex.claims if c.kind.value in asking_kinds()
           for st in [report.questions.get(c.id) or followup.from_extraction(ex).question(c)]}
    kb = KnowledgeBase(str(tmp_path / "kb.sqlite"))
    kb.add(ex, ex.thread.source)
    ids = [r[0] for r in kb.db.execute(
        f"SELECT id FROM claims WHERE kind IN ({','.join('?' * len(asking_kinds()))})", asking_kinds())]
    out = {}
    for cid, st in kb.question_states(ids).items():
        text = kb.db.execute("SELECT text FROM claims WHERE id = ?", (cid,)).fetchone()[0]
        out[text] = (st.state, [kb.db.execute("SELECT author FROM messages WHERE id = ?", (m,)).fetchone()[0]
                                for m in st.by])
    return rep, out, kb


@pytest.mark.parametrize("name,mbox,question,state,quote", MAILS, ids=[m[0] for m in MAILS])
def test_questions_quoted_in_constructed_mail_threads(tmp_path, name, mbox, question, state, quote):
    ex = _mbox(tmp_path, mbox)
    rep, kbs, kb = _states(ex, tmp_path)
    with kb:
        carol = [r for r in kb.quotes() if r.author in ("Carol Chen", "Alice Archer") and r.date.startswith("2025-01-07")]
        unanswered = {r.text for r in kb.unanswered()}
    assert rep[question] == kbs[question] == state
    assert (question in unanswered) == (state[0] != followup.ANSWERED)
    assert (carol[-1].quoted_author, carol[-1].relation) == quote


def test_the_evidence_of_an_answer_below_a_quote_names_the_lines(tmp_path):
    ex = _mbox(tmp_path, MAILS[0][1])
    _, _, kb = _states(ex, tmp_path)
    with kb:
        (cid,) = [r[0] for r in kb.db.execute("SELECT id FROM claims WHERE text = ?", (QUESTION,))]
        st = kb.question_states([cid])[cid]
        carol = kb.db.execute("SELECT id FROM messages WHERE author = 'Carol Chen'").fetchone()[0]
    # lines of the ingested text (the mails' bodies, as every span of an mbox): Alice's line is the 31st
    assert ex.thread.lines[30] == f"> {QUESTION}"
    assert st.evidence == [f"message {carol} quotes the question ({ex.thread.source}:31:2) and writes below it"
                           f" ({ex.thread.source}:33-35)"]


def test_the_report_says_quoted_by_for_a_quote_with_no_answer_below(tmp_path):
    ex = _mbox(tmp_path, MAILS[3][1])
    page = render_markdown(ex)
    (item,) = [line for line in page.splitlines() if line.startswith("- **Alice Archer** #1: Can you confirm")]
    assert item.endswith("\u2014 replied to by \\#2 Bob Baker; quoted by \\#3 Carol Chen; no answer found in the replies")


# --------------------------------------------------------------------------- the report escapes the notes


HOSTILE = "Eve <b>Evil</b> & *Co* [x](javascript:alert(1))"


def test_a_hostile_quoting_author_is_escaped_in_the_html_and_markdown_notes():
    when = datetime(2025, 3, 2, 12, 0, tzinfo=timezone.utc)
    lines = ["Can you confirm the count?", "On Sunday, Ann wrote:", "> Can you confirm the count?", "Later."]
    q = Message("q", "t.txt", author="Ann Lee", date=when, lines=[TextLine(lines[0], 0, 0)])
    r = Message("r", "t.txt", author=HOSTILE, date=when.replace(day=3), lines=[TextLine(lines[1], 1, 0)],
                quotes=[QuotedSpan("q", (2, 3))])  # quoted, nothing written below it: "quoted by"
    claim = Claim("cq", "q", "Ann Lee", ClaimKind.QUESTION, lines[0], 0, len(lines[0]))
    ex = Extraction(Thread("t.txt", [q, r], [], lines=lines), [], [], [], [claim], [])
    page = render_html(ex)
    assert "<b>Evil</b>" not in page and "quoted by #2 Eve &lt;b&gt;Evil&lt;/b&gt; &amp; *Co*" in page
    assert "javascript:alert" not in page.replace("[x](javascript:alert(1))", "")  # never a link
    note = next(line for line in render_markdown(ex).splitlines() if "quoted by" in line)
    assert note.endswith("quoted by \\#2 Eve \\<b\\>Evil\\</b\\> \\& \\*Co\\* \\[x\\](javascript:alert(1)); no answer found in"
                         " the reply")  # brackets escaped: no link


# --------------------------------------------------------------------------- a store of schema 6


def _downgrade(db: str) -> None:
    """The base as a threadkb of schema 6 left it: no message_quotes, no source_files.quotes_stored."""
    con = sqlite3.connect(db)
    con.executescript("DROP TABLE message_quotes; ALTER TABLE source_files DROP COLUMN quotes_stored;"
                      " DELETE FROM schema_version WHERE version = 7;")
    con.close()


def test_a_schema_6_base_is_upgraded_and_its_files_read_again_for_their_quotes(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")

    def old_base() -> None:
        with KnowledgeBase(db) as kb:
            assert kb.quotes() == []
        assert main(["query", "quotes", "--db", db]) == 0
        err = capsys.readouterr().err
        assert err == (f"threadkb: 1 file stored before quote blocks were kept (first: {C006}): ingest it again to"
                       " list its quotes\n")

    assert upgraded_and_read_again(db, C006, "message_quotes", _downgrade, KnowledgeBase.files_without_quotes,
                                   old_base) == 2
    with KnowledgeBase(db) as kb:
        assert [(r.line, r.line_end, r.relation) for r in kb.quotes()] == [(3, 11, "its parent"), (15, 19, "not its parent")]


def test_a_file_whose_bytes_changed_keeps_no_stale_quote_rows(tmp_path):
    db = str(tmp_path / "kb.sqlite")
    path = tmp_path / "t.mbox"
    path.write_text(MAILS[0][1], "utf-8")
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    with KnowledgeBase(db) as kb:
        assert sorted((r.line, r.line_end) for r in kb.quotes()) == [(26, 26), (31, 31)]
    path.write_text(MAILS[0][1].replace("Back to the first message:", "Back to the first message,\nas promised:"),
                    "utf-8")  # one line more above the quote of Alice: that block moves down a line
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    with KnowledgeBase(db) as kb:
        assert sorted((r.line, r.line_end) for r in kb.quotes()) == [(26, 26), (32, 32)]  # not the old (26, 31) too


def test_a_base_from_a_newer_threadkb_is_refused_in_one_line(tmp_path, capsys):
    refused_when_newer(str(tmp_path / "kb.sqlite"), C006, ["quotes"], capsys)


def test_the_quotes_of_an_mbox_of_many_threads_name_their_thread(tmp_path):
    """An mbox's threads are read apart ("path#2"): the lines of a block count in its thread's text, so the row names
    the thread, as every span of that thread does (and the report's evidence)."""
    other = _mail(("Dan Doe", "dan@example.org"), "Sun, 5 Jan 2025 10:00:00 +0000", "d1@x", "Another subject.")
    other = other.replace("Subject: Revocation timeline", "Subject: Audit letters")
    path = tmp_path / "t.mbox"
    path.write_text(other + MAILS[0][1], "utf-8")
    exs = [replace(ex, relations=[]) for ex in extract_paths([str(path)])]  # the rule decides, not the linker
    with KnowledgeBase(str(tmp_path / "kb.sqlite")) as kb:
        kb.add_file(exs, str(path))
        rows = kb.quotes()
        (cid,) = [r[0] for r in kb.db.execute("SELECT id FROM claims WHERE text = ?", (QUESTION,))]
        evidence = kb.question_states([cid])[cid].evidence
    assert sorted((r.file, r.line, r.line_end) for r in rows) == [(f"{path}#2", 26, 26), (f"{path}#2", 31, 31)]
    assert evidence == [f"message {rows[0].message} quotes the question ({path}#2:31:2) and writes below it"
                        f" ({path}#2:33-35)"]
    (ex,) = [e for e in exs if len(e.thread.messages) == 3]
    (st,) = [followup.from_extraction(ex).question(c) for c in ex.claims if c.text == QUESTION]
    assert st.evidence == [e.replace(f"message {rows[0].message} ", f"message {st.by[0]} ") for e in evidence]


@pytest.mark.parametrize("questions, quoting", [(1, 1), (3, 4), (12, 9)])
def test_each_quote_block_is_normalised_once(monkeypatch, questions, quoting):
    """Review12a. A message of many questions quoted whole by many replies that write below: each question is looked
    for in each block, but each text is normalised once (before: each question normalised every block again, with
    400 questions quoted by 400 replies 98 s of ``question_state``). Exact states and evidence kept."""
    from threadkb import followup

    calls: list[str] = []
    real = followup.normalise_text

    def counted(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(followup, "normalise_text", counted)
    asked = [f"Question {i} about the audit letter, when will it be published?" for i in range(questions)]
    text = "\n".join(asked)
    posts = [followup.Post("A", "asker", None, None, "2025-01-01T00:00:00Z")] + [
        followup.Post(f"R{j}", f"p{j}", None, "A", f"2025-01-02T00:00:{j:02d}Z") for j in range(quoting)]
    quotes = {f"R{j}": [followup.Quote("A", text + "\nzzz", f"f:{10 * j + 1}-{10 * j + 2}", f"f:{10 * j + 3}")]
              for j in range(quoting)}
    order = followup.ThreadOrder(posts, lambda m: text if m == "A" else "ok", lambda: {}, lambda: quotes)
    states = [followup.question_state(followup.Question(i, "A", "asker", q), order, []) for i, q in enumerate(asked)]
    assert [(s.state, s.by) for s in states] == [(followup.ANSWERED, [f"R{j}" for j in range(quoting)])] * questions
    assert states[-1].evidence[0] == "message R0 quotes the question (f:1-2) and writes below it (f:3)"
    assert len(calls) == questions + quoting


def _interleaved_page(tmp_path: Path, points: int) -> Path:
    """A reply (Alice) quoting a whole message (Bob) that answers another (Carol) point by point: Bob's ``points``
    quote blocks nested inside Alice's one block."""
    lines = ["From: Alice Example <alice@example.org>", "Date: Mon, 1 Jan 2024 10:00:00 +0000", "Subject: Re: audit",
             "", "Alice's answer: we publish the letter next week.", "",
             "On Sun, 31 Dec 2023 at 09:00, Bob Example <bob@example.org> wrote:",
             "> Bob's intro line about the audit letter.",
             "> On Sat, 30 Dec 2023 at 08:00, Carol Example <carol@example.org> wrote:"]
    for i in range(points):
        lines += [f"> > Carol point {i} about the audit letter and its scope?",
                  f"> Bob answers point {i}: the scope is the whole CA."]
    path = tmp_path / f"interleaved-{points}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_nested_blocks_left_out_of_the_outer_block(tmp_path):
    """Review12a guard (passes before and after): the words of Alice's block are Bob's lines only, Carol's lines
    nested inside it are Bob's blocks (exact texts)."""
    from threadkb.pipeline import parse_paths

    thread = next(iter(parse_paths([str(_interleaved_page(tmp_path, 2))])))
    by_key = {m.key: m for m in thread.messages}
    got = {m.key: [(b.quoted, str(b.span), b.text) for b in store.quote_blocks(m, thread.lines, by_key)]
           for m in thread.messages}
    path = thread.source
    assert got == {
        "alice-example-20240101-1000": [("bob-example-20231231-0900", f"{path}:8-13:2", "Bob's intro line about the audit"
                                         " letter.\nOn Sat, 30 Dec 2023 at 08:00, Carol Example <carol@example.org>"
                                         " wrote:\nBob answers point 0: the scope is the whole CA.\nBob answers point 1:"
                                         " the scope is the whole CA.")],
        "bob-example-20231231-0900": [("carol-example-20231230-0800", f"{path}:10:4", "Carol point 0 about the audit letter"
                                       " and its scope?"),
                                      ("carol-example-20231230-0800", f"{path}:12:4", "Carol point 1 about the audit letter"
                                       " and its scope?")],
        "carol-example-20231230-0800": []}


@pytest.mark.parametrize("points", [200, 800])
def test_nested_blocks_are_left_out_in_linear_work(tmp_path, points):
    """Review12a. A block that holds a message answering point by point (``points`` nested blocks): each line of the
    block is looked at once, not once per nested block (before: lines x nested blocks; 16,000 points took 22 s of
    ``quote_blocks`` against 0.7 s of parse). Work is counted as the Python lines ``quote_blocks`` runs (no timing)."""
    import sys

    from threadkb.pipeline import parse_paths

    thread = next(iter(parse_paths([str(_interleaved_page(tmp_path, points))])))
    by_key = {m.key: m for m in thread.messages}
    ran = 0

    def tracer(frame, event, arg):
        nonlocal ran
        if frame.f_code.co_filename != store.__file__:
            return None
        if event == "line":
            ran += 1
        return tracer

    sys.settrace(tracer)
    try:
        blocks = [store.quote_blocks(m, thread.lines, by_key) for m in thread.messages]
    finally:
        sys.settrace(None)
    assert [len(b) for b in blocks] == [1, points, 0]
    assert blocks[0][0].text.count("\n") == points + 1  # Bob's intro, his attribution of Carol and his answers
    assert ran <= 40 * len(thread.lines)
