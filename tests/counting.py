"""A list that counts the items its iterations give. A test of a step's cost counts such reads (a scan of the list
per item shows as n²), never time."""
from __future__ import annotations


class CountingList(list):
    reads = 0  # over all instances: set to 0 before the step measured

    def __iter__(self):
        for x in list.__iter__(self):
            CountingList.reads += 1
            yield x
