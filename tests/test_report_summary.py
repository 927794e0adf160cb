"""The report's summary, labels, plain-word evidence, "as of" default and claim attribution."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from test_report import AS_OF, reference_extraction
from threadkb.extract.deadlines import duration_words, parse_duration
from threadkb.models import Claim, ClaimKind
from threadkb.report import build_report, render_html, render_markdown
from threadkb.report.evidence import expand_stems, plain_reason, plain_reasons
from threadkb.report.model import clip, fmt_short, last_day

TEXTS = ["I converted the format with the tool in convert.txt", "A txt file, included in the conversion guide"]
LABELS = {"alvin-10-08": "#3 Alvin Wang", "matt-10-08": "#2 Matt Palmer"}


@pytest.mark.parametrize("reason, expected", [
    ("shared words: conve, txt", "both use the words \u201cconverted\u201d and \u201ctxt\u201d"),
    ("shared context words: forma, inclu, zzzzz", "the sentences around them share the words \u201cformat\u201d and \u201cincluded\u201d"),
    ("shared words: qqqqq", None),  # a stem no word of the claims stands for says nothing
    ("same citation: BR:4.9.1.1:4", "both cite BR 4.9.1.1 item 4"),
    ("same section: 4.9.1.1", "both cite section 4.9.1.1"),
    ("same citation: 4.9.1.1:4", "both cite section 4.9.1.1 item 4"),
    ("reply structure: alvin-10-08 replies to matt-10-08", "#3 Alvin Wang replies to #2 Matt Palmer"),
    ("stance: negation «not»", "it disagrees: it says \u201cnot\u201d"),
    ("stance: contrast «however»", "it disagrees: it says \u201chowever\u201d"),
    ("stance: agreement «I agree»", "it says \u201cI agree\u201d (agreement)"),
    ("numbered question: under 1 -> item 1", "it stands under the numbered point it answers (point 1, answered by item 1)"),
    ("question target: alvin-10-08:c3 is a question", "it responds to a question or request"),
    # newer plain-word reasons are kept as they are, keys relabelled
    ("answers Matt Palmer's question; both cite BR 4.9.1.1 item 4", "answers Matt Palmer's question; both cite BR 4.9.1.1 item 4"),
    ("replies to matt-10-08 (probability 0.82)", "replies to #2 Matt Palmer (probability 0.82)"),
])
def test_plain_reason(reason, expected):
    assert plain_reason(reason, TEXTS, lambda k: LABELS.get(k, k)) == expected


def test_plain_reasons_split_joined_reasons_and_drop_repeats():
    got = plain_reasons(["self-correction «There are some errors»; stance: negation «not»", "stance: negation «not»"])
    assert got == ["the message corrects its own side: \u201cThere are some errors\u201d",
                   "it disagrees: it says \u201cnot\u201d"]


def test_gist_keeps_the_telling_reasons_first():
    reasons = ["shared context words: forma", "reply structure: a replies to b", "stance: negation «not»",
               "same citation: BR:4.9.1.1:4"]
    assert plain_reasons(reasons, TEXTS, gist=True) == ["both cite BR 4.9.1.1 item 4", "it disagrees: it says \u201cnot\u201d"]


@pytest.mark.parametrize("reasons, first", [
    (["learned scorer: related, with probability 0.73, because both cite 6.1.1.3", "stance: negation «not»"],
     "it disagrees: it says \u201cnot\u201d"),
    (["learned scorer: related, with probability 0.40", "kind: a denial rejects the point"],
     "a denial rejects the point"),
    (["learned kind: rebuts, with probability 0.78", "learned scorer: related, with probability 0.5"],
     "learned kind: rebuts, with probability 0.78"),
    (["Alvin Wang defends against a reply to their own message", "learned scorer: related, with probability 0.3"],
     "Alvin Wang defends against a reply to their own message"),
])
def test_gist_says_why_the_kind_before_the_learned_scorer(reasons, first):
    """The summary's "why" of a point in dispute opens with why it rebuts (stance, kind rule, learned kind);
    the learned scorer's long "related, because ..." comes last (``gist`` of report_evidence.json)."""
    got = plain_reasons(reasons, TEXTS, gist=True)
    assert got[0] == first and got[-1].startswith("learned scorer: related")


def test_expand_stems():
    assert expand_stems(["conve", "txt", "api"], ["the API converts", "a .txt file"]) == ["converts", "txt", "API"]


@pytest.mark.parametrize("value, expected", [
    (datetime(2025, 10, 8, 19, 25, 33, tzinfo=timezone(timedelta(hours=7))), "8 Oct 2025 19:25 UTC+7"),
    (datetime(2025, 10, 8, 7, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))), "8 Oct 2025 07:05 UTC+5:30"),
    (datetime(2025, 10, 8, 7, 5, tzinfo=timezone(timedelta(hours=-7))), "8 Oct 2025 07:05 UTC-7"),
    (datetime(2025, 10, 8, 7, 5, tzinfo=timezone.utc), "8 Oct 2025 07:05 UTC"),
    (datetime(2025, 10, 8, 7, 5), "8 Oct 2025 07:05 (zone unknown)"),
    (date(2025, 1, 2), "2 Jan 2025"), (None, "no date"),
])
def test_fmt_short(value, expected):
    assert fmt_short(value) == expected


