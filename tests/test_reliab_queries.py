"""Robustness of the queries (issue 17, defect 7b and 7e).

Filters are literal text: ``%`` and ``_`` in --speaker, --api or --thread are those characters, not LIKE
wildcards; a thread number beyond SQLite's integers and a filter over MAX_FILTER characters are one-line
errors, not internal errors. The batched queries give the same rows as one query per row did.
"""
from __future__ import annotations

import pytest

from threadkb.cli import main
from threadkb.kb import MAX_FILTER, ClaimFilter, KnowledgeBase, NoMatch, like_part
from threadkb.store import KBError, index_threads, name_key, normalise_text, text_hash

PEOPLE = ["Ann Lee", "Bo_b Smith", "Carol 100% Jones"]
THREADS = ["Revocation 50% late", "Incident A_B", "Plain subject"]
APIS = ["/api/v1/certs", "/api/v2/cert_status", "/api/100%/x"]
CLAIMS = [  # thread, author, text, api
    (1, 1, "We will revoke the certificates within five days.", 1),
    (2, 2, "The CA disclosed the incident late.", 2),
    (3, 3, "Is the audit report available?", 3),
]


@pytest.fixture
def kb(tmp_path):
    path = tmp_path / "kb.sqlite"
    with KnowledgeBase(path) as k:
        db = k.db
        db.execute("INSERT INTO source_files (path, content_hash, size_bytes, ingested_at) VALUES ('x', '', 0, '')")
        for i, name in enumerate(PEOPLE, 1):
            db.execute("INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)", (i, name, name_key(name)))
        for i, subject in enumerate(THREADS, 1):
            db.execute("INSERT INTO threads (id, subject) VALUES (?, ?)", (i, subject))
        for i, p in enumerate(APIS, 1):
            db.execute("INSERT INTO apis (id, path) VALUES (?, ?)", (i, p))
        for i, (thread, author, text, api) in enumerate(CLAIMS, 1):
            norm = normalise_text(text)
            db.execute("INSERT INTO messages (id, thread_id, author_id, author, date_utc, text, text_hash,"
                       " normalised_text, opening_words, source_file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                       (i, thread, author, PEOPLE[author - 1], f"2024-01-0{i}T10:00:00Z", text, text_hash(text),
                        norm, norm))
            kind = "question" if text.endswith("?") else "commitment" if "will" in text else "assertion"
            db.execute("INSERT INTO claims (id, message_id, claim_key, kind, text, text_hash) VALUES (?, ?, ?, ?, ?, ?)",
                       (i, i, f"c{i}", kind, text, text_hash(text)))
            db.execute("INSERT INTO claim_apis (claim_id, api_id) VALUES (?, ?)", (i, api))
        index_threads(db)  # what the store keeps for the threads it writes (schema 13): these rows are written here
        yield k


LITERAL = [  # filter, claims it must find (by id): a wildcard character matches only itself
    ({"speaker": "%"}, []),
    ({"speaker": "_"}, [2]),
    ({"speaker": "ann"}, [1]),
    ({"thread": "%"}, [1]),
    ({"thread": "_"}, [2]),
    ({"thread": "50%"}, [1]),
    ({"thread": "0%"}, [1]),
    ({"thread": "A_B"}, [2]),
    ({"thread": "A%B"}, []),
    ({"thread": "2"}, [2]),
    ({"api": "%"}, [3]),
    ({"api": "_"}, [2]),
    ({"api": "cert_"}, [2]),
    ({"api": "v_/"}, []),
    ({"api": "certs"}, [1]),
    ({"speaker": "\\"}, []),
]


@pytest.mark.parametrize("flt,expected", LITERAL, ids=[repr(f) for f, _ in LITERAL])
def test_filters_are_literal_text(kb, flt, expected):
    if not expected:  # a filter that matches no person, thread or API says so (issue 16), not "everything"
        with pytest.raises(NoMatch):
            kb.claims(ClaimFilter(**flt))
        return
    assert [r.claim for r in kb.claims(ClaimFilter(**flt))] == expected


@pytest.mark.parametrize("text,pattern", [("50%", "%50\\%%"), ("a_b", "%a\\_b%"), ("x\\y", "%x\\\\y%"), ("ab", "%ab%")])
def test_like_part(text, pattern):
    assert like_part(text) == pattern


BAD = [  # argv after `query`, the one line expected on stderr
    (["--thread", "999999999999999999999"], "--thread: no thread has the number 999999999999999999999"),
    (["commitments", "--thread", "9" * 40], "--thread: no thread has the number"),
    (["--text", "word " * 20_000], f"--text: 100000 characters; a filter takes at most {MAX_FILTER}"),
    (["--speaker", "x" * 100_000], "--speaker: 100000 characters"),
    (["--thread", "a" * 100_000], "--thread: 100000 characters"),
    (["sections", "--section", "a" * 100_000], "--section: 100000 characters"),
    (["--api", "%" * 100_000], "--api: 100000 characters"),
    (["history", "--org", "o" * 100_000], "--org: 100000 characters"),
]


@pytest.mark.parametrize("argv,message", BAD, ids=[" ".join(a)[:30] for a, _ in BAD])
def test_hostile_filters_are_one_line_errors(kb, capsys, argv, message):
    code = main(["query", *argv, "--db", kb.path])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and message in err[0]
    assert "Traceback" not in err[0] and "OverflowError" not in err[0]


def test_largest_sqlite_integer_is_a_thread_number_that_matches_nothing(kb):
    with pytest.raises(NoMatch, match="no thread has that number"):  # says so, as any filter matching nothing
        kb.claims(ClaimFilter(thread=str(2**63 - 1)))
    with pytest.raises(KBError):
        ClaimFilter(thread=str(2**63))


@pytest.mark.parametrize("view", ["claims", "history", "commitments", "unanswered", "sections"])
def test_every_view_runs_with_every_literal_filter(kb, view):
    for flt, expected in LITERAL:
        try:
            rows = getattr(kb, view)(ClaimFilter(**flt))
        except NoMatch:
            assert not expected  # only a filter that matches nothing may say so
            continue
        assert isinstance(rows, list)


def test_batched_views_give_the_rows_per_row_queries_gave(kb):
    """history/unanswered read rebuttals and askers in batches; the rows are those of one query per claim."""
    kb.db.execute("INSERT INTO relations (from_claim_id, to_claim_id, kind, evidence) VALUES (2, 1, 'rebuts',"
                  " '[\"rule: x\"]')")
    hist = {h.claim: [(r.claim, r.evidence) for r in h.rebuttals] for h in kb.history()}
    assert hist == {1: [(2, ["rule: x"])], 2: [], 3: []}
    assert [(u.claim, u.later_replies) for u in kb.unanswered()] == [(3, 0)]
    assert [c.claim for c in kb.commitments()] == [1]
