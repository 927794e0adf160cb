"""The kind of a relation (rebuts / supports / answers) and the rule that names it: stance cues of the source
claim (agreement, negation, contrast, self-correction), the kinds of the two claims, and who is on which side."""
from __future__ import annotations

import re
from functools import lru_cache

from threadkb.link.features import Candidate, by_key, cue_pattern, cues, same_side
from threadkb.models import Claim, ClaimKind, RelationKind


def corrects_itself(text: str) -> re.Match | None:
    """The cue by which a message corrects its own side's earlier words (``self_correction``), or None."""
    return cue_pattern(cues()["self_correction"]).search(text)


@lru_cache(maxsize=4096)  # a claim is the source of several pairs and the target of others: read once
def _negated_words(text: str) -> frozenset[str]:
    """The words right after a negation ("did not find" -> "find"): what a sentence denies."""
    return frozenset(m.group(1).lower()[:5] for m in re.finditer(r"(?:\b(?:not|never|no)|n[’']t)\s+(\w+)", text, re.IGNORECASE))


@lru_cache(maxsize=4096)
def _stance_cues(text: str) -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    """The stance cues of a text, read once per text: the agreement it states (unless it also negates), and
    every rebuttal cue it holds, in table order (cue, matched words)."""
    table = cues()
    agree = None
    opener = cue_pattern(table["agree_opener"]).search(text)  # "Right, ... we don't": the opening agreement governs
    if opener and not cue_pattern(table["rebut"][1]["pattern"]).search(text):
        agree = ("opens by agreeing", opener.group(0).strip())
    for rule in table["agree"] if agree is None else ():
        m = cue_pattern(rule["pattern"]).search(text)
        if m and not cue_pattern(table["rebut"][0]["pattern"]).search(text):
            agree = (rule["cue"], m.group(0))
            break
    rebut = []
    for rule in table["rebut"]:
        m = cue_pattern(rule["pattern"]).search(text)
        if m:
            rebut.append((rule["cue"], m.group(0)))
    return agree, tuple(rebut)


def stance_of(src: Claim, tgt: Claim) -> tuple[str, str] | None:
    """("agree" | "rebut", evidence) from the stance cues of the source claim, or None."""
    agree, rebut = _stance_cues(src.text)
    if agree:
        return "agree", f"stance: {agree[0]} «{agree[1]}»"
    for cue, words in rebut:
        denied = _negated_words(src.text)
        if cue == "negation" and denied and denied <= _negated_words(tgt.text):
            continue  # "did not find this problem" restated: the target denies the same thing
        return "rebut", f"stance: {cue} «{words}»"
    return None


def relation_kind(src: Claim, tgt: Claim, cand: Candidate, thread, correction: re.Match | None = None,
          reports: frozenset[str] = frozenset()) -> tuple[RelationKind, str]:
    """The relation kind and the rule that chose it. ``correction``: the self-correction cue of the
    source message ("There are some errors in the title description"), if any."""
    side = same_side(src, tgt, reports)
    stance = stance_of(src, tgt)
    if correction is not None and stance and stance[0] == "rebut" and tgt.message != src.message:
        return RelationKind.REBUTS, f"self-correction «{correction.group(0)}»; {stance[1]}"
    if src.kind is ClaimKind.ADMISSION:
        return RelationKind.SUPPORTS, "kind: an admission concedes the point"
    if tgt.kind in (ClaimKind.QUESTION, ClaimKind.REQUEST) and src.kind is not ClaimKind.QUESTION:
        if (tgt.kind is ClaimKind.REQUEST and src.kind is not ClaimKind.COMMITMENT and stance and stance[0] == "rebut"
                and not cue_pattern(cues()["information_request"]).search(tgt.text)):
            return RelationKind.REBUTS, f"kind: argues against a request (a proposal); {stance[1]}"
        return RelationKind.ANSWERS, f"kind: responds to a {tgt.kind.value}"
    if src.kind is ClaimKind.COMMITMENT:
        return RelationKind.SUPPORTS, "kind: a commitment takes the point up"
    if side:
        return RelationKind.SUPPORTS, f"same side: {side}, who elaborates (no self-correction in the message)"
    if src.kind is ClaimKind.DENIAL and not (stance and stance[0] == "agree"):
        return RelationKind.REBUTS, "kind: a denial rejects the point"
    if stance:
        return (RelationKind.SUPPORTS if stance[0] == "agree" else RelationKind.REBUTS), stance[1]
    if any(e.startswith("competing figure") for e in cand.evidence):
        return RelationKind.REBUTS, "stance: a different figure for the same count"
    messages = by_key(thread)
    tmsg = messages.get(tgt.message)
    parent = messages.get(tmsg.in_reply_to) if tmsg and tmsg.in_reply_to else None
    agreeing = (stance_of(tgt, src) or ("",))[0] == "agree"
    if parent is not None and src.speaker and parent.author == src.speaker and tgt.speaker != src.speaker and not agreeing:
        return RelationKind.REBUTS, f"stance: {src.speaker} defends against a reply to their own message"
    return RelationKind.SUPPORTS, DEFAULT_STANCE


DEFAULT_STANCE = "stance: no contrast cue, same line of argument"
