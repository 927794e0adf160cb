"""What spaCy's own rule engines cost on the extract stage's text: could the rule tables run as Matcher patterns?

    .venv/bin/python benchmarks/bench_matcher.py [PATH ...] [--repeat N]

PATH: files or folders (an mbox too; default ``corpora/``). On the texts the extract stage reads (each message's
own text and document quotes), already tokenized, one core, best of N runs each:

* bare tokenizer   ``spacy.blank("en").tokenizer`` (issue 7's floor), for scale;
* PhraseMatcher    300 literal phrases of 1-3 cue words (attr LOWER): what the literal gate does;
* Matcher, 10 / 150 token patterns of 1-3 tokens, each token ``{"LOWER": {"IN": [4 cue words]}}``: the shape
  the claim cue rules would take as token patterns (the cue table has about 80 sentence rules, the citation
  and entity tables some 70 more);
* Matcher, 150 patterns of plain values ``{"LOWER": "will"}`` (no set predicate): the cheapest token pattern.

The patterns are drawn from a fixed list of cue words with a fixed seed: the same patterns every run.
"""
from __future__ import annotations

import random
import sys

from bench_extract import _best, arguments, one_core, stage_inputs  # the script's own folder is on sys.path

CUE_WORDS = ["will", "shall", "not", "never", "no", "believe", "think", "must", "should", "revoke", "violate",
             "fail", "failed", "please", "request", "ask", "agree", "acknowledge", "admit", "we", "i", "our", "us",
             "deny", "untrue", "false", "because", "therefore", "however", "but", "issued", "revoked", "found",
             "confirmed", "mistakenly", "inadvertently", "incorrectly", "plan", "intend", "committed", "working",
             "appreciate", "welcome", "feedback", "require", "requires", "expect", "urge", "?"]


def _token_patterns(n: int, rng: random.Random, sets: bool = True) -> list[list[dict]]:
    def token() -> dict:
        return {"LOWER": {"IN": rng.sample(CUE_WORDS, 4)}} if sets else {"LOWER": rng.choice(CUE_WORDS)}
    return [[token() for _ in range(rng.choice([1, 2, 3]))] for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__).parse_args(argv)
    one_core()

    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    _, texts, unreadable = stage_inputs(args.paths)
    nlp = spacy.blank("en")
    docs = [nlp.tokenizer(t) for t in texts]
    tokens = sum(len(d) for d in docs)
    rng = random.Random(1)

    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases.add("cue", [nlp.make_doc(" ".join(rng.sample(CUE_WORDS, rng.choice([1, 2, 3])))) for _ in range(300)])
    rows = [("bare tokenizer", _best(args.repeat, lambda _: [nlp.tokenizer(t) for t in texts])),
            ("PhraseMatcher, 300 phrases", _best(args.repeat, lambda _: [phrases(d) for d in docs]))]
    for n, sets in ((10, True), (150, True), (150, False)):
        matcher = Matcher(nlp.vocab)
        for i, pattern in enumerate(_token_patterns(n, rng, sets)):
            matcher.add(f"rule{i}", [pattern])
        name = f"Matcher, {n} patterns" + (", IN sets" if sets else ", plain values")
        rows.append((name, _best(args.repeat, lambda _, matcher=matcher: [matcher(d) for d in docs])))
    print(f"inputs: {len(texts)} texts, {tokens:,} tokens ({unreadable} unreadable); best of {args.repeat}, one core")
    for name, seconds in rows:
        print(f"{name:34s} {seconds:7.2f} s  {tokens / seconds / 1e6:6.2f} M tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
