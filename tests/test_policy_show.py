"""`threadkb policy show`: where the full text of the version in force is, and its text from a local copy."""
from __future__ import annotations

import json

import pytest

from threadkb.cli import main
from threadkb.extract.resolve import heading_anchor, policy_sources, resolve, source_url


@pytest.mark.parametrize("heading, anchor", [
    ("4.9.1.1 Reasons for Revoking a Subscriber Certificate", "4911-reasons-for-revoking-a-subscriber-certificate"),
    ("6.1.1.3 Subscriber Key Pair Generation", "6113-subscriber-key-pair-generation"),
    ("3.2.2.4.7 DNS Change", "32247-dns-change"), ("1.2 Document name and identification", "12-document-name-and-identification"),
    ("9.6.3 Subscriber Representations and Warranties", "963-subscriber-representations-and-warranties"),
])
def test_heading_anchor(heading, anchor):
    assert heading_anchor(heading) == anchor


@pytest.mark.parametrize("doc, section, day, url", [
    ("BR", "4.9.1.1", "2025-10-08",
     "https://github.com/cabforum/servercert/blob/BRs/v2.1.7/docs/BR.md#4911-reasons-for-revoking-a-subscriber-certificate"),
    ("BR", "6.1.1.3", "2026-04-01",
     "https://github.com/cabforum/servercert/blob/BRs/v2.2.6/docs/BR.md#6113-subscriber-key-pair-generation"),
])
def test_source_url_of_the_version_in_force(doc, section, day, url):
    from datetime import date
    assert source_url(resolve(doc, section, None, date.fromisoformat(day))) == url


def test_every_indexed_document_has_its_sources():
    docs = policy_sources()["documents"]
    assert set(docs) == {"BR", "EVG", "MRSP", "CCADB", "CRP"}
    for code, entry in docs.items():
        for version, (repo, ref, path) in entry["versions"].items():
            assert repo.count("/") == 1 and ref and path.endswith(".md"), (code, version)


FAKE = """---
subtitle: Version 2.1.7
---
# 4. CERTIFICATE LIFE-CYCLE
### 4.9.1 Circumstances for revocation
#### 4.9.1.1 Reasons for Revoking a Subscriber Certificate
Constructed text standing in for the section (the repository ships no policy text).
1. first reason
#### 4.9.1.2 Reasons for Revoking a Subordinate CA Certificate
Other text.
"""


def test_policy_dir_prints_the_section_from_a_local_copy(tmp_path, capsys):
    (tmp_path / "br-2.1.7.md").write_text(FAKE, encoding="utf-8")
    assert main(["policy", "show", "BR", "4.9.1.1", "--at", "2025-10-08", "--policy-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "  full text: https://github.com/cabforum/servercert/blob/BRs/v2.1.7/docs/BR.md#4911-" in out
    assert out.rstrip().endswith("#### 4.9.1.1 Reasons for Revoking a Subscriber Certificate\n"
                                 "Constructed text standing in for the section (the repository ships no policy text).\n"
                                 "1. first reason")
    assert main(["policy", "show", "BR", "4.9.1.1", "--at", "2025-10-08", "--policy-dir", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["url"].endswith("#4911-reasons-for-revoking-a-subscriber-certificate") and "first reason" in data["text"]


def test_policy_dir_without_that_version_says_what_it_looked_for(tmp_path, capsys):
    assert main(["policy", "show", "BR", "4.9.1.1", "--at", "2026-04-01", "--policy-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"threadkb: no local copy of BR 2.2.6 in {tmp_path} (looked for br-2.2.6.md)\n"
    assert main(["policy", "show", "BR", "4.9.1.1", "--policy-dir", str(tmp_path / "nope")]) == 1
    assert "no such folder" in capsys.readouterr().err
