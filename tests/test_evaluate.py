"""The yardstick: GOLD-FORMAT scoring rules on small hand-made gold + prediction, and `threadkb eval` end to end."""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from threadkb import evaluate as ev
from threadkb.evaluate import (
    GoldApi,
    GoldCitation,
    GoldClaim,
    GoldFile,
    GoldMessage,
    GoldRelation,
    micro_average,
    normalize,
    normalize_name,
    same_date,
    score_file,
)
from threadkb.pipeline import Predictor

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "mdsp-2025-10-sheca-api-keys.txt"


def msg(key, contains, excludes=(), author=None, date=None, in_reply_to=None) -> GoldMessage:
    return GoldMessage(key=key, author=author, date=date, in_reply_to=in_reply_to,
                       contains=tuple(contains), excludes=tuple(excludes))


def pmsg(key, text, author=None, date=None, in_reply_to=None) -> dict:
    return {"key": key, "text": text, "author": author, "date": date, "in_reply_to": in_reply_to}


# --------------------------------------------------------------------------- text rules


@pytest.mark.parametrize("text, expected", [
    ("> > On Tue, X wrote:\n>  second line", "On Tue, X wrote: second line"),
    ("at 9:00:56\u202fPM UTC+8\u00a0Arabella", "at 9:00:56 PM UTC+8 Arabella"),
    ("   padded\t\n\n  text  ", "padded text"),
    ("a > b stays inside a line", "a > b stays inside a line"),
    ("first\r\n> second\r> third", "first second third"),
    (">>>deep", "deep"),
    (None, ""),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("gold, predicted, expected", [
    ("Alvin Wang", "alvin  wang", True),
    ("Matt\u00a0Palmer", "MATT PALMER", True),
    ("Matt Palmer", "Matt Palmer via dev-security-policy", False),
    (None, None, True),
    (None, "Alvin Wang", False),
    ("Alvin Wang", None, False),
    (None, "  ", True),
])
def test_author_rule(gold, predicted, expected):
    assert (normalize_name(gold) == normalize_name(predicted)) is expected


@pytest.mark.parametrize("gold, predicted, expected", [
    # gold with an offset: the same instant
    ("2025-10-08T19:25:33+07:00", "2025-10-08T12:25:33+00:00", True),
    ("2025-10-08T19:25:33+07:00", "2025-10-08T20:25:33+08:00", True),
    ("2025-10-08T19:25:33+07:00", "2025-10-08T19:25:33+08:00", False),
    ("2025-10-08T19:25:33+07:00", "2025-10-08T19:25:33", False),  # naive cannot be placed in time
    ("2025-10-08T19:25:33+07:00", "2025-10-08", False),
    ("2023-07-06T22:37:23+00:00", "2023-07-06T22:37:23Z", True),
    # gold without an offset: the same local date-time, whatever zone the prediction carries
    ("2024-06-10T17:41", "2024-06-10T17:41:00-06:00", True),
    ("2024-06-10T17:41", "2024-06-10T23:41:00+00:00", False),
    ("2024-06-10T17:41", "2024-06-10T17:41:37", True),  # compared at the minute the gold shows
    ("2024-06-10T17:41", "2024-06-10T17:42:00", False),
    ("2024-05-07T10:59:30", "2024-05-07T10:59:31", False),
    # date-only gold: the same day (the predicted local day)
    ("2020-03-04", "2020-03-04", True),
    ("2020-03-04", "2020-03-04T23:59:00-08:00", True),
    ("2020-03-04", "2020-03-05T01:00:00+09:00", False),
    # null equals null, and nothing else does
    (None, None, True),
    (None, "2020-03-04", False),
    ("2020-03-04", None, False),
    ("2020-03-04", "not a date", False),
])
def test_date_rule(gold, predicted, expected):
    assert same_date(gold, predicted) is expected


# --------------------------------------------------------------------------- messages


def test_pairing_is_maximum_not_greedy_and_order_free():
    # Greedy in gold order would give g1 -> p1 (the first that fits) and leave g2 without a partner.
    gold = GoldFile("g.json", "s.txt", [msg("g1", ["alpha"]), msg("g2", ["alpha", "beta"])])
    preds = [pmsg("p1", "alpha beta"), pmsg("p2", "alpha only")]
    for order in (preds, preds[::-1]):
        fs = score_file(gold, {"messages": order})
        assert (fs.messages.precision, fs.messages.recall, fs.messages.f1) == (1.0, 1.0, 1.0)
        assert fs.details["pairs"] == {"g1": "p2", "g2": "p1"}


@pytest.mark.parametrize("preds, precision, recall, pairs", [
    # two predicted copies fit one gold message: one pair only
    ([pmsg("p1", "> the key text"), pmsg("p2", "the  key\u00a0text")], 0.5, 0.5, {"a": "p1"}),
    # an excluded snippet (the quoted reply) keeps a message from pairing
    ([pmsg("p1", "the key text, and the reply text")], 0.0, 0.0, {}),
    # all snippets are needed
    ([pmsg("p1", "the key text"), pmsg("p2", "the reply text")], 0.5, 0.5, {"a": "p1"}),
    ([], 0.0, 0.0, {}),
])
def test_pairing_one_to_one(preds, precision, recall, pairs):
    gold = GoldFile("g.json", "s.txt", [msg("a", ["the key text"], excludes=["the reply text"]),
                                        msg("b", ["the reply text", "more"])])
    fs = score_file(gold, {"messages": preds})
    assert (fs.messages.precision, fs.messages.recall, fs.details["pairs"]) == (precision, recall, pairs)


def test_unmatched_gold_names_closest_message_and_missing_snippet():
    gold = GoldFile("g.json", "s.txt", [msg("a", ["first snippet", "second snippet"], excludes=["footer"])])
    fs = score_file(gold, {"messages": [pmsg("p1", "first snippet only"), pmsg("p2", "nothing")]})
    [why] = fs.details["unmatched_gold"]
    assert (why["closest"], why["missing"], why["excluded_present"]) == ("p1", ["second snippet"], [])
    assert [u["predicted"] for u in fs.details["unmatched_predicted"]] == ["p1", "p2"]


def test_author_date_parent_accuracy():
    gold = GoldFile("g.json", "s.txt", [
        msg("a", ["one"], author="Alvin Wang", date="2025-10-07T04:52:56-07:00"),
        msg("b", ["two"], author="Matt Palmer", date="2025-10-08T07:19:54+08:00", in_reply_to="a"),
        msg("c", ["three"], author=None, date=None, in_reply_to="b"),
        msg("d", ["four"], author="Ghost", date="2025-10-09", in_reply_to="a"),
    ])
    preds = [
        pmsg("p1", "one", "ALVIN WANG", "2025-10-07T11:52:56+00:00"),  # all right
        pmsg("p2", "two", "Matt Palmer", "2025-10-08T07:19:54", "p1"),  # naive date vs offset gold: wrong
        pmsg("p3", "three", None, None, "p1"),  # parent wrong (gold: b -> p2)
        pmsg("px", "unpaired"),
    ]
    fs = score_file(gold, {"messages": preds})
    m = fs.messages
    assert (m.pairs, m.author_correct, m.date_correct, m.parent_correct) == (3, 3, 2, 2)
    assert (m.precision, m.recall) == (0.75, 0.75)
    assert [(x["gold"], x["field"]) for x in fs.details["mismatches"]] == [("b", "date"), ("c", "in_reply_to")]
    assert fs.details["mismatches"][1]["expected_predicted_key"] == "p2"


def test_parent_of_unpaired_gold_is_wrong():
    gold = GoldFile("g.json", "s.txt", [msg("a", ["one"]), msg("b", ["two"], in_reply_to="a")])
    fs = score_file(gold, {"messages": [pmsg("p2", "two", in_reply_to="p1")]})
    assert (fs.messages.pairs, fs.messages.parent_correct) == (1, 0)


def test_boilerplate_leaks():
    gold = GoldFile("g.json", "s.txt", [msg("a", ["one"])],
                    boilerplate=["You received this message because", "Reply via email to"])
    fs = score_file(gold, {"messages": [pmsg("p1", "one\n> You received  this message because you are")]})
    assert fs.leaks == 1
    assert fs.details["leaked"] == [{"snippet": "You received this message because", "in": ["p1"]}]


# --------------------------------------------------------------------------- citations, apis


def test_citations_and_apis_sets_with_unpaired_false_positives():
    gold = GoldFile("g.json", "s.txt", [msg("a", ["one"]), msg("b", ["two"])],
                    citations=[GoldCitation("a", "BR", "4.9.1.1", "4"), GoldCitation("a", "RFC", "5280", None),
                               GoldCitation("b", "BR", "6.1.1.3", None)],
                    apis=[GoldApi("a", "/open-api/v2/tools/gen-csr")])
    pred = {
        "messages": [pmsg("p1", "one"), pmsg("p2", "two"), pmsg("px", "no gold")],
        "citations": [
            {"message": "p1", "document": "BR", "section": "4.9.1.1", "item": 4},  # 4 == "4"
            {"message": "p1", "document": "BR", "section": "4.9.1.1", "item": "4"},  # same item again: a set
            {"message": "p1", "document": "RFC", "section": 5280, "item": None},
            {"message": "px", "document": "BR", "section": "6.1.1.3", "item": None},  # unpaired: false positive
        ],
        "apis": [{"message": "p1", "path": "/open-api/v2/tools/gen-csr"},
                 {"message": "p2", "path": "/open-api/v2/tools/gen-csr"}],
    }
    fs = score_file(gold, pred)
    c = fs.citations
    assert (c.tp_predicted, c.predicted, c.gold) == (2, 3, 3)
    assert (round(c.precision, 4), round(c.recall, 4), round(c.f1, 4)) == (0.6667, 0.6667, 0.6667)
    assert fs.details["citations"]["false"] == ["px(unpaired) BR 6.1.1.3"]
    assert fs.details["citations"]["missed"] == ["b BR 6.1.1.3"]
    assert (fs.apis.precision, fs.apis.recall) == (0.5, 1.0)


@pytest.mark.parametrize("gold_items, pred_items, precision, recall, f1", [
    ([], [], 1.0, 1.0, 1.0),  # annotated empty, nothing found: perfect
    ([], [("p1", "/x")], 0.0, 0.0, 0.0),  # annotated empty: anything found is a false positive
    ([("a", "/x")], [], 0.0, 0.0, 0.0),
])
def test_empty_set_conventions(gold_items, pred_items, precision, recall, f1):
    gold = GoldFile("g.json", "s.txt", [msg("a", ["one"])], apis=[GoldApi(m, p) for m, p in gold_items])
    fs = score_file(gold, {"messages": [pmsg("p1", "one")], "apis": [{"message": m, "path": p} for m, p in pred_items]})
    assert (fs.apis.precision, fs.apis.recall, fs.apis.f1) == (precision, recall, f1)


# --------------------------------------------------------------------------- claims, relations, absent stages


def _claims_gold() -> GoldFile:
    return GoldFile("g.json", "s.txt", [msg("a", ["alpha"]), msg("b", ["beta"])],
                    claims=[GoldClaim("G1", "a", "Alvin Wang", "assertion", "this is a violation"),
                            GoldClaim("G2", "b", "Matt Palmer", "denial", "not a violation"),
                            GoldClaim("G3", "b", "Matt Palmer", "question", "why?"),
                            GoldClaim("G4", "a", "Alvin Wang", "commitment", "we will revoke")],
                    relations=[GoldRelation("G2", "G1", "rebuts"), GoldRelation("G3", "G1", "answers")])


def _claims_prediction() -> dict:
    return {
        "messages": [pmsg("p1", "alpha: this is a violation"), pmsg("p2", "beta: not a violation. why?")],
        "claims": [
            {"id": "c1", "message": "p1", "speaker": "alvin wang", "kind": "assertion", "text": "this is a violation"},
            {"id": "c2", "message": "p2", "speaker": "Matt Palmer", "kind": "assertion", "text": "not a violation."},
            {"id": "c3", "message": "p2", "speaker": None, "kind": "question", "text": "why?"},
            {"id": "c4", "message": "p2", "speaker": "Matt Palmer", "kind": "assertion", "text": "beta:"},
            # right text, wrong message: does not match G1
            {"id": "c5", "message": "p2", "speaker": "Alvin Wang", "kind": "assertion", "text": "this is a violation"},
        ],
        "relations": [
            {"from": "c2", "to": "c1", "kind": "rebuts"},  # matches G2 -rebuts-> G1
            {"from": "c3", "to": "c1", "kind": "supports"},  # judged (both ends gold claims), wrong kind
            {"from": "c4", "to": "c1", "kind": "rebuts"},  # not judged: c4 matches no gold claim
        ],
    }


def test_claims_scores():
    fs = score_file(_claims_gold(), _claims_prediction())
    c = fs.claims
    assert (c.gold, c.matched, c.kind_correct, c.speaker_correct, c.predicted, c.words) == (4, 3, 2, 2, 5, 10)
    assert (c.recall, c.per_100_words) == (0.75, 50.0)
    assert [x["gold"] for x in fs.details["claims"]["missed"]] == ["G4"]


def test_relations_precision_counts_only_judged_relations():
    fs = score_file(_claims_gold(), _claims_prediction())
    r = fs.relations
    assert (r.tp_predicted, r.predicted, r.tp_gold, r.gold) == (1, 2, 1, 2)
    assert (r.precision, r.recall, r.f1) == (0.5, 0.5, 0.5)
    assert fs.details["relations"]["missed"] == ["G3 -answers-> G1"]


@pytest.mark.parametrize("drop_from_prediction, drop_from_gold, absent", [
    (("claims", "relations", "citations", "apis"), (), {"claims", "relations", "citations", "apis"}),
    (("relations",), (), {"relations"}),
    ((), ("citations", "claims"), {"citations", "claims", "relations"}),
    ((), ("boilerplate",), {"leaks"}),
])
def test_absent_stage_is_none_not_zero(drop_from_prediction, drop_from_gold, absent):
    gold = _claims_gold()
    gold.citations, gold.apis, gold.boilerplate = [], [], []
    for name in drop_from_gold:
        setattr(gold, name, None)
    pred = {"citations": [], "apis": [], **_claims_prediction()}
    for name in drop_from_prediction:
        pred.pop(name)
    fs = score_file(gold, pred)
    parts = {"claims": fs.claims, "relations": fs.relations, "citations": fs.citations, "apis": fs.apis,
             "leaks": fs.leaks}
    assert {k for k, v in parts.items() if v is None} == absent
    out = micro_average([fs]).as_json()
    if "claims" in absent:
        assert out["claims"]["recall"] is None and out["claims"]["per_100_words"] is None
    if "citations" in absent:
        assert out["citations"]["f1"] is None


def test_micro_average_sums_counts_over_files_that_score_a_part():
    g1 = GoldFile("1.json", "1.txt", [msg("a", ["one"]), msg("b", ["two"])], apis=[GoldApi("a", "/x")])
    g2 = GoldFile("2.json", "2.txt", [msg("a", ["three"])], apis=None)
    f1 = score_file(g1, {"messages": [pmsg("p1", "one", author="X")], "apis": [{"message": "p1", "path": "/x"}]})
    f2 = score_file(g2, {"messages": [pmsg("p1", "three"), pmsg("p2", "four")], "apis": [{"message": "p1", "path": "/y"}]})
    total = micro_average([f1, f2])
    m = total.messages
    assert (m.tp_predicted, m.predicted, m.gold, m.author_correct) == (2, 3, 3, 1)
    assert (round(m.precision, 4), round(m.recall, 4), m.author_accuracy) == (0.6667, 0.6667, 0.5)
    assert (total.apis.precision, total.apis.recall) == (1.0, 1.0)  # file 2 has no api gold: not scored
    assert total.claims is None and total.leaks is None


# --------------------------------------------------------------------------- gold files and the command


def _gold_folder(tmp_path: Path, gold: dict, name: str = "ref.json") -> Path:
    (tmp_path / "gold").mkdir(exist_ok=True)
    (tmp_path / "corpora").mkdir(exist_ok=True)
    shutil.copy(ROOT / "corpora" / REFERENCE, tmp_path / "corpora" / REFERENCE)
    path = tmp_path / "gold" / name
    path.write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "gold" / "GOLD-FORMAT.json").write_text("{}", encoding="utf-8")  # never read as gold
    return path


REF_GOLD = {
    "format": "threadkb-gold/1", "source": f"corpora/{REFERENCE}",
    "messages": [{"key": "arabella-10-10", "author": "Arabella Barks", "date": "2025-10-10T21:00:56+08:00",
                  "in_reply_to": None,
                  "contains": ["BR defines a 13-month DCV for reuse and does not impose such additional conditions."]}],
    "boilerplate": ["You received this message because you are subscribed to the Google Groups"],
    "citations": [], "apis": [],
}


def test_load_gold_resolves_source_against_gold_folder_parent(tmp_path):
    gold = ev.load_gold(_gold_folder(tmp_path, REF_GOLD))
    assert gold.source == str(tmp_path.resolve() / "corpora" / REFERENCE)
    assert (len(gold.messages), gold.citations, gold.claims) == (1, [], None)


@pytest.mark.parametrize("content, reason", [
    ("not json", "not a JSON gold file"),
    ('{"format": "other/1", "source": "x", "messages": []}', "unknown gold format"),
    ('{"format": "threadkb-gold/1", "source": "x", "messages": [{"key": "a"}]}', "messages[0]: missing key 'contains'"),
    ('{"format": "threadkb-gold/1", "source": "x", "messages": [{"key": "a", "contains": [" "]}]}',
     "message 'a' has no 'contains' snippet"),
    ('{"format": "threadkb-gold/1", "source": "x", "messages": [{"key": "a", "contains": ["x"]},'
     ' {"key": "a", "contains": ["y"]}]}', "duplicate message key 'a'"),
    ('[1, 2]', "the top level is not a JSON object"),
])
def test_bad_gold_is_a_one_line_error(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ev.GoldError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        ev.load_gold(path)


def _run_cli(capsys, gold: list[str], json_out: bool = True) -> tuple[int, str]:
    from threadkb.commands.evaluate import cli_eval

    code = cli_eval(argparse.Namespace(gold=gold, json=json_out))
    return code, capsys.readouterr().out


def test_cli_eval_json_keys_on_the_reference_thread(tmp_path, capsys):
    _gold_folder(tmp_path, REF_GOLD)
    code, out = _run_cli(capsys, [str(tmp_path / "gold")])
    data = json.loads(out)
    for part, keys in {"messages": ("precision", "recall", "f1", "author_accuracy", "date_accuracy",
                                    "parent_accuracy"),
                       "boilerplate": ("leaks",), "citations": ("precision", "recall", "f1"),
                       "apis": ("precision", "recall", "f1"),
                       "claims": ("recall", "kind_accuracy", "speaker_accuracy", "per_100_words"),
                       "relations": ("precision", "recall", "f1")}.items():
        assert set(keys) <= set(data[part]), part
    assert isinstance(data["errors"], list) and isinstance(data["files"], list)
    assert len(data["files"]) + len(data["errors"]) >= 1  # the parser is being written: scored or a listed error
    assert all(set(e) == {"file", "reason"} and "\n" not in e["reason"] for e in data["errors"])
    assert code in (0, 2)


def test_cli_eval_with_a_fixed_prediction(tmp_path, capsys, monkeypatch):
    """The command's plumbing (folders, source resolution, table, JSON) with the project replaced by a fixed answer."""
    _gold_folder(tmp_path, REF_GOLD)
    seen = []

    def fake_predict(self, source):
        seen.append(source)
        lines = Path(source).read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if "13-month DCV" in line)
        own = "\n".join(lines[at:at + 2])  # quoted and wrapped: "> - BR defines ... additional \n> conditions."
        return ({"messages": [pmsg("m1", own, "arabella  barks", "2025-10-10T13:00:56+00:00"),
                              pmsg("m2", "unpaired words")]}, "parse", "extract stage unavailable", None)

    monkeypatch.setattr(Predictor, "predict", fake_predict)
    code, out = _run_cli(capsys, [str(tmp_path / "gold"), str(tmp_path / "missing.json")])
    data = json.loads(out)
    assert seen == [str(tmp_path.resolve() / "corpora" / REFERENCE)]
    assert (data["messages"]["precision"], data["messages"]["recall"]) == (0.5, 1.0)
    assert (data["messages"]["author_accuracy"], data["messages"]["date_accuracy"]) == (1.0, 1.0)
    assert data["messages"]["parent_accuracy"] == 1.0
    assert (data["boilerplate"]["leaks"], data["citations"]["f1"], data["claims"]["recall"]) == (0, None, None)
    assert data["errors"] == [{"file": str(tmp_path / "missing.json"), "reason": "no such file or folder"}]
    assert data["files"][0]["details"]["unmatched_predicted"][0]["predicted"] == "m2"
    assert code == 0
    code, out = _run_cli(capsys, [str(tmp_path / "gold")], json_out=False)
    assert out.splitlines()[0].split() == ["file", "msg", "P", "msg", "R", "msg", "F1", "auth", "date", "parent",
                                           "leaks", "cit", "F1", "api", "F1", "clm", "R", "rel", "F1"]
    assert out.splitlines()[2].split()[:8] == ["ref", "0.500", "1.000", "0.667", "1.000", "1.000", "1.000", "0"]
    assert "note: extract stage unavailable" in out


def test_cli_eval_missing_source_is_an_error_not_a_crash(tmp_path, capsys):
    path = _gold_folder(tmp_path, {**REF_GOLD, "source": "corpora/nope.txt"})
    code, out = _run_cli(capsys, [str(path)])
    data = json.loads(out)
    assert code == 2 and data["files"] == []
    assert (data["messages"]["f1"], data["messages"]["author_accuracy"]) == (None, None)  # nothing scored
    assert data["errors"][0]["reason"].startswith("source not found: ")


def _fake_project(monkeypatch, extract_module, link_module):
    """Replace the parser (and the extract/link stages) by stand-ins, to test how eval runs the project."""
    import sys

    from threadkb import pipeline

    calls = []

    def parse_paths(paths, errors=None):
        calls.append(("parse", list(paths)))
        yield {"messages": [pmsg("m1", "BR defines a 13-month DCV for reuse and does not impose such additional"
                                       " conditions.", "Arabella Barks", "2025-10-10T21:00:56+08:00")]}

    monkeypatch.setattr(pipeline, "parse_paths", parse_paths)
    monkeypatch.setattr(pipeline, "prediction", lambda item: dict(item))
    monkeypatch.setitem(sys.modules, "threadkb.extract", extract_module)
    monkeypatch.setitem(sys.modules, "threadkb.link", link_module)
    return calls


def test_eval_falls_back_to_parse_only_when_extract_is_missing(tmp_path, monkeypatch):
    _gold_folder(tmp_path, REF_GOLD, "a.json")
    _gold_folder(tmp_path, REF_GOLD, "b.json")
    calls = _fake_project(monkeypatch, None, None)  # None in sys.modules: the import raises ImportError
    scores = ev.evaluate([str(tmp_path / "gold")], Predictor())
    assert [c[0] for c in calls] == ["parse", "parse"]  # each source parsed once
    assert [(f.stage, f.note.startswith("extract stage unavailable")) for f in scores.files] == [("parse", True)] * 2
    assert (scores.messages.f1, scores.errors, scores.citations, scores.claims) == (1.0, [], None, None)


def test_eval_reports_a_failing_extract_and_still_scores_messages(tmp_path, monkeypatch):
    import types

    extract = types.ModuleType("threadkb.extract")

    def broken(threads):
        raise RuntimeError("boom\nsecond line")

    extract.extract = broken
    link = types.ModuleType("threadkb.link")
    link.link = lambda ex: ex
    _fake_project(monkeypatch, extract, link)
    path = _gold_folder(tmp_path, REF_GOLD)
    scores = ev.evaluate([str(path)], Predictor())
    assert [(e.file, e.reason) for e in scores.errors] == [
        (str(path), "extract failed, scored parse-only: RuntimeError: boom second line")]
    assert (scores.files[0].stage, scores.messages.f1) == ("parse", 1.0)
