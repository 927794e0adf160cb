"""``threadkb fetch``: download Bugzilla bugs, GitHub issues or pipermail archives (``threadkb.fetch.run``)."""
from __future__ import annotations

from threadkb import fetch


def cli_fetch(args) -> int:
    return fetch.run(args)
