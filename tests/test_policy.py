"""Policy index: resolution of a citation at a date, the `policy show` command, the generated index."""
from __future__ import annotations

import gzip
import json
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.extract.resolve import load_index, resolve, section_outside
from threadkb.models import Citation
from threadkb.report.model import citation_detail

ROOT = Path(__file__).resolve().parent.parent
SHARED_POLICY = ROOT.parent / "shared" / "policy"

# (document, section, item, at) -> (version, title, flags, item_text prefix or None)
RESOLUTIONS = [
    (("BR", "4.9.1.1", 4, date(2025, 10, 8)),
     ("2.1.7", "Reasons for Revoking a Subscriber Certificate", [], "a demonstrated or proven method that can easily")),
    (("BR", "4.9.1.1", 16, date(2025, 10, 8)),
     ("2.1.7", "Reasons for Revoking a Subscriber Certificate", [], "a demonstrated or proven method that exposes")),
    (("BR", "4.9.1.1", 3, datetime(2025, 10, 9, 1, 34, 40, tzinfo=timezone(timedelta(hours=8)))),
     ("2.1.7", "Reasons for Revoking a Subscriber Certificate", [], "the Subscriber's Private Key corresponding")),
    (("BR", "4.9.1.1", 4, date(2019, 10, 8)),  # two lists both numbered from 1
     ("1.6.6", "Reasons for Revoking a Subscriber Certificate", ["ambiguous_item"], "24-hour list: the validation")),
    (("BR", "4.9.1.1", 4, date(2016, 6, 1)),  # one list of 15
     ("1.3.5", "Reasons for Revoking a Subscriber Certificate", [], "the Certificate was misused")),
    (("BR", "4.9.1.1", 17, date(2025, 10, 8)),
     ("2.1.7", "Reasons for Revoking a Subscriber Certificate", ["unknown_item"], None)),
    (("BR", "6.1.1.3", None, date(2025, 10, 8)), ("2.1.7", "Subscriber Key Pair Generation", [], None)),
    (("BR", "9.6.3", None, date(2025, 10, 8)), ("2.1.7", "Subscriber representations and warranties", [], None)),
    (("BR", "4.2.1", None, date(2025, 10, 10)),
     ("2.1.7", "Performing identification and authentication functions", [], None)),
    (("BR", "7.1.2.3", None, date(2022, 1, 1)), ("1.8.1", "Subscriber Certificate", [], None)),
    (("BR", "7.1.2.3", None, date(2024, 1, 1)),
     ("2.0.0", "Technically Constrained Non-TLS Subordinate CA Certificate Profile", [], None)),
    (("MRSP", "6.1.3", None, date(2024, 12, 15)), ("2.9", None, ["unknown_section", "not_yet_in_force"], None)),
    (("MRSP", "6.1.3", None, date(2025, 6, 1)), ("3.0", "Delayed Revocation", [], None)),
    (("MRSP", "2.4", None, date(2019, 1, 1)), ("2.6.1", None, ["unknown_section", "not_yet_in_force"], None)),
    (("MRSP", "3.2.1", None, date(2020, 1, 1)), ("2.7", None, ["unknown_section", "no_longer_in_force"], None)),
    (("BR", "6.1.5.1", None, date(2024, 1, 1)), ("2.0.0", None, ["unknown_section", "no_longer_in_force"], None)),
    (("BR", "3.2.2.4.20", None, date(2019, 1, 1)), ("1.6.2", None, ["unknown_section", "not_yet_in_force"], None)),
    (("BR", "9.9.9", None, date(2019, 1, 1)), ("1.6.2", None, ["unknown_section"], None)),
    (("MRSP", "6", None, date(2019, 4, 27)), ("2.6.1", "Revocation", [], None)),
    (("BR", "4.9.1.1", None, None), ("2.2.6", "Reasons for Revoking a Subscriber Certificate", ["no_date"], None)),
    (("BR", "11.1.3", None, date(2014, 12, 15)), ("1.2.x", "3.2.2.6 Wildcard Domain Validation", ["legacy_numbering"], None)),
    (("RFC", "5280", "4.2.1.12", date(2025, 10, 8)),
     (None, "Internet X.509 Public Key Infrastructure Certificate and Certificate Revocation List (CRL) Profile", [], None)),
    (("CPS", "4.2.1", None, date(2015, 12, 8)), (None, None, ["not_indexed"], None)),
]


