"""The kind of a relation (rebuts / supports / answers) and the rule that names it: stance cues of the source
claim (agreement, negation, contrast, self-correction), the kinds of the two claims, and who is on which side."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from threadkb.link.features import (
    Candidate,
    by_key,
    cue_pattern,
    cues,
    message_text,
    same_side,
    scored_kind as scored_kind,  # (read by the scorers as stance.scored_kind)
)
from threadkb.models import Claim, ClaimKind, RelationKind
from threadkb.prefilter import FilteredRegex


def corrects_itself(text: str) -> re.Match | None:
    """The cue by which a message corrects its own side's earlier words (``self_correction``), or None."""
    return cue_pattern(cues()["self_correction"]).search(text)


def indirect_question(claim: Claim) -> re.Match | None:
    """The words by which a claim asks without a question mark ("I want to know if ...", "how can I test ..."),
    or None (``indirect_question`` of ``link_cues.json``)."""
    return _indirect_question(claim.text)


def _indirect_question(text: str) -> re.Match | None:
    return cue_search("indirect_question", text)


@lru_cache(maxsize=8192)  # a claim is the source or target of several pairs the kind is asked of: searched once
def cue_search(name: str, text: str) -> re.Match | None:
    """The first match in ``text`` of the cue pattern named ``name`` in the table (``link_cues.json``), or None."""
    return cue_pattern(cues()[name]).search(text)


@lru_cache(maxsize=4096)  # a claim's text is read past its address by several cue readers: once
def past_address(text: str) -> str:
    """``text`` read past a leading address ("@name", "Hi Ben,": ``address_prefix`` of ``link_cues.json``)."""
    return cue_pattern(cues()["address_prefix"]).sub("", text, count=1)


def cue_search_past_address(name: str, text: str) -> re.Match | None:
    """``cue_search`` of the cue pattern ``name`` in ``text`` read past a leading address (``past_address``)."""
    return cue_search(name, past_address(text))


@lru_cache(maxsize=4096)  # a claim is the source of several pairs and the target of others: read once
def _negated_words(text: str) -> frozenset[str]:
    """The words right after a negation ("did not find" -> "find"): what a sentence denies."""
    return frozenset(m.group(1).lower()[:5] for m in re.finditer(r"(?:\b(?:not|never|no)|n[’']t)\s+(\w+)", text, re.IGNORECASE))


def _rebut_pattern(cue: str) -> re.Pattern | FilteredRegex:
    """The pattern of the rebuttal cue named ``cue`` in the table."""
    return cue_pattern(next(r["pattern"] for r in cues()["rebut"] if r["cue"] == cue))


@lru_cache(maxsize=4096)
def _stance_cues(text: str) -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    """The stance cues of a text, read once per text: the agreement it states (unless it also negates), and
    every rebuttal cue it holds, in table order (cue, matched words). A leading address ("@name", "Hi Ben,",
    ``address_prefix`` of ``link_cues.json``) is read past: "@alice Agreed, ..." opens by agreeing."""
    table = cues()
    text = past_address(text)
    agree = None
    conceded = _rebut_pattern("concession, then contrast").search(text)  # "Sure, but ...": no agreement
    opener = None if conceded else cue_pattern(table["agree_opener"]).search(text)
    if opener and not _rebut_pattern("contrast").search(text):  # "Right, ... we don't": the opening agreement governs
        agree = ("opens by agreeing", opener.group(0).strip())
    for rule in table["agree"] if agree is None and not conceded else ():
        m = cue_pattern(rule["pattern"]).search(text)
        if m and not _rebut_pattern("negation").search(text):
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
    return _stance_of_texts(src.text, tgt.text)


def _stance_of_texts(text: str, target: str) -> tuple[str, str] | None:
    """``stance_of`` on the two claims' texts (all it reads of them)."""
    agree, rebut = _stance_cues(text)
    if agree:
        return "agree", f"stance: {agree[0]} «{agree[1]}»"
    for cue, words in rebut:
        denied = _negated_words(text)
        if cue == "negation" and denied and denied <= _negated_words(target):
            continue  # "did not find this problem" restated: the target denies the same thing
        if cue == "negation" and negation_in_wording(text):
            continue  # "MUST NOT be used", a proposed wording in quotes: what a rule says, not a stance
        if cue == "negation" and additive_negation(text):
            continue  # "not only when the key is lost": adds a case, denies nothing
        return "rebut", f"stance: {cue} «{words}»"
    return None


