"""A list that counts the items its iterations give, and the Python lines a step runs in one module. A test of a
step's cost counts such reads (a scan of the list per item shows as n²) or lines, never time."""
from __future__ import annotations

import sys


class CountingList(list):
    reads = 0  # over all instances: set to 0 before the step measured

    def __iter__(self):
        for x in list.__iter__(self):
            CountingList.reads += 1
            yield x


def lines_run(filename: str, step):
    """``step()`` and the number of Python lines it runs in the module file ``filename``."""
    lines = 0

    def tracer(frame, event, arg):
        nonlocal lines
        if frame.f_code.co_filename != filename:
            return None
        lines += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        out = step()
    finally:
        sys.settrace(None)
    return out, lines
