"""The patterns rewritten to run in linear time (issue 17) match exactly what they matched before.

Class of input: hostile runs (spaces, tabs, digits, newlines, dots) after the start of a match, which made the
old forms try every split of the run (tests/test_regex_linear.py finds them). Each rewrite only changes how
the engine backtracks (possessive ``*+``, a lazy scan inside a lookahead, a lookahead that tests what the
old form tested), so each old form is kept here and both run on every corpus file and on constructed variants
of the class the pattern reads: the same matches, spans and groups (``finditer``), or the same answer where
the code reads only whether it matches (``own_report``: ``bool(search)``).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from regex_inventory import DATA, ROOT


@lru_cache(maxsize=1)
def corpus() -> list[str]:
    return [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "corpora").iterdir()) if p.is_file()]


def _table(name: str) -> dict:
    return json.loads((DATA / name).read_text("utf-8"))


def _mail_pipermail() -> str:
    from threadkb.ingest import mail

    return mail._PIPERMAIL_FROM.pattern


def _found(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


# name -> (the pattern before the rewrite, the pattern now, flags, how the code reads it, constructed variants)
REWRITES = {
    "entity_patterns.json org_suffix (separator before the suffix: a run of blanks split two ways)": (
        r"(?<![\w&])(?P<name>[A-Z][\w&.'-]*(?:[ \t]+(?:[A-Z][\w&.'-]*|of|and|&|de|für)){0,6})[ \t]*,?[ \t]+"
        r"(?P<suffix>Co\.,?[ \t]*Ltd\.?|Co\.|Ltd\.?|Inc\.?|LLC|L\.L\.C\.|GmbH|AG|S\.A\.|S\.L\.|B\.V\.|N\.V\.|"
        r"Limited|Corporation|Corp\.|PLC|plc|Pty Ltd|A\.Ş\.|SAS)(?![\w])",
        lambda: _table("entity_patterns.json")["org_suffix"], 0, "finditer",
        ["Acme Inc", "Acme, Inc.", "Acme ,  Inc", "Acme\t,\tLtd.", "Acme Co., Ltd", "Acme Co.,Ltd", "Acme,Inc",
         "Acme ,Inc", "Acme , , Inc", "Acme  Inc", "Foo Bar of Baz GmbH", "A B C D E F G H Inc",
         "Deutsche Telekom Security GmbH and Foo, Inc.", "Acme" + " " * 50 + "Inc", "Acme" + " " * 50 + ",",
         "Acme,\t Corp.", "Acme , Ltd.x", "SHECA , Co., Ltd.", "e-commerce Inc", "Acme &  Sons, LLC",
         "Acme\t\t, \tInc", "Acme , \n Inc", "Acme," + "\t" * 40 + "x"]),
    "claim_cues.json own_report (a line start in a run of blank lines: each scanned the run)": (
        r"^\s*(?:(?:full|preliminary|final|updated|closing)\s+)?incident report\s*$|^\s*1\.\s*how your ca first "
        r"became aware",
        lambda: _table("claim_cues.json")["own_report"], re.IGNORECASE | re.MULTILINE, "exists",
        ["Incident Report", "  Full incident report  \n", "\n\n\nIncident report\n", "x\n \n\t\nincident report",
         "1. How your CA first became aware", "x\n \n 1.  how your ca first became aware", "incident report x",
         "the incident report", "Incident Report\r\nbody", "\n\n", " \x0b\x0c incident report \x0b", "final\n"
         "incident report", "Closing   Incident Report\n\n\n", "1.\nhow your CA first became aware",
         "a\n1.how your ca first became aware", "\u2028incident report", "incident report\u2028x"]),
    "link_cues.json figure (lookahead past a number scanned the rest of a long word again per digit)": (
        r"(?<![#=/.\w-])(?<!bug )(?<!Bug )(?<!bug #)(?<!Bug #)(?:\d{1,3}(?:,\d{3})+\+?|(?!(?:199|20[0-3])\d\b"
        r"(?!\s*\+))\d{3,}\+?)(?![\w./-]*\d)",
        lambda: _table("link_cues.json")["figure"], 0, "finditer",
        ["1,000", "12,345+", "12345", "2025", "2025 +", "2025+", "1999", "bug 12345", "Bug #12345", "v1.12345",
         "12345abc", "123 456", "100000-20", "3000./x1", "5000 certs", "1.5000", "#12345", "=12345", "12345/67",
         "12345-a", "12345.", "12345.6", "12345" + "1." * 30, "1234" + "a" * 40 + "1", "1234" + "a" * 40,
         "1,234,567 and 89,000+", "(12345)", "12345abc-def.ghi"]),
    "threadkb/ingest/mail.py _PIPERMAIL_FROM (each dot of the domain tried with the rest of the word)": (
        r"^([^\s@<>()\"]+) at ([^\s@<>()\"]+\.[^\s@<>()\"]+)(?=\s*(?:\(.*\))?$)",
        _mail_pipermail, 0, "sub",
        ["jane at example.com", "jane at example.com (Jane Doe)", "jane at example", "jane at .com",
         "jane at example. ", "jane at a.b.c  (x)", "jane at example.com extra", "a at b.", "a at .b.c",
         "a at b..c", "x at y.z(Name)", "x at y.z (Name", "x at y.z\t", "x at a.b" + ".c" * 40 + "@",
         "x at ." + "a" * 40, "x at a" + "." * 40, "x at y.z ()", "x at y.z (a) (b)"]),
    "link_cues.json rebut 'concession, then contrast' (a line start in a run of newlines scanned the run)": (
        "^\\W*(?:yes|yeah|yep|sure|right|true|agreed|ok(?:ay)?|indeed|granted|fair enough|that(?:'s| is) (?:true|fair)|(?:i|we)\\s+(?:\\w+\\s+)?agree(?:\\s+with\\s+\\S+)?)\\b[\\s,.;:!-]*(?:\\w+[\\s,]+){0,3}?(?:but|however|though|although)\\b",
        lambda: next(r["pattern"] for r in _table("link_cues.json")["rebut"] if r["cue"] == "concession, then contrast"),
        re.IGNORECASE | re.MULTILINE, "stripped",
        ["Sure, but that is not what the BRs say.", "Yes, but no.", "  -- Right, however we disagree", "OK but no",
         "Okay, but the CA did not revoke.", "Fair enough, but 24 hours is the rule.", "I agree, but not here.",
         "We fully agree; however the deadline passed.", "yes\n\n, but", "\n\nSure, but x", "x\nYes, but y",
         "Sure thing", "Surely not", "True, though it is late.", "\u201cSure\u201d, but", "+1 but no"]),
    "link_cues.json proposal_question (a line start in a run of newlines scanned the run)": (
        "^\\W*(?:what if|how about|what about|why not|wouldn['’]t|shouldn['’]t|couldn['’]t|isn['’]t|aren['’]t|doesn['’]t|don['’]t|can['’]t)\\b|\\b(?:can|could|would) you (?:\\w+ )?(?:change|update|add|remove|fix|consider|amend|drop)\\b",
        lambda: _table("link_cues.json")["proposal_question"], re.IGNORECASE | re.MULTILINE, "stripped",
        ["What if the CA revokes first?", "How about 7 days?", "Why not use ACME?", "Wouldn't X allow that?",
         "  (what about CRLs?)", "\n\nWhat if we wait?", "x\nhow about this?", "Whatever it is.",
         "Don't you think so?", "isn\u2019t it late?", "-- why not?", "So what if?"]),
    "threadkb/link/candidates.py _NEW_SECTION (a line start in a run of newlines scanned the run)": (
        r"\n\s*(?:\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+)[A-Za-z]",
        lambda: __import__("threadkb.link.candidates", fromlist=["_NEW_SECTION"])._NEW_SECTION.pattern, 0, "exists",
        ["\n2. Next point", "\n\n\n  3) third", "\n 4.9.1.1 Reasons", "x\n\t\n 1.2 Title", "\n\n", "\n12 x",
         "\n1.2.3  \n Title", "no newline 1. x", "\n \n \n5.a", "\n" * 40 + "1. a", "\n1.", "\n1) ",
         "a\n  \n  2.3.4 Item", "\r\n7. seven"]),
}


# a pattern whose every start scanned the rest of the text, replaced by a function of one pass: (the pattern,
# its replacement text, the function, constructed variants)
FUNCTION_REWRITES = {
    "threadkb/store.py _ADDRESS (a long word without '@': each start scanned the word)": (
        r"<[^>]*>|\S+@\S+", " ", lambda: __import__("threadkb.store", fromlist=["x"]).without_addresses,
        ["Jane Doe <jane@example.com>", "jane@example.com", "<a b>c@d", "@b", "@@b", "x@@b", "a@", "a@ b",
         "<a>b@c", "a<b>@c", "ab<c>d@e", "<<<>", "<no close a@b", "Bob via dev-security-policy <x@y>",
         "\u00a0a@b\u2003c", "", "'Ann' (via list) <ann@x.org>", "a" * 200, "<" * 50 + "a@b", "x@" + "y" * 40]),
    "threadkb/ingest/mail.py Date comment (a long run of '(': each scanned the rest)": (
        r"(?<!\s)\s*\([^)]*\)\s*$", "", lambda: __import__("threadkb.ingest.mail", fromlist=["x"]).without_trailing_comment,
        ["Tue, 20 Nov 2001 12:29:13 -0800 (PST)", "Tue, 20 Nov 2001 12:29:13 -0800", "x (a) (b)", "x (a (b) c)",
         "(a)", "  (a)  ", "x(a)\n", "x (a)\n\n", "((((", "x (a)) ", "x\u00a0(a)", "", "Mon, 3 Mar 2025 (GMT+8)",
         "(" * 60, "x (" + "a" * 50 + ")"]),
}


@pytest.mark.parametrize("name", list(FUNCTION_REWRITES))
def test_function_gives_what_the_pattern_gave(name):
    """Same text as ``re.sub`` with the old pattern, on every corpus file, line and window of four lines, the
    constructed variants and 20,000 random strings over the pattern's own characters."""
    import random

    before, replacement, function, variants = FUNCTION_REWRITES[name]
    old, new = re.compile(before), function()
    texts = list(variants)
    for text in corpus():
        lines = text.split("\n")
        texts += [text, *lines, *("\n".join(lines[i:i + 4]) for i in range(len(lines)))]
    rng = random.Random(0)
    texts += ["".join(rng.choice("ab@<>() \t\n") for _ in range(rng.randint(0, 14))) for _ in range(20_000)]
    assert [t[:80] for t in texts if old.sub(replacement, t) != new(t)] == []
    assert sum(old.sub(replacement, t) != t for t in variants) >= 3  # the variants exercise the pattern


