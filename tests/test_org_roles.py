"""An organisation that is both a root program and a CA takes the role of the product named where it speaks.

Class of input: Microsoft (the Microsoft Trusted Root Program; Microsoft PKI Services, a CA), Apple (the Apple Root
Certificate Program; Apple Public CA) and Google (the Chrome Root Program; Google Trust Services) were listed only as
root programs (orgs.json), so a CA incident "on behalf of Microsoft" whose day passed read as a root program's
announcement ("announced, its day passed"), never overdue. orgs.json ``roles`` lists the products that name each role;
``identity.org_kind`` picks the role of the product named by the organisation's name as written, the sentence, then
its message (nearest first; a text naming both roles decides nothing); with no product named the kind stays the
organisation's ``kind``. Constructed Bugzilla-style incident sentences and root-program notices; the corpus rows of
tests/test_followup_announcements.py (Chrome, Mozilla, CCADB) keep their state.
"""
from __future__ import annotations

import pytest

from threadkb import followup, identity
from threadkb.followup import ANNOUNCED, OVERDUE, Promise, ThreadOrder, commitment_state


@pytest.mark.parametrize("org, contexts, kind", [
    ("Microsoft", ["Microsoft PKI Services"], "CA"),
    ("Microsoft", ["Microsoft", "Microsoft PKI Services will revoke the certificates by 2025-03-01."], "CA"),
    ("Microsoft", ["Microsoft", "We will revoke them.", "Incident report of Microsoft PKI Services: we will revoke them."],
     "CA"),
    ("Microsoft", ["Microsoft Trusted Root Program"], "root_program"),
    ("Microsoft", ["Microsoft", "The Microsoft Trusted Root Program will remove the root by 2025-03-01."],
     "root_program"),
    ("Microsoft", ["Microsoft", "We will act by 2025-03-01."], "root_program"),  # no product named: its kind
    ("Microsoft", ["Microsoft", "Microsoft PKI Services asked the Microsoft Root Program.", "Microsoft PKI Services"],
     "CA"),  # the sentence names both roles: the message decides
    ("Apple", ["Apple", "Apple Public CA will reissue the certificates."], "CA"),
    ("Apple", ["Apple", "The Apple Root Certificate Program will distrust the root."], "root_program"),
    ("Google", ["Google", "Google Trust Services (GTS Root R1) will publish the report."], "CA"),
    ("Google", ["Chrome/Google", "The Chrome Root Program Policy requires it."], "root_program"),
    ("Google Trust Services", ["Google Trust Services"], "CA"),  # its own entry
    ("SHECA", ["SHECA", "Microsoft Trusted Root Program"], "CA"),  # no roles: its kind
    ("Mozilla", ["Mozilla"], "root_program"),
    ("Nobody Inc", ["Nobody Inc"], None),
])
def test_org_kind_by_product(org, contexts, kind):
    assert identity.org_kind(org, contexts) == kind


def test_org_kinds():
    assert identity.org_kinds("Microsoft") == ("root_program", "CA")
    assert identity.org_kinds("Apple") == ("root_program", "CA")
    assert identity.org_kinds("SHECA") == ("CA",)


def _state(text: str, org: str, message: str) -> str:
    order = ThreadOrder([followup.Post("m", "p", None, None, "2025-01-09T00:00:00Z")], lambda mid: message,
                        lambda: {}, lambda: {})
    return commitment_state(Promise("c", text, "m", "p", org.lower(), org, None, "2025-03-01"), order,
                            "2026-12-05").state


@pytest.mark.parametrize("text, org, message, state", [
    # a CA incident on behalf of Microsoft: its promise, overdue (was announced: Microsoft read as a root program)
    ("We will revoke all affected certificates by 2025-03-01.", "Microsoft",
     "Microsoft PKI Services incident report.\n\nWe will revoke all affected certificates by 2025-03-01.", OVERDUE),
    ("Microsoft PKI Services will complete the revocation by 2025-03-01.", "Microsoft",
     "Microsoft PKI Services will complete the revocation by 2025-03-01.", OVERDUE),
    ("Apple Public CA will publish the full incident report by 2025-03-01.", "Apple",
     "Apple Public CA will publish the full incident report by 2025-03-01.", OVERDUE),
    ("We will publish the full incident report by 2025-03-01.", "Google Trust Services",
     "We will publish the full incident report by 2025-03-01.", OVERDUE),
    # the root program's announcements stay announcements
    ("The Microsoft Trusted Root Program will require the new audit letters by 2025-03-01.", "Microsoft",
     "The Microsoft Trusted Root Program will require the new audit letters by 2025-03-01.", ANNOUNCED),
    ("We will require the new audit letters by 2025-03-01.", "Microsoft",
     "Microsoft Trusted Root Program update.\n\nWe will require the new audit letters by 2025-03-01.", ANNOUNCED),
    ("We will require the new audit letters by 2025-03-01.", "Chrome/Google",
     "We will require the new audit letters by 2025-03-01.", ANNOUNCED),
])
def test_commitment_state_by_role(text, org, message, state):
    assert _state(text, org, message) == state
