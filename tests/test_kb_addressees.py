"""An e-mail's addressees (To and Cc) kept past the parse: ``Message.addressees``, the knowledge base (schema 8,
``message_addressees``), the JSON export, the graph's message nodes, the review report's message header line, and
``threadkb query --to`` (a filter, as --speaker or --thread: every view of messages, claims, quotes and threads).

Class of input: any mail read from its own headers (.eml, mbox) that names addressees: the list, the person a reply
answers, people copied, a name with no mailbox ("postmaster"), a group. Before, ingest kept To and Cc
(``MailHeaders.to``/``cc``, parse12) but the parse dropped them: no message, row, export or report showed whom a mail
was sent to. A quoted copy, a page's post and an API post name no addressees; a message seen as a mail and as a
quoted copy takes the mail's, whatever order the copies are stored in. A store of schema 7 is upgraded (its files
read again by the next ingest), a newer one refused in one line. Corpus mail (the fixtures' Google Groups
"show original" .eml and the Gmail reply) and constructed mails."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest

from kb_upgrade import refused_when_newer, upgraded_and_read_again
from threadkb import store
from threadkb.cli import main
from threadkb.export import write
from threadkb.ingest import ingest
from threadkb.kb import ClaimFilter, KnowledgeBase, NoMatch
from threadkb.link import build_graph
from threadkb.models import Addressee
from threadkb.parse import parse
from threadkb.pipeline import extract_paths, prediction
from threadkb.report.html_page import render_html
from threadkb.report.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[1]
SHOW_ORIGINAL = ROOT / "tests" / "fixtures" / "googlegroups" / "show-original.eml"
REPLY_QUOTED = ROOT / "tests" / "fixtures" / "mail" / "reply-quoted.eml"
DSP = "dev-security-policy@mozilla.org"

ALICE = ("We will revoke the affected certificates within five days of the report, as the Baseline Requirements "
         "require, and publish the incident report on the bug.")


def _eml(to: str | None, cc: str | None = None, sender: str = "Alice Example <alice@example.com>",
         body: str = ALICE, mid: str = "a1") -> str:
    return (f"From: {sender}\n" + (f"To: {to}\n" if to is not None else "") + (f"Cc: {cc}\n" if cc is not None else "")
            + f"Date: Mon, 22 Jan 2024 10:00:00 +0000\nSubject: Revocation plan\nMessage-ID: <{mid}@example.com>\n\n"
            f"{body}\n")


def _parsed(tmp_path, text: str, name: str = "m.eml"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    (src,) = ingest(str(path))
    return parse(src)


# --------------------------------------------------------------------------- the parse keeps them

# the mail's To and Cc headers -> Message.addressees (header, name, address)
PARSED = [
    (f"Ben Wilson <bw@example.com>, {DSP}", "Carol Chen <cc@example.net>",
     [("to", "Ben Wilson", "bw@example.com"), ("to", None, DSP), ("cc", "Carol Chen", "cc@example.net")]),
    (None, "Ben Wilson <bw@example.com>", [("cc", "Ben Wilson", "bw@example.com")]),  # no To
    ("undisclosed-recipients:;", None, []),  # an empty group names nobody
    ("RapidIO maintainers: Alexandre Bounine <ab@idt.com>;", None, [("to", "Alexandre Bounine", "ab@idt.com")]),
    ("postmaster", "\"Lee, Ann\" <ann@example.org>", [("to", "postmaster", None), ("cc", "Lee, Ann", "ann@example.org")]),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", None, [("to", "Jörg Müller", "jm@example.de")]),
    # an encoded name that decodes to a comma, "<…>" or a quote is one addressee's name (split before decoding)
    ("=?utf-8?q?M=C3=BCller=2C_J=C3=B6rg?= <jm@example.de>, Ann <ann@example.org>", None,
     [("to", "Müller, Jörg", "jm@example.de"), ("to", "Ann", "ann@example.org")]),
    ("=?utf-8?b?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?= <evil@example.com>", "=?iso-8859-1?q?O=27Brien_=22Q=22?= <q@x.ie>",
     [("to", "<script>alert(1)</script>", "evil@example.com"), ("cc", "O'Brien \"Q\"", "q@x.ie")]),
    ("\"=?utf-8?q?Lee=2C_Ann_=3Cboss=40corp=3E?=\" <ann@example.org>", None,
     [("to", "Lee, Ann <boss@corp>", "ann@example.org")]),
]


@pytest.mark.parametrize("to,cc,expected", PARSED, ids=range(len(PARSED)))
def test_a_mail_keeps_its_to_and_cc_as_addressees(tmp_path, to, cc, expected):
    (m,) = _parsed(tmp_path, _eml(to, cc)).messages
    assert [(a.header, a.name, a.address) for a in m.addressees] == expected


def test_corpus_mail_keeps_its_addressees_and_its_quoted_copy_none():
    (src,) = ingest(str(SHOW_ORIGINAL))
    mail, copy = parse(src).messages
    assert mail.addressees == [Addressee("to", "dev-security-policy", DSP),
                               Addressee("cc", "Ben Wilson", "bwilson@mozilla.example")]
    assert copy.depth == 1 and copy.addressees == []
    (src,) = ingest(str(REPLY_QUOTED))
    assert parse(src).messages[0].addressees == [Addressee("to", "dev-secur...@mozilla.org", DSP)]


# --------------------------------------------------------------------------- exports


def test_the_json_export_and_the_graph_carry_the_addressees(tmp_path):
    (ex,) = extract_paths([str(SHOW_ORIGINAL)])
    pred = prediction(ex)
    assert [(m["to"], m["cc"]) for m in pred["messages"]] == [
        ([{"name": "dev-security-policy", "address": DSP}], [{"name": "Ben Wilson", "address": "bwilson@mozilla.example"}]),
        ([], [])]
    g = build_graph(ex)
    node = g.nodes[f"message:{ex.thread.messages[0].key}"]
    assert (node["to"], node["cc"]) == ([f"dev-security-policy <{DSP}>"], ["Ben Wilson <bwilson@mozilla.example>"])
    graphml = nx.read_graphml(write(ex, "graphml", tmp_path / "g.graphml"))
    node = graphml.nodes[f"message:{ex.thread.messages[0].key}"]
    assert (node["to"], node["cc"]) == (f"dev-security-policy <{DSP}>", "Ben Wilson <bwilson@mozilla.example>")
    data = json.loads(write(ex, "json", tmp_path / "g.json").read_text("utf-8"))
    (node,) = [n for n in data["nodes"] if n["id"] == f"message:{ex.thread.messages[0].key}"]
    assert node["cc"] == ["Ben Wilson <bwilson@mozilla.example>"]


HOSTILE = "\"<script>alert(1)</script> & *Co* [x](javascript:alert(1))\" <evil@example.com>"


def test_the_report_header_line_shows_the_addressees_escaped(tmp_path):
    path = tmp_path / "m.eml"
    path.write_text(_eml(f"{HOSTILE}, {DSP}", "Ben Wilson <bw@example.com>"), "utf-8")
    (ex,) = extract_paths([str(path)])
    page = render_html(ex)
    assert "<script>alert" not in page and "javascript:alert(1))\" <evil" not in page
    assert ("to &lt;script&gt;alert(1)&lt;/script&gt; &amp; *Co* [x](javascript:alert(1)) &lt;evil@example.com&gt;, "
            f"{DSP}; cc Ben Wilson &lt;bw@example.com&gt;") in page
    md = render_markdown(ex)
    (line,) = [x for x in md.splitlines() if x.startswith("to ")]
    assert line == (r"to \<script\>alert(1)\</script\> \& \*Co\* \[x\](javascript:alert(1)) \<evil@example.com\>, "
                    r"dev-security-policy@mozilla.org; cc Ben Wilson \<bw@example.com\>")


def test_the_report_header_line_counts_what_it_does_not_show(tmp_path):
    to = ", ".join(f"P{i} <p{i}@example.com>" for i in range(9))
    path = tmp_path / "m.eml"
    path.write_text(_eml(to), "utf-8")
    (ex,) = extract_paths([str(path)])
    assert "to P0 &lt;p0@example.com&gt;, P1" in render_html(ex)
    assert "P5 &lt;p5@example.com&gt;, +3 more</span>" in render_html(ex)


def test_a_mail_with_no_addressees_shows_no_addressee_line(tmp_path):
    (ex,) = extract_paths([str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")])
    assert all(not m.addressees for m in ex.thread.messages)
    assert "\nto " not in render_markdown(ex)


# --------------------------------------------------------------------------- the knowledge base


def _rows(db: str) -> list[tuple]:
    with KnowledgeBase(db) as kb:
        return [tuple(r) for r in kb.db.execute(
            "SELECT m.author, a.position, a.header, a.name, a.address, a.address_key FROM message_addressees a"
            " JOIN messages m ON m.id = a.message_id ORDER BY m.author, a.position")]


def test_the_store_keeps_the_addressees_and_query_to_filters_by_them(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(SHOW_ORIGINAL), str(REPLY_QUOTED)]) == 0
    assert _rows(db) == [
        ("Alvin Wang", 0, "to", "dev-security-policy", DSP, DSP),
        ("Alvin Wang", 1, "cc", "Ben Wilson", "bwilson@mozilla.example", "bwilson@mozilla.example"),
        ("Arabella Barks", 0, "to", "dev-secur...@mozilla.org", DSP, DSP)]
    with KnowledgeBase(db) as kb:
        by_name = {r.thread for r in kb.threads(ClaimFilter(to="ben wilson"))}
        by_address = {r.thread for r in kb.threads(ClaimFilter(to="BWILSON@mozilla"))}
        by_list = {r.thread for r in kb.threads(ClaimFilter(to=DSP))}
        every = {r.thread for r in kb.threads()}
        assert by_name == by_address and len(by_name) == 1 and by_list == every and len(every) == 2
        cc_claims = {r[0] for r in kb.db.execute(
            "SELECT id FROM claims WHERE message_id IN (SELECT message_id FROM message_addressees WHERE header = 'cc')")}
        assert {c.claim for c in kb.claims(ClaimFilter(to="Ben Wilson"))} == cc_claims and len(cc_claims) == 1
        with pytest.raises(NoMatch, match="--to 'nobody@example.com' matches nothing"):
            kb.claims(ClaimFilter(to="nobody@example.com"))
        assert kb.files_without_addressees() == []
    capsys.readouterr()
    assert main(["query", "threads", "--db", db, "--to", "Ben Wilson", "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and [json.loads(x)["subject"] for x in out.splitlines()] == ["Re: Delayed revocation by ExampleSign"]
    assert main(["query", "claims", "--db", db, "--to", "100%"]) == 1  # a % typed is that character, no wildcard


def test_graph_db_carries_the_addressees(tmp_path):
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(SHOW_ORIGINAL)]) == 0
    out = tmp_path / "kb.json"
    assert main(["graph", "--db", db, "--to", "Ben Wilson", "--format", "json", "-o", str(out)]) == 0
    nodes = [n for n in json.loads(out.read_text("utf-8"))["nodes"] if n["kind"] == "message"]
    assert sorted((n["to"], n["cc"]) for n in nodes) == [  # the mail, and the quoted message a relation reaches
        ([], []), ([f"dev-security-policy <{DSP}>"], ["Ben Wilson <bwilson@mozilla.example>"])]


REPLY_PAGE = ("Bob Builder wrote on the list archive:\n\nFive days is too long for this many certificates; please "
              "revoke them sooner.\n\nOn Mon, 22 Jan 2024 at 10:00, Alice Example <alice@example.com> wrote:\n"
              f"> {ALICE}\n")


@pytest.mark.parametrize("order", [("mail", "page"), ("page", "mail")])
def test_a_message_takes_the_addressees_of_its_mail_copy_in_any_order(tmp_path, order):
    """The same message stored from its mail and from a quoted copy on a page (which names none): its rows are the
    mail's, whatever came first; the page's copy keeps no addressees."""
    files = {"mail": tmp_path / "a.eml", "page": tmp_path / "b.txt"}
    files["mail"].write_text(_eml(f"{DSP}", "Ben Wilson <bw@example.com>"), "utf-8")
    files["page"].write_text(REPLY_PAGE, "utf-8")
    db = str(tmp_path / "kb.sqlite")
    for name in order:
        assert main(["ingest", "--quiet", "--db", db, str(files[name])]) == 0
    assert _rows(db) == [("Alice Example", 0, "to", None, DSP, DSP),
                         ("Alice Example", 1, "cc", "Ben Wilson", "bw@example.com", "bw@example.com")]
    with KnowledgeBase(db) as kb:
        copies = sorted(tuple(r) for r in kb.db.execute(
            "SELECT f.path, c.addressees IS NULL FROM message_copies c JOIN source_files f ON f.id = c.source_file_id"
            " JOIN messages m ON m.id = c.message_id WHERE m.author = 'Alice Example'"))
    assert copies == [(str(files["mail"]), 0), (str(files["page"]), 1)]


def _downgrade(db: str) -> None:
    """The base as schema 7 left it: no addressee table or columns, no version 8 (nor 9, 10)."""
    con = sqlite3.connect(db)
    con.execute("DROP TABLE row_sources")
    con.execute("DROP TABLE message_addressees")
    con.execute("ALTER TABLE message_copies DROP COLUMN addressees")
    con.execute("ALTER TABLE source_files DROP COLUMN addressees_stored")
    con.execute("DELETE FROM schema_version WHERE version >= 8")
    con.commit()
    con.close()


def test_a_schema_7_base_is_upgraded_and_its_files_read_again_for_their_addressees(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")

    def old_base() -> None:
        assert _rows(db) == []
        assert main(["query", "threads", "--db", db, "--to", "example"]) == 1  # nothing known yet: no match
        err = capsys.readouterr().err
        assert err.splitlines()[0] == (f"threadkb: 1 file stored before addressees were kept (first: {SHOW_ORIGINAL}):"
                                       " --to does not see its mails until it is ingested again")

    assert upgraded_and_read_again(db, SHOW_ORIGINAL, "message_addressees", _downgrade,
                                   KnowledgeBase.files_without_addressees, old_base) == 2
    assert [r[3] for r in _rows(db)] == ["dev-security-policy", "Ben Wilson"]


def test_a_base_from_a_newer_threadkb_is_refused_in_one_line(tmp_path, capsys):
    refused_when_newer(str(tmp_path / "kb.sqlite"), SHOW_ORIGINAL, ["threads", "--to", "x"], capsys)


# every view treats a filter value that matches nothing stored alike: one line naming the filter, exit 1
# (`query orgs` read the message filters without checking the names: no rows, or every row for --speaker)
VIEWS = ["claims", "history", "commitments", "unanswered", "quotes", "sections", "people", "orgs", "threads"]
UNKNOWN = [("--to", "nobody@nowhere.test"), ("--thread", "zzqx subject"), ("--speaker", "Zzqx Nobody")]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("flag,value", UNKNOWN, ids=[f for f, _ in UNKNOWN])
def test_every_view_refuses_a_filter_value_that_matches_nothing(tmp_path, capsys, view, flag, value):
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(SHOW_ORIGINAL), str(REPLY_QUOTED)]) == 0
    capsys.readouterr()
    assert main(["query", view, "--db", db, flag, value]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"threadkb: {flag} {value!r} matches nothing in the knowledge base\n"


def test_query_orgs_counts_the_messages_the_filters_select(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(SHOW_ORIGINAL), str(REPLY_QUOTED)]) == 0
    with KnowledgeBase(db) as kb:
        every = {r.organisation: (r.messages, r.claims) for r in kb.organisations()}
        assert every == {"ExampleSign": (2, 2)}
        assert {r.organisation: (r.messages, r.claims) for r in kb.organisations(ClaimFilter(to="Ben Wilson"))} \
            == {"ExampleSign": (1, 1)}
        assert {r.organisation: (r.messages, r.claims) for r in kb.organisations(ClaimFilter(speaker="Alvin Wang"))} \
            == {"ExampleSign": (2, 2)}
        assert {r.organisation: (r.messages, r.claims) for r in kb.organisations(ClaimFilter(speaker="Ben Wilson"))} \
            == {"ExampleSign": (0, 0)}


# a character XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE/U+FFFF) in a sender's or an
# addressee's name: GraphML and GEXF stay well-formed (networkx reads them back), the character shown as ⟨U+XXXX⟩
NOT_XML = [("\x01", "⟨U+0001⟩"), ("\x1b", "⟨U+001B⟩"), ("\x08", "⟨U+0008⟩"), ("\ufffe", "⟨U+FFFE⟩")]


@pytest.mark.parametrize("char,shown", NOT_XML, ids=[f"U+{ord(c):04X}" for c, _ in NOT_XML])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_stay_well_formed_with_a_control_character_in_a_name(tmp_path, char, shown, fmt):
    path = tmp_path / "m.eml"
    path.write_text(_eml(f'"Bob{char}Lee" <bob@example.com>, {DSP}', sender=f'"Al{char}ice" <alice@example.com>'),
                    "utf-8")
    (ex,) = extract_paths([str(path)])
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(write(ex, fmt, tmp_path / f"g.{fmt}"))
    (node,) = [d for n, d in g.nodes(data=True) if str(n).startswith("message:")]
    assert (node["author"], node["to"]) == (f"Al{shown}ice", f"Bob{shown}Lee <bob@example.com>; {DSP}")


# the From header likewise: an encoded display name that decodes to a comma or "<…>" is the sender's whole name
FROM_ENCODED = [
    ("=?utf-8?q?Lee=2C_Ann?= <ann@example.org>", "Ann Lee", "ann@example.org"),
    ("=?utf-8?q?M=C3=BCller=2C_J=C3=B6rg?= <jm@example.de>", "Jörg Müller", "jm@example.de"),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "Jörg Müller", "jm@example.de"),
    ("Alice Example <alice@example.com>", "Alice Example", "alice@example.com"),
]


@pytest.mark.parametrize("sender,author,email", FROM_ENCODED, ids=range(len(FROM_ENCODED)))
def test_an_encoded_sender_name_is_decoded_after_the_from_header_is_read(tmp_path, sender, author, email):
    (m,) = _parsed(tmp_path, _eml("bob@example.com", sender=sender)).messages
    assert (m.author, m.email) == (author, email)


# --to compares the name casefolded (schema 9, message_addressees.name_key): SQL LIKE folds ASCII letters only, so
# "JÖRG" did not find "Jörg" (review13b)
NON_ASCII_NAMES = [  # the To header (RFC 2047 as mailers write it), --to typed, found?
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "JÖRG", True),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "jörg MÜLLER", True),
    ("=?utf-8?q?Stra=C3=9Fe_Team?= <team@example.de>", "STRASSE", True),  # ß casefolds to ss
    ("=?utf-8?b?zqPOv8+Gzq/OsQ==?= <sofia@example.gr>", "ΣΟΦΊΑ", True),  # Σοφία
    ("=?utf-8?q?=C5=81ukasz?= <lk@example.pl>", "łUKASZ", True),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "Jorg", False),  # no accent folding: another name
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "JM@EXAMPLE.DE", True),  # the address, as before
    # session 15: the name stored decomposed (NFD, as macOS and some clients write it) or typed so
    ("=?utf-8?q?Jo=CC=88rg_Mu=CC=88ller?= <jm@example.de>", "Jörg", True),
    ("=?utf-8?q?Jo=CC=88rg_Mu=CC=88ller?= <jm@example.de>", "JÖRG MÜLLER", True),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "Jo\u0308rg", True),
    ("=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <jm@example.de>", "MU\u0308LLER", True),
    ("=?utf-8?q?Fran=C3=A7ois?= <fr@example.fr>", "FRANC\u0327OIS", True),  # ç as c + cedilla
    ("=?utf-8?q?Jo=CC=88rg_Mu=CC=88ller?= <jm@example.de>", "Jorg", False),  # still no accent folding
]


@pytest.mark.parametrize("to,typed,found", NON_ASCII_NAMES)
def test_to_finds_a_non_ascii_name_in_any_case(tmp_path, capsys, to, typed, found):
    """Before: the five rows whose typed name differs from the stored one in the case of a non-ASCII letter (or ß)
    matched nothing (exit 1); the guards pass before and after. Session 15: a name stored or typed in decomposed form
    (NFD) is the same name (``identity.fold``): the five such rows fail before (schema 9 keyed by casefold alone)."""
    path = tmp_path / "m.eml"
    path.write_text(_eml(to), "utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    capsys.readouterr()
    assert main(["query", "threads", "--db", db, "--to", typed, "--format", "jsonl"]) == (0 if found else 1)
    out = capsys.readouterr().out
    assert [json.loads(x)["subject"] for x in out.splitlines()] == (["Revocation plan"] if found else [])


def _downgrade_to_8(db: str) -> None:
    """The base as schema 8 left it: no name_key, no row_sources, no version 9, 10 or 11."""
    con = sqlite3.connect(db)
    con.execute("DROP TABLE row_sources")
    con.execute("ALTER TABLE message_addressees DROP COLUMN name_key")
    con.execute("DELETE FROM schema_version WHERE version >= 9")
    con.commit()
    con.close()


def test_a_schema_8_base_gets_its_name_keys_when_opened_without_reading_its_files_again(tmp_path, capsys):
    """Migration 9 fills the stored rows' name_key from their names: --to "JÖRG" finds Jörg at once, the file is
    current (the next ingest has nothing to do) and no other row moves."""
    path = tmp_path / "m.eml"
    path.write_text(_eml(NON_ASCII_NAMES[0][0], "=?utf-8?q?Stra=C3=9Fe_Team?= <team@example.de>, bob@example.org"),
                    "utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    with KnowledgeBase(db) as kb:
        before = kb.counts()
    _downgrade_to_8(db)
    with KnowledgeBase(db) as kb:  # opening it applies migrations 9, 10 and 11
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert kb.counts() == before
        assert [tuple(r) for r in kb.db.execute("SELECT name, name_key FROM message_addressees ORDER BY position")] == \
            [("Jörg Müller", "jörg müller"), ("Straße Team", "strasse team"), (None, None)]
        assert kb.file_is_current(str(path), store.file_hash(str(path))[0])
    capsys.readouterr()
    assert main(["query", "threads", "--db", db, "--to", "JÖRG", "--format", "jsonl"]) == 0
    assert main(["query", "threads", "--db", db, "--to", "STRASSE", "--format", "jsonl"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0  # current: nothing read again
    with KnowledgeBase(db) as kb:
        assert kb.counts() == before


def test_a_schema_9_base_gets_its_keys_in_the_one_form_when_opened(tmp_path, capsys):
    """Migration 10 keys the stored rows again in the form names are compared in (``identity.fold``): a name stored
    decomposed by schema 9 (its key "jo\u0308rg …", casefold alone) is found by --to "Jörg" once the base is opened,
    with no file read again and no other row moved (fails before: no migration 10, --to matches nothing)."""
    path = tmp_path / "m.eml"
    path.write_text(_eml("=?utf-8?q?Jo=CC=88rg_Mu=CC=88ller?= <JM@Example.de>"), "utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    with KnowledgeBase(db) as kb:
        before = kb.counts()
    con = sqlite3.connect(db)  # the keys as schema 9 wrote them
    con.execute("UPDATE message_addressees SET name_key = 'jo\u0308rg mu\u0308ller', address_key = 'jm@example.de'")
    con.execute("DELETE FROM schema_version WHERE version = 10")
    con.commit()
    con.close()
    with KnowledgeBase(db) as kb:
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert kb.counts() == before
        assert [tuple(r) for r in kb.db.execute("SELECT name_key, address_key FROM message_addressees")] == \
            [("jörg müller", "jm@example.de")]
        assert kb.file_is_current(str(path), store.file_hash(str(path))[0])
    capsys.readouterr()
    assert main(["query", "threads", "--db", db, "--to", "Jörg", "--format", "jsonl"]) == 0
    assert [json.loads(x)["subject"] for x in capsys.readouterr().out.splitlines()] == ["Revocation plan"]
