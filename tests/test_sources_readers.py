"""Bugzilla and GitHub REST responses, Perceval items, Mailman archives and gzip: readers (no network).

Fixtures in tests/fixtures/api and tests/fixtures/mailman are written by hand in the shapes the Bugzilla
REST, GitHub REST and Perceval documentation give."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.ingest import ingest
from threadkb.models import IngestError
from threadkb.parse import parse

FIX = Path(__file__).parent / "fixtures"
BZ = FIX / "api" / "bugzilla"
GH = FIX / "api" / "github"
PV = FIX / "api" / "perceval"
MM = FIX / "mailman" / "2025-October.txt"


def threads(path) -> list:
    return [parse(s) for s in ingest(str(path))]


def rows(thread) -> list[tuple]:
    keys = {m.key: m for m in thread.messages}
    return [(m.author, m.date.isoformat() if m.date else None,
             keys[m.in_reply_to].author if m.in_reply_to else None, m.on_behalf_of) for m in thread.messages]


def copy(files, tmp_path: Path) -> Path:
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


# ------------------------------------------------------------------ Bugzilla

BUG_ALONE = [  # the comments response alone: logins, exact times, (In reply to … comment #N) links
    ("compliance@examplesign.example", "2024-05-02T08:14:09+00:00", None, None),
    ("bwilson@mozilla.example", "2024-05-03T16:40:51+00:00", None, None),
    ("rsmith@watchdog.example", "2024-05-04T09:02:00+00:00", "compliance@examplesign.example", None),
    ("compliance@examplesign.example", "2024-05-06T11:30:27+00:00", "rsmith@watchdog.example", None),
    ("bwilson@mozilla.example", "2024-05-20T14:00:00+00:00", None, None),
]
BUG_FULL = [  # with the bug response beside it: real names, the CA the title names for the assignee
    ("ExampleSign Compliance", "2024-05-02T08:14:09+00:00", None, "ExampleSign"),
    ("Ben Wilson", "2024-05-03T16:40:51+00:00", None, None),
    ("rsmith@watchdog.example", "2024-05-04T09:02:00+00:00", "ExampleSign Compliance", None),
    ("ExampleSign Compliance", "2024-05-06T11:30:27+00:00", "rsmith@watchdog.example", "ExampleSign"),
    ("Ben Wilson", "2024-05-20T14:00:00+00:00", None, None),
]


def test_bugzilla_comments_response_alone(tmp_path):
    (t,) = threads(copy([BZ / "bug-1900001.comments.json"], tmp_path) / "bug-1900001.comments.json")
    assert rows(t) == BUG_ALONE
    assert t.subject == "Bug 1900001"
    assert "We disagree." in t.messages[3].text and "Five days" not in t.messages[3].text  # quote is not own text


def test_bugzilla_with_bug_and_history_companions():
    (t,) = threads(BZ / "bug-1900001.comments.json")
    assert rows(t) == BUG_FULL
    assert t.subject == "ExampleSign: Unvalidated organizationName in TLS certificates"
    src = ingest(str(BZ / "bug-1900001.comments.json"))[0]
    assert "Whiteboard: [ca-compliance] [ov-misissuance]" in src.lines  # whiteboard tags kept
    assert any(ln.startswith("History: 2024-05-24T10:00:00Z") for ln in src.lines)


def test_list_names_as_the_pages_give_them(tmp_path):
    """The tracker/repository a thread comes from, as the page renderings name it (Thread.list_name)."""
    got = [t.list_name for p in (BZ, GH, copy([GH / "77.comments.json"], tmp_path) / "77.comments.json")
           for t in threads(p)]
    assert got == ["Bugzilla CA Program :: CA Certificate Compliance", "GitHub example-org/policy",
                   "GitHub example-org/policy"]


def test_bugzilla_folder_reads_each_bug_once():
    ts = threads(BZ)
    assert len(ts) == 1 and rows(ts[0]) == BUG_FULL
    assert ingest(str(BZ / "bug-1900001.json")) == []  # a companion of the comments file beside it


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]])
def test_bugzilla_comment_order_and_several_bugs(tmp_path, order):
    doc = json.loads((BZ / "bug-1900001.comments.json").read_text())
    cs = doc["bugs"]["1900001"]["comments"]
    other = [dict(c, bug_id=42, creator="x@y.example") for c in cs[:2]]
    doc["bugs"] = {"1900001": {"comments": [cs[i] for i in order]}, "42": {"comments": other}}
    p = tmp_path / "two.json"
    p.write_text(json.dumps(doc))
    t1, t2 = threads(p)
    assert t1.source.endswith("two.json#bug-1900001") and t2.source.endswith("two.json#bug-42")
    assert rows(t1) == BUG_ALONE
    assert [m.author for m in t2.messages] == ["x@y.example", "x@y.example"]


def _comment(n, who, text):
    return {"id": 100 + n, "bug_id": 7, "count": n, "creator": who, "creation_time": f"2024-05-0{n + 1}T10:00:00Z",
            "text": text, "is_private": False, "tags": [], "attachment_id": None}


def test_bugzilla_in_reply_to_forms(tmp_path):
    """Today's "(In reply to NAME from comment #N)", the older "(In reply to comment #N)", a nick in the name,
    a reply line without its quote, and two replies in one comment (the first one is the reply link)."""
    cs = [_comment(0, "a@x.example", "Initial report of the misissuance with 40 affected certificates in total."),
          _comment(1, "b@y.example", "Why did the linter not catch these certificates before issuance?"),
          _comment(2, "a@x.example", "(In reply to Bob from comment #1)\nThe linter was not configured for this profile."),
          _comment(3, "c@z.example", "(In reply to comment #2)\n> The linter was not configured for this profile.\n\nWhy not?"),
          _comment(4, "a@x.example", "(In reply to Carol [:carol] from comment #3)\n> Why not?\n\nAn oversight.\n\n"
                                     "(In reply to Bob from comment #1)\n> Why did the linter not catch\n\nSee above.")]
    p = tmp_path / "bz7.json"
    p.write_text(json.dumps({"bugs": {"7": {"comments": cs}}, "comments": {}}))
    (t,) = threads(p)
    assert [r[2] for r in rows(t)] == [None, None, "b@y.example", "a@x.example", "c@z.example"]
    assert [m.text.strip() for m in t.messages[2:]] == ["The linter was not configured for this profile.", "Why not?",
                                                        "An oversight.\n\n\nSee above."]


def test_bugzilla_ca_rule_is_the_page_rule():
    """The REST reader and the page segmenter share one rule for whom a comment speaks."""
    from threadkb.speakers import bug_ca, speaks_for_ca
    assert bug_ca("Sectigo: Late revocation") == "Sectigo"
    assert bug_ca("Add root certificate") is None
    assert speaks_for_ca("Sectigo", "a@sectigo.example", "a@sectigo.example") == "Sectigo"
    assert speaks_for_ca("Sectigo", "b@mozilla.example", "a@sectigo.example") is None


# ------------------------------------------------------------------ GitHub

GH_ROWS = [
    ("kathleenw", "2024-02-01T18:22:05+00:00", None, None),
    ("agwa", "2024-02-02T09:00:00+00:00", None, None),
    ("ca-rep", "2024-02-03T12:30:00+00:00", "agwa", None),  # a > quote of agwa's comment
    ("kathleenw", "2024-02-05T08:15:00+00:00", "agwa", None),  # @agwa
    ("agwa", "2024-02-06T20:45:10+00:00", "agwa", None),  # a link to #issuecomment-1900000101
]


def test_github_issue_with_comment_pages():
    (t,) = threads(GH / "77.issue.json")
    assert rows(t) == GH_ROWS
    assert t.subject == "Require CAs to disclose delayed revocations within 72 hours"
    assert t.messages[2].text.strip() == "We disagree: the facts are often not known until the customer answers."
    assert len(threads(GH)) == 1


def _gh(i, login, body):
    return {"id": i, "user": {"login": login}, "created_at": f"2024-01-0{i}T00:00:00Z", "body": body,
            "html_url": f"https://github.com/o/r/issues/5#issuecomment-{i}"}


@pytest.mark.parametrize("quote,parent", [
    ("> This matters because delayed revocation keeps happening.", "alice"),  # a middle sentence, 7 words
    ("> delayed revocation keeps", "alice"),  # a short selection ("Quote reply")
    ("> It keeps happening because", "bob"),  # words of the latest comment
    ("> the penalty", None),  # too short to tell
    ("> the CCADB", None),
    ("> revocation", None),
])
def test_github_quote_of_part_of_an_earlier_post(tmp_path, quote, parent):
    issue = {"number": 5, "title": "t", "user": {"login": "alice"}, "created_at": "2024-01-01T00:00:00Z",
             "body": "We should shorten the revocation deadline to 24 hours.\n\nThis matters because delayed "
                     "revocation keeps happening.\n\nThe CCADB template needs an update too."}
    comments = [_gh(2, "bob", "It keeps happening because the penalty is small."),
                _gh(3, "carol", quote + "\n\nI disagree.")]
    (tmp_path / "5.issue.json").write_text(json.dumps(issue))
    (tmp_path / "5.comments.json").write_text(json.dumps(comments))
    (t,) = threads(tmp_path)
    assert [r[2] for r in rows(t) if r[0] == "carol"] == [parent]


def test_github_template_comments_are_not_words(tmp_path):
    issue = {"number": 9, "title": "Incident", "user": {"login": "ca-rep"}, "created_at": "2024-03-01T00:00:00Z",
             "body": "<!-- Describe the incident.\r\nInclude a timeline. -->\r\n## Summary\r\n"
                     "We misissued 3 certificates. <!-- one line -->\r\n\r\n<!-- trailing -->"}
    (tmp_path / "9.issue.json").write_text(json.dumps(issue))
    (t,) = threads(tmp_path / "9.issue.json")
    assert t.messages[0].text.split() == ["##", "Summary", "We", "misissued", "3", "certificates."]
    src = ingest(str(tmp_path / "9.issue.json"))[0]
    assert "Hidden in the Markdown: <!-- Describe the incident. Include a timeline. -->" in src.lines


def test_github_comments_array_alone(tmp_path):
    (t,) = threads(copy([GH / "77.comments.json"], tmp_path) / "77.comments.json")
    assert rows(t) == GH_ROWS[1:3]
    assert t.subject == "example-org/policy#77"


def test_github_review_comments_reply_and_diff_hunk(tmp_path):
    pull = [json.loads(ln) for ln in (PV / "items.jsonl").read_text().splitlines()][2]["data"]
    reviews = [{k: v for k, v in c.items() if k != "user_data"} for c in pull.pop("review_comments_data")]
    (tmp_path / "80.pull.json").write_text(json.dumps(pull))
    (tmp_path / "80.review-comments.json").write_text(json.dumps(reviews))
    (t,) = threads(tmp_path)
    assert rows(t) == [("kathleenw", "2024-02-10T09:00:00+00:00", None, None),
                       ("agwa", "2024-02-11T10:00:00+00:00", None, None),
                       ("kathleenw", "2024-02-11T15:30:00+00:00", "agwa", None)]
    assert all("@@" not in m.text for m in t.messages)  # the diff hunk is a header, not words


# ------------------------------------------------------------------ Perceval


def test_perceval_items_read_like_the_rest_responses():
    ts = threads(PV / "items.jsonl")
    assert [t.source.rsplit("#", 1)[1] for t in ts] == ["bug-1900001", "issue-77", "pull_request-80",
                                                        "thread-1", "thread-2"]
    assert rows(ts[0]) == BUG_FULL
    assert rows(ts[1]) == GH_ROWS
    assert rows(ts[3]) == [("Alice Example", "2025-10-02T10:00:00+00:00", None, None),
                           ("Bob Builder", "2025-10-02T12:00:00+00:00", "Alice Example", None)]
    assert ts[4].messages[0].text == "The voting period for ballot SC-099 starts today."  # an HTML body
    assert any("git/commit x1" in w for w in ts[0].warnings)  # other backends: left out, said so


def test_perceval_pretty_printed_items_one_after_another():
    ts = threads(PV / "items-pretty.json")
    assert [rows(t) for t in ts[:2]] == [BUG_FULL, GH_ROWS]


# ------------------------------------------------------------------ Mailman and gzip


def test_mailman_monthly_archive_txt():
    ts = threads(MM)
    assert [rows(t) for t in ts] == [
        [("Alice Example", "2025-10-02T10:00:00+00:00", None, None),
         ("Bob Builder", "2025-10-02T12:00:00+00:00", "Alice Example", None)],
        [("Carol Danvers", "2025-10-03T07:00:00-04:00", None, None)]]


def _same(a, b):
    assert [(m.key, m.author, m.date, m.in_reply_to, m.text) for m in a.messages] == \
        [(m.key, m.author, m.date, m.in_reply_to, m.text) for m in b.messages]
    assert [(x.index, x.role, x.message) for x in a.assignments] == [(x.index, x.role, x.message) for x in b.assignments]


@pytest.mark.parametrize("src,name", [(MM, "2025-October.txt.gz"), (MM, "export.mbox.gz"),
                                      (BZ / "bug-1900001.comments.json", "comments.json.gz"),
                                      (PV / "items.jsonl", "items.jsonl.gz"),
                                      (FIX / "hostile_thread.txt", "thread.txt.gz")])
def test_gzip_reads_exactly_like_the_uncompressed_file(tmp_path, src, name):
    plain = tmp_path / name[:-3]
    plain.write_bytes(src.read_bytes())
    (tmp_path / name).write_bytes(gzip.compress(src.read_bytes()))
    a, b = threads(plain), threads(tmp_path / name)
    assert len(a) == len(b) >= 1
    for x, y in zip(a, b, strict=True):
        assert y.source == x.source.replace(str(plain), str(tmp_path / name))
        _same(x, y)


def test_truncated_gzip_keeps_what_was_there(tmp_path):
    data = gzip.compress(MM.read_bytes())
    p = tmp_path / "2025-October.txt.gz"
    p.write_bytes(data[: len(data) - 40])
    ts = threads(p)
    assert ts and ts[0].messages[0].author == "Alice Example"
    assert any("gzip stream damaged" in w for t in ts for w in t.warnings)


@pytest.mark.parametrize("name,data,reason", [
    ("bad.json", b'{"bugs": {"1": {"comments": [', "invalid JSON at line 1"),
    ("shape.json", b'{"hello": "world"}', "JSON of an unknown shape"),
    ("corrupt.txt.gz", b"\x1f\x8b\x08\x00garbage", "corrupt gzip file"),
    ("empty.json", b"[]", "no comments"),
])
def test_bad_input_one_line_exit_2(tmp_path, capsys, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        ingest(str(p))
    assert main(["parse", str(p)]) == 2
    err = capsys.readouterr().err
    assert reason in err and err.count("\n") == 1


def test_text_that_starts_like_json_is_still_text(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text("[Servercert-wg] CRL reason codes\n\nOn Thu, Oct 2, 2025 Alice wrote:\n> hello\n\nI disagree.\n")
    (t,) = threads(p)
    assert any("I disagree." in m.text for m in t.messages)


# ------------------------------------------------------------------ Google Groups

GG = FIX / "googlegroups"
GG_ROWS = [("Alvin Wang", "2025-10-09T03:14:02-07:00", "Ben Wilson", None)]


@pytest.mark.parametrize("name", ["show-original.eml", "original.txt", "show-original.eml.gz"])
def test_google_groups_show_original(tmp_path, name):
    """The raw text of "Show original", saved as .eml, as .txt, or compressed."""
    data = (GG / "show-original.eml").read_bytes()
    p = tmp_path / name
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (t,) = threads(p)
    top = [m for m in t.messages if m.depth == 0]
    assert rows(t)[:1] == GG_ROWS and len(top) == 1
    assert "critical infrastructure" in top[0].text and "unsubscribe" not in top[0].text


def test_google_groups_saved_thread_page():
    (t,) = threads(GG / "thread-saved.html")
    assert t.subject == "Delayed revocation by ExampleSign"
    assert [(m.author, m.date.strftime("%Y-%m-%d %H:%M:%S")) for m in t.messages] == [
        ("Ben Wilson", "2025-10-08 08:25:33"), ("Alvin Wang", "2025-10-09 03:14:02")]
    assert t.messages[1].in_reply_to == t.messages[0].key


# ------------------------------------------------------------------ hostile JSON: an answer or one line, never a traceback

HOSTILE = [
    '{"bugs": {"1": {"comments": [1, "x", null, {"count": "zero", "creator": 5, "creation_time": "yesterday", "text": 7}]}}}',
    '{"bugs": {"1": {"comments": "none"}}}',
    '{"bugs": [{"id": 1, "summary": null, "comments": [{"text": "hi", "creator": "a@b.example"}]}]}',
    '{"bugs": [{"id": 1, "history": [{"changes": [1, {"field_name": null}]}]}]}',
    '[{"user": null, "body": null}, {"user": "x", "body": "hi", "created_at": 5}]',
    '{"number": "x", "title": 5, "user": {}, "body": ["a"]}',
    '{"backend_name": "GitHub", "category": "issue", "data": {"number": 1, "comments_data": "x"}}',
    '{"backend_name": "BugzillaREST", "category": "bug", "data": {"comments": [null], "history": 3}}',
    '{"backend_name": "MBox", "category": "message", "data": {"From": 3, "body": 5}}',
    '{"backend_name": "MBox", "category": "message", "data": {"Subject": "a\\nb", "Date": "never", "body": {"plain": null}}}',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    "[" * 200000 + "]" * 200000,
    '[{"number": 1, "title": "t", "user": {"login": "a"}, "body": "one"}, {"number": 2, "title": "u", "user": null, "body": "two"}]',
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_json_never_a_traceback(tmp_path, capsys, text):
    p = tmp_path / "x.json"
    p.write_text(text)
    assert main(["parse", str(p)]) in (0, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "threadkb: error:" not in err  # an IngestError line at most


@pytest.mark.parametrize("raw,name,addr", [
    ("alice at example.com (Alice Example)", "Alice Example", "alice@example.com"),  # pipermail .txt
    ("bwilson at mozilla.com (Ben Wilson)", "Ben Wilson", "bwilson@mozilla.com"),
    ("alice at example.com", None, "alice@example.com"),
    ("Alice Example <alice at example.com>", "Alice Example", "alice at example.com"),  # kept as before
    ("Alice Example <alice@example.com>", "Alice Example", "alice@example.com"),
    # prose, not an obfuscated address; a phrase and a comment, kept whole (RFC 5322's reading, session 17: the
    # comment was read as the name, as in the old "address (Name)" form; test_realmail17)
    ("Meet at noon (Alice)", "Meet at noon (Alice)", None),
])
def test_pipermail_obfuscated_from(raw, name, addr):
    from threadkb.ingest.mail import read_mail_bytes
    h = read_mail_bytes(f"From: {raw}\nSubject: x\n\nbody\n".encode(), mail_parser=False).headers
    assert (h.from_name, h.from_address) == (name, addr)


def test_a_new_comments_page_is_ingested_although_the_issue_file_did_not_change(tmp_path):
    from threadkb.batches import ingest_paths
    from threadkb.kb import KnowledgeBase

    (tmp_path / "in").mkdir()
    folder = copy([GH / "77.issue.json", GH / "77.comments.json"], tmp_path / "in")
    db = str(tmp_path / "kb.sqlite")
    with KnowledgeBase(db) as kb:
        ingest_paths(kb, [str(folder)], quiet=True)
        n1 = kb.db.execute("SELECT count(*) FROM messages").fetchone()[0]
        shutil.copy(GH / "77.comments-p2.json", folder / "77.comments-p2.json")
        summary = ingest_paths(kb, [str(folder)], quiet=True)
        n2 = kb.db.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert (n1, n2) == (3, 5)
    assert summary.stored == 2 and summary.unchanged == 1  # the issue (its group changed) and the new page