def _compare(old: re.Pattern, new: re.Pattern, how: str, text: str):
    if how == "exists":
        return bool(old.search(text)), bool(new.search(text))
    if how == "stripped":  # stance cues: the code reads the first match's words, stripped, in a claim's text
        found = old.search(text), new.search(text)
        return tuple(m and m.group(0).strip() for m in found)
    if how == "sub":
        return old.sub(r"\1@\2", text), new.sub(r"\1@\2", text)
    return _found(old, text), _found(new, text)


@pytest.mark.parametrize("name", list(REWRITES))
def test_rewrite_matches_what_the_old_form_matched(name):
    before, now, flags, how, variants = REWRITES[name]
    old, new = re.compile(before, flags), re.compile(now(), flags)
    assert old.pattern != new.pattern  # the rewrite is in place (else this test guards nothing)
    texts = list(variants)
    for text in corpus():  # whole files, and each line and window of four lines (the units the code reads)
        lines = text.split("\n")
        texts += [text, *lines, *("\n".join(lines[i:i + 4]) for i in range(len(lines)))]
    differ = [t[:80] for t in texts if (pair := _compare(old, new, how, t))[0] != pair[1]]
    assert differ == []
    hits = sum(1 for t in variants if _compare(old, new, how, t)[0] not in ([], False, None))
    assert hits >= 3  # the variants exercise the pattern (some match), not only its failures


