"""What a user sees when a command cannot do what was asked (session 13's user test of every README command).

Class of input: a knowledge base that is missing, not a database or newer than this threadkb; a filter the knowledge
base cannot read or that names nothing in it (a thread number or key, a message number); an option of one query view
given with another view (it did nothing: `query claims --overdue` listed every claim); an output path that cannot be
written (a file where its folder should be, a pipe, a folder that cannot hold files); gold files none of which
exist; a policy document threadkb does not know. Each is one line on stderr naming what is wrong, without an
internal class name ("threadkb: error: KBError: …", "FileNotFoundError: [Errno 2] … '/proc/.x.json.p03vcl8k.tmp'"
before), with the exit code the README gives (1: a filter that matches nothing; 2: an error)."""
from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest

from threadkb import cli, store
from threadkb.extract.resolve import known_documents

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")
SMALL = str(ROOT / "corpora" / "041_mdsp-mailarchive-godaddy-underscore-incident-report.txt")


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("kb") / "kb.sqlite")
    assert cli.main(["ingest", "--quiet", "--db", db, REFERENCE]) == 0
    return db


def run(argv, capsys):
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# argv after `query --db KB`: exit code, the one line on stderr
QUERY = [
    (["claims", "--section", "BR"], 2,
     "threadkb: --section: cannot read section 'BR' (try \"BR 4.9.1.1\" or \"BR 4.9.1.1 item 4\")"),
    (["claims", "--text", '""'], 2, "threadkb: no words to search in '\"\"'"),
    (["claims", "--thread", "9999"], 1, "threadkb: --thread '9999' matches nothing in the knowledge base;"
                                        " no thread has that number (query threads lists them)"),
    (["claims", "--thread", "abcdefabcdef"], 1, "threadkb: --thread 'abcdefabcdef' matches nothing in the knowledge"
                                                " base; no thread has that key (query threads lists them)"),
    (["quotes", "--of", "99999"], 1, "threadkb: --of '99999' matches nothing in the knowledge base;"
                                     " no message has that number (query quotes lists them)"),
    (["quotes", "--of", "-3"], 1, "threadkb: --of '-3' matches nothing in the knowledge base;"
                                  " no message has that number (query quotes lists them)"),
    # the orgs view read the message filters without checking them: every organisation with people, 0 counts, rc 0
    (["orgs", "--thread", "9999"], 1, "threadkb: --thread '9999' matches nothing in the knowledge base;"
                                      " no thread has that number (query threads lists them)"),
    (["orgs", "--to", "nobody@example.org"], 1, "threadkb: --to 'nobody@example.org' matches nothing in the knowledge"
                                                " base"),
    (["orgs", "--api", "/nothing/here"], 1, "threadkb: --api '/nothing/here' matches nothing in the knowledge base"),
    (["claims", "--overdue"], 2, "threadkb: --overdue applies to the commitments view, not to claims"),
    (["unanswered", "--at", "2025-11-01"], 2, "threadkb: --at applies to the commitments view, not to unanswered"),
    (["history", "--no-reply"], 2, "threadkb: --no-reply applies to the unanswered view, not to history"),
    (["claims", "--of", "3"], 2, "threadkb: --of applies to the quotes view, not to claims"),
    (["claims", "--of", "0"], 2, "threadkb: --of applies to the quotes view, not to claims"),
    (["commitments", "--not-parent"], 2, "threadkb: --not-parent applies to the quotes view, not to commitments"),
    # a blank text filter was no filter (an empty LIKE pattern): `--org "$CA"` with CA unset listed the whole base
    *[([view, option, value], 2, f"threadkb: {option}: an empty value selects nothing; give one, or leave the option"
                                 " out")
      for view, option, value in [("claims", "--org", ""), ("claims", "--speaker", ""), ("claims", "--speaker", "  "),
                                  ("history", "--section", ""), ("claims", "--text", " "), ("claims", "--thread", ""),
                                  ("unanswered", "--thread", " "), ("commitments", "--to", ""),
                                  ("claims", "--api", ""), ("people", "--org", ""), ("threads", "--speaker", "")]],
    # a reversed date range selected nothing, said "(no rows)", exit 0, and counted every undated claim as left out
    (["claims", "--since", "2025", "--until", "2024"], 2,
     "threadkb: --since 2025 is after --until 2024: no date is in that range"),
    (["history", "--since", "2025-10-09", "--until", "2025-10-08T23:59"], 2,
     "threadkb: --since 2025-10-09 is after --until 2025-10-08T23:59: no date is in that range"),
    (["commitments", "--since", "2025-11", "--until", "2025-10-31"], 2,
     "threadkb: --since 2025-11 is after --until 2025-10-31: no date is in that range"),
]