@pytest.mark.parametrize("norm, words", [("P5D", "5 days"), ("PT24H", "1 day"), ("P2W", "2 weeks"),
                                         ("P1M", "1 month"), ("PT36H", "1 day 12 hours")])
def test_duration_words(norm, words):
    assert duration_words(parse_duration(norm)) == words


def test_labels_number_messages_chronologically_undated_after_its_parent():
    r = build_report(reference_extraction(), AS_OF)
    assert [r.label(m.key) for m in r.order][:3] == [
        "#1 \u00b7 Alvin Wang \u00b7 7 Oct 2025 04:52 UTC-7", "#2 \u00b7 Matt Palmer \u00b7 8 Oct 2025 07:19 UTC+8",
        "#3 \u00b7 Alvin Wang \u00b7 8 Oct 2025 19:25 UTC+7"]
    assert [m.key for m in r.order][-2:] == ["arabella-10-10", "alvin-top"]  # undated reply after its parent
    assert r.label("not-a-key") == "not-a-key"


def test_as_of_defaults_to_the_day_of_the_last_message():
    ex = reference_extraction()
    assert last_day(ex) == date(2025, 10, 10)
    r = build_report(ex)
    assert (r.as_of, r.as_of_basis) == (date(2025, 10, 10), "the day of the last message")
    assert render_markdown(ex) == render_markdown(ex, date(2025, 10, 10)).replace(
        "2025-10-10 (given)", "2025-10-10 (the day of the last message)")
    six = next(cm for cm in r.commitments if cm.claim.id == "A6")
    assert (six.status, six.overdue) == ("due in 3 days", False)  # judged on 10 Oct, not today


def test_no_dated_message_judges_nothing():
    ex = reference_extraction()
    for m in ex.thread.messages:
        m.date = None
    r = build_report(ex)
    assert r.as_of is None and "deadlines judged as of no date" in render_markdown(ex)


def test_a_claim_quoted_by_another_speaker_stays_with_its_speaker():
    ex = reference_extraction()
    original = next(c for c in ex.claims if c.id == "A3")
    quoted = Claim(id="L99", message="linh-10-09", speaker="Linh Bach Quang", kind=ClaimKind.ASSERTION,
                   text="You said: SHECA believes that 4.9.1.1 point 4 is not applicable to this case.")
    ex.claims.append(quoted)
    r = build_report(ex, AS_OF)
    assert r.quoted_copies == {"L99": "A3"}
    linh = [c.id for cs in r.by_speaker["Linh Bach Quang"].values() for c in cs]
    alvin = [c.id for cs in r.by_speaker["Alvin Wang"].values() for c in cs]
    assert "L99" not in linh and original.id in alvin


@pytest.mark.parametrize("text, width, expected", [
    ("short text", 20, "short text"), ("one two three four five", 12, "one two\u2026"),
    ("a  b\n c", 10, "a b c"), ("abcdefghijklmnop", 6, "abcde\u2026"),
])
def test_clip(text, width, expected):
    assert clip(text, width) == expected


def test_summary_opens_both_reports():
    ex = reference_extraction()
    page = render_html(ex, AS_OF)
    assert re.search(r"</header><section id=\"summary\">", page)
    md = render_markdown(ex, AS_OF).splitlines()
    assert md[4:6] == ["## Summary", ""] and md[6].startswith("### Points in dispute (5)")
    assert "score" not in page and "score" not in "\n".join(md)


@pytest.mark.parametrize("author, email, signature, name, orgs", [
    ("Dimitris Zacharopoulos (HARICA)", None, [], "Dimitris Zacharopoulos", ["HARICA"]),
    ("Clint Wilson", "clintw@apple.com", [], "Clint Wilson", ["Apple"]),
    ("Kim Lee", "kim@gmail.com", ["Kim Lee", "Mozilla Root Program"], "Kim Lee", ["Mozilla"]),
    ("Bo Chen", "dev-security-policy@lists.mozilla.org", [], "Bo Chen", []),
])
def test_participant_name_and_organisation_from_what_the_thread_gives(author, email, signature, name, orgs):
    ex = reference_extraction()
    m = next(x for x in ex.thread.messages if x.key == "matt-10-08")
    m.author, m.email, m.signature = author, email, signature
    for c in ex.claims:
        if c.message == m.key:
            c.speaker = author
    r = build_report(ex, AS_OF)
    p = next(p for p in r.participants if "matt-10-08" in p.messages)
    assert (p.name, p.organisations) == (name, orgs)


@pytest.mark.parametrize("min_words, copies", [(6, {"L99": "A3"}), (12, {"L99": "A3"}), (40, {})])
def test_a_copy_needs_the_words_the_table_asks_for(monkeypatch, min_words, copies):
    """``report_evidence.json`` ``quoted_copy.min_words``: A3 ("SHECA believes that 4.9.1.1 point 4 is not
    applicable to this case.", 13 words) counts as an original only when it has that many words."""
    from threadkb.report import evidence

    table = {**evidence.table(), "quoted_copy": {"min_words": min_words}}
    monkeypatch.setattr(evidence, "table", lambda: table)
    ex = reference_extraction()
    ex.claims.append(Claim(id="L99", message="linh-10-09", speaker="Linh Bach Quang", kind=ClaimKind.ASSERTION,
                           text="You said: SHECA believes that 4.9.1.1 point 4 is not applicable to this case."))
    assert build_report(ex, AS_OF).quoted_copies == copies