@lru_cache(maxsize=4096)  # read for each pair whose source negates: once per text
def additive_negation(text: str) -> bool:
    """Whether every negation of ``text`` opens an additive phrase ("not only", "not just", ``additive_negation``
    of ``link_cues.json``): "you must revoke not only when the key is lost" adds a case, it denies nothing."""
    negations = _negations(text)
    spans = [m.span() for m in cue_pattern(cues()["additive_negation"]).finditer(text)]
    return bool(negations) and _inside(negations, spans)


@lru_cache(maxsize=4096)
def opening_sentence(text: str) -> tuple[str, int]:
    """The first sentence of a message's own text and the offset where it ends: after any greeting or
    addressee line ("Hi Ben,", "@name", ``opening.greeting_line`` of ``link_cues.json``), up to the first
    sentence end or blank line, at most ``opening.max_chars`` characters, on one line."""
    table = cues()["opening"]
    start = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and not cue_pattern(table["greeting_line"]).match(line):
            break
        start += len(line)
    m = cue_pattern(table["sentence_end"]).search(text, pos=start, endpos=start + table["max_chars"])
    end = m.end() if m else min(len(text), start + table["max_chars"])
    return " ".join(text[start:end].split()), end


def opening_stance(src: Claim, tgt: Claim, thread) -> tuple[str, str] | None:
    """The stance of the first sentence of the source's message, for a claim that comes after it ("I disagree.
    The draft would ...", "No. ...", "Sure, but where do you draw the line? 3.2.2.4.6 is also underspecified."):
    a reply's opening sentence says how it takes the message it answers, and its later claims argue that
    stance. None when the claim is the opening itself or the opening shows no stance."""
    msg = by_key(thread).get(src.message) if thread is not None else None
    if msg is None:
        return None
    opening, end = opening_sentence(message_text(thread, msg))
    if not opening or src.start < end:
        return None
    stance = _stance_of_texts(opening, tgt.text)
    if stance is None:
        return None
    cue = stance[1].removeprefix("stance: ").split(" «", 1)[0]
    return stance[0], f"stance: {cue}{OPENING_WORDS}{opening[:80]}»"


OPENING_WORDS = " in the opening of the reply «"  # "stance: negation in the opening of the reply «I don't think ...»"


def is_proposal(claim: Claim) -> bool:
    """Whether ``claim`` is a proposal: a request that asks for a change ("Consider setting a date ...",
    "s/a/b/"), not for information ("Please confirm whether ...", ``information_request``). A reply argues
    for or against a proposal; it answers a question. An assertion worded as a proposal ("Maybe you could also
    disable ...", "Suggest updating this language ...", ``proposal_shape``) is one too: the claim scorer often
    types such sentences assertions, and the kind of a reply reads what the sentence asks."""
    if claim.kind is ClaimKind.ASSERTION and not proposal_shaped(claim):
        return False
    return claim.kind in (ClaimKind.REQUEST, ClaimKind.ASSERTION) and not cue_search("information_request", claim.text)


def challenge(claim: Claim) -> re.Match | None:
    """The words by which a question opens by objecting, after a concession or not ("Sure, but where do you draw
    the line?", "But why would a CA do that?", ``challenge_question`` of ``link_cues.json``), read past a leading
    address; or None. Such a question argues a point: a reply that argues back rebuts it."""
    return cue_search_past_address("challenge_question", claim.text) if claim.kind is ClaimKind.QUESTION else None


def questions(claim: Claim) -> re.Match | None:
    """The word by which a question asks ("Is there any strong requirements …?", "Why should it …?", "Wouldn't
    3.2.2.4.11 allow …?": an interrogative or an auxiliary verb, ``question_asks`` of ``link_cues.json``), read past
    a leading address; or None (not a question, or a fragment that offers: "Something like this?")."""
    return cue_search_past_address("question_asks", claim.text) if claim.kind is ClaimKind.QUESTION else None


def proposal_shaped(claim: Claim) -> re.Match | None:
    """The words by which a claim asks for a change without being typed a request ("Consider setting ...",
    "Maybe you could also ...", "I would like to revive this proposal", ``proposal_shape`` of
    ``link_cues.json``), or None."""
    return cue_search_past_address("proposal_shape", claim.text)


@lru_cache(maxsize=4096)
def offers_wording(text: str) -> str | None:
    """The wording a claim offers ("What about: "... MAY NOT be reused ..."", "Suggest " ... SHALL NOT be used
    ..."", "replaced with "CAs SHALL NOT sign ...""): a proposal cue (``offered_wording``) and a quoted text of
    at least ``negation_in_wording.quoted_min_words`` words, or None. Its first words, for the evidence."""
    table = cues()
    if not cue_search_past_address("offered_wording", text):
        return None
    quoted = table["negation_in_wording"]
    for m in cue_pattern(quoted["quoted"]).finditer(text):
        if len(m.group(0).split()) >= quoted["quoted_min_words"]:
            return " ".join(m.group(0).split()[:6])
    return None