# a date range that holds a day (the bounds at different precisions): its rows (the reference thread's claims: 5 of
# 7 Oct, 28 of 8 Oct, 17 of 10 Oct, 1 undated), no error
RANGES = [(["--since", "2025-10-08", "--until", "2025-10"], 45), (["--since", "2025-10", "--until", "2025-10-07"], 5),
          (["--since", "2025-10-08T12:25:33Z", "--until", "2025-10-08"], 28), (["--since", "2025", "--until", "2025"], 50)]


@pytest.mark.parametrize("argv, rows", RANGES, ids=[" ".join(a) for a, _ in RANGES])
def test_a_date_range_at_two_precisions_keeps_its_rows(kb, argv, rows, capsys):
    code, out, err = run(["query", "--db", kb, "claims", *argv, "--format", "csv"], capsys)
    assert (code, err, len(list(csv.reader(io.StringIO(out)))) - 1) == (
        0, "threadkb: 1 claim with no date left out by --since/--until (in mdsp-2025-10-sheca-api-keys.txt)\n", rows)


GRAPH = [(["--org", ""], "threadkb: --org: an empty value selects nothing; give one, or leave the option out"),
         (["--since", "2026", "--until", "2025-12-31"],
          "threadkb: --since 2026 is after --until 2025-12-31: no date is in that range")]


@pytest.mark.parametrize("argv, line", GRAPH, ids=[" ".join(a) for a, _ in GRAPH])
def test_graph_of_the_base_refuses_the_same_filters(kb, argv, line, tmp_path, capsys):
    out = tmp_path / "g.json"
    assert run(["graph", "--db", kb, *argv, "--format", "json", "-o", str(out)], capsys) == (2, "", line + "\n")
    assert not out.exists()


@pytest.mark.parametrize("argv, code, line", QUERY, ids=[" ".join(a) for a, _, _ in QUERY])
def test_a_query_that_cannot_be_answered_says_why_in_one_line(kb, argv, code, line, capsys):
    got, out, err = run(["query", "--db", kb, *argv], capsys)
    assert (got, out, err) == (code, "", line + "\n")


def test_the_options_of_a_view_still_work_with_their_view(kb, capsys):
    code, out, err = run(["query", "--db", kb, "commitments", "--overdue", "--at", "2025-11-01", "--format", "csv"],
                         capsys)
    assert code == 0 and err == "" and len(out.splitlines()) == 2
    assert out.splitlines()[1].endswith(",2025-10-13T12:25:33Z,within five days of the message date,overdue,,,"
                                        "deadline 2025-10-13 before 2025-11-01; nothing reports it done,")
    code, out, err = run(["query", "--db", kb, "claims", "--thread", "1", "--format", "csv"], capsys)
    assert code == 0 and err == "" and len(out.splitlines()) == 52  # the reference thread's 51 claims + the header


