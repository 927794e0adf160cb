"""The same person under a name and a handle or address: joined only on strong evidence.

Class of input: a person written as a full name in one place and as a login, a handle or an e-mail address in another
("Alvin Wang" in the mailing list, "wangjiatai" on Bugzilla). Strong evidence joins them: the same address; the
handle is the local part of the person's address; the handle is made of the name's parts (identity_rules.json
``login_forms``: now also last name + first initial 'wilsonb', any two words of a three-word name 'wangjiatai' for
'Alvin Jiatai Wang'); a name that is an address ('alvin.wang@sheca.com') is read by its local part. A handle that only
shares a part of the name ('wangjiatai' for 'Alvin Wang', the corpus case: nothing in 030/031 or the reference thread
says they are one person) stays apart, as do spellings two people share. The evidence says which rule joined them.
"""
from __future__ import annotations

from collections import Counter

import pytest

from threadkb import identity


def _joined(names: dict[int, str], emails: dict[int, str] | None = None) -> tuple[set[frozenset[int]], dict[int, str]]:
    ident, why = identity.identities(names, emails or {}, {k: {1} for k in names}, Counter())
    groups: dict[int, set[int]] = {}
    for k, head in ident.items():
        groups.setdefault(head, set()).add(k)
    return {frozenset(g) for g in groups.values() if len(g) > 1}, why


@pytest.mark.parametrize("names, emails, groups, why", [
    # the handle is the local part of the person's address
    ({1: "Alvin Wang", 2: "wangjiatai"}, {1: "wangjiatai@sheca.com"}, {frozenset({1, 2})},
     {2: "the login 'wangjiatai' is the local part of the e-mail address of 'Alvin Wang'"}),
    ({1: "Dimitris Zacharopoulos (HARICA)", 2: "dzacharo"}, {1: "dzacharo@harica.gr"}, {frozenset({1, 2})},
     {2: "the login 'dzacharo' is the local part of the e-mail address of 'Dimitris Zacharopoulos'"}),
    # the same address
    ({1: "Alvin Wang", 2: "A. Wang"}, {1: "awang@sheca.com", 2: "awang@sheca.com"}, {frozenset({1, 2})},
     {2: "same e-mail address awang@sheca.com"}),
    # a name that is an address, read by its local part
    ({1: "Alvin Wang", 2: "alvin.wang@sheca.com"}, {}, {frozenset({1, 2})},
     {2: "the address 'alvin.wang@sheca.com' spells the name 'Alvin Wang'"}),
    ({1: "Alvin Wang", 2: "wangjiatai@sheca.com"}, {1: "wangjiatai@sheca.com"}, {frozenset({1, 2})},
     {2: "the address 'wangjiatai@sheca.com' has the local part of the e-mail address of 'Alvin Wang'"}),
    # handles made of the name's parts
    ({1: "Ben Wilson", 2: "wilsonb"}, {}, {frozenset({1, 2})}, {2: "the login 'wilsonb' spells the name 'Ben Wilson'"}),
    ({1: "Alvin Jiatai Wang", 2: "wangjiatai"}, {}, {frozenset({1, 2})},
     {2: "the login 'wangjiatai' spells the name 'Alvin Jiatai Wang'"}),
    ({1: "Wang Jiatai", 2: "jiataiwang"}, {}, {frozenset({1, 2})},
     {2: "the login 'jiataiwang' spells the name 'Wang Jiatai'"}),
    ({1: "Ryan Dickson", 2: "ryancdickson"}, {}, {frozenset({1, 2})},
     {2: "the login 'ryancdickson' spells the name 'Ryan Dickson'"}),
    # near misses: no join
    ({1: "Alvin Wang", 2: "wangjiatai"}, {}, set(), {}),  # the corpus case: only the surname shared
    ({1: "Alvin Wang", 2: "alvinwong"}, {}, set(), {}),
    ({1: "Ben Wilson", 2: "bwilsonx"}, {}, set(), {}),
    ({1: "Ben Wilson", 2: "Kathleen Wilson", 3: "wilson"}, {}, set(), {}),  # a spelling two names share
    ({1: "Ben Wilson", 2: "Bob Wilson", 3: "wilsonb"}, {}, set(), {}),
    ({1: "Alvin Wang", 2: "jwang"}, {1: "awang@sheca.com"}, set(), {}),
    ({1: "Alvin Wang", 2: "jiatai.wang@sheca.com"}, {}, set(), {}),
    ({1: "Alvin Wang", 2: "dev-security-policy@lists.mozilla.org"}, {}, set(), {}),  # a list's address
    ({1: "Mary Ann Smith", 2: "annjones"}, {}, set(), {}),
    # a name that is an address of another domain with the same local part: another mailbox (review15a)
    ({1: "Ben Smith", 2: "ben@other.org"}, {1: "ben@example.org", 2: "ben@other.org"}, set(), {}),
    ({1: "Ben Smith", 2: "ben@other.org"}, {1: "ben@example.org"}, set(), {}),
    ({1: "Alvin Wang", 2: "<wangjiatai@other.org>"}, {1: "wangjiatai@sheca.com"}, set(), {}),
    ({1: "Alvin Wang", 2: "WangJiatai@SHECA.com"}, {1: "wangjiatai@sheca.com"}, {frozenset({1, 2})},
     {2: "the address 'WangJiatai@SHECA.com' has the local part of the e-mail address of 'Alvin Wang'"}),
])
def test_identity_joins(names, emails, groups, why):
    got, rules = _joined(names, emails)
    assert got == groups
    assert {k: v for k, v in rules.items() if k in {m for g in got for m in g}} == why


def test_login_spellings_forms():
    assert {"wilsonb", "bwilson", "benwilson", "wilsonben", "wilson", "benw"} <= identity.login_spellings("Ben Wilson")
    assert "wangjiatai" in identity.login_spellings("Alvin Jiatai Wang")
    assert "wangjiatai" not in identity.login_spellings("Alvin Wang")