@pytest.mark.parametrize("query,expected", RESOLUTIONS, ids=[" ".join(map(str, q[:3])) + f"@{q[3]}" for q, _ in RESOLUTIONS])
def test_resolve(query, expected):
    res = resolve(*query)
    version, title, flags, item_text = expected
    assert (res.version, res.title, res.flags) == (version, title, flags)
    if item_text is None:
        assert res.item_text is None
    else:
        assert res.item_text.startswith(item_text)


def test_history_lists_every_title():
    res = resolve("BR", "7.1.2.3", None, date(2025, 1, 1))
    assert [h["title"] for h in res.history][:2] == ["Subscriber Certificate",
                                                     "Technically Constrained Non-TLS Subordinate CA Certificate Profile"]


def test_policy_show_text(capsys):
    assert main(["policy", "show", "BR", "4.9.1.1", "--item", "4", "--at", "2025-10-08"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["BR 4.9.1.1 item 4 at 2025-10-08",
                       "  version:   2.1.7 (effective 2025-08-25)",
                       "  title:     Reasons for Revoking a Subscriber Certificate"]
    assert out[3].startswith("  item:      a demonstrated or proven method")


def test_policy_show_json_and_aliases(capsys):
    assert main(["policy", "show", "Mozilla's policy", "6.1.3", "--at", "2024-12-15", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["document"], data["version"], data["title"], data["flags"]) == ("MRSP", "2.9", None,
                                                                                          ["unknown_section", "not_yet_in_force"])


@pytest.mark.parametrize("argv,message", [
    (["policy", "show", "NOPE", "1.1"], "unknown document"),
    (["policy", "show", "BR", "4.9.1.1", "--at", "yesterday"], "not a date"),
])
def test_policy_show_errors_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_index_is_small_and_holds_no_policy_text():
    raw = resources.files("threadkb").joinpath("data", "policy_index.json.gz").read_bytes()
    assert len(raw) < 64_000
    text = gzip.decompress(raw).decode("utf-8")
    assert "SHALL NOT generate a Key Pair" not in text  # BR 6.1.1.3 body text
    words = [len(w.split()) for _, _, lists in load_index()["br_4911_reasons"] for lst in lists for _, _, w in lst]
    assert max(words) <= 10


@pytest.mark.skipif(not SHARED_POLICY.is_dir(), reason="no ../shared/policy")
def test_index_is_generated_by_the_script(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_policy_index", ROOT / "scripts" / "build_policy_index.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "index.json.gz"
    assert mod.main([str(SHARED_POLICY), str(out)]) == 0
    shipped = resources.files("threadkb").joinpath("data", "policy_index.json.gz").read_bytes()
    assert json.loads(gzip.decompress(out.read_bytes())) == json.loads(gzip.decompress(shipped))


# a number the version in force lacks: the nearest version that has it (later first), its title and effective date
OUTSIDE = [
    (("MRSP", "6.1.3", "2.9"), ("Delayed Revocation", "3.0", "2025-03-15")),
    (("BR", "3.2.2.4.20", "1.6.2"), ("TLS Using ALPN", "1.7.2", "2020-09-22")),
    (("MRSP", "3.2.1", "2.7"), ("Competent Party", "2.4.1", "2017-03-31")),
    (("BR", "6.1.5.1", "2.0.0"), ("Root CA Certificates", "1.7.0", "2020-05-04")),
    (("BR", "4.9.1.1", "2.1.7"), None),  # in force: nothing outside
    (("BR", "9.9.9", "2.1.7"), None),  # no version has it
    (("BR", "3.2.2.4.20", None), None),  # no version given
    (("OTHER", "1", "1"), None),  # not indexed
]


@pytest.mark.parametrize("query,expected", OUTSIDE, ids=[" ".join(map(str, q)) for q, _ in OUTSIDE])
def test_section_outside(query, expected):
    assert section_outside(*query) == expected


def test_citation_detail_names_the_version_that_has_the_section():
    def detail(document, section, day):
        res = resolve(document, section, None, day)
        return citation_detail(Citation("m", document, section, None, section, title=res.title, version=res.version,
                                        flags=res.flags))
    assert detail("MRSP", "6.1.3", date(2024, 12, 15)) == (
        "title unknown, version 2.9, flags: unknown_section, not_yet_in_force, "
        "added in version 3.0 (effective 2025-03-15) as \u201cDelayed Revocation\u201d")
    assert detail("BR", "6.1.5.1", date(2024, 1, 1)) == (
        "title unknown, version 2.0.0, flags: unknown_section, no_longer_in_force, "
        "last in version 1.7.0 (effective 2020-05-04) as \u201cRoot CA Certificates\u201d")
    assert detail("BR", "9.9.9", date(2024, 1, 1)) == "title unknown, version 2.0.0, flags: unknown_section"
