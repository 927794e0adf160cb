"""A changed file at a stored path replaces what its old bytes said (schema 11, ``row_sources``).

Class: a file ingested again after its bytes changed — a Bugzilla page saved again after a comment was edited, an
mbox rewritten without one of its mails, a `fetch --ingest` rerun. Before, the old bytes' claims (and citations,
entities, relations) stayed beside the new ones on the same message, and a mail the file no longer holds stayed
with everything it said. Now each row records the copies (file + content hash) that gave it; the old copy's rows
no other copy gives are retired. A row another file also gives stays; the same bytes twice change nothing.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from threadkb import store
from threadkb.cli import main
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
BUG_077 = ROOT / "corpora" / "077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt"
TABLES = ("threads", "messages", "message_copies", "claims", "citations", "claim_citations", "entities",
          "api_mentions", "relations", "message_quotes", "affiliations")


def _mail(n: int, who: str, text: str, reply_to: int | None = None) -> str:
    head = (f"From {who.split()[0].lower()}@example.org Mon Jun  {n} 10:00:00 2024\n"
            f"From: {who} <{who.split()[0].lower()}@example.org>\nDate: Mon, {n} Jun 2024 10:00:00 +0000\n"
            f"Subject: {'Re: ' if reply_to else ''}Delayed revocation at Example CA\nMessage-ID: <m{n}@example.org>\n")
    if reply_to:
        head += f"In-Reply-To: <m{reply_to}@example.org>\n"
    return head + "\n" + text + "\n\n"


M1 = _mail(3, "Ann Lee", "We did not revoke the 12 affected certificates within 5 days as BR 4.9.1.1 requires.")
M2 = _mail(4, "Bob Roe", "Will you publish the full list of serial numbers in the incident report?", reply_to=1)
M3 = _mail(5, "Cid Poe", "We will revoke the remaining certificates by 30 June 2024.", reply_to=1)


def _ingest(db: Path, *paths: Path) -> None:
    assert main(["ingest", "--quiet", "--db", str(db), *map(str, paths)]) == 0


def _state(db: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The counts of the tables that say something, and every claim (speaker, text)."""
    with KnowledgeBase(db) as kb:
        counts = {t: n for t, n in kb.counts().items() if t in TABLES}
        claims = sorted((r[0] or "", r[1]) for r in kb.db.execute("SELECT speaker, text FROM claims"))
    return counts, claims


def _claims_with(db: Path, words: str) -> list[str]:
    with KnowledgeBase(db) as kb:
        return [r[0] for r in kb.db.execute("SELECT text FROM claims WHERE text LIKE ? ORDER BY id", (f"%{words}%",))]


def _three_mails_stored(tmp_path: Path) -> tuple[Path, Path, int]:
    """M1, M2, M3 in one mbox stored: (mbox, base, its row_sources count)."""
    box = tmp_path / "a.mbox"
    box.write_text(M1 + M2 + M3, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, box)
    with KnowledgeBase(db) as kb:
        return box, db, kb.counts()["row_sources"]


def _commitment_edited(db: Path, box: Path) -> None:
    """The mbox rewritten without M2 and with M3's date changed: only the new commitment is stored."""
    box.write_text(M1 + M3.replace("30 June 2024", "15 July 2024"), encoding="utf-8")
    _ingest(db, box)
    assert _claims_with(db, "remaining certificates") == ["We will revoke the remaining certificates by 15 July 2024."]


def test_an_edited_comment_replaces_its_claim(tmp_path):
    """077 (real Bugzilla page) saved again with "4 of them" edited to "5 of them": one admission, the new one; the
    base is the one the new bytes alone give."""
    page = tmp_path / "077.txt"
    shutil.copy(BUG_077, page)
    db = tmp_path / "kb.sqlite"
    _ingest(db, page)
    assert len(_claims_with(db, "4 of them were not revoked")) == 1
    page.write_text(BUG_077.read_text(encoding="utf-8").replace("4 of them were not revoked", "5 of them were not revoked"),
                    encoding="utf-8")
    _ingest(db, page)
    assert _claims_with(db, "of them were not revoked") == _claims_with(db, "5 of them were not revoked")
    assert len(_claims_with(db, "5 of them were not revoked")) == 1
    fresh = tmp_path / "fresh.sqlite"
    _ingest(fresh, page)
    assert _state(db) == _state(fresh)


def test_the_same_bytes_twice_change_nothing(tmp_path):
    page = tmp_path / "a.mbox"
    page.write_text(M1 + M2 + M3, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, page)
    with KnowledgeBase(db) as kb:
        before = kb.counts()
    _ingest(db, page)
    with KnowledgeBase(db) as kb:
        assert kb.counts() == before
        assert before["row_sources"] > 0