# citation_patterns.json macros before the rewrite: "\s*,?\s*" and friends without possessive marks split a
# run of spaces two ways ("Section 1" + 4,000 spaces cost seconds per row)
CITATION_BEFORE = {
    "ITEMTAIL": r"(?:\s*,?\s*{ITEMW}\s*(?:#|\((?=\d{1,2}\)))?(?P<item>\d{1,2})\)?(?!\w|\.\d)(?P<more_items>"
                r"{MORE_ITEMS})|(?:\s|\.)?\((?P<item_paren>\d{1,2})\)(?P<more_parens>{MORE_PARENS})|\s*,?\s*#\s?(?P<item_hash>"
                r"\d{1,2})(?!\w)(?P<more_hashes>{MORE_ITEMS})|\s*(?:{ITEMW}\s*)?\((?P<item_letter>[a-z])"
                r"(?:\)|,[ \t][A-Za-z][^()\n]{2,40}\))(?!\w)"
                r"(?P<more_letters>{MORE_PARENS})|\s*,?\s*(?:the\s+)?(?P<item_ord>{ORD})\s+{ITEMW}(?!\w)"
                r"|\s*¶\s*(?P<item_mark>\d{1,2})(?!\w|\.\d)|\.(?P<item_dot>[a-z])(?:\.\d{1,2})?(?!\w|\.\w)"
                r"|[ \t](?P<item_word_letter>[a-z])(?P<more_word_letters>(?:[ \t]*,[ \t]*[a-z])*[ \t]*,?[ \t]+(?:and|or)"
                r"[ \t]+[a-z])(?![\w(]|\.\w)"
                r"|[ \t]++(?:[Ll]etter[ \t]++(?P<item_named_letter>[a-z])(?![\w-])|(?P<item_lone_letter>[a-z])(?=\))))",
    # (session 7: letters after a comma, a sub-number, bare letter lists; session 10: an item in parentheses after
    # a dot "8.2.(4)", a lone letter before a closing parenthesis "(7.1.4.2.2 f)", "letter c")
    "MORE_ITEMS": r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:{ITEMW}\s*)?#?\d{1,2}(?!\w|\.\d))*",
    "MORE_PARENS": r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)\((?:\d{1,2}|[a-z])\))*",
}

