"""Link stage: relations between claims (rebuts / supports / answers) with readable evidence, and the graph.

``link(extraction)`` scores every pair (claim of a message -> claim of an earlier related message:
the messages it quotes, its parent and ancestors, and the original of any passage it quotes in prose).
The signals and their weights are data (``threadkb/data/link_cues.json``):

- reply structure: an inline answer right after the quoted fragment it answers (``QuotedSpan.answered_by``),
  a claim just before a quoted fragment, a claim right after a passage quoted in prose;
- shared anchors: same citation (section and item), same section, same API, entity, figure, words;
- question -> answer structure ("Question 4" -> item "4." of the asking message);
- who is addressed ("Reply to Matt's comment", "Hi Ben,", "the two points you mentioned");
- flat threads (Bugzilla, GitHub issues): a comment without a parent answers the comments before it;
- kind fit (a commitment takes up a request, an admission meets an allegation of fault).

Questions start no relation. A speaker (or the CA across its incident reports) only rebuts their own
claim when the message says it corrects itself; otherwise their later claim elaborates (supports).
A relation that no cue decides needs a clear margin over the threshold.

The best target(s) above the threshold become relations; the kind comes from the target's kind
(question/request -> answers), the source's kind (admission/commitment -> supports) and stance cues
(negation, contrast, correction -> rebuts; agreement -> supports). ``build_graph`` turns an Extraction
into a networkx ``MultiDiGraph`` whose every edge carries an ``evidence`` text.

The stage in modules: ``features`` (what one claim looks like, the cue table), ``candidates`` (the pairs and
the rules' score), ``stance`` (the kind of a relation), ``score`` (the learned scorer: pair features and the
decision), ``graph`` (the networkx graph). Cue patterns are prefiltered (``threadkb.prefilter.prefiltered``: a text
without the literals every match holds is not searched).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from threadkb.link import score as linkscore
from threadkb.link.candidates import Pair, candidate_pairs, list_heads
from threadkb.link.features import Candidate, cues, greeting_addressee, same_side
from threadkb.link.graph import build_graph
from threadkb.models import Extraction, Relation

__all__ = ["Candidate", "Pair", "build_graph", "candidate_pairs", "greeting_addressee", "link", "list_heads",
           "same_side"]


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while the stage runs: it makes tens of thousands of short-lived containers
    (pairs, their features, candidates) and no reference cycles (a test checks), so a collection would only walk
    the rest of the heap (the extractions, spaCy's model), at a cost that grows with the process, not the stage."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def link(extraction: Extraction, model: dict | None = None) -> Extraction:
    """Fill ``extraction.relations``: the candidate pairs, decided by the learned scorer ``model`` (default: the
    one shipped in ``threadkb/data/models/relations.json``; ``{}``: the rules alone)."""
    with _without_cycle_collection():
        return _link(extraction, model)


def _link(extraction: Extraction, model: dict | None) -> Extraction:
    model = linkscore.shipped_model() if model is None else model
    pairs = candidate_pairs(extraction, cues()["max_candidates"] if model else 0)
    if not model:
        extraction.relations = [Relation(p.source.id, p.target.id, p.rule[0], p.candidate.evidence + [p.rule[1]],
                                         round(p.candidate.score, 2)) for p in pairs if p.rule]
    else:
        extraction.relations = linkscore.decide(pairs, model)
    return extraction
