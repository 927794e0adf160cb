"""API paths and entities: each form is a row with the exact expected value (text from corpora/)."""
from __future__ import annotations

import pytest

from threadkb.extract.entities import find_apis, find_entities, get_table

API_ROWS = [
    ("APIs Involved in Xinnet:\n/open-api/v2/order/download-zip\nFunction: Download", ["/open-api/v2/order/download-zip"]),
    ("2.The interface /open-api/v2/tools/gen-csr, used for generating private", ["/open-api/v2/tools/gen-csr"]),
    ("APIs Involved in China Mobile Cloud:\n/openApi/v1/order/getCertInfo\n", ["/openApi/v1/order/getCertInfo"]),
    ("Both the /open-api/v2/tools/gen-csr and \n/open-api/v2/order/download-zip interfaces",
     ["/open-api/v2/tools/gen-csr", "/open-api/v2/order/download-zip"]),
    ("`/openApi/v1/order/getCertInfo`, `/open-api/v2/order/download-zip`",
     ["/openApi/v1/order/getCertInfo", "/open-api/v2/order/download-zip"]),
    ("POST /api/orders to create one", ["/api/orders"]),
    ("call /acme/new-order", ["/acme/new-order"]),  # ACME (RFC 8555) endpoints are HTTP API paths
    ("call /account/new-order", []),  # two segments, no API cue: not sure enough
    ("https://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl", []),
    ("BenWilson-Mozilla · review thread · 2022-11-23\ndocs/BR.md:1259", []),
    ("see /rootstore/policy.md and /etc/ssl/certs/ca.pem", []),
    ("TLS/SSL and S/MIME and and/or", []),
    ("/dev/null", []),
    # a URL with its HTTP method is an API call: its path
    ("GET https://api.example.com/v2/order/download?id=1 returns the key", ["/v2/order/download"]),
    ("we call POST https://ca.example.com:8443/acme/new-order.", ["/acme/new-order"]),
    ("see https://crt.sh/?id=123 and DELETE https://ca.example.com/ too", []),
]


@pytest.mark.parametrize("text,expected", API_ROWS, ids=[r[0][:30] for r in API_ROWS])
def test_api_paths(text, expected):
    assert [a.path for a in find_apis(text)] == expected


ENTITY_ROWS = [
    ("I have seen that under the UCA Global G2 Root (\nhttps://crt.sh/?caid=36110), there are",
     [("URL", "https://crt.sh/?caid=36110"), ("CRTSH", "caid=36110")]),
    ("as described in https://bugzilla.mozilla.org/show_bug.cgi?id=1883779. According",
     [("URL", "https://bugzilla.mozilla.org/show_bug.cgi?id=1883779"), ("BUG", "1883779")]),
    ("see https://bugzilla.mozilla.org/show_bug.cgi?id=1729097#c35 for details",
     [("URL", "https://bugzilla.mozilla.org/show_bug.cgi?id=1729097#c35"), ("BUG", "1729097#c35")]),
    ("Bug 1993357 and bug #1883843, as described in bug #1887753.",
     [("BUG", "1993357"), ("BUG", "1883843"), ("BUG", "1887753")]),
    ("#1883843, we made two oversights.", [("BUG", "1883843")]),
    ("This email introduces discussion of GitHub Issue #155", []),
    ("Ballot SC-063 CRL requirements", [("BALLOT", "SC-063")]),
    ("banned by CABF Ballot SC46, which passed", [("ORG", "CA/Browser Forum"), ("BALLOT", "SC-046")]),
    ("Ballot 188 was adopted", [("BALLOT", "Ballot 188")]),
    ("This violation requires revocation within 24 hours, per 4.9.1.1", [("DEADLINE", "PT24H")]),
    ("revoke all certificates within \nfive days, and", [("DEADLINE", "P5D")]),
    ("the verification materials for domains or IPs have a 398-day reusability period.", [("DURATION", "P398D")]),
    ("BR defines a 13-month DCV for reuse", [("DURATION", "P13M")]),
    ("All valid certificates issued under China Mobile Cloud accounts before \n24:00 on October 9, 2025.",
     [("ORG", "China Mobile Cloud"), ("DEADLINE", "2025-10-09")]),
    ("a full incident report will be posted no later than 2025-04-23.", [("DEADLINE", "2025-04-23")]),
    ("SHECA's internal log screening; SHECA will publish", [("ORG", "SHECA"), ("ORG", "SHECA")]),
    ("one is Xinnet, which has been reported previously", [("ORG", "Xinnet")]),
    # former names and parents resolve to the organisation a reviewer queries
    ("Comodo issued it before the rename; Unizeto runs Certum", [("ORG", "Sectigo"), ("ORG", "Certum"), ("ORG", "Certum")]),
    ("OISTE/WISeKey and TUBITAK replied", [("ORG", "WISeKey"), ("ORG", "Kamu SM")]),
    ("Chunghwa Telecom Co., Ltd. votes YES", [("ORG", "Chunghwa Telecom")]),
    ("Shanghai Huateng Technology Co., Ltd. operates", [("ORG", "Shanghai Huateng Technology Co., Ltd.")]),
    ("Chrome 139 will distrust", [("ORG", "Chrome Root Program")]),
    ("As with Visa, we see significant issues with their audits", [("ORG", "Visa")]),  # 004
    ("Amazon Trust Services and Starfield's roots", [("ORG", "Amazon Trust Services"), ("ORG", "GoDaddy")]),
]


@pytest.mark.parametrize("text,expected", ENTITY_ROWS, ids=[r[0][:30] for r in ENTITY_ROWS])
def test_entities(text, expected):
    assert [(e.label, e.norm) for e in find_entities(text)] == expected


def test_org_variants_merge_through_collect():
    from threadkb.extract.entities import collect
    from threadkb.extract.nlp import get_nlp
    from threadkb.models import Message, TextLine

    m = Message(key="m", source="f.txt", lines=[TextLine("SHECA's logs show SHECA did it; Xinnet too.", 9, 4)])
    doc = get_nlp().make_doc(m.text)
    doc.user_data.update({"message": m, "thread": None, "document_quote": None})
    doc = get_nlp()(doc)
    got = [(e.label, e.norm, e.text, e.span.line, e.span.col) for e in collect(doc)]
    assert got == [("ORG", "SHECA", "SHECA's", 10, 4), ("ORG", "Xinnet", "Xinnet", 10, 36)]
    assert [(s.label_, s.id_) for s in doc.spans["entities"]][:2] == [("ORG", "ORG:SHECA"), ("ORG", "ORG:SHECA")]


def test_orgs_table_has_no_duplicate_alias():
    aliases = [a for org in get_table().orgs["orgs"] for a in org["aliases"]]
    assert len(aliases) == len(set(aliases))