@pytest.mark.parametrize("kept, removed", [
    ((M1, M3), "Bob Roe"),  # the middle mail goes
    ((M1, M2), "Cid Poe"),  # the last one
    ((M2, M3), "Ann Lee"),  # the opener: its replies stay, their parent unknown
])
def test_a_mail_removed_from_the_file_goes_with_its_claims(tmp_path, kept, removed):
    box = tmp_path / "a.mbox"
    box.write_text(M1 + M2 + M3, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, box)
    counts, claims = _state(db)
    assert counts["messages"] == 3 and any(s == removed for s, _ in claims)
    box.write_text("".join(kept), encoding="utf-8")
    _ingest(db, box)
    counts, claims = _state(db)
    assert counts["messages"] == 2 and not any(s == removed for s, _ in claims)
    with KnowledgeBase(db) as kb:
        assert removed not in [r[0] for r in kb.db.execute("SELECT author FROM messages")]
        assert kb.db.execute("PRAGMA foreign_key_check").fetchall() == []
    fresh = tmp_path / "fresh.sqlite"
    _ingest(fresh, box)
    assert _state(fresh) == (counts, claims)


def test_a_mail_another_file_also_holds_stays(tmp_path):
    """a.mbox and b.mbox both hold Bob's mail (one message, two copies); a.mbox rewritten without it: Bob's mail and
    its claim stay (b.mbox gives them); rewritten without Ann's as well, Ann's goes (no other copy)."""
    a, b = tmp_path / "a.mbox", tmp_path / "b.mbox"
    a.write_text(M1 + M2, encoding="utf-8")
    b.write_text(M2 + M3, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, a, b)
    counts, claims = _state(db)
    assert (counts["messages"], counts["message_copies"]) == (3, 4)
    speakers = sorted({s for s, _ in claims})
    assert speakers == ["Ann Lee", "Bob Roe", "Cid Poe"]
    a.write_text(M1, encoding="utf-8")
    _ingest(db, a)
    counts, after = _state(db)
    assert (counts["messages"], counts["message_copies"]) == (3, 3)
    assert after == claims  # every claim is still given by some copy
    a.write_text(M2, encoding="utf-8")  # now a.mbox holds Bob's mail only: Ann's mail had no other copy
    _ingest(db, a)
    counts, after = _state(db)
    assert (counts["messages"], counts["message_copies"]) == (2, 3)
    assert sorted({s for s, _ in after}) == ["Bob Roe", "Cid Poe"]


def test_a_base_of_schema_10_upgrades_and_then_replaces(tmp_path):
    """A base stored before row_sources: opening it fills row_sources from the copies of each row's message; the
    next ingest of changed bytes retires what only they gave."""
    box, db, sources = _three_mails_stored(tmp_path)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE row_sources")
    con.execute("DELETE FROM schema_version WHERE version IN (11, 12)")  # 12 adds row_sources.reading
    con.commit()
    con.close()
    with KnowledgeBase(db) as kb:  # opening it applies migration 11
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert kb.counts()["row_sources"] == sources
    _commitment_edited(db, box)
    counts, _ = _state(db)
    assert counts["messages"] == 2


ROW_SOURCES = "row_sources: the copy of a file"
NAME_FORMS = "message_addressees.name_key and address_key"


def _renumbered(db: Path, recorded: dict[int, str | None]) -> None:
    """Rewrite the base's versions 10 and 11 as another build recorded them: ``recorded`` maps a version to the
    description of ours it holds (its start), or None: not applied (its table dropped when it is row_sources)."""
    con = sqlite3.connect(db)
    full = {d.split(":")[0][:30]: d for (d,) in con.execute("SELECT description FROM schema_version")}
    full = {start: next(d for d in full.values() if d.startswith(start)) for start in (ROW_SOURCES, NAME_FORMS)}
    con.execute("DELETE FROM schema_version WHERE version IN (10, 11)")
    if ROW_SOURCES not in recorded.values():
        con.execute("DROP TABLE row_sources")
        con.execute("DELETE FROM schema_version WHERE version = 12")  # (row_sources.reading)
    for version, start in recorded.items():
        if start is not None:
            con.execute("INSERT INTO schema_version VALUES (?, 'x', ?)", (version, full.get(start, start)))
    con.commit()
    con.close()


@pytest.mark.parametrize("recorded, versions", [
    ({10: ROW_SOURCES}, {10: NAME_FORMS, 11: ROW_SOURCES}),  # the s15-kbfix15 branch's base: 10 was row_sources
    ({10: NAME_FORMS}, {10: NAME_FORMS, 11: ROW_SOURCES}),  # the s15-hostile15 branch's base (and main's order)
    ({10: ROW_SOURCES, 11: NAME_FORMS}, {10: NAME_FORMS, 11: ROW_SOURCES}),  # both, numbered the other way
    ({10: NAME_FORMS, 11: ROW_SOURCES}, {10: NAME_FORMS, 11: ROW_SOURCES}),  # main's own: nothing moves
])
def test_a_base_whose_versions_were_numbered_otherwise_is_upgraded(tmp_path, recorded, versions):
    """Class: a base made by a build whose migrations were numbered otherwise (two branches each added "version 10";
    the merge renumbered row_sources to 11). Before, main skipped its 10 (recorded) and ran 11 again: "not a threadkb
    database (table row_sources already exists)". Now a recorded version is known by its description."""
    box, db, sources = _three_mails_stored(tmp_path)
    _renumbered(db, recorded)
    with KnowledgeBase(db) as kb:
        got = {v: d for v, d in kb.db.execute("SELECT version, description FROM schema_version WHERE version IN (10, 11)")}
        assert {v: d[:len(versions[v])] for v, d in got.items()} == versions
        assert kb.counts()["row_sources"] == sources
    _commitment_edited(db, box)


