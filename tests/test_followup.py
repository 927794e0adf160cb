"""What became of questions and commitments (threadkb.followup): one decision, the same on every surface.

Class of input: a question or request that no claim ``answers`` while a later message of another person replies
to its message (Linh Bach Quang's "Please reconfirm the scope of affected certificates …", answered in prose by
Alvin Wang's reply of 10 Oct 2025) was listed "unanswered" like a question nobody wrote back to; and a commitment
that `query commitments` found done (a later comment is the promised report) stayed "overdue" in the review
report. Real corpus threads with exact expected values, constructed variants (mail replies, flat pages, the asker
writing back, a reply to a later message), and both surfaces run on one store and compared."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from threadkb import followup
from threadkb.cli import main
from threadkb.kb import KnowledgeBase
from threadkb.kinds import asking_kinds
from threadkb.models import Claim, ClaimKind, Extraction, Message, Relation, RelationKind, TextLine, Thread
from threadkb.report.markdown import md
from threadkb.report.model import build_report

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "corpora/mdsp-2025-10-sheca-api-keys.txt"
FILES = [REFERENCE,
         "corpora/004_mdsp-googlegroups-camerfirma-compliance-summary.txt",
         "corpora/024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt",
         "corpora/033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt",
         "corpora/049_github-pr-cabforum-servercert-405-revocation-reasons-review.txt",
         "corpora/077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt"]
AT = "2026-01-01"


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The files stored and reported by one `threadkb run` (reports judged on AT): (db path, report folder)."""
    out = tmp_path_factory.mktemp("followup")
    db = str(out / "kb.sqlite")
    assert main(["run", "--quiet", "--db", db, "--output-dir", str(out), "--as-of", AT,
                 *[str(ROOT / f) for f in FILES]]) == 0
    return db, out


# --------------------------------------------------------------------------- real threads, exact values

# file, the question's first words, what the reply structure says when no claim answers it (state, the authors of
# the replying messages, later messages by others). A question the linker answers is "answered" whatever this says.
QUESTIONS = [
    (REFERENCE, "Please reconfirm the scope of affected certificates", followup.REPLIED, ["Alvin Wang"], 4),
    (REFERENCE, "SHECA would like to know through which platform", followup.LATER, [], 1),
    ("004_", "If anyone in this group believes they have an issue", followup.REPLIED, ["Ryan Sleevi"], 1),
    ("024_", "Can you confirm that the 3000-some certificates", followup.LATER, [], 2),  # flat Bugzilla page
    ("024_", "If a CA mis-issues theire ENTIRE certificate base", followup.LATER, [], 2),
    ("033_", "Are others planning to submit comments", followup.NO_REPLY, [], 0),
    # Mike Shaver quotes the request (lines 33-36) and writes below it ("Touché…"): answered below its quote
    ("033_", "For efficiency, it is requested that comments", followup.ANSWERED, ["Mike Shaver"], 1),
    ("049_", "Add revocation reasons based on", followup.REPLIED, ["BenWilson-Mozilla"], 2),  # a PR's review
]


@pytest.mark.parametrize("path,words,state,replied_by,later", QUESTIONS, ids=[q[1][:30] for q in QUESTIONS])
def test_questions_of_real_threads(stored, path, words, state, replied_by, later):
    db, _ = stored
    with KnowledgeBase(db) as kb:
        (cid,) = [r[0] for r in kb.db.execute(
            "SELECT c.id FROM claims c JOIN messages m ON m.id = c.message_id JOIN source_files f"
            " ON f.id = c.source_file_id WHERE c.text LIKE ? AND f.path LIKE ?", (words + "%", f"%{Path(path).name[:4]}%"))]
        edge = kb.db.execute("SELECT 1 FROM relations WHERE kind = 'answers' AND to_claim_id = ?", (cid,)).fetchone()
        st = kb.question_states([cid])[cid]
        authors = [kb.db.execute("SELECT author FROM messages WHERE id = ?", (m,)).fetchone()[0] for m in st.by]
        unanswered = {r.claim: r for r in kb.unanswered()}
    assert st.later_replies == later
    if edge:
        assert st.state == followup.ANSWERED and cid not in unanswered
        return
    assert (st.state, authors) == (state, replied_by)
    if state == followup.ANSWERED:  # answered below a quote of it: not listed as unanswered
        assert cid not in unanswered
        return
    row = unanswered[cid]
    assert (row.state, row.later_replies, len(row.replies)) == (state, later, len(replied_by))


def test_query_unanswered_no_reply_leaves_out_the_questions_replied_to(stored, capsys):
    db, _ = stored
    assert main(["query", "unanswered", "--db", db, "--no-reply", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["state"] in (followup.LATER, followup.NO_REPLY) for r in rows)
    assert not any(r["text"].startswith("Please reconfirm the scope") for r in rows)


def test_a_commitment_done_by_the_promised_document_is_done_in_the_report_too(stored):
    """024: 'The full report will be posted no later than March 29, 2024.' — the assignee's later comment
    'Incident Report' is the report. The report said 'overdue by … days' while the query said done."""
    _, out = stored
    page = (out / "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.report.md").read_text("utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| ") and "posted no later than March 29" in line)
    assert row.split(" | ")[-1] == "done (by \\#4 andreaholland: \u201cIncident Report\u201d) |"


# a commitment, a heading of a message whose writer is not named: is it the promised document's title?
TITLES = [
    ("a full incident report will be posted no later than 2025-04-23", "Full Incident Report", True),  # 077
    ("A detailed case report will be released before July 25, 2025.", "Full Incident Report", True),  # 031
    ("A detailed case report will be released before July 25, 2025.", "Report", True),
    ("a full incident report will be posted no later than 2025-04-23", "Where is the incident report", False),
    ("a full incident report will be posted no later than 2025-04-23", "Any update on the full report", False),
    ("a full incident report will be posted no later than 2025-04-23", "Comment on the incident report", False),
    ("a full incident report will be posted no later than 2025-04-23", "Incident report for Example CA", False),
    ("a full incident report will be posted no later than 2025-04-23", "Full disclosure", False),
    ("A detailed case report will be released before July 25, 2025.", "Release notes", False),
    ("A detailed case report will be released before July 25, 2025.", "Case closed", False),
    ("A detailed case report will be released before July 25, 2025.", "Bug report", False),
    ("We will revoke the certificates by 2025-04-23.", "Incident Report", False),  # promises no document
    # a salutation naming whom the document is for is no title (review14a): a line ending with a comma, or an
    # organisation's name
    ("We will send Kathleen the report by Friday.", "Kathleen,", False),
    ("We will report back to Ryan by Friday.", "Ryan,", False),
    ("We will publish our findings to Ryan by Friday.", "Ryan,", False),
    ("We will submit the audit report to Mozilla by March 2024.", "Mozilla,", False),
    ("We will submit the audit report to Mozilla by March 2024.", "Mozilla", False),
    ("We will submit the audit report to Mozilla by March 2024.", "Audit Report", True),
    ("We will send Kathleen the report by Friday.", "Report", True),
]


