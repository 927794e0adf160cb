"""Mails pasted one after another into one text, each under its own header block and none quoted with '>' markers:
the reply links follow the mails' dates, whatever order they were pasted in (``parse._order_pasted_mails``); a text
opening with an Outlook block ("Sent:") dates its first mail by that field (``ingest.mail._labelled_date``)."""
from __future__ import annotations

import pytest

from threadkb.ingest import ingest
from threadkb.parse import parse

ASK = "Please explain why the revocation was delayed beyond five days."
ANSWER = "Thanks Bob, we will publish the updated report by Friday."
MORE = "Thank you. Please also list the affected serials."


def _rfc(who: str, when: str, subject: str, body: str) -> list[str]:
    return [f"From: {who}", f"Date: {when}", f"Subject: {subject}", "", body, ""]


def _outlook(who: str, when: str, subject: str, body: str, labels=("From", "Sent", "To", "Subject")) -> list[str]:
    return [f"{labels[0]}: {who}", f"{labels[1]}: {when}", f"{labels[2]}: dev-security-policy@mozilla.org",
            f"{labels[3]}: {subject}", "", body, ""]


BOB1 = ("Bob Reviewer <bob@browser.example>", ASK)
ALICE = ("Alice Example <alice@ca.example>", ANSWER)
BOB2 = ("Bob Reviewer <bob@browser.example>", MORE)
RFC_DATES = {ASK: "Mon, 4 Mar 2024 09:00:00 +0000", ANSWER: "Tue, 5 Mar 2024 10:15:00 +0000",
             MORE: "Wed, 6 Mar 2024 08:00:00 +0000"}
OUTLOOK_DATES = {ASK: "Monday, March 4, 2024 9:00 AM", ANSWER: "Wednesday, March 6, 2024 10:15 AM",
                 MORE: "Friday, March 8, 2024 8:00 AM"}


def _text(order, block, dates) -> list[str]:
    lines: list[str] = []
    for who, body in order:
        lines += block(who, dates[body], "Incident report" if body == ASK else "RE: Incident report", body)
    return lines


def _chain(tmp_path, lines: list[str]) -> dict[str, str | None]:
    """first words of each message -> first words of the message it answers."""
    p = tmp_path / "pasted.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src,) = ingest(str(p))
    t = parse(src)
    by_key = {m.key: m for m in t.messages}
    head = {m.key: m.text.strip()[:20] for m in t.messages}
    assert sorted(head.values()) == sorted(b[:20] for b in (ASK, ANSWER, MORE))
    return {head[m.key]: head.get(m.in_reply_to) if m.in_reply_to in by_key else None for m in t.messages}


EXPECTED = {ASK[:20]: None, ANSWER[:20]: ASK[:20], MORE[:20]: ANSWER[:20]}


@pytest.mark.parametrize("order", [
    [BOB2, ALICE, BOB1],  # newest first (as Outlook quotes): read as it is
    [BOB1, ALICE, BOB2],  # oldest first (pasted as a log)
    [ALICE, BOB2, BOB1],  # no order
    [BOB1, BOB2, ALICE],  # no order
])
@pytest.mark.parametrize("block,dates", [(_rfc, RFC_DATES), (_outlook, OUTLOOK_DATES)], ids=["from-date", "outlook"])
def test_pasted_mails_follow_their_dates(tmp_path, order, block, dates):
    assert _chain(tmp_path, _text(order, block, dates)) == EXPECTED


def test_reordered_messages_keep_the_evidence(tmp_path):
    p = tmp_path / "pasted.txt"
    p.write_text("\n".join(_text([BOB1, ALICE, BOB2], _rfc, RFC_DATES)) + "\n", encoding="utf-8")
    (src,) = ingest(str(p))
    origins = {m.text.strip()[:20]: m.origin for m in parse(src).messages}
    assert [o.endswith("+ordered-by-date") for o in origins.values()] == [True, True, True]


def test_naive_times_within_a_day_leave_the_paste_order(tmp_path):
    """"Sent:" times carry no zone (each its writer's wall clock): a reply dated a few hours before its parent may be
    one written later in another zone (a real list's Outlook chain: 5:49 AM in New York answers 11:45 in London)."""
    dates = {ASK: "Monday, March 4, 2024 11:45 AM", ANSWER: "Monday, March 4, 2024 5:49 AM",
             MORE: "Monday, March 4, 2024 2:05 PM"}
    assert _chain(tmp_path, _text([BOB2, ALICE, BOB1], _outlook, dates)) == EXPECTED


def test_undated_block_leaves_the_paste_order(tmp_path):
    """A mail without a date gives no evidence: the newest-first reading stays."""
    lines = _text([BOB1, ALICE, BOB2], _rfc, RFC_DATES)
    lines = [x for x in lines if x != f"Date: {RFC_DATES[ANSWER]}"]
    assert _chain(tmp_path, lines) == {ASK[:20]: ANSWER[:20], ANSWER[:20]: MORE[:20], MORE[:20]: None}


def test_outlook_block_on_top_dates_the_first_mail(tmp_path):
    p = tmp_path / "pasted.txt"
    p.write_text("\n".join(_outlook(*ALICE[:1], OUTLOOK_DATES[ANSWER], "RE: x", ANSWER)) + "\n", encoding="utf-8")
    (src,) = ingest(str(p))
    (m,) = parse(src).messages
    assert (m.author, m.email, m.date.isoformat(), m.date_text) == (
        "Alice Example", "alice@ca.example", "2024-03-06T10:15:00", "Wednesday, March 6, 2024 10:15 AM")


