"""``threadkb eval``: score the project (run by ``threadkb.pipeline.Predictor``) against gold files."""
from __future__ import annotations

import json
import sys

from threadkb import evaluate, learn
from threadkb.pipeline import Predictor


def cli_eval(args) -> int:
    """``threadkb eval GOLD... [--json] [--cv K [--seed N] [--cv-by file|source]]``. Exit code 2 when no file could be scored."""
    cv = getattr(args, "cv", None)
    by = getattr(args, "cv_by", None) or "file"
    if by != "file" and not cv:
        cv = 2
    scores = (learn.cross_validate(list(args.gold), cv, getattr(args, "seed", 0) or 0, by) if cv
              else evaluate.evaluate(list(args.gold), Predictor()))
    if scores.errors and not scores.files and not getattr(args, "json", False):  # nothing scored: the reasons, one
        # line each, no empty table (--json keeps its object: a program reads "errors" there)
        for e in scores.errors:
            print(f"threadkb: eval: {e.file}: {e.reason}", file=sys.stderr)
        return 2
    if getattr(args, "json", False):
        print(json.dumps(scores.as_json(), ensure_ascii=False, indent=2))
        for e in scores.errors:
            print(f"threadkb: eval: {e.file}: {e.reason}", file=sys.stderr)
    else:
        print(evaluate.format_table(scores))
    return 2 if scores.errors and not scores.files else 0
