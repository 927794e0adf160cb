#!/usr/bin/env python3
"""Where the cross-validated relations are lost: the ceiling of each stage of the link stage.

    python scripts/relation_ceiling.py [--gold ../shared/gold] [--cv 5] [--seed 0 [1 2 ...]] [--json] [--misses]
                                       [--siblings] [--false] [--lost]
    python scripts/relation_ceiling.py --by source   # as ``threadkb eval --cv-by source``, one table per direction

Cross-validated exactly as ``threadkb eval --cv K --seed N`` (folds by file; every learned component retrained
on the other folds). For the gold relations it counts, stage by stage:

1. both ends matched: a predicted claim matches the gold ``from`` claim and one matches the gold ``to`` claim;
2. candidate: the linker proposes such a (source, target) pair (``threadkb.link.candidate_pairs``);
3. chosen: the scorer turns such a pair into a relation (any kind);
4. kind right: one of the chosen pairs has the gold kind (= found, the recall of ``threadkb eval``); with
   ``--misses``, each chosen pair of the wrong kind is listed with the reason its kind was given.

For the source claims with a gold target among their candidates it shows where the scorer's most probable
candidate stands (``top_pick``): the gold target, a sibling (another claim of a gold target's message) that the
gold judges or does not list at all, or a claim of another message.

The gold relations lost at the choice (a candidate, not chosen) are sorted by why (``lost_choice``): the source
took another of its gold targets, the gold target is its most probable candidate but under the threshold, or a
sibling / a claim of another message is more probable; ``--lost`` lists them with the two most probable other
candidates and the features by which each outweighs the gold pair (``ahead_by``).

With ``--siblings``, each source claim whose most probable candidate is a sibling is listed with the candidates of
the messages of its gold targets and of the pick (``sibling_case``: probability, place in the message, kind,
whether the gold lists the claim).

Each stage bounds the recall of the next. A gold relation lost at stage 2 is sorted by why (the target comes
after the source, is in the same message, is in a message the candidates do not reach). For the chosen pairs
it shows the kind confusion (gold kind -> predicted kind), and for the predicted relations that the gold can
judge (both ends match gold claims), how many are not gold relations at all and how many have the wrong kind.
Those that are no gold relation are sorted by their source claim (``false_source``): the gold relates it to
another claim of the same message as the false target or of another message, has it only as a target, or relates
it to nothing; each split by how many targets the linker gave the source claim (1 or 2+).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadkb import evaluate, learn, pipeline  # noqa: E402
from threadkb.link import candidate_pairs, kind_model, link  # noqa: E402
from threadkb.link.features import first_places  # noqa: E402
from threadkb.link.score import MESSAGE_BEST, probability  # noqa: E402

STAGES = ("gold", "both_ends", "candidate", "chosen", "kind_right")
TOP_PICKS = ("gold", "sibling_judged", "sibling_unjudged", "other_judged", "other_unjudged")
FALSE_SOURCES = ("other_target_sibling", "other_target_elsewhere", "only_target", "no_relation")
LOST_CHOICES = ("another_gold_target_taken", "gold_first_under_threshold", "sibling_ahead", "other_message_ahead")


def false_source(gold_target_messages: set[str] | None, is_gold_target: bool, message: str) -> str:
    """Why a predicted relation that the gold judges (both ends match gold claims) but lists no relation for is
    false, told by its source claim: ``other_target_sibling`` / ``_elsewhere``: the gold relates the source to
    other claims (``gold_target_messages``: the messages of the predicted claims that match them, empty when none
    does), one of them in the false target's ``message`` / none; ``only_target``: the gold relates the source to
    nothing (``gold_target_messages`` None) and has it as a target (``is_gold_target``); ``no_relation``: the gold
    has it in no relation."""
    if gold_target_messages is not None:
        return "other_target_sibling" if message in gold_target_messages else "other_target_elsewhere"
    return "only_target" if is_gold_target else "no_relation"


def lost_choice(gold_message: str, gold_probability: float, ranked: list[tuple[str, float, bool]]) -> str:
    """Why a gold relation whose pair is a candidate was not chosen, told by the other candidates of its source
    claim (``ranked``: (target message, probability, the pair is chosen and a gold relation), most probable first;
    the gold pair's own row among them): ``another_gold_target_taken``: the source took another of its gold targets
    (the cap on targets per claim or the threshold of a second target kept this one out);
    ``gold_first_under_threshold``: the gold target is the most probable candidate, under the threshold (the
    message's floor took another claim's pair, or none); ``sibling_ahead``: another claim of the gold target's
    message is more probable; ``other_message_ahead``: a claim of another message is."""
    if any(taken for _, _, taken in ranked):
        return "another_gold_target_taken"
    if not ranked or gold_probability >= ranked[0][1]:
        return "gold_first_under_threshold"
    return "sibling_ahead" if ranked[0][0] == gold_message else "other_message_ahead"


def ahead_by(top: dict[str, float], gold: dict[str, float], weight: dict[str, float], n: int = 4) -> str:
    """The learned features by which the pair ``top`` outweighs the gold pair ``gold`` (coefficient times value,
    the difference), the ``n`` largest each way, in words: "for the pick: a +0.94, …; for the gold: b -0.52, …"."""
    diff = sorted(((weight.get(k, 0.0) * (top.get(k, 0.0) - gold.get(k, 0.0)), k) for k in top.keys() | gold.keys()
                   if k in weight), key=lambda d: (-d[0], d[1]))
    pick = ", ".join(f"{k} {d:+.2f}" for d, k in diff[:n] if d > 0)
    held = ", ".join(f"{k} {d:+.2f}" for d, k in sorted(diff, key=lambda d: (d[0], d[1]))[:n] if d < 0)
    return f"for the pick: {pick or '-'}; for the gold: {held or '-'}"


def top_pick(candidates: list[tuple[str, bool, bool, float]]) -> str | None:
    """Where the most probable candidate of one source claim stands, given its candidates as (target message,
    the gold judges the target, the pair is a gold relation, probability); ties go to the first, as
    ``threadkb.link.score.choose`` breaks them. ``gold``: a gold relation; ``sibling_*``: another claim of a
    message holding a gold target; ``other_*``: a claim of another message; ``*_unjudged``: a claim the gold does
    not list. None when no candidate is a gold relation."""
    gold_messages = {m for m, _, related, _ in candidates if related}
    if not gold_messages:
        return None
    message, judged, related, _ = max(candidates, key=lambda c: c[3])  # max keeps the first of equals
    if related:
        return "gold"
    where = "sibling" if message in gold_messages else "other"
    return f"{where}_{'judged' if judged else 'unjudged'}"


def sibling_case(name: str, source: str, rows: list[tuple[str, float, int, int, str, str]]) -> str:
    """One source claim whose most probable candidate is a sibling of its gold target, as ``--siblings`` lists it:
    ``name`` (file: source claim id and kind), the source's text, and for each candidate in the messages of the gold
    target and of the pick, (mark, probability, place in its message, claims of the message, kind, text); mark
    ``gold`` (a gold target), ``pick`` (the most probable), ``listed`` (a claim the gold lists), ``unlisted``."""
    out = [f"{name}: «{_short(source)}»"]
    for mark, prob, place, n, kind, text in rows:
        out.append(f"  {mark:8} p={prob:.3f} {place + 1}/{n} {kind:10} «{_short(text)}»")
    return "\n".join(out)


def _short(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def file_decomposition(path: Path, models: dict, counts: Counter, kinds: Counter, misses: list,
                       siblings: list | None = None, profiles: list | None = None, lost: list | None = None) -> None:
    """Add one gold file's stage counts (``counts``), kind confusion (``kinds``), candidate misses and wrong kinds
    (``misses``: the gold relation, and the reason the rules or the kind learner gave for the wrong kind), and
    (``siblings``) each source claim whose most probable candidate is a sibling of its gold target
    (``sibling_case``), (``profiles``) each predicted relation the gold judges, described (``profile_table``), and
    (``lost``) each gold relation lost at the choice, with the candidates ranked above it (``lost_choice``)."""
    gold = evaluate.load_gold(path)
    if gold.relations is None or gold.claims is None or not Path(gold.source).is_file():
        return
    exs = learn.extracted(gold.source, models)
    pairs = {(p.source.id, p.target.id): p for ex in exs for p in candidate_pairs(ex)}
    with kind_model.use(models.get("kinds")):
        linked = [link(ex, models.get("relations", {})) for ex in exs]
    prediction = pipeline.merge_predictions([pipeline.prediction(ex) for ex in linked])
    matches = {g: {str(c.get("id")) for c in found} for g, found in evaluate.claim_matches(gold, prediction).items()}
    claims = {c.id: c for ex in exs for c in ex.claims}
    where = {c.id: ex for ex in exs for c in ex.claims}
    chosen = {(r.source, r.target): r.kind.value for ex in linked for r in ex.relations}
    named = {(r.source, r.target): (r.evidence[1] if len(r.evidence) > 1 else "") for ex in linked for r in ex.relations}
    gold_pairs = {(g.source, g.target): g.kind for g in gold.relations}
    for g in gold.relations:
        counts["gold"] += 1
        src, tgt = matches.get(g.source, set()), matches.get(g.target, set())
        if not (src and tgt):
            counts["lost_claim:" + ("both" if not (src or tgt) else "from" if not src else "to")] += 1
            continue
        counts["both_ends"] += 1
        ends = [(a, b) for a in sorted(src) for b in sorted(tgt)]
        cands = [e for e in ends if e in pairs]
        if not cands:
            counts["lost_candidate:" + _why_not_candidate(ends, claims, where)] += 1
            misses.append(f"{Path(path).stem}: {g.source} -{g.kind}-> {g.target}: {_why_not_candidate(ends, claims, where)}")
            continue
        counts["candidate"] += 1
        picked = [chosen[e] for e in cands if e in chosen]
        if not picked:
            counts["lost_choice:" + ("rule_kind_right" if any(pairs[e].kind()[0].value == g.kind for e in cands)
                                     else "rule_kind_wrong")] += 1
            if models.get("relations"):
                why, text = _lost_case(path, g, cands[0], pairs, chosen, matches, gold_pairs, models["relations"])
                counts["lost_why:" + why] += 1
                if lost is not None:
                    lost.append(text)
            continue
        counts["chosen"] += 1
        kinds[(g.kind, picked[0])] += 1
        if g.kind in picked:
            counts["kind_right"] += 1
        else:
            misses.append(f"{Path(path).stem}: {g.source} -{g.kind}-> {g.target}: named {picked[0]} by "
                          + next(named[e] for e in cands if e in chosen))
    # precision side: predicted relations both of whose ends match some gold claim
    gold_of: dict[str, set[str]] = {}
    for gid, pids in matches.items():
        for pid in pids:
            gold_of.setdefault(pid, set()).add(gid)
    gold_targets = {g.target for g in gold.relations}
    targets_of = Counter(a for a, _ in chosen)
    verdicts: dict[tuple[str, str], str] = {}
    for (a, b), kind in chosen.items():
        if a not in gold_of or b not in gold_of:
            continue
        counts["predicted_judged"] += 1
        gk = {gold_pairs[(x, y)] for x in gold_of[a] for y in gold_of[b] if (x, y) in gold_pairs}
        verdicts[(a, b)] = "right" if kind in gk else "wrong_kind" if gk else "no_relation"
        counts["predicted_" + verdicts[(a, b)]] += 1
        if not gk:
            gold_ends = [y for (x, y) in gold_pairs if x in gold_of[a]]
            messages = {claims[pid].message for y in gold_ends for pid in matches.get(y, ()) if pid in claims}
            why = false_source(messages if gold_ends else None, bool(gold_of[a] & gold_targets), claims[b].message)
            counts[f"false:{why}:{'1' if targets_of[a] == 1 else '2+'}"] += 1
            verdicts[(a, b)] = "false:" + why
    model = models.get("relations", {})
    if profiles is not None:
        rels = {(r.source, r.target): r for ex in linked for r in ex.relations}
        for (a, b), verdict in verdicts.items():
            mine = sorted((r for (x, _), r in rels.items() if x == a), key=lambda r: -r.score)
            rank = [r.target for r in mine].index(b) + 1
            features = pairs[(a, b)].features
            profiles.append({
                "file": Path(path).stem, "source": a, "target": b, "verdict": verdict,
                "source_kind": learn.source_kind(path), "kind": chosen[(a, b)],
                "probability": probability(features, model) if model else rels[(a, b)].score,  # raw: the threshold's scale
                "rank": rank, "targets": len(mine),
                "sibling_right": any(verdicts.get((a, r.target)) == "right" for r in mine if r.target != b),
                "floor": any(MESSAGE_BEST in e for e in rels[(a, b)].evidence),
                "same_speaker": "same_speaker" in features, "same_side": "same_side" in features,
                "same_message_as_first": rank > 1 and claims[mine[0].target].message == claims[b].message,
                "source_text": claims[a].text, "target_text": claims[b].text,
                "source_message": claims[a].message, "target_message": claims[b].message})
    # the choice: where each source claim's most probable candidate stands
    groups: dict[str, list[tuple[str, bool, bool, float]]] = {}
    for (a, b), p in pairs.items():
        if a not in gold_of:
            continue
        related = any((x, y) in gold_pairs for x in gold_of[a] for y in gold_of.get(b, ()))
        groups.setdefault(a, []).append((p.target.message, b in gold_of, related,
                                         probability(p.features, model) if model else p.candidate.score))
    by_message: dict[str, list[str]] = {}  # message key -> its claim ids in order (the place of a claim)
    for c in claims.values():
        by_message.setdefault(c.message, []).append(c.id)
    for a, group in groups.items():
        pick = top_pick(group)
        if pick is not None:
            counts["top:" + pick] += 1
        if siblings is None or pick is None or not pick.startswith("sibling"):
            continue
        targets = [b for (x, b) in pairs if x == a]  # in the order of ``groups[a]``
        best = max(range(len(group)), key=lambda i: group[i][3])
        shown = {group[best][0]} | {m for m, _, related, _ in group if related}
        rows = []
        for i, (message, judged, related, prob) in enumerate(group):
            if message not in shown:
                continue
            c = claims[targets[i]]
            mark = "gold" if related else "pick" if i == best else "listed" if judged else "unlisted"
            rows.append((message, by_message[message].index(c.id), mark, prob, len(by_message[message]),
                         c.kind.value, c.text))
        rows.sort(key=lambda r: (r[0], r[1]))
        siblings.append(sibling_case(f"{Path(path).stem}: {a} ({claims[a].kind.value})", claims[a].text,
                                     [(m, p, place, n, k, t) for _, place, m, p, n, k, t in rows]))


def _lost_case(path: Path, g, pair: tuple[str, str], pairs: dict, chosen: dict, matches: dict, gold_pairs: dict,
               model: dict) -> tuple[str, str]:
    """``lost_choice`` of one gold relation ``g`` lost at the choice (``pair``: its candidate pair), and the case as
    ``--lost`` lists it: the source, the gold target and the two most probable other candidates, with
    probabilities, places in their messages and the features by which each outweighs the gold (``ahead_by``)."""
    a, b = pair
    src_gold = {x for x, ids in matches.items() if a in ids}
    mine = sorted(((probability(p.features, model), t, p) for (s, t), p in pairs.items() if s == a),
                  key=lambda r: -r[0])
    gold_p = probability(pairs[pair].features, model)
    related = {t for _, t, _ in mine if any((x, y) in gold_pairs for x in src_gold
                                            for y, ids in matches.items() if t in ids)}
    ranked = [(p.target.message, prob, (a, t) in chosen and t in related) for prob, t, p in mine if t != b]
    why = lost_choice(pairs[pair].target.message, gold_p, ranked)
    rank = [t for _, t, _ in mine].index(b) + 1
    out = [f"{Path(path).stem}: {g.source} -{g.kind}-> {g.target}: {why}",
           f"  source  {pairs[pair].source.kind.value:10} «{_short(pairs[pair].source.text)}»",
           f"  gold    p={gold_p:.3f} {rank}/{len(mine)} {pairs[pair].target.kind.value:10} «{_short(pairs[pair].target.text)}»"]
    weight = {name: model["coef"][i] for i, name in enumerate(model["features"])}
    for prob, t, p in [r for r in mine if r[1] != b][:2]:
        mark = ("chosen " if (a, t) in chosen else "") + ("gold" if t in related else "sibling" if
                                                         p.target.message == pairs[pair].target.message else "other")
        out.append(f"  {mark:14} p={prob:.3f} {p.target.kind.value:10} «{_short(p.target.text)}»\n"
                   f"      {ahead_by(p.features, pairs[pair].features, weight)}")
    return why, "\n".join(out)


def _why_not_candidate(ends: list[tuple[str, str]], claims: dict, where: dict) -> str:
    a, b = ends[0]
    ca, cb = claims[a], claims[b]
    if where[a] is not where[b]:
        return "different thread"
    if ca.message == cb.message:
        return "same message"
    position = first_places(where[a].thread)
    if ca.reported or cb.reported:
        return "reported speech"
    if position.get(cb.message, 0) > position.get(ca.message, 0):
        return "target listed after source"
    gap = position.get(ca.message, 0) - position.get(cb.message, 0)
    return f"target {gap} messages back" if gap <= 8 else "target >8 messages back"


def decompose(gold_dir: str, k: int, seed: int, misses: list | None = None, siblings: list | None = None,
              profiles: list | None = None, lost: list | None = None) -> dict:
    paths, errors = evaluate.gold_files([gold_dir])
    counts: Counter = Counter()
    kinds: Counter = Counter()
    misses = [] if misses is None else misses
    for test in learn.folds(paths, k, seed):
        train = [p for p in paths if p not in test]
        models = learn.train_all(train, seed)
        for path in test:
            file_decomposition(path, models, counts, kinds, misses, siblings, profiles, lost)
    return {"seed": seed, "k": k, "counts": dict(counts), "kinds": {f"{a}->{b}": n for (a, b), n in sorted(kinds.items())}}


def decompose_by_source(gold_dir: str, seed: int, misses: list | None = None,
                        siblings: list | None = None, profiles: list | None = None,
                        lost: list | None = None) -> list[dict]:
    """``decompose`` for ``threadkb eval --cv-by source``, one result per direction (``learn.folds_by``): the
    models trained on the other source kind score the files of ``scored``; each result also holds the threshold
    and targets per claim the relations model chose on its training kind, and the messages of the scored files."""
    paths, errors = evaluate.gold_files([gold_dir])
    misses = [] if misses is None else misses
    out = []
    for test in learn.folds_by(paths, "source", 0, seed):
        counts: Counter = Counter()
        kinds: Counter = Counter()
        models = learn.train_all([p for p in paths if p not in test], seed)
        for path in test:
            file_decomposition(path, models, counts, kinds, misses, siblings, profiles, lost)
        scored = learn.source_kind(test[0])
        relations = models.get("relations", {})
        out.append({"seed": seed, "k": 2, "by": "source", "scored": scored,
                    "trained_on": next(k for k in learn.SOURCE_KINDS if k != scored),
                    "threshold": relations.get("threshold"), "max_targets": relations.get("max_targets"),
                    "messages": sum(len(evaluate.load_gold(p).messages or ()) for p in test),
                    "counts": dict(counts), "kinds": {f"{a}->{b}": n for (a, b), n in sorted(kinds.items())}})
    return out


PROFILE_COLUMNS = ("right", "wrong_kind", *("false:" + k for k in FALSE_SOURCES))


def profile_key(profile: dict, aspect: str) -> str:
    """The value of one ``aspect`` of a predicted relation's profile, as ``profile_table`` groups it."""
    if aspect == "place":
        return f"{profile['rank']} of {min(profile['targets'], 3)}"
    if aspect == "place_first_right":
        return ("first" if profile["rank"] == 1 else
                "later, first right" if profile["sibling_right"] else "later, first not right")
    if aspect == "probability":
        return next(f">= {t}" for t in (0.9, 0.7, 0.5, 0.3, 0.0) if profile["probability"] >= t)
    if aspect == "speakers":
        return "same speaker" if profile["same_speaker"] else "same side" if profile["same_side"] else "other"
    return str(profile[aspect])


PROFILE_ASPECTS = ("source_kind", "kind", "place", "place_first_right", "same_message_as_first", "floor",
                   "speakers", "probability")


def profile_table(profiles: list[dict]) -> str:
    """The predicted relations the gold judges, counted by verdict (right, wrong kind, or no gold relation sorted by
    ``false_source``) against each aspect of ``PROFILE_ASPECTS``; then the false ones listed."""
    lines = ["| aspect | value | " + " | ".join(PROFILE_COLUMNS) + " | precision |",
             "|---|---|" + "---|" * (len(PROFILE_COLUMNS) + 1)]
    for aspect in PROFILE_ASPECTS:
        groups: dict[str, Counter] = {}
        for pr in profiles:
            groups.setdefault(profile_key(pr, aspect), Counter())[pr["verdict"]] += 1
        for value, c in sorted(groups.items()):
            total = sum(c.values())
            lines.append(f"| {aspect} | {value} | " + " | ".join(str(c.get(k, 0)) for k in PROFILE_COLUMNS)
                         + f" | {c.get('right', 0) / total:.2f} ({total}) |")
    for pr in profiles:
        if pr["verdict"].startswith("false:"):
            lines.append(f"{pr['file']}: {pr['source']} -{pr['kind']}-> {pr['target']} {pr['verdict'][6:]} "
                         f"p={pr['probability']:.3f} {pr['rank']}/{pr['targets']}"
                         f"{' floor' if pr['floor'] else ''}{' same-speaker' if pr['same_speaker'] else ''}"
                         f"{' another-target-right' if pr['sibling_right'] else ''}\n  «{_short(pr['source_text'])}»\n"
                         f"  -> «{_short(pr['target_text'])}»")
    return "\n".join(lines)


def table(result: dict) -> str:
    c = result["counts"]
    title = (f"trained on {result['trained_on']}, scoring {result['scored']} (threshold {result['threshold']}, up to "
             f"{result['max_targets']} targets per claim; {result['messages']} gold messages)"
             if result.get("by") == "source" else f"seed {result['seed']}, {result['k']}-fold CV by file")
    lines = [title, "| stage | gold relations | share of gold | of previous stage |",
             "|---|---|---|---|"]
    prev = None
    for s in STAGES:
        n = c.get(s, 0)
        lines.append(f"| {s} | {n} | {n / c['gold']:.3f} | {'' if prev is None else f'{n / prev:.3f}' if prev else '-'} |")
        prev = n
    lost = sorted((k, v) for k, v in c.items() if k.startswith("lost_"))
    lines.append("losses: " + "; ".join(f"{k} {v}" for k, v in lost))
    lines.append("kind of chosen true pairs (gold->predicted): "
                 + ", ".join(f"{k} {v}" for k, v in result["kinds"].items()))
    pj = c.get("predicted_judged", 0)
    lines.append(f"predicted relations the gold judges: {pj}; right {c.get('predicted_right', 0)}, wrong kind "
                 f"{c.get('predicted_wrong_kind', 0)}, no gold relation {c.get('predicted_no_relation', 0)}")
    lines.append("no gold relation, by source claim (targets it was given: 1 / 2+): "
                 + ", ".join(f"{k} {c.get(f'false:{k}:1', 0)}/{c.get(f'false:{k}:2+', 0)}" for k in FALSE_SOURCES))
    lines.append("lost at the choice, by why: "
                 + ", ".join(f"{k} {c.get('lost_why:' + k, 0)}" for k in LOST_CHOICES))
    lines.append("most probable candidate of source claims with a gold target: "
                 + ", ".join(f"{k} {c.get('top:' + k, 0)}" for k in TOP_PICKS))
    p = c.get("predicted_right", 0) / pj if pj else 0.0
    r = c.get("kind_right", 0) / c["gold"]
    lines.append(f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}")
    return "\n".join(lines)


def cv_arguments(description: str) -> argparse.ArgumentParser:
    """The options of the diagnostics that cross-validate as ``threadkb eval --cv`` (this script and
    ``claims_missed.py``): the gold folder, the folds, the seeds, JSON output."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--seed", type=int, nargs="+", default=[0])
    ap.add_argument("--by", choices=("file", "source"), default="file",
                    help="folds by file (--cv K, as eval --cv) or by source kind (as eval --cv-by source)")
    ap.add_argument("--json", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = cv_arguments(__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true",
                    help="list the gold relations no candidate pair reaches, and those chosen with the wrong kind (and why)")
    ap.add_argument("--siblings", action="store_true",
                    help="list the source claims whose most probable candidate is a sibling of the gold target")
    ap.add_argument("--lost", action="store_true",
                    help="list the gold relations whose pair is a candidate but not chosen, with the candidates "
                         "ranked above them and the features by which they outweigh the gold pair")
    ap.add_argument("--false", action="store_true", dest="false_",
                    help="the predicted relations the gold judges, counted by verdict against their aspects (place "
                         "among the source's targets, speakers, floor, probability ...), and the false ones listed")
    args = ap.parse_args(argv)
    for seed in args.seed:
        misses: list[str] = []
        siblings: list[str] | None = [] if args.siblings else None
        profiles: list[dict] | None = [] if args.false_ else None
        lost: list[str] | None = [] if args.lost else None
        results = (decompose_by_source(args.gold, seed, misses, siblings, profiles, lost) if args.by == "source"
                   else [decompose(args.gold, args.cv, seed, misses, siblings, profiles, lost)])
        for result in results:
            print(json.dumps(result) if args.json else table(result))
        if args.misses:
            print("\n".join(misses))
        if siblings:
            print("\n".join(siblings))
        if profiles:
            print(profile_table(profiles))
        if lost:
            print("\n".join(lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