def test_a_recorded_version_no_migration_of_ours_describes_keeps_its_number(tmp_path):
    """A row whose description is none of ours (an older wording, another build) is left where it is."""
    box = tmp_path / "a.mbox"
    box.write_text(M1, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, box)
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET description = 'an older wording' WHERE version = 10")
    con.commit()
    con.close()
    with KnowledgeBase(db) as kb:
        assert [r[0] for r in kb.db.execute("SELECT version FROM schema_version WHERE version >= 9")] == list(
            range(9, store.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("short, more", [
    ("We will revoke the affected certificates by Friday", "and file an incident report with the root cause."),
    ("Our CPS says the affected certificates must be revoked within five days", "as BR 4.9.1.1 requires of every CA."),
    ("We have stopped issuance from the affected profile", "until the linter is deployed in production."),
])
@pytest.mark.parametrize("longer_first", [True, False])
def test_a_claim_inside_another_claim_of_its_message_stays_when_the_file_changes_elsewhere(tmp_path, short, more,
                                                                                           longer_first):
    """Class: a message saying a sentence and, elsewhere, the same sentence carried on ("We will revoke … by Friday."
    / "We will revoke … by Friday and file an incident report …"): two claims, one inside the other. When a copy of
    the message was read again (here: its file changed in another mail), the claim was matched to the other claim
    of the message whose words hold it or lie inside it (``_stored_claim`` returned the first such claim before
    reaching its own text), so its own row was supplied by no copy and retired, its relations moved to the other
    (found on a 1,000-mail archive of benchmarks/make_archive.py: 3 claims and their relations lost on one edit)."""
    texts = [f"{short} {more}", f"{short}."]
    reply = _mail(4, "Bob Roe", "\n\n".join(texts if longer_first else texts[::-1]), reply_to=3)
    box = tmp_path / "a.mbox"
    box.write_text(M1 + reply, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, box)
    box.write_text(M1.replace("12 affected", "13 affected") + reply, encoding="utf-8")
    _ingest(db, box)
    assert sorted(_claims_with(db, short)) == sorted([f"{short} {more}", f"{short}."])
    fresh = tmp_path / "fresh.sqlite"
    _ingest(fresh, box)
    assert _state(db) == _state(fresh)
    with KnowledgeBase(db) as kb, KnowledgeBase(fresh) as kf:
        relations = ("SELECT a.text, b.text, r.kind FROM relations r JOIN claims a ON a.id = r.from_claim_id"
                     " JOIN claims b ON b.id = r.to_claim_id ORDER BY 1, 2, 3")
        assert kb.db.execute(relations).fetchall() == kf.db.execute(relations).fetchall()


@pytest.mark.parametrize("name, before, after", [
    ("a.mbox", M1 + M2 + M3, M1 + M2.replace(" in the incident report", "") + M3),  # a mail's words cut
    ("a.mbox", M1 + M2 + M3, M1.replace("the 12 affected certificates", "them") + M2 + M3),  # the opener's
    ("a.mbox", M1 + M2 + M3, M1 + M2 + M3.replace("remaining ", "")),  # the last mail's
    ("a.eml", M1.split("\n", 1)[1], M1.split("\n", 1)[1].replace(" within 5 days", "")),  # one mail as .eml
])
def test_a_mail_edited_shorter_keeps_its_new_text(tmp_path, name, before, after):
    """Class: a mail of a changed file whose text got shorter (words cut, a sentence removed). Before, its stored
    text stayed the old bytes' (the stored row keeps the fuller text of the copies it has seen, and the old copy
    counted though it was gone): the message showed words no file holds (random edits of a 1,000-mail archive:
    "… for any set of non-compliance events" kept after "non-compliance events" was edited away)."""
    box = tmp_path / name
    box.write_text(before, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, box)
    box.write_text(after, encoding="utf-8")
    _ingest(db, box)
    fresh = tmp_path / "fresh.sqlite"
    _ingest(fresh, box)
    texts = "SELECT author, text, partial, line_start, line_end FROM messages ORDER BY author"
    with KnowledgeBase(db) as kb, KnowledgeBase(fresh) as kf:
        assert kb.db.execute(texts).fetchall() == kf.db.execute(texts).fetchall()
    assert _state(db) == _state(fresh)