def test_knowledge_base_that_cannot_be_read(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("garbage")
    newer = str(tmp_path / "newer.sqlite")
    assert cli.main(["ingest", "--quiet", "--db", newer, SMALL]) == 0
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (99, 'x', 'from the future')")
    con.commit()
    con.close()
    capsys.readouterr()
    missing = str(tmp_path / "none.sqlite")
    cases = [
        (["query", "--db", missing], f"threadkb: no knowledge base at {missing} (build one with `threadkb ingest PATH`)"),
        (["graph", "--db", missing], f"threadkb: no knowledge base at {missing} (build one with `threadkb ingest PATH`)"),
        (["query", "--db", str(bad)], f"threadkb: {bad}: not a threadkb database (file is not a database)"),
        (["--debug", "query", "--db", str(bad)], f"threadkb: {bad}: not a threadkb database (file is not a database)"),
    ]
    for argv, line in cases:
        assert run(argv, capsys) == (2, "", line + "\n"), argv
    code, out, err = run(["query", "--db", newer], capsys)
    assert (code, out) == (2, "") and err.startswith(f"threadkb: {newer} has schema version 99; this threadkb knows up")
    assert err.count("\n") == 1


def test_a_knowledge_base_that_refuses_the_write_fails_the_file_in_one_line(tmp_path, capsys, monkeypatch):
    """A database file the user may read but not write (chmod 444, another user's): its first write, the file's row,
    raised sqlite3's "attempt to write a readonly database" before the file's first batch was read, and the ingest
    then waited for a batch that had already come: "threadkb: error: StopIteration: " (tests run as root, for whom
    chmod changes nothing: the write is refused by a stand-in that raises what sqlite raises)."""
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", "--quiet", "--db", db, REFERENCE]) == 0
    capsys.readouterr()

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store.Store, "_source_file", refused)
    code, out, err = run(["ingest", "--quiet", "--db", db, SMALL], capsys)
    assert "StopIteration" not in err and "OperationalError" not in out + err and "Traceback" not in err
    assert code == 2 and "files: 1 (0 stored, 0 unchanged, 1 failed)" in out
    assert err == f"threadkb: {SMALL}: not stored: the knowledge base refused it (attempt to write a readonly database)\n"


