"""Message-ID threading inside ``parse`` (``parse._thread_and_join``) finds each threaded message by its key once:
it scanned the message list for every key (``next(x for x in messages if x.key == key)``), n²/2 reads.

Class of input: a mail archive of many messages in one thread (a long reply chain; every mail twice makes it twice
as long). Measured by the messages read from the list (a counting list), never by time: 2,400 mails, each twice,
spent 0.53 s of 10 s of parse in that scan.
"""
from __future__ import annotations

import pytest

import threadkb.parse as parse_module
from line_accounting import parsed_accounted


class CountingList(list):
    """A list that counts the items its iterations hand out."""

    reads = 0

    def __iter__(self):
        for x in super().__iter__():
            CountingList.reads += 1
            yield x


def chain(n: int) -> str:
    """An mbox of ``n`` mails, each answering the one before it (In-Reply-To), one thread."""
    return "".join(
        f"From p{k}@x Mon Jan 22 06:00:00 2024\nFrom: Person {k} <p{k}@x>\nSubject: Re: topic\n"
        f"Date: Mon, 22 Jan 2024 {6 + k // 60:02d}:{k % 60:02d}:00 -0800\nMessage-ID: <m{k}@x>\n"
        + (f"In-Reply-To: <m{k - 1}@x>\n" if k else "")
        + f"\nPoint number {k} is about word{k} and other{k} things.\n\n"
        for k in range(n))


@pytest.mark.parametrize("n", [100, 400])
def test_threading_reads_each_message_a_few_times(tmp_path, monkeypatch, n):
    real = parse_module._thread_and_join
    CountingList.reads = 0

    def counted(messages, *args):
        return real(CountingList(messages), *args)

    monkeypatch.setattr(parse_module, "_thread_and_join", counted)
    thread = parsed_accounted(tmp_path, chain(n), "chain.mbox")
    assert [m.in_reply_to for m in thread.messages][:3] == [None, thread.messages[0].key, thread.messages[1].key]
    assert len(thread.messages) == n
    # before: 6,251 reads for 100 mails, 85,001 for 400 (the list scanned once per key); after: 1,301 and 5,201
    assert CountingList.reads <= 20 * n