def relation_kind(src: Claim, tgt: Claim, cand: Candidate, thread,
                  correction: re.Match | Callable[[], re.Match | None] | None = None,
                  reports: frozenset[str] = frozenset()) -> tuple[RelationKind, str]:
    """The relation kind and the rule that chose it. ``correction``: the self-correction cue of the
    source message ("There are some errors in the title description"), if any, or what reads it when asked
    (only a rebuttal asks). A claim without a stance cue of its own takes the stance of its message's opening
    sentence (``opening_stance``)."""
    side = same_side(src, tgt, reports)
    stance = stance_of(src, tgt) or opening_stance(src, tgt, thread)
    if stance and stance[0] == "rebut" and tgt.message != src.message and correction is not None:
        if callable(correction):
            correction = correction()
        if correction is not None:
            return RelationKind.REBUTS, f"self-correction «{correction.group(0)}»; {stance[1]}"
    if src.kind is ClaimKind.ADMISSION:
        return RelationKind.SUPPORTS, "kind: an admission concedes the point"
    asks = indirect_question(tgt) if tgt.kind is ClaimKind.ASSERTION and src.kind is not ClaimKind.QUESTION else None
    if asks is not None:
        return RelationKind.ANSWERS, f"kind: responds to an indirect question «{asks.group(1) or asks.group(0)}»"
    offered = offers_wording(src.text) if tgt.message != src.message and not (stance and stance[0] == "agree") else None
    if offered is not None and offers_wording(tgt.text) is not None:
        return RelationKind.REBUTS, f"kind: offers a competing wording «{offered}»"
    tgt_proposes = is_proposal(tgt)  # read once: every branch below may ask
    proposal = tgt.kind is ClaimKind.REQUEST or tgt_proposes  # a request, or an assertion worded as a proposal
    asked = "request" if proposal else tgt.kind.value
    if (tgt_proposes and src.kind not in (ClaimKind.QUESTION, ClaimKind.COMMITMENT)
            and len(src.text.split()) <= cues()["acceptance_max_words"]
            and (own := stance_of(src, tgt)) and own[0] == "agree"):
        return RelationKind.SUPPORTS, f"kind: accepts a request (a proposal) in a few words; {own[1]}"
    if proposal and src.kind is ClaimKind.QUESTION and not (stance and stance[0] == "rebut"):
        return RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)"
    if offered is not None and tgt_proposes:
        return RelationKind.ANSWERS, f"kind: offers the wording a proposal asks for «{offered}»"
    if (tgt.kind is ClaimKind.QUESTION or proposal) and src.kind is not ClaimKind.QUESTION:
        proposes = proposal or cue_search("proposal_question", tgt.text)
        objects = None if proposes else challenge(tgt)  # "Sure, but where do you draw the line?" argues a point
        if ((proposes or objects) and src.kind is not ClaimKind.COMMITMENT and stance and stance[0] == "rebut"
                and not cue_search("information_request", tgt.text)):
            what = f"a challenge «{objects.group(0).strip()}»" if objects else "a proposal"
            return RelationKind.REBUTS, f"kind: argues against a {asked} ({what}); {stance[1]}"
        if src.kind is ClaimKind.ASSERTION and tgt_proposes:
            if done := cue_search("work_report", src.text):
                return RelationKind.ANSWERS, f"kind: reports the work a request (a proposal) asked for «{done.group(0).strip(' .;:,!')}»"
            if not stance or stance[0] == "agree":
                return RelationKind.SUPPORTS, f"kind: takes the side of a request (a proposal); {stance[1] if stance else 'no rebut stance'}"
        return RelationKind.ANSWERS, f"kind: responds to a {asked}"
    if src.kind is ClaimKind.COMMITMENT:
        return RelationKind.SUPPORTS, "kind: a commitment takes the point up"
    if side:
        return RelationKind.SUPPORTS, f"same side: {side}, who elaborates (no self-correction in the message)"
    if (tgt.kind is ClaimKind.ASSERTION and not tgt_proposes and tgt.message != src.message
            and not (stance and stance[0] == "rebut") and (asks := questions(src))
            and (stance_of(src, tgt) or ("",))[0] != "agree"):
        carried = f"; not the agreement of its message's opening ({stance[1].removeprefix('stance: ')})" if stance else ""
        return RelationKind.REBUTS, f"kind: a question put to a statement questions it «{asks.group(0).strip()}»{carried}"
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
    if (parent is not None and src.speaker and parent.author == src.speaker and tgt.speaker != src.speaker
            and not agreeing and not cue_search("gratitude", src.text)):
        return RelationKind.REBUTS, f"stance: {src.speaker} defends against a reply to their own message"
    return RelationKind.SUPPORTS, DEFAULT_STANCE