def test_an_output_path_that_cannot_be_written(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    cases = [
        (["report", REFERENCE, "-o", str(afile / "x.html")],
         f"threadkb: {afile / 'x.html'}: cannot make its folder {afile}: a file of that name is in the way"),
        (["graph", SMALL, "-o", str(afile / "g.json")],
         f"threadkb: {afile / 'g.json'}: cannot make its folder {afile}: a file of that name is in the way"),
        (["report", SMALL, "-o", str(pipe)], f"threadkb: {pipe}: exists and is not a regular file; not written"),
    ]
    for argv, line in cases:
        code, out, err = run(argv, capsys)
        assert (code, err) == (2, line + "\n"), argv
    if os.path.isdir("/proc/self"):  # a folder no file can be made in, even by root
        code, out, err = run(["graph", SMALL, "-o", "/proc/threadkb-test.json"], capsys)
        assert code == 2 and err.startswith("threadkb: /proc/threadkb-test.json: cannot write: ")
        assert ".tmp" not in err and "Errno" not in err and err.count("\n") == 1


def test_gold_files_none_of_which_exist_are_one_line_each_and_no_empty_table(tmp_path, capsys):
    assert run(["eval", str(tmp_path / "a.json"), str(tmp_path / "b.json")], capsys) == (
        2, "", f"threadkb: eval: {tmp_path / 'a.json'}: no such file or folder\n"
               f"threadkb: eval: {tmp_path / 'b.json'}: no such file or folder\n")


def test_an_unknown_policy_document_lists_every_document_the_help_names(capsys):
    code, out, err = run(["policy", "show", "XYZ", "4.9"], capsys)
    assert (code, out, err) == (2, "", "threadkb: unknown document 'XYZ' (try BR, CCADB, CRP, EVG, MRSP, SMIME-BR,"
                                       " CSBR, NSR, CPS, RFC)\n")
    parser = cli.build_parser()
    show = parser._subparsers._group_actions[0].choices["policy"]._subparsers._group_actions[0].choices["show"]
    [doc] = [a for a in show._actions if a.dest == "document"]
    assert sorted(doc.help.removeprefix("document: ").split(", ")) == sorted(known_documents())
    for code_ in known_documents():  # each one it names is read
        assert cli.main(["policy", "show", code_, "1.1"]) == 0


# --------------------------------------------------------------------------- rows --since/--until cannot place

C024 = str(ROOT / "corpora" / "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt")
C077 = str(ROOT / "corpora" / "077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt")


@pytest.fixture(scope="module")
def mixed_kb(tmp_path_factory):
    """The reference thread (dated mail) and two Bugzilla pages saved with relative dates only ("Opened 7 months
    ago"): their comments have no date."""
    db = str(tmp_path_factory.mktemp("mixed") / "kb.sqlite")
    assert cli.main(["ingest", "--quiet", "--db", db, REFERENCE, C024, C077]) == 0
    return db


# argv after `query --db KB`: the first column of the rows, the line on stderr ("" for none)
UNDATED = [
    (["claims", "--section", "BR 4.9.1.1", "--since", "2024"], 4,
     "threadkb: 3 claims with no date left out by --since/--until (in 024_bugzilla-1885568-vikingcloud-alt-rendering-"
     "comment-headers.txt, 077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt)\n"),
    (["claims", "--org", "Chunghwa", "--since", "2024"], 0,
     "threadkb: 6 claims with no date left out by --since/--until (in 077_bugzilla-1959278-chunghwa-delayed-revocation-"
     "br4911-item5.txt)\n"),
    (["commitments", "--org", "Chunghwa", "--until", "2026", "--at", "2025-11-01"], 0,
     "threadkb: 2 commitments with no date left out by --since/--until (in 077_bugzilla-1959278-chunghwa-delayed-"
     "revocation-br4911-item5.txt)\n"),
    (["history", "--org", "VikingCloud", "--since", "2020-01-01", "--kind", "admission"], 0,
     "threadkb: 2 claims with no date left out by --since/--until (in 024_bugzilla-1885568-vikingcloud-alt-rendering-"
     "comment-headers.txt)\n"),
    (["claims", "--section", "BR 4.9.1.1"], 7, ""),  # no date filter: every row, no note
    (["claims", "--org", "SHECA", "--since", "2025"], 27,  # the reference thread's top-posted reply has no date
     "threadkb: 1 claim with no date left out by --since/--until (in mdsp-2025-10-sheca-api-keys.txt)\n"),
    (["claims", "--org", "SHECA", "--since", "2025-10-08", "--kind", "admission"], 1, ""),  # every row dated
    (["sections", "--since", "2024"], None, ""),  # a view of no dated rows: no note
]


@pytest.mark.parametrize("argv, rows, note", UNDATED, ids=[" ".join(a) for a, _, _ in UNDATED])
def test_rows_with_no_date_left_out_by_a_date_filter_are_counted(mixed_kb, argv, rows, note, capsys):
    code, out, err = run(["query", "--db", mixed_kb, *argv, "--format", "csv"], capsys)
    assert (code, err) == (0, note)
    if rows is not None:
        assert len(list(csv.reader(io.StringIO(out)))) == rows + 1 if rows else out == ""


# --------------------------------------------------------------------------- whose words a claim row holds

# --speaker: (line, quoted_by) of each claim row, in the rows' order. Alvin Wang's message #3 quotes Matt Palmer's
# words and Bastian's question in prose ("2.2 Regarding Matt's Description: '…'"): those rows carry Alvin's date and
# place, and said nothing of it (a reviewer read "Matt Palmer, 8 Oct: …" for words Matt wrote on the 7th)
QUOTED_BY = [
    ("Matt", [(291, ""), (298, ""), (306, ""), (323, ""), (232, "Alvin Wang")]),
    ("Bastian", [(221, "Alvin Wang")]),
    ("Linh", [(145, ""), (148, ""), (164, ""), (165, ""), (168, ""), (170, ""), (177, ""), (181, ""), (183, ""),
              (189, ""), (200, ""), (201, "")]),  # her own message (lines 133-208): her words
]


@pytest.mark.parametrize("speaker, rows", QUOTED_BY, ids=[q[0] for q in QUOTED_BY])
def test_a_claim_row_says_who_quotes_a_third_partys_words(kb, speaker, rows, capsys):
    code, out, err = run(["query", "--db", kb, "claims", "--speaker", speaker, "--format", "csv"], capsys)
    records = list(csv.DictReader(io.StringIO(out)))
    assert (code, err) == (0, "") and [(int(r["line"]), r["quoted_by"]) for r in records] == rows