@pytest.mark.parametrize("commitment,heading,title", TITLES)
def test_a_heading_of_a_writer_not_named_counts_only_as_the_documents_title(commitment, heading, title):
    """``delivers`` needs one shared word, enough for a message of the speaker; a message whose writer is not named
    (a reporter's, a bystander's "Where is the incident report") must be headed by the document's title."""
    assert followup.is_title_of(commitment, heading) is title


# file, the commitment's first words, the day judged, the report's status cell, the query's (status, done_text)
UNNAMED_DOCUMENT = [
    # the page lost the header of the comment holding the report: the promised document, whose writer is not named
    ("077_", "This is a preliminary report", AT, "done (by \\#2 (unknown speaker): \u201cFull Incident Report\u201d)",
     ("done", "Full Incident Report", "077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt:48")),
    ("024_", "The full report will be posted no later than March 29", AT,
     "done (by \\#4 andreaholland: \u201cIncident Report\u201d)",
     ("done", "Incident Report", "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt:29")),
]


@pytest.mark.parametrize("path,words,at,cell,query", UNNAMED_DOCUMENT, ids=[u[0] for u in UNNAMED_DOCUMENT])
def test_the_promised_document_by_a_writer_the_page_does_not_name_is_done(stored, path, words, at, cell, query,
                                                                         capsys):
    """077 (and 031): "a full incident report will be posted no later than 2025-04-23"; the next comment of the
    Bugzilla page is "Full Incident Report", its header (who wrote it) lost from the saved page. Both the report
    and `query commitments --overdue` said "overdue by 192 days"; a post naming no writer and speaking for no
    organisation may be the speaker's, so its heading counts (its sentences do not)."""
    db, out = stored
    page = next(out.glob(f"{path}*.report.md")).read_text("utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| ") and words in line)
    assert row.split(" | ")[-1] == cell + " |"
    assert main(["query", "commitments", "--db", db, "--at", at, "--format", "jsonl", "--thread",
                 _thread_number(db, next(Path(f).name for f in FILES if path in f))]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (row,) = [r for r in rows if r["text"].startswith(words)]
    # where the document is (done_by is a message number no view lists): its comment, from its header line
    assert (row["status"], row["done_text"], Path(row["done_where"]).name) == query


def test_the_promised_document_of_a_dn_typo_bug_is_done_in_its_report(tmp_path):
    """031: "A detailed case report will be released before July 25, 2025." — the next comment, "Full Incident
    Report", names no writer (the saved page lost its header)."""
    out = tmp_path / "r.md"
    assert main(["report", str(ROOT / "corpora" / "031_bugzilla-1978186-sheca-chongqing-dn-chinese.txt"),
                 "--format", "md", "-o", str(out), "--as-of", "2025-11-01"]) == 0
    summary = out.read_text("utf-8").split("### Commitments (1)", 1)[1].split("###")[0].strip()
    assert summary == ("- **wangjiatai** #1: A detailed case report will be released before July 25, 2025. — **done**,"
                       " due 25 Jul 2025 (by \\#2 (unknown speaker): \u201cFull Incident Report\u201d)")


# --------------------------------------------------------------------------- the surfaces agree on one store


def _report_state(status: str) -> str:
    """The state a report's status cell shows."""
    if status.startswith("done"):
        return followup.DONE
    if status.startswith("overdue"):
        return followup.OVERDUE
    if status.startswith("due"):
        return followup.OPEN if status != "due date unknown" else followup.NO_DEADLINE
    return followup.NO_DEADLINE


def _report_question_state(item: str) -> str:
    if "\u2014 replied to by" in item or "\u2014 quoted by" in item:
        return followup.REPLIED
    if "\u2014 no reply to its message;" in item:
        return followup.LATER
    return followup.NO_REPLY


@pytest.mark.parametrize("path", FILES)
def test_query_and_report_agree(stored, path, capsys):
    """`threadkb query commitments --at D` / `query unanswered` and the Markdown report judged on D, written by
    the same `threadkb run`: the same state for every commitment and every question no claim answers."""
    db, out = stored
    name = Path(path).name
    page = (out / f"{Path(path).stem}.report.md").read_text("utf-8")
    flt = ["--thread", _thread_number(db, name)]
    assert main(["query", "commitments", "--db", db, "--at", AT, "--format", "jsonl", *flt]) == 0
    commitments = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    table = [line for line in page.split("### Commitments", 1)[1].split("### Admissions")[0].splitlines()
             if line.startswith("| ") and not line.startswith(("| Speaker", "|---"))]
    assert len(table) == len(commitments)
    for row in commitments:
        (line,) = [ln for ln in table if f"| {md(row['text'])} (in " in ln]
        assert _report_state(line.split(" | ")[-1]) == row["status"], row["text"]
    assert main(["query", "unanswered", "--db", db, "--format", "jsonl", *flt]) == 0
    questions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    items = page.split("### Still unanswered", 1)[1].split("\n### Answered")[0].split("\n## ")[0].strip().splitlines()
    items = [i for i in items if i.startswith("- ")]
    assert len(items) == len(questions) or items == ["Every question and request has an answer."]
    for row in questions:
        (item,) = [i for i in items if f": {md(row['text'])}" in i]
        assert _report_question_state(item) == row["state"], row["text"]
    # in one order: the most neglected first (followup.most_neglected_first), each state by date
    assert [next(k for k, row in enumerate(questions) if f": {md(row['text'])}" in i) for i in items
            if questions] == list(range(len(questions)))
    assert [row["state"] for row in questions] == UNANSWERED_ORDER.get(name, [row["state"] for row in questions])


# the states `query unanswered` lists a thread's questions in (the report lists them so too, above): the reference
# thread's and 033's were in claim order (replied before later / no reply)
UNANSWERED_ORDER = {
    Path(REFERENCE).name: [followup.LATER, followup.REPLIED],
    # 033's request replied to was answered below its quote (kbquote12): only the question nobody replied to is left
    "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt": [followup.NO_REPLY],
}


def _thread_number(db: str, name: str) -> str:
    with KnowledgeBase(db) as kb:
        (tid,) = {r[0] for r in kb.db.execute(
            "SELECT m.thread_id FROM messages m JOIN source_files f ON f.id = m.source_file_id WHERE f.path LIKE ?",
            (f"%{name}",))}
    return str(tid)


# --------------------------------------------------------------------------- constructed variants


def _message(key: str, author: str, day: int | None, text: str, parent: str | None = None,
             origin: str = "mail", line: int = 0) -> Message:
    when = datetime(2025, 3, day, 12, 0, tzinfo=timezone.utc) if day else None
    lines = [TextLine(t, line + i, 0) for i, t in enumerate(text.split("\n"))]
    return Message(key, "t.txt", author=author, date=when, in_reply_to=parent, lines=lines, origin=origin)


def _claim(cid: str, m: Message, kind: ClaimKind, text: str, deadline=None, org: str | None = None) -> Claim:
    start = m.text.index(text)
    return Claim(cid, m.key, m.author, kind, text, start, start + len(text), deadline=deadline, on_behalf_of=org)


def _both(ex: Extraction, tmp_path, at: date | None = date(2025, 4, 1)):
    """(the report's states, the knowledge base's states) of every question and commitment, by claim text."""
    report = build_report(ex, at)
    rep_q = {report.claims[k].text: st.state for k, st in report.questions.items()}
    rep_q.update({c.text: followup.ANSWERED for c in ex.claims
                  if c.kind.value in asking_kinds() and c.id not in report.questions})
    rep_c = {cm.claim.text: followup.DONE if cm.done else followup.OVERDUE if cm.overdue else
             followup.NO_DEADLINE if cm.due is None else followup.OPEN for cm in report.commitments}
    with KnowledgeBase(str(tmp_path / "kb.sqlite")) as kb:
        kb.add(ex, "t.txt")
        ids = {r[0]: r[1] for r in kb.db.execute("SELECT id, text FROM claims")}
        kb_q = {ids[k]: st.state for k, st in kb.question_states(
            [k for k, in kb.db.execute(f"SELECT id FROM claims WHERE kind IN ({','.join('?' * len(asking_kinds()))})",
                                       asking_kinds())]).items()}
        kb_c = {r.text: r.status for r in kb.commitments(at=at)}
    return (rep_q, rep_c), (kb_q, kb_c)


QUESTION = "Please confirm the number of affected certificates?"
VARIANTS = [  # name, messages after the question (key, author, day, parent), answers edge from, expected state
    ("a reply by another person", [("b", "Bob Roe", 3, "q")], None, followup.REPLIED),
    ("the asker writing back to their own question", [("b", "Ann Lee", 3, "q")], None, followup.NO_REPLY),
    ("a later message replying to something else", [("x", "Bob Roe", 3, None), ("b", "Cy Poe", 4, "x")], None,
     followup.LATER),
    ("a reply with an answers edge", [("b", "Bob Roe", 3, "q")], "b", followup.ANSWERED),
    ("nothing after it", [], None, followup.NO_REPLY),
    ("a reply to a reply", [("b", "Ann Lee", 3, "q"), ("c", "Bob Roe", 4, "b")], None, followup.LATER),
]


@pytest.mark.parametrize("name,later,edge,state", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_question_states_of_constructed_threads(tmp_path, name, later, edge, state):
    q = _message("q", "Ann Lee", 2, f"Hello.\n{QUESTION}")
    messages = [q] + [_message(k, a, d, f"Some words from {a} on day {d}.", p) for k, a, d, p in later]
    claims = [_claim("cq", q, ClaimKind.QUESTION, QUESTION)]
    relations = []
    if edge:
        m = next(x for x in messages if x.key == edge)
        claims.append(_claim("ca", m, ClaimKind.ASSERTION, m.text))
        relations.append(Relation("ca", "cq", RelationKind.ANSWERS, ["reply-to: constructed"], 0.9))
    ex = Extraction(Thread("t.txt", messages, []), [], [], [], claims, relations)
    (rep_q, _), (kb_q, _) = _both(ex, tmp_path)
    assert rep_q[QUESTION] == kb_q[QUESTION] == state


def test_unanswered_questions_are_listed_in_one_order_by_the_report_and_the_query(tmp_path):
    """A file that lists its messages out of date order: both list the most neglected first, each state by date
    (the report listed a state's questions in the file's order, the query every question by date)."""
    said = {"a": "Is the list final?", "b": "Please confirm the count?", "e": "Who approved this change?",
            "d": "When will it be fixed?"}
    messages = [_message("a", "Ann Lee", 6, said["a"]), _message("b", "Ann Lee", 2, said["b"]),
                _message("c", "Bob Roe", 3, "Some words from Bob.", "b"), _message("e", "Bob Roe", 5, said["e"]),
                _message("d", "Cy Poe", 1, said["d"])]
    claims = [_claim(f"c{m.key}", m, ClaimKind.QUESTION, said[m.key]) for m in messages if m.key in said]
    ex = Extraction(Thread("t.txt", messages, []), [], [], [], claims, [])
    expected = [(said["a"], followup.NO_REPLY), (said["d"], followup.LATER), (said["e"], followup.LATER),
                (said["b"], followup.REPLIED)]
    report = build_report(ex, date(2025, 4, 1))
    assert [(c.text, report.questions[c.id].state) for c in report.unanswered] == expected
    with KnowledgeBase(str(tmp_path / "kb.sqlite")) as kb:
        kb.add(ex, "t.txt")
        assert [(r.text, r.state) for r in kb.unanswered()] == expected


PROMISE = "We will publish the incident report by 2025-03-10."
COMMITMENTS = [  # name, later messages (key, author, day, text, origin), judged on, expected state
    ("a later claim of the speaker reports it done", [("b", "Ann Lee", 5, "The incident report has been published.")],
     date(2025, 4, 1), followup.DONE),
    ("done after the day it is judged on", [("b", "Ann Lee", 20, "The incident report has been published.")],
     date(2025, 3, 15), followup.OVERDUE),
    ("another person says it is published", [("b", "Bob Roe", 5, "The incident report has been published.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("the promised document itself", [("b", "Ann Lee", 5, "Incident Report\n\nSummary of what happened.")],
     date(2025, 4, 1), followup.DONE),
    ("nothing yet, before the deadline", [], date(2025, 3, 5), followup.OPEN),
    ("a negated report", [("b", "Ann Lee", 5, "The incident report has not been published yet.")],
     date(2025, 4, 1), followup.OVERDUE),
    # a post that names no writer (a page that lost the comment's header): its heading may be the document
    ("the promised document, its writer not named", [("b", None, 5, "Full Incident Report\n\nSummary of what happened.")],
     date(2025, 4, 1), followup.DONE),
    ("the promised document, its writer not named, after the day judged",
     [("b", None, 20, "Full Incident Report\n\nSummary of what happened.")], date(2025, 3, 15), followup.OVERDUE),
    ("a document of that name by another person", [("b", "Bob Roe", 5, "Incident Report\n\nSummary of it.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("a writer not named says it is published (no document)", [("b", None, 5, "The incident report has been published.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("a writer not named, a heading that is no document", [("b", None, 5, "Status Update\n\nWe are still working.")],
     date(2025, 4, 1), followup.OVERDUE),
    # a writer not named, a heading that mentions the document but is not its title (a reporter's, a bystander's)
    ("a writer not named asks where the document is", [("b", None, 5, "Where is the incident report\n\nStill nothing.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("a writer not named says the document is overdue", [("b", None, 5, "Incident report overdue\n\nPlease post it.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("a writer not named files a bug report", [("b", None, 5, "Bug report\n\nThe certificate is misissued.")],
     date(2025, 4, 1), followup.OVERDUE),
    ("a writer not named, the document's title with a qualifier", [("b", None, 5, "Final Incident Report\n\nSummary.")],
     date(2025, 4, 1), followup.DONE),
]


@pytest.mark.parametrize("name,later,at,state", COMMITMENTS, ids=[v[0] for v in COMMITMENTS])
def test_commitment_states_of_constructed_threads(tmp_path, name, later, at, state):
    p = _message("p", "Ann Lee", 2, PROMISE)
    messages = [p] + [_message(k, a, d, t, "p") for k, a, d, t in later]
    claims = [_claim("cp", p, ClaimKind.COMMITMENT, PROMISE, deadline=date(2025, 3, 10))]
    claims += [_claim(f"c{m.key}", m, ClaimKind.ASSERTION, m.text.split("\n")[-1]) for m in messages[1:]]
    ex = Extraction(Thread("t.txt", messages, []), [], [], [], claims, [])
    (_, rep_c), (_, kb_c) = _both(ex, tmp_path, at)
    assert rep_c[PROMISE] == kb_c[PROMISE] == state


def test_undated_comments_of_one_page_are_ordered_by_the_page(tmp_path):
    """A Bugzilla page copy without comment dates: the page's order says the report comment comes later."""
    p = _message("p", "Ann Lee", None, PROMISE, origin="bugzilla-comment-0", line=10)
    b = _message("b", "Ann Lee", None, "Incident Report\n\nSummary.", origin="bugzilla-comment-1", line=40)
    claims = [_claim("cp", p, ClaimKind.COMMITMENT, PROMISE, deadline=date(2025, 3, 10))]
    ex = Extraction(Thread("t.txt", [p, b], []), [], [], [], claims, [])
    (_, rep_c), (_, kb_c) = _both(ex, tmp_path, date(2025, 4, 1))
    assert rep_c[PROMISE] == kb_c[PROMISE] == followup.DONE


# one person writing under two names (the knowledge base's identity rules: one address, a login spelling the name,
# a participant's first name): (name, address) of the asker or promiser, then of the later message's writer
ONE_PERSON = [
    ("the same address, another name", ("Ann Lee", "ann@x.org"), ("A. Lee", "ann@x.org")),
    ("a login spelling the name", ("Ann Lee", None), ("annlee", None)),
    ("the first name of the only participant so named", ("Ann Lee", "ann@x.org"), ("Ann", None)),
]


@pytest.mark.parametrize("name,first,second", ONE_PERSON, ids=[v[0] for v in ONE_PERSON])
def test_one_person_under_two_names_is_the_asker_in_the_report_and_the_query(tmp_path, name, first, second):
    """The report keyed people by the name alone: the asker writing back under another name was 'replied to',
    and a commitment reported done by its speaker under another name stayed 'overdue', while the knowledge base
    (people rows joined by identity) said 'no reply' and 'done'."""
    q = replace(_message("q", first[0], 2, f"Hello.\n{QUESTION}"), email=first[1])
    b = replace(_message("b", second[0], 3, "Some words back.", "q"), email=second[1])
    ex = Extraction(Thread("t.txt", [q, b], []), [], [], [], [_claim("cq", q, ClaimKind.QUESTION, QUESTION)], [])
    (rep_q, _), (kb_q, _) = _both(ex, tmp_path / "q")
    p = replace(_message("p", first[0], 2, PROMISE), email=first[1])
    d = replace(_message("d", second[0], 5, "The incident report has been published.", "p"), email=second[1])
    claims = [_claim("cp", p, ClaimKind.COMMITMENT, PROMISE, deadline=date(2025, 3, 10)),
              _claim("cd", d, ClaimKind.ASSERTION, d.text)]
    (_, rep_c), (_, kb_c) = _both(Extraction(Thread("t.txt", [p, d], []), [], [], [], claims, []), tmp_path / "c")
    assert (rep_q[QUESTION], rep_c[PROMISE]) == (kb_q[QUESTION], kb_c[PROMISE]) == (followup.NO_REPLY, followup.DONE)


def test_an_undated_report_written_after_the_day_judged_does_not_count(tmp_path):
    """An undated message replying to a message dated after the day judged was written after it too (its date is
    its effective date, as the thread's order reads it): it does not make the commitment done on that day."""
    p = _message("p", "Ann Lee", 2, PROMISE)
    b = _message("b", "Bob Roe", 20, "Any news on the incident report?", "p")
    d = _message("d", "Ann Lee", None, "The incident report has been published.", "b")
    claims = [_claim("cp", p, ClaimKind.COMMITMENT, PROMISE, deadline=date(2025, 3, 10)),
              _claim("cd", d, ClaimKind.ASSERTION, d.text)]
    ex = Extraction(Thread("t.txt", [p, b, d], []), [], [], [], claims, [])
    for at, state in ((date(2025, 3, 15), followup.OVERDUE), (date(2025, 3, 25), followup.DONE)):
        (_, rep_c), (_, kb_c) = _both(ex, tmp_path / at.isoformat(), at)
        assert rep_c[PROMISE] == kb_c[PROMISE] == state, at


def _walk(order: followup.ThreadOrder, mid):
    """The messages ``mid`` replies to, nearest first (a loop of replies read once round)."""
    seen = {mid}
    while (post := order.by_id.get(mid)) is not None and (p := post.parent) is not None and p not in seen:
        yield p
        seen.add(p)
        mid = p


def _later_by_list(order: followup.ThreadOrder, mid) -> list:
    """The posts after ``mid`` as ThreadOrder.later listed them until session 12 (one pass over the posts per message:
    the messages replying to it at any depth; of the others, none it replies to, those after it by date, else by the
    page): the slow reference the reply index is checked against."""
    children: dict = {}
    for p in order.posts:
        if p.parent is not None:
            children.setdefault(p.parent, []).append(p.id)
    after: set = set()
    todo = [mid]
    while todo:
        for c in children.get(todo.pop(), ()):
            if c != mid and c not in after:
                after.add(c)
                todo.append(c)
    before = set(_walk(order, mid))

    def is_after(b, a) -> bool:  # by date, else (undated comments of one page) by the page
        da, db_ = order.effective_date(a), order.effective_date(b)
        if da and db_:
            return db_ > da
        pa, pb = order.by_id[a].place if a in order.by_id else None, order.by_id[b].place if b in order.by_id else None
        return bool(pa and pb and pa[0] == pb[0] and pa[1] is not None and pb[1] is not None and pb[1] > pa[1])
    return [p for p in order.posts if p.id in after or p.id != mid and p.id not in before and is_after(p.id, mid)]


def _later_by_pairs(order: followup.ThreadOrder, mid) -> list:
    """The posts after ``mid`` as ThreadOrder.later read them until session 10 (a pair at a time; the oracle)."""
    def ancestors(m):
        out, seen = [], {m}
        while (post := order.by_id.get(m)) is not None and (p := post.parent) is not None and p not in seen:
            out.append(p)
            seen.add(p)
            m = p
        return out

    def is_later(b, a):
        if a == b:
            return False
        if a in ancestors(b):
            return True
        if b in ancestors(a):
            return False
        dates = [[d for x in [m, *ancestors(m)] if (d := order.by_id[x].date if x in order.by_id else None)]
                 for m in (a, b)]
        da, db_ = [(ds[0] if order.by_id[m].date else max(ds)) if ds else None for m, ds in zip((a, b), dates, strict=True)]
        if da and db_:
            return db_ > da
        pa, pb = order.by_id[a].place, order.by_id[b].place
        return bool(pa and pb and pa[0] == pb[0] and pa[1] is not None and pb[1] is not None and pb[1] > pa[1])
    return [p for p in order.posts if is_later(p.id, mid)]


@pytest.mark.parametrize("seed", range(40))
def test_later_is_the_pairwise_order(seed):
    """ThreadOrder.later in one pass per message (replies by the children's map, dates worked out once) gives the
    posts the pairwise definition gives, on constructed threads: reply chains and trees, undated messages, parents
    that are no post of the thread, loops of replies, undated comments of one page and of two."""
    import random
    rnd = random.Random(seed)
    n = rnd.randint(1, 14)
    posts = []
    for i in range(n):
        parent = rnd.choice([None, None, *range(n), "elsewhere"])  # any message: loops too
        date_ = None if rnd.random() < 0.4 else f"2025-03-{rnd.randint(1, 9):02d}T12:00:00Z"
        place = (rnd.choice(["a", "b"]), rnd.choice([None, i * 10])) if rnd.random() < 0.5 else None
        posts.append(followup.Post(i, None, None, parent, date_, place))
    posts.sort(key=lambda p: (p.date is None, p.date or ""))
    order = followup.ThreadOrder(posts, lambda m: "", dict)
    for mid in range(n):
        expected = [p.id for p in _later_by_pairs(order, mid)]
        assert [p.id for p in _later_by_list(order, mid)] == expected, mid
        assert [p.id for p in order.posts if order.is_later(p, mid)] == expected, mid


def test_question_states_leave_out_an_id_that_names_no_claim(stored):
    db, _ = stored
    with KnowledgeBase(db) as kb:
        (top,) = kb.db.execute("SELECT MAX(id) FROM claims").fetchone()
        (asked,) = kb.db.execute("SELECT MIN(id) FROM claims").fetchone()
        states = kb.question_states([asked, top + 1, -5])
    assert list(states) == [asked]


def _effective_by_walk(order: followup.ThreadOrder, mid):
    """ThreadOrder.effective_date as it was until session 11 (a walk of the whole chain per message; the oracle)."""
    post = order.by_id.get(mid)
    if post is not None and post.date:
        return post.date
    dates = [d for a in _walk(order, mid) if (d := order.by_id[a].date if a in order.by_id else None)]
    return max(dates) if dates else None


def _random_order(seed: int) -> followup.ThreadOrder:
    import random
    rnd = random.Random(seed)
    n = rnd.randint(1, 16)
    posts = []
    for i in range(n):
        parent = rnd.choice([None, i - 1, i - 1, *range(n), "elsewhere"])  # chains, trees, loops, outside parents
        date_ = None if rnd.random() < 0.6 else f"2025-03-{rnd.randint(1, 9):02d}T12:00:00Z"
        posts.append(followup.Post(i, None, None, parent, date_))
    return followup.ThreadOrder(posts, lambda m: "", dict)


@pytest.mark.parametrize("seed", range(60))
def test_effective_dates_are_those_of_the_walk(seed):
    """Worked out once per message along the chain, in any order of asking, the effective date of every message
    (and of an id that is no post) is the latest date of what it replies to, as the walk of its chain gives it."""
    import random
    order = _random_order(seed)
    ids = [*order.by_id, "elsewhere", "nobody"]
    random.Random(seed).shuffle(ids)
    assert [order.effective_date(m) for m in ids] == [_effective_by_walk(order, m) for m in ids]


def _day(d: int) -> str:
    return f"2025-03-{d:02d}T12:00:00Z"


LOOPS = [  # name, (id, parent, day or None), asked first, the effective dates of every post
    ("a loop of three undated", [(1, 3, None), (2, 1, None), (3, 2, None)], 1, {1: None, 2: None, 3: None}),
    ("a loop with one dated member", [(1, 3, 5), (2, 1, None), (3, 2, None)], 2, {1: _day(5), 2: _day(5),
                                                                                  3: _day(5)}),
    ("a loop: each reads the others'", [(1, 3, None), (2, 1, 7), (3, 2, None), (4, 3, 2)], 4,
     {1: _day(7), 2: _day(7), 3: _day(7), 4: _day(2)}),
    ("a loop's dated member reads the others'", [(1, 2, 4), (2, 1, None), (3, 1, None)], 3,
     {1: _day(4), 2: _day(4), 3: _day(4)}),
    ("two dated members, ties", [(1, 2, 6), (2, 3, 6), (3, 1, None)], 3, {1: _day(6), 2: _day(6), 3: _day(6)}),
    ("undated chain into a loop", [(1, 2, None), (2, 1, 3), (5, 1, None), (6, 5, None), (7, 6, None)], 7,
     {1: _day(3), 2: _day(3), 5: _day(3), 6: _day(3), 7: _day(3)}),
    ("a message replying to itself", [(1, 1, None), (2, 1, None)], 2, {1: None, 2: None}),
    ("a parent outside the thread", [(1, "elsewhere", None), (2, 1, None), (3, 2, 8), (4, 3, None)], 4,
     {1: None, 2: None, 3: _day(8), 4: _day(8)}),
]


@pytest.mark.parametrize("name,posts,first,expected", LOOPS, ids=[v[0] for v in LOOPS])
def test_effective_dates_in_reply_loops(name, posts, first, expected):
    order = followup.ThreadOrder([followup.Post(i, None, None, p, _day(d) if d else None) for i, p, d in posts],
                                 lambda m: "", dict)
    order.effective_date(first)
    assert {i: order.effective_date(i) for i, _, _ in posts} == expected


class _CountingPosts(dict):
    """``ThreadOrder.by_id`` that counts the posts read (a walk of the chain per message shows as n²)."""

    reads = 0

    def get(self, key, default=None):
        _CountingPosts.reads += 1
        return super().get(key, default)

    def __getitem__(self, key):
        _CountingPosts.reads += 1
        return super().__getitem__(key)


@pytest.mark.parametrize("n", [500, 2000])
def test_an_undated_chain_is_walked_once(n):
    """A dated message and a chain of ``n`` undated replies: every reply's effective date is the first's date, and
    the posts are read a bounded number of times (n²/2 walk steps before)."""
    posts = [followup.Post(0, None, None, None, _day(1))]
    posts += [followup.Post(i, None, None, i - 1, None) for i in range(1, n + 1)]
    order = followup.ThreadOrder(posts, lambda m: "", dict)
    order.by_id = _CountingPosts(order.by_id)
    _CountingPosts.reads = 0
    assert {order.effective_date(i) for i in range(n, -1, -1)} == {_day(1)}
    assert _CountingPosts.reads <= 6 * n


def _question_state_by_list(q: followup.Question, order: followup.ThreadOrder, answers: list) -> followup.QuestionState:
    """question_state as it was until session 11 (the list of later posts per question; the oracle)."""
    later = [p for p in _later_by_list(order, q.message) if q.asker is None or p.author != q.asker]
    if answers:
        return followup.QuestionState(followup.ANSWERED, [a.claim for a in answers],
                                      [f"claim {a.claim} answers it" for a in answers], len(later))
    replies = [p for p in later if p.parent == q.message]
    if replies:
        return followup.QuestionState(followup.REPLIED, [p.id for p in replies],
                                      [f"message {p.id} replies to the question's message; no claim of it was found"
                                       " to answer the question" for p in replies], len(later))
    if later:
        return followup.QuestionState(followup.LATER, [], [f"{len(later)} later message{'s' if len(later) > 1 else ''}"
                                                           " by others, none a reply to the question's message"],
                                      len(later))
    return followup.QuestionState(followup.NO_REPLY, [], ["no later message by someone else"], 0)


def _done_by_list(p: followup.Promise, order: followup.ThreadOrder, at):
    """_done_report as it was until session 11 (every later post read per commitment; the oracle)."""
    for post in _later_by_list(order, p.message):
        if at is not None and (when := order.effective_date(post.id)) and when[:10] > at:
            continue
        for s in order.statements(post.id):
            same = (p.speaker and (s.speaker or post.author) == p.speaker) or (p.org and (s.org or post.org) == p.org)
            if same and followup.reports_done(p.text, s.text, p.org_name):
                return ("claim", s.claim, s.text)
        if (p.speaker and post.author == p.speaker) or (p.org and post.org == p.org):
            for sentence in order.sentences(post.id):
                if followup.reports_done(p.text, sentence, p.org_name):
                    return ("message", post.id, sentence.strip())
            heading = order.first_line(post.id)
            if followup.is_title_of(p.text, heading, p.org_name):
                return ("message", post.id, heading)
        elif post.author is None and post.org is None:  # a writer the input does not name: its heading, a title
            heading = order.first_line(post.id)
            if followup.is_title_of(p.text, heading, p.org_name):
                return ("message", post.id, heading)
    return None


_SAID = ["We have revoked the certificates.", "We will revoke the certificates.", "Incident Report",
         "The certificates were not revoked.", "Thanks."]


def _random_thread(seed: int) -> tuple[followup.ThreadOrder, list[followup.Post], dict]:
    """A constructed thread of up to 30 messages: dated in order with each reply after its parent, or with a reply
    dated before its parent, equal dates, undated messages, an undated chain under a dated message, loops,
    self-replies, a parent outside the thread, page places (undated comments of two pages, listed in any order);
    authors, organisations and statements' speakers from few."""
    import random
    rnd = random.Random(seed)
    n = rnd.randint(1, 30)
    shape = rnd.choice(["ordered", "ordered", "skewed", "undated", "undated chain", "loops", "pages"])
    days = sorted(rnd.randint(1, 12) for _ in range(n))  # equal dates too
    posts = []
    for i in range(n):
        parent = rnd.choice([None, i - 1, i - 1, *range(i)]) if i else None
        if shape == "loops":
            parent = rnd.choice([None, i, *range(n), "elsewhere"])
        date_ = f"2025-03-{days[i]:02d}T12:00:{i % 60:02d}Z" if rnd.random() < 0.5 else f"2025-03-{days[i]:02d}T12:00:00Z"
        if shape == "undated" and rnd.random() < 0.3 or shape == "undated chain" and i or shape == "pages":
            date_ = None
        place = ("page", i) if rnd.random() < 0.3 else None
        if shape == "pages":
            place = (rnd.choice(["page", "other"]), rnd.choice([None, rnd.randint(0, n)]))
        posts.append(followup.Post(f"m{i}", rnd.choice(["ann", "bob", "cy", None]), rnd.choice(["ca", "mz", None]),
                                   f"m{parent}" if isinstance(parent, int) else parent, date_, place))
    if shape == "skewed":  # a reply dated before its parent (clock skew)
        i = rnd.randrange(n)
        posts[i] = followup.Post(posts[i].id, posts[i].author, posts[i].org, posts[i].parent, "2025-02-01T00:00:00Z")
    posts.sort(key=lambda p: (p.date is None, p.date or ""))
    texts = {p.id: rnd.choice(_SAID) for p in posts}
    statements = {p.id: [followup.Statement(f"{p.id}c{k}", rnd.choice(_SAID), rnd.choice([None, "ann", "bob"]),
                                            rnd.choice([None, "ca"])) for k in range(rnd.randint(0, 2))]
                  for p in posts}
    order = followup.ThreadOrder(posts, lambda m: texts.get(m, ""), lambda: statements)
    return order, posts, texts


@pytest.mark.parametrize("seed", range(200))
def test_question_and_commitment_states_are_those_of_the_list_of_later_posts(seed):
    """Every message's question (asked by its author, by another, by nobody known) and commitment (by its author or
    organisation, judged on several days) gets the state, evidence and count the list of later posts gave."""
    import random
    order, posts, _ = _random_thread(seed)
    rnd = random.Random(seed)
    for p in [*posts, followup.Post("nowhere", None, None, None, None)]:
        for asker in {p.author, "ann", None}:
            q = followup.Question("q", p.id, asker)
            for answers in ([], [followup.Answer("a")]):
                assert followup.question_state(q, order, answers) == _question_state_by_list(q, order, answers)
        text = rnd.choice(["We will revoke the certificates.", "We will publish an incident report."])
        for speaker, org in ((p.author, p.org), ("ann", None), (None, "ca"), (None, None)):
            promise = followup.Promise("c", text, p.id, speaker, org)
            for at in (None, "2025-03-05", "2025-03-12"):
                got = followup._done_report(promise, order, at)
                assert (None if got is None else (got.by_kind, got.by, got.text)) == _done_by_list(promise, order, at)


# the reply order of a long thread (every message replying to the one before): its first message's parent, a
# message dated before its parent, undated messages, page places; the first two and the last message's question
# state (state, replying messages, later messages by others), with n messages
LONG_THREADS = {
    "a chain dated in order": lambda n: ((followup.REPLIED, [1], n - 1), (followup.REPLIED, [2], n - 2),
                                         (followup.NO_REPLY, [], 0)),
    "an undated chain under a dated message": lambda n: ((followup.REPLIED, [1], n - 1),
                                                         (followup.REPLIED, [2], n - 2), (followup.NO_REPLY, [], 0)),
    "a reply dated before its parent": lambda n: ((followup.REPLIED, [1], n - 1), (followup.REPLIED, [2], n - 2),
                                                  (followup.NO_REPLY, [], 0)),
    "a loop of replies: the first replies to the last": lambda n: ((followup.REPLIED, [1], n - 1),
                                                                  (followup.REPLIED, [2], n - 1),
                                                                  (followup.REPLIED, [0], n - 1)),
    "undated comments of one page, none a reply": lambda n: ((followup.LATER, [], n - 1), (followup.LATER, [], n - 2),
                                                             (followup.NO_REPLY, [], 0)),
}


def _long_post(shape: str, i: int, n: int) -> followup.Post:
    parent = None if "page" in shape else n - 1 if "loop" in shape and i == 0 else i - 1 if i else None
    when = f"2024-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
    if "undated" in shape and i:
        when = None
    if "before its parent" in shape and i == n // 2:
        when = "2023-12-31T00:00:00Z"
    return followup.Post(i, f"u{i}", None, parent, when, ("page", i) if "page" in shape else None)


@pytest.mark.parametrize("n", [500, 2000])
@pytest.mark.parametrize("shape", list(LONG_THREADS))
def test_a_long_thread_of_questions_and_commitments_reads_its_posts_a_bounded_number_of_times(shape, n):
    """A thread of n messages by n people, each asking and promising (the hostile sweep's many-messages thread, and
    the same with its messages undated, one dated before its parent, a loop, a page's comments): the posts are read
    (iterated) and their statements asked a bounded number of times (a pass over the posts per question and per
    commitment before: ~n² reads; session 11 read a dated chain so, the other shapes still did until session 12)."""
    from counting import CountingList
    posts = CountingList(sorted((_long_post(shape, i, n) for i in range(n)), key=lambda p: (p.date is None, p.date or "")))
    asked = 0

    def statements() -> dict:
        nonlocal asked
        asked += 1
        return {i: [followup.Statement(f"c{i}", f"We will revoke batch {i}.", f"u{i}", None)] for i in range(n)}

    order = followup.ThreadOrder(posts, lambda m: f"Can you confirm batch {m}? We will revoke batch {m}.", statements)
    CountingList.reads = 0
    states = [followup.question_state(followup.Question(f"q{i}", i, f"u{i}"), order, []) for i in (0, 1, n - 1)]
    states += [followup.question_state(followup.Question(f"q{i}", i, f"u{i}"), order, []) for i in range(n)]
    done = [followup.commitment_state(followup.Promise(f"c{i}", f"We will revoke batch {i}.", i, f"u{i}", None,
                                                       deadline="2024-03-01"), order, "2024-02-01") for i in range(n)]
    assert [(s.state, s.by, s.later_replies) for s in states[:3]] == list(LONG_THREADS[shape](n))
    assert {d.state for d in done} == {followup.OPEN}
    assert asked == 1
    assert CountingList.reads <= 6 * n, CountingList.reads


def test_a_thread_needs_unique_message_ids():
    """Both callers give unique ids (the knowledge base's rows, an Extraction's keys after ``_assign_keys``); the
    reply index reads a message by its id, so two posts under one id are refused, not read one way or another."""
    posts = [followup.Post("m", "ann", None, None, _day(1)), followup.Post("m", "bob", None, "m", _day(2))]
    with pytest.raises(ValueError, match="unique ids"):
        followup.ThreadOrder(posts, lambda m: "", dict)


@pytest.mark.parametrize("n", [500, 2000])
@pytest.mark.parametrize("reports", [False, True])
def test_one_prolific_speaker_s_commitments_read_a_bounded_number_of_statements(monkeypatch, n, reports):
    """One speaker writes n messages, each promising (a dated chain); every tenth also says "We have not revoked the
    remaining batch yet." or (``reports``) "We have revoked batch i.". Each commitment is done by the next report
    (none: open), and the texts are judged (``reports_done``, ``is_title_of``) a bounded number of times: every later
    statement and sentence of the speaker per commitment before (~n²)."""
    said = "We have revoked batch {}." if reports else "We have not revoked the remaining batch yet."
    posts = [followup.Post(i, "ann", None, i - 1 if i else None, _day(1)[:11] + f"{i // 3600:02d}:{i // 60 % 60:02d}:"
                           f"{i % 60:02d}Z") for i in range(n)]
    statements = {i: [followup.Statement(f"c{i}", f"We will revoke batch {i}.", "ann", None)]
                  + ([followup.Statement(f"d{i}", said.format(i), "ann", None)] if i % 10 == 9 else []) for i in range(n)}
    order = followup.ThreadOrder(posts, lambda m: f"We will revoke batch {m}.", lambda: statements)
    judged = 0

    def counting(judge):
        def judge_counted(*args):
            nonlocal judged
            judged += 1
            return judge(*args)
        return judge_counted

    monkeypatch.setattr(followup, "reports_done", counting(followup.reports_done))
    monkeypatch.setattr(followup, "is_title_of", counting(followup.is_title_of))
    done = [followup.commitment_state(followup.Promise(f"c{i}", f"We will revoke batch {i}.", i, "ann", None,
                                                       deadline="2099-01-01"), order, "2099-01-01") for i in range(n)]
    by = [i // 10 * 10 + 9 + (10 if i % 10 == 9 else 0) for i in range(n)]
    assert [(d.state, d.by) for d in done] == [(followup.DONE, f"d{j}") if reports and j < n else (followup.OPEN, None)
                                               for j in by]
    assert judged <= 4 * n, judged


def _count_is_later(monkeypatch) -> list[int]:
    """``ThreadOrder.is_later`` counted from now on: the one-element list holds the calls."""
    read = [0]
    is_later = followup.ThreadOrder.is_later

    def counted(self, post, mid):
        read[0] += 1
        return is_later(self, post, mid)

    monkeypatch.setattr(followup.ThreadOrder, "is_later", counted)
    return read


@pytest.mark.parametrize("n", [500, 2000])
@pytest.mark.parametrize("day,done", [("2024-12-31", False), ("2025-01-02", True)])
def test_a_prolific_speaker_judged_on_a_day_before_the_thread_reads_a_bounded_number_of_posts(monkeypatch, n, day, done):
    """One speaker writes n messages in date order, each promising and reporting the batch before it done ("We will
    revoke batch i." and "We have revoked batch i-1."); judged on a day before the thread, every later report is
    written after it: its candidates were skipped one by one, each commitment reading every later one (~n²/2
    ``is_later``); on a day after, the next message reports each done."""
    posts = [followup.Post(i, "ann", None, i - 1 if i else None, f"2025-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:"
                           f"{i % 60:02d}Z") for i in range(n)]
    statements = {i: [followup.Statement(f"c{i}", f"We will revoke batch {i}.", "ann", None),
                      followup.Statement(f"d{i}", "We have revoked the batch.", "ann", None)] for i in range(n)}
    order = followup.ThreadOrder(posts, lambda m: "", lambda: statements)
    read = _count_is_later(monkeypatch)
    states = [followup.commitment_state(followup.Promise(f"c{i}", f"We will revoke batch {i}.", i, "ann", None), order,
                                        day) for i in range(n)]
    assert [(s.state, s.by) for s in states] == [(followup.DONE, f"d{i + 1}") if done and i + 1 < n
                                                 else (followup.NO_DEADLINE, None) for i in range(n)]
    assert read[0] <= 2 * n, read


@pytest.mark.parametrize("n", [500, 2000])
@pytest.mark.parametrize("shape", ["two pages", "two pages, replies", "one page"])
def test_undated_comments_of_two_interleaved_pages_read_only_their_own_page(monkeypatch, n, shape):
    """Undated comments of two pages of one thread (two files in the knowledge base), listed interleaved, one speaker:
    the even ones promise ("We will revoke batch i."), the odd ones report the batch before done. On the other page
    (no reply) a report is after nothing, and each commitment read every report from the first place of the other
    page on: n²/4 ``is_later`` (4,000 posts: 4,000,000) — fails before. A report replying to its commitment is after
    it (its states pinned; its reads are not bounded: a group with a reply is read as before); on one page the next
    comment reports each done."""
    page = (lambda i: ("file", i)) if shape == "one page" else (lambda i: (f"file{i % 2}", i // 2))
    posts = [followup.Post(i, "ann", None, i - 1 if i % 2 and shape.endswith("replies") else None, None, page(i))
             for i in range(n)]
    statements = {i: [followup.Statement(f"d{i}", f"We have revoked batch {i - 1}.", "ann", None) if i % 2 else
                      followup.Statement(f"c{i}", f"We will revoke batch {i}.", "ann", None)] for i in range(n)}
    order = followup.ThreadOrder(posts, lambda m: "", lambda: statements)
    read = _count_is_later(monkeypatch)
    states = [followup.commitment_state(followup.Promise(f"c{i}", f"We will revoke batch {i}.", i, "ann", None), order,
                                        None) for i in range(0, n, 2)]
    done = shape != "two pages"
    assert [(s.state, s.by) for s in states] == [(followup.DONE, f"d{i + 1}") if done else (followup.NO_DEADLINE, None)
                                                 for i in range(0, n, 2)]
    if not shape.endswith("replies"):
        assert read[0] <= 2 * n, read


@pytest.mark.parametrize("seed", range(40))
def test_commitments_of_a_thread_not_in_date_order_are_those_of_the_list_of_later_posts(seed):
    """The posts given out of date order (a caller's list): no range of them is skipped as dated after the day
    judged (``ThreadOrder.dated_after``), and the states are those of the list of later posts."""
    import random
    order, posts, _ = _random_thread(seed)
    rnd = random.Random(seed)
    rnd.shuffle(posts)
    order = followup.ThreadOrder(posts, order._text_of, order._statements_of)
    for p in posts:
        promise = followup.Promise("c", "We will revoke the certificates.", p.id, p.author, p.org)
        for at in (None, "2025-03-05", "2025-03-12"):
            got = followup._done_report(promise, order, at)
            assert (None if got is None else (got.by_kind, got.by, got.text)) == _done_by_list(promise, order, at)


@pytest.mark.parametrize("words,reports", [(2000, True), (2000, False), (20000, True)])
def test_a_wall_of_words_holding_every_done_form_is_indexed_once(words, reports):
    """A later message of the speaker that is one long line holding every done form of the cue table and thousands
    of distinct words (hostile input): the done index keeps it under its forms and "wide" (``_WIDE``), not under a
    (form, word) pair per form and word (49 per word: a 320 KB line took 1 GB), and it still reports the commitment
    done when it names its object (read by every commitment, as before session 12)."""
    import random
    rnd = random.Random(words)
    filler = " ".join("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(words))
    forms = " and ".join(f.strip() for f in followup._all_done_forms())
    wall = f"It {forms} {filler}" + (" certificates" if reports else "")
    posts = [followup.Post(0, "ann", "ca", None, _day(1)), followup.Post(1, "ann", "ca", 0, _day(2))]
    texts = {0: "We will revoke the certificates.", 1: wall}
    order = followup.ThreadOrder(posts, lambda m: texts[m], lambda: {0: [followup.Statement("c0", texts[0], "ann", "ca")]})
    st = followup.commitment_state(followup.Promise("c0", texts[0], 0, "ann", "ca"), order, None)
    assert (st.state, st.by) == ((followup.DONE, 1) if reports else (followup.NO_DEADLINE, None))
    assert order.done_index is not None
    assert sum(map(len, order.done_index.places.values())) == 2 * (len(followup._all_done_forms()) + 1)


# a real corpus commitment, the first line of a later message of its own speaker, done by it? (review13c: the same
# speaker's heading needed one shared stem with the commitment, and "later", "than", "2025", "poste" counted)
R024 = "The full report will be posted no later than March 29, 2024."  # corpora/024
R077 = "This is a preliminary report, a full incident report will be posted no later than 2025-04-23"  # corpora/077
R031 = "A detailed case report will be released before July 25, 2025."  # corpora/031
RSHECA = "SHECA will publish the relevant certificate list later in the cases."  # corpora/mdsp-2025-10-sheca-api-keys
RDAYS = "A full report will be posted in the coming days."  # corpora/043
OWN_HEADINGS = [
    (R024, "Incident Report", True),  # the corpus's own (024, comment 4)
    (R024, "Full Report", True),
    (R077, "Full Incident Report", True),
    (R031, "Detailed Case Report", True),
    (RSHECA, "Certificate List", True),
    (RSHECA, "Relevant certificate list", True),
    (RDAYS, "Final Report", True),
    ("We will submit an updated CPS by Friday.", "Updated CPS", True),  # a document named by its capitals
    (R024, "Later update", False),  # "later" of the deadline
    (R024, "Posted", False),  # the promised verb, not the document
    (R024, "March 2024", False),  # the deadline's words
    (R024, "Weekly update 2024", False),
    (R024, "Update on the full report", False),  # about the report, not the report
    (R077, "2025-04-23", False),
    (R077, "Incident report overdue", False),
    (R031, "Released", False),
    (R031, "July 2025", False),
    (R031, "Case closed", False),
    (RSHECA, "Later", False),  # "later in the cases": a word saying when, not in the deadline (none found)
    (RDAYS, "Coming days", False),
]


@pytest.mark.parametrize("commitment,heading,done", OWN_HEADINGS)
def test_a_heading_of_the_speaker_s_own_message_counts_only_as_the_documents_title(commitment, heading, done):
    """The speaker's later message headed ``heading`` is the promised document only when the heading is its title
    (``is_title_of``, the rule a writer the input does not name already had, with no word of the deadline, no number
    and no word saying when, no number and no form of a delivery verb as its noun). Before: one shared stem was
    enough, and every false row was done (12 fail before)."""
    posts = [followup.Post(0, "ann", "ca", None, _day(1)), followup.Post(1, "ann", "ca", 0, _day(2))]
    texts = {0: commitment, 1: f"{heading}\n\nSee below."}
    order = followup.ThreadOrder(posts, lambda m: texts[m],
                                 lambda: {0: [followup.Statement("c0", commitment, "ann", "ca")]})
    st = followup.commitment_state(followup.Promise("c0", commitment, 0, "ann", "ca", "Example CA"), order, None)
    assert (st.state == followup.DONE, st.text if st.state == followup.DONE else None) == \
        (done, heading if done else None)