DEFAULT_STANCE = "stance: no contrast cue, same line of argument"


# --------------------------------------------------------------------------- what the kind learner reads of the rules

# the rules' reasons (``relation_kind``) by the words they open with: the rule's name
_RULE_PREFIXES = (
    ("self-correction ", "self_correction"), ("kind: an admission", "admission"), ("kind: argues against", "against_request"),
    ("kind: responds to an indirect", "indirect_question"), ("kind: accepts a request", "accepts_request"),
    ("kind: offers a competing wording", "competing_wording"), ("kind: offers the wording", "offers_wording"),
    ("kind: a question takes up", "question_takes_request"), ("kind: reports the work", "work_report"),
    ("kind: takes the side of", "sides_with_proposal"), ("kind: responds to", "responds"), ("kind: a commitment", "commitment"), ("same side:", "same_side"),
    ("kind: a question put to", "question_to_statement"), ("kind: a denial", "denial"), ("stance: a different figure", "figure"), (DEFAULT_STANCE, "default"),
)


def rule_name(why: str) -> str:
    """The name of the rule behind a reason of ``relation_kind`` ("stance: negation «not»" -> "negation")."""
    for prefix, name in _RULE_PREFIXES:
        if why.startswith(prefix):
            return name
    if why.startswith("stance: ") and OPENING_WORDS in why:  # "stance: negation in the opening of the reply «No.»"
        return "opening_" + re.sub(r"\W+", "_", why.removeprefix("stance: ").split(OPENING_WORDS, 1)[0].strip())
    if why.startswith("stance: ") and " defends against " in why:
        return "defends"
    m = re.match(r"stance: ([^«]+?) «", why)
    return re.sub(r"\W+", "_", m.group(1).strip()) if m else "other"


@lru_cache(maxsize=4096)  # read of a claim as source and as target: once per text
def _negations(text: str) -> tuple[re.Match, ...]:
    return tuple(_rebut_pattern("negation").finditer(text))


@lru_cache(maxsize=4096)
def negation_in_wording(text: str) -> bool:
    """Whether every negation of ``text`` stands inside a normative phrase in RFC 2119 capitals ("MUST NOT",
    "SHALL NOT") or inside a quoted wording of several words (``negation_in_wording`` of ``link_cues.json``):
    the text proposes or cites a rule; it does not deny anything. A short quote ("won't fix") is the
    speaker's own words."""
    negations = _negations(text)
    if not negations:
        return False
    table = cues()["negation_in_wording"]  # compiled as written: "MUST NOT" is normative, "must not" may be a stance
    spans = [m.span() for m in cue_pattern(table["normative"]).finditer(text)]
    spans += [m.span() for m in cue_pattern(table["quoted"]).finditer(text)
              if len(m.group(0).split()) >= table["quoted_min_words"]]
    return _inside(negations, spans)


def _inside(negations: tuple[re.Match, ...], spans: list[tuple[int, int]]) -> bool:
    """Whether every negation starts inside one of the spans."""
    return all(any(a <= n.start() < b for a, b in spans) for n in negations)




def cue_features(src: Claim, tgt: Claim) -> set[str]:
    """What the stance cues say of a pair, as names: the source's agreement (opening or not) and rebuttal cues
    (table names), whether its negations all stand inside a normative phrase ("MUST NOT") or quoted text
    (proposed wording, not a stance), whether the target is negated too and denies the same words, whether
    the target agrees back, and whether the target asks for information."""
    agree, rebut = _stance_cues(src.text)
    out = set()
    if agree:
        out.add("agree_opener" if agree[0] == "opens by agreeing" else "agree")
    out.update(re.sub(r"\W+", "_", cue) for cue, _ in rebut)
    if negation_in_wording(src.text):
        out.add("negation_in_wording")
    if _negations(tgt.text):
        out.add("target_negated")
        if _negated_words(src.text) & _negated_words(tgt.text):
            out.add("same_denial")
    if (stance_of(tgt, src) or ("",))[0] == "agree":
        out.add("target_agrees")
    if cue_search("information_request", tgt.text):
        out.add("target_asks_information")
    return out

