"""A relation's evidence in plain words for the review report.

The link stage writes each reason as ``"rule: detail"``. Its shared words are named as the source claim writes
them ("shared words: conversion, txt"); older reasons name word stems ("shared words: conve, txt") and keys ("alvin-wang-20251008-1925 replies to ..."): ``plain_reason`` rewrites them with the
templates of ``threadkb/data/report_evidence.json``, expanding each stem to the words of the two claims it
stands for and each message key or claim id to its human label. A reason whose rule the table does not list
is kept as it is (the link stage's newer reasons are plain words), with keys and ids replaced by labels.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from threadkb import tables

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_RULE = re.compile(r"^(?P<rule>[A-Za-z][\w -]{0,40}?): (?P<detail>.*)$", re.S)
# a detail listing stems: lower-case words of at most five letters, comma-separated
_STEMS = re.compile(r"^[a-z0-9]{1,5}(?:, [a-z0-9]{1,5})*$")
# a detail listing words as the texts write them (the link stage's reasons since session 13: "download-zip, formats")
_WORDS = re.compile(r"^[^\W_][\w'’-]*(?:, [^\W_][\w'’-]*)*$")


@lru_cache(maxsize=1)
def table() -> dict:
    """The wording table (threadkb/data/report_evidence.json), rewrites compiled."""
    return tables.patterns("report_evidence.json")


def expand_stems(stems: Iterable[str], texts: Iterable[str]) -> list[str]:
    """Each stem as the first word of ``texts`` it stands for ("conve" -> "conversion"); a stem found in
    no text is left out (it would mean nothing to a reader)."""
    words = [w for t in texts for w in _WORD.findall(t or "")]
    out: list[str] = []
    for stem in stems:
        stem = stem.strip()
        full = next((w for w in words if w.lower() == stem
                     or (len(stem) == 5 and w.lower().startswith(stem))), None)
        if full and full.lower() not in (x.lower() for x in out):
            out.append(full)
    return out


def quoted_list(words: list[str]) -> str:
    """'“a”, “b” and “c”'."""
    q = [f"\u201c{w}\u201d" for w in words]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " and " + q[-1]


def plain_reason(reason: str, texts: Iterable[str] = (), label: Callable[[str], str] | None = None) -> str | None:
    """One reason in plain words, or None when it says nothing a reader can use (stems that match no word).

    ``texts``: the words the stems came from (the two claims and their sentences); ``label``: replaces
    message keys and claim ids by human labels (it returns its argument unchanged for anything else)."""
    t = table()
    m = _RULE.match(reason.strip())
    if not m or m["rule"] not in t["templates"]:
        return _relabel(_rewrite(reason.strip()), label)
    rule, detail = m["rule"], m["detail"].strip()
    if rule in t["drop"]:
        return None
    template = t["templates"][rule]
    words = ""
    if "{words}" in template:
        if not _STEMS.match(detail):
            if not _WORDS.match(detail):
                return _relabel(_rewrite(reason.strip()), label)
            return template.format(detail=detail, words=quoted_list(detail.split(", ")))
        found = expand_stems(detail.split(", "), list(texts))
        if not found:
            return None
        words = quoted_list(found)
    return template.format(detail=_relabel(_rewrite(detail), label), words=words)


def _rewrite(text: str) -> str:
    for pattern, repl in table()["rewrites"]:
        text = pattern.sub(repl, text)
    return text


_TOKEN = re.compile(r"[\w.:@-]+")


def _relabel(text: str, label: Callable[[str], str] | None) -> str:
    if label is None:
        return text
    return _TOKEN.sub(lambda m: _label_token(m.group(0), label), text)


def _label_token(token: str, label: Callable[[str], str]) -> str:
    core = token.rstrip(".:,")
    return label(core) + token[len(core):]


def plain_reasons(reasons: Iterable[str], texts: Iterable[str] = (), label: Callable[[str], str] | None = None,
                  gist: bool = False) -> list[str]:
    """Every reason in plain words, in order, without the empty and the repeated ones. ``gist``: only the
    reasons the summary shows (the table's ``gist`` rules, in its order; reasons of rules the table neither
    lists nor words first)."""
    texts = list(texts)
    order = table()["gist"]
    ranked: list[tuple[int, int, str]] = []
    for i, r in enumerate(part for reason in reasons for part in _split(reason)):
        m = _RULE.match(r)
        rule = m["rule"] if m else None
        known = rule in table()["templates"]
        if gist and known and rule not in order:
            continue
        rank = (order.index(rule) + 1) if gist and rule in order else 0
        ranked.append((rank, i, r))
    out: list[str] = []
    for _, _, r in sorted(ranked):
        p = plain_reason(r, texts, label)
        if p and p not in out:
            out.append(p)
    return out


def _split(reason: str) -> list[str]:
    """'self-correction «...»; stance: negation «not»' holds two reasons."""
    parts = [p.strip() for p in re.split(r";\s+(?=[A-Za-z][\w -]{0,40}?: )", reason)]
    return [p for p in parts if p]