# Chains that mix zoned ("Date: … +0200") and zoneless (Outlook "Sent: …") times, pasted oldest first. A zoneless
# time is its writer's wall clock: the order follows only what the dates say surely (``parse._later``), and keeps the
# paste order among mails whose times lie within the zone allowance of each other (sorting by the raw clocks would
# put a New York "5:00 AM" before a Berlin "10:00 +0200" that it answers).
FOURTH = "One more question: when will the CRL be updated again?"


def _mixed(blocks: list[tuple[str, str, str]]) -> list[str]:
    """(style, date, body) per mail, top first: "date" is an RFC From/Date block, "sent" an Outlook block."""
    lines: list[str] = []
    for n, (style, when, body) in enumerate(blocks):
        block = _rfc if style == "date" else _outlook
        lines += block("Alice Example <alice@ca.example>" if n % 2 else "Bob Reviewer <bob@browser.example>",
                       when, "Incident report" if n == 0 else "RE: Incident report", body)
    return lines


def _answers(tmp_path, lines: list[str]) -> dict[str, str | None]:
    p = tmp_path / "pasted.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src,) = ingest(str(p))
    msgs = parse(src).messages
    head = {m.key: m.text.strip()[:20] for m in msgs}
    return {head[m.key]: head.get(m.in_reply_to) if m.in_reply_to else None for m in msgs}


@pytest.mark.parametrize("blocks,answers", [
    (  # a New York "5:00 AM" (10:00 UTC) answers a Berlin 10:00 +0200 (08:00 UTC); two zoned replies follow
        [("date", "Mon, 4 Mar 2024 10:00:00 +0200", ASK), ("sent", "Monday, March 4, 2024 5:00 AM", ANSWER),
         ("date", "Mon, 4 Mar 2024 11:00:00 +0000", MORE), ("date", "Mon, 4 Mar 2024 12:00:00 +0000", FOURTH)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER, FOURTH: MORE}),
    (  # the zoneless mail last, with a raw clock (8:00 AM, written in Chicago) before both zoned ones
        [("date", "Mon, 4 Mar 2024 09:00:00 +0000", ASK), ("date", "Mon, 4 Mar 2024 10:00:00 +0000", ANSWER),
         ("sent", "Monday, March 4, 2024 8:00 AM", MORE)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER}),
    (  # two zoneless mails (Tokyo 9:30 PM, then New York 3:00 PM) between zoned ones two days apart
        [("date", "Mon, 4 Mar 2024 09:00:00 +0000", ASK), ("sent", "Monday, March 4, 2024 9:30 PM", ANSWER),
         ("sent", "Monday, March 4, 2024 3:00 PM", MORE), ("date", "Wed, 6 Mar 2024 09:00:00 +0000", FOURTH)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER, FOURTH: MORE}),
    (  # the zoned pair alone contradicts the paste order, the zoneless mail between them cannot be placed surely
        [("date", "Mon, 4 Mar 2024 09:00:00 +0000", ASK), ("sent", "Monday, March 4, 2024 9:00 AM", ANSWER),
         ("date", "Mon, 4 Mar 2024 10:00:00 +0000", MORE)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER}),
    (  # pasted in no order, every difference beyond the allowance: the dates decide all of it
        [("sent", "Friday, March 8, 2024 9:00 AM", FOURTH), ("date", "Mon, 4 Mar 2024 09:00:00 +0000", ASK),
         ("date", "Tue, 5 Mar 2024 09:00:00 +0000", ANSWER), ("sent", "Wednesday, March 6, 2024 9:00 AM", MORE)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER, FOURTH: MORE}),
    (  # newest first as Outlook quotes, zoneless within the allowance of a zoned one: read as it is
        [("date", "Mon, 4 Mar 2024 12:00:00 +0000", MORE), ("sent", "Monday, March 4, 2024 5:00 AM", ANSWER),
         ("date", "Mon, 4 Mar 2024 10:00:00 +0200", ASK)],
        {ASK: None, ANSWER: ASK, MORE: ANSWER}),
], ids=["naive-reply-raw-earlier", "naive-last", "two-naive", "naive-between", "no-order", "newest-first"])
def test_mixed_zones_follow_only_sure_dates(tmp_path, blocks, answers):
    assert _answers(tmp_path, _mixed(blocks)) == {k[:20]: v[:20] if v else None for k, v in answers.items()}


@pytest.mark.parametrize("label,role", [
    ("Sent", "date"), ("  gesendet ", "date"), ("Envoyé", "date"), ("Date", "date"), ("送信日時", "date"),
    ("Von", "from"), ("Betreff", "subject"), ("CC", "cc"), ("An", "to"), ("X-Mailer", None), ("Sent by", None),
])
def test_header_field_role_is_the_one_reading_of_the_labels(label, role):
    """ingest (a text opening with a header block, dated by its "Sent:") and the parser (pasted header blocks) read
    the labels of attributions.json ``header_fields`` through one neutral function (ingest may not import parse)."""
    from threadkb.mailthreads import header_field_role
    assert header_field_role(label) == role
