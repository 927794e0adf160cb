"""``scripts/relation_ceiling.py --by source``: the ceiling of each stage per direction of ``threadkb eval
--cv-by source`` (trained on mail scoring GitHub, and back), with the threshold and targets per claim the
relations model chose on its training kind, so a reader sees where the other kind loses its relations."""
from __future__ import annotations

import pytest

from test_siblings_choice import relation_ceiling  # the script, loaded once (pytest puts tests/ on the path)

COUNTS = {"gold": 160, "both_ends": 112, "candidate": 110, "chosen": 48, "kind_right": 41, "predicted_judged": 86,
          "predicted_right": 39}


@pytest.mark.parametrize("result, title", [
    ({"seed": 0, "k": 2, "by": "source", "scored": "github", "trained_on": "mail", "threshold": 0.38,
      "max_targets": 1, "messages": 135},
     "trained on mail, scoring github (threshold 0.38, up to 1 targets per claim; 135 gold messages)"),
    ({"seed": 0, "k": 2, "by": "source", "scored": "mail", "trained_on": "github", "threshold": 0.46,
      "max_targets": 3, "messages": 96},
     "trained on github, scoring mail (threshold 0.46, up to 3 targets per claim; 96 gold messages)"),
    ({"seed": 1, "k": 5}, "seed 1, 5-fold CV by file"),  # the folds by file, as before
])
def test_table_names_the_direction(result, title):
    lines = relation_ceiling.table({**result, "counts": COUNTS, "kinds": {}}).splitlines()
    assert lines[0] == title
    assert "| chosen | 48 | 0.300 | 0.436 |" in lines
    assert lines[-1] == "P 0.453 R 0.256 F1 0.327"


@pytest.mark.parametrize("argv, by", [([], "file"), (["--by", "source"], "source"), (["--by", "file"], "file")])
def test_by_argument(argv, by, monkeypatch):
    seen = []
    monkeypatch.setattr(relation_ceiling, "decompose", lambda *a, **k: seen.append("file") or
                        {"seed": 0, "k": 5, "counts": COUNTS, "kinds": {}})
    monkeypatch.setattr(relation_ceiling, "decompose_by_source", lambda *a, **k: seen.append("source") or [])
    assert relation_ceiling.main(["--gold", "g", *argv]) == 0
    assert seen == [by]


def test_unknown_grouping_is_refused():
    with pytest.raises(SystemExit):
        relation_ceiling.main(["--by", "thread"])
