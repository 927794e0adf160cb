"""Whether a commitment whose day passed is an announcement (a root program's or a body's) or a promise a party under
review owes is decided by whom its speaker works for by their own evidence (``identity.own_affiliations``: on behalf of,
"Name (Org)", e-mail domain, sign-off line), not by an organisation the message merely names: a CA's "we will complete
the upgrades of the CCADB on …" is its promise (the CCADB is named, the speaker is SHECA's by their address); an
organisation with roles (Google: Chrome Root Program and Google Trust Services) takes the role the speaker's own sign-off
names before one the message names elsewhere. Constructed rows on forms of corpora/009 and 062, and a stored mail."""
from __future__ import annotations

from datetime import date

import pytest

from threadkb import followup, identity
from threadkb.cli import main
from threadkb.followup import ANNOUNCED, OVERDUE, Promise, ThreadOrder, announcement, commitment_state
from threadkb.kb import KnowledgeBase
from threadkb.pipeline import extract_paths

UPGRADES = "We will complete the upgrades of the CCADB on 2025-03-03."
SHECA = ("jane.doe@sheca.com", ["Jane Doe", "Compliance"])
SHECA_SIGNED = ("jane@gmail.com", ["Jane Doe", "SHECA Compliance Team"])
MOZILLA = ("kwilson@mozilla.com", ["Kathleen Wilson"])
GTS = ("rcd@google.com", ["Ryan Dickson", "Google Trust Services"])
CHROME = ("rcd@google.com", ["Ryan Dickson", "Chrome Root Program"])
SERVICE = "an announced service event (\u201cupgrades\u201d) on a day (\u201con 2025-03-03\u201d), not a deadline"


def _own(evidence) -> tuple:
    return tuple(identity.own_affiliations("Writer", evidence[0], evidence[1])) if evidence else ()


@pytest.mark.parametrize("text, org, message, evidence, why", [
    # a service of a body named, the writer a CA's by their own address or sign-off: its promise
    (UPGRADES, None, "", SHECA, None),
    (UPGRADES, None, "", SHECA_SIGNED, None),
    # ... a root program's writer, or one of no known organisation: the announced service event, as before
    (UPGRADES, None, "", MOZILLA, SERVICE),
    (UPGRADES, None, "", None, SERVICE),
    # Google speaks: the role its writer's sign-off names, not the Chrome Root Program the message names
    ("Google will publish the updated CPS by 2025-03-01.", "Google",
     "As the Chrome Root Program asked, we reviewed our CPS.", GTS, None),
    ("Google will publish the updated CPS by 2025-03-01.", "Google",
     "As the Chrome Root Program asked, we reviewed our CPS.", CHROME,
     "an announcement of Google (a root program), no promise of a party under review"),
    ("Google will publish the updated policy by 2025-03-01.", "Google", "Thanks.", None,
     "an announcement of Google (a root program), no promise of a party under review"),  # none names a role: kind
])
def test_announcement_by_the_speakers_own_evidence(text, org, message, evidence, why):
    order = ThreadOrder([followup.Post("m", "p", None, None, "2025-01-01T00:00:00Z")], lambda mid: message,
                        lambda: {}, lambda: {})
    p = Promise("c", text, "m", "p", org and org.lower(), org, None, "2025-03-03", _own(evidence))
    assert announcement(p, order) == why
    assert commitment_state(p, order, "2026-12-05").state == (ANNOUNCED if why else OVERDUE)


@pytest.mark.parametrize("author, email, signature, on_behalf_of, expected", [
    ("Jane Doe", "jane.doe@sheca.com", ["Jane Doe"], None, [("SHECA", "e-mail domain sheca.com", "jane.doe@sheca.com")]),
    ("Jane Doe", "jane@gmail.com", ["Jane Doe", "SHECA Compliance Team"], None,
     [("SHECA", "signature line", "SHECA Compliance Team")]),
    ("Dimitris Zacharopoulos (HARICA)", None, [], None,
     [("HARICA", "name (organisation)", "Dimitris Zacharopoulos (HARICA)")]),
    ("BenWilson-Mozilla", None, [], None, [("Mozilla", "login suffix", "BenWilson-Mozilla")]),
    ("Jane Doe", "jane.doe@sheca.com", ["Jane Doe", "SHECA"], "SHECA",
     [("SHECA", "on behalf of", "SHECA")]),  # one organisation, its first evidence
    ("Jane Doe", "jane@gmail.com", ["Jane Doe"], None, []),
])
def test_own_affiliations(author, email, signature, on_behalf_of, expected):
    assert identity.own_affiliations(author, email, signature, on_behalf_of) == expected


MAIL = """From: Jane Doe <jane.doe@sheca.com>
Date: Mon, 3 Feb 2025 09:00:00 +0000
Subject: Re: SHECA: CCADB records

We will complete the upgrades of the CCADB on 2025-03-03.

Jane Doe
"""


def test_stored_mail_of_a_ca_is_overdue(tmp_path):
    p = tmp_path / "mail.txt"
    p.write_text(MAIL, encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, str(p)]) == 0
    rows = [r for r in KnowledgeBase(db).commitments(at=date(2026, 12, 5)) if "upgrades of the CCADB" in r.text]
    assert [r.status for r in rows] == [OVERDUE]
    (ex,) = extract_paths([str(p)])
    (c,) = [c for c in ex.claims if "upgrades of the CCADB" in c.text]
    assert followup.from_extraction(ex).commitment(c, "2026-12-05").state == OVERDUE
