"""Review16a: a text that opens with a mail client's header block in any language of attributions.json
``header_fields`` ("Von: / Gesendet: / An: / Betreff:", "De: / Enviado: / Para: / Asunto:") is a mail by that sender
on that date. Session 16 (parse16) made the English Outlook block a mail by sniffing its English field names
(ingest.text ``_HEADER``); in other languages the block was hidden as raw RFC 822 headers (pages._rfc822_headers:
author from the sign-off only, no address, no date). A French block ("De : …", a blank before the colon) was read
already. Raw RFC 822 headers (Received:, Message-ID:) and other "Key: value" blocks stay hidden as before."""
from __future__ import annotations

from datetime import datetime

import pytest

from threadkb.ingest import ingest
from threadkb.parse import parse

BODY = "\n\nWe will revoke the certificates by Friday.\n\nAlice\n"

# (header block, expected (author, e-mail, date) of the text's message)
OPENING_BLOCKS = [
    ("Von: Alice Example <alice@ca.example>\nGesendet: Montag, 4. März 2024 09:00\nAn: Bob <bob@example.org>\n"
     "Betreff: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    ("Von: Alice Example <alice@ca.example>\nGesendet: 04.03.2024 09:00\nAn: Bob <bob@example.org>\n"
     "Betreff: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    ("De: Alice Example <alice@ca.example>\nEnviado: lunes, 4 de marzo de 2024 9:00\nPara: Bob <bob@example.org>\n"
     "Asunto: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    ("Od: Alice Example <alice@ca.example>\nWysłano: 4 marca 2024 09:00\nDo: Bob <bob@example.org>\n"
     "Temat: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    ("Van: Alice Example <alice@ca.example>\nVerzonden: maandag 4 maart 2024 09:00\nAan: Bob <bob@example.org>\n"
     "Onderwerp: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    # read before too: French (a blank before the colon), English (sniffed as a mail since parse16)
    ("De : Alice Example <alice@ca.example>\nEnvoyé : lundi 4 mars 2024 09:00\nÀ : Bob <bob@example.org>\n"
     "Objet : incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
    ("From: Alice Example <alice@ca.example>\nSent: Monday, March 4, 2024 9:00 AM\nTo: Bob <bob@example.org>\n"
     "Subject: incident report", ("Alice Example", "alice@ca.example", datetime(2024, 3, 4, 9, 0))),
]


def _first(tmp_path, text: str):
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    src = ingest(str(path))
    thread = parse(src[0] if isinstance(src, list) else src)
    return thread.messages[0]


@pytest.mark.parametrize("block, expected", OPENING_BLOCKS)
def test_text_opening_with_a_header_block_is_its_mail(tmp_path, block, expected):
    m = _first(tmp_path, block + BODY)
    assert (m.author, m.email, m.date) == expected


# blocks at the top of a text that are no client header block of the text's mail: hidden as raw headers, no sender
RAW_BLOCKS = [
    "Received: from mx.example.org by mail.example.org\nMessage-ID: <1@example.org>\nX-Mailer: Foo 1.0",
    "Status: RESOLVED\nResolution: FIXED\nComponent: CA Certificate Compliance",
]


@pytest.mark.parametrize("block", RAW_BLOCKS)
def test_other_opening_blocks_stay_hidden(tmp_path, block):
    m = _first(tmp_path, block + BODY)
    assert (m.email, m.date) == (None, None)