CITATION_VARIANTS = [
    "Section 1, item 2", "section 4.2 items 3 and 4", "Section 1 (a), (b) and (c)", "BR 4.2.1 , item 3",
    "section 1  ,  item 2", "§ 3.2.1 #4", "section 3 the second item", "section 3, the 2nd bullet",
    "Section 1(a)", "Sections 1 and 2", "4.2.1 , 4.2.2 and 4.2.3", "section 5 point 1, 2 or 3",
    "Section 1" + " " * 30 + "item 2", "Section 1" + " " * 30 + ",", "TLS BR section 7.1.2.3 item (b)",
    "RFC 5280 section 4.2.1.9", "section 1 ,2", "section 2 # 3", "section 2 #3, #4 and #5",
    "section 6.1.1.3 (a) , (b) or (c)", "BR section 3.2.2.4.7, items 1 & 2", "section 4.9.1.1 items (4),(5)",
    "Mozilla policy section 5.2 , points 1 ,  2", "section 7.1 item\t3", "section 1.2.3 , the fourth point",
    "BRs 4.9.1.1 and 4.9.1.2, and 6.1.1.3", "section 3\n, item 4", "section 8 item 3 and item 4 and x",
]


def _citation_tables():
    """The citation table with the macros as they were, and as shipped: both compiled by the loader (the old one
    read from a folder holding it beside the shipped schema)."""
    import tempfile
    from pathlib import Path
    from unittest import mock

    from threadkb import tables
    from threadkb.extract.citations import CitationTable

    name = "citation_patterns.json"
    before = _table(name)
    before["macros"].update(CITATION_BEFORE)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / tables.SCHEMA_DIR).mkdir()
        (root / name).write_text(json.dumps(before), "utf-8")
        schema = tables.schema_name(name)
        (root / tables.SCHEMA_DIR / schema).write_text((DATA / tables.SCHEMA_DIR / schema).read_text("utf-8"), "utf-8")
        old_table = tables.read_table(name, root)
    shipped = tables._loaded
    with mock.patch.object(tables, "_loaded", lambda n: old_table if n == "before.json" else shipped(n)):
        old = CitationTable("before.json")
    return old, CitationTable(name)


def test_citation_macros_rewrite_matches_what_the_old_form_matched():
    old, new = _citation_tables()
    assert [r.regex.pattern for r in old.rows] != [r.regex.pattern for r in new.rows]
    pairs = [(a.name, a.regex, b.regex) for a, b in zip(old.rows, new.rows, strict=True)]
    pairs.append(("chain", old.chain, new.chain))
    differ = []
    for name, a, b in pairs:
        for text in [*corpus(), *CITATION_VARIANTS]:
            if _found(a, text) != _found(b, text):
                differ.append((name, text[:60]))
        for text in CITATION_VARIANTS:  # the chain is matched at a position: every position of each variant
            for pos in range(len(text)):
                ma, mb = a.match(text, pos), b.match(text, pos)
                if (ma and (ma.span(), ma.groups())) != (mb and (mb.span(), mb.groups())):
                    differ.append((name, text, pos))
    assert differ == []
    hits = sum(1 for _n, a, _b in pairs for t in CITATION_VARIANTS if a.search(t))
    assert hits >= len(CITATION_VARIANTS)
