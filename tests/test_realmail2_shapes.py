"""Shapes of real list pages nobody here tuned for (session 8 probe set "realmail2": CA/B Forum public and
servercert-wg attachments, dev-security-policy and CCADB public on mail-archive.com and Google Groups). Each
class: the real snippet (its source named) and constructed variants, exact expected values; each failed before
its fix.
"""
from __future__ import annotations

import pytest

from threadkb.models import LineRole
from threadkb.pipeline import parse_paths


def _thread(tmp_path, text: str, name: str = "thread.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (thread,) = parse_paths([str(path)])
    return thread


# ---- a sign-off of dotted initials ("M.D.", Moudrick M. Dadashov's on the CA/B Forum lists): a name, like
# "Ben W." or "M. D." already were (lists.cabforum.org/pipermail/public/attachments/20180907/a004720a and
# 20130801/3b35c876, Thunderbird HTML)
INITIALS = [
    ("Tim, you have the second endorser.\n\nThanks,\nM.D.\n", "M.D.", "Thanks,"),
    ("need to register, its free.\n\nThanks.\nM.D.\n", "M.D.", "Thanks."),
    ("I agree with the proposed wording.\n\nRegards,\nR.S.\n", "R.S.", "Regards,"),
    ("I agree with the proposed wording.\n\nBest,\nJ.-C.\n", "J.-C.", "Best,"),
    # unchanged: spaced initials were a name already; a last word with a full stop is a sentence
    ("Tim, you have the second endorser.\n\nThanks,\nM. D.\n", "M. D.", "Thanks,"),
    ("Tim, you have the second endorser.\n\nThanks,\nDone.\n", None, "Done."),
]


@pytest.mark.parametrize("text,author,last", INITIALS, ids=[t[1] or t[2] for t in INITIALS])
def test_dotted_initials_sign_off(tmp_path, text, author, last):
    (m,) = _thread(tmp_path, text).messages
    assert (m.author, [t.text for t in m.lines if t.text.strip()][-1]) == (author, last)


# ---- a list footer the stored excerpt cut mid-word: the cut line is the footer's, never a message of its own
# (www.mail-archive.com/search?…from:"Selena Deckelmann via dev-security-policy", flattened; its block form is
# how mail-archive.com renders dev-security-policy messages, e.g. msg02635)
_BODY = ("At 1:11pm U.S. Pacific time on the same day a fix was deployed to production.\n"
         "The fix has been verified to be correct.\n\n")
_FOOTER = ("_______________________________________________\ndev-security-policy mailing list\n"
           "dev-security-policy@lists.mozilla.org\nhttps://lists.mozilla.org/listinfo/dev-security-policy\n")
BLOCK_CUTS = [
    _BODY + _FOOTER[:_FOOTER.index("listinfo") + 6],  # ".../listinf"
    _BODY + _FOOTER[:_FOOTER.index("mozilla.org/listinfo") - 3],  # "https://lists.mozi"
    _BODY + _FOOTER[:_FOOTER.index("//lists.mozilla.org/listinfo")],  # "https:"
    _BODY + _FOOTER,  # unchanged: the whole footer
]


@pytest.mark.parametrize("text", BLOCK_CUTS, ids=["listinf", "mozi", "https", "whole"])
def test_block_footer_cut_by_the_excerpt(tmp_path, text):
    thread = _thread(tmp_path, text)
    assert [m.text.strip() for m in thread.messages] == [_BODY.strip()]
    footer = [a for a in thread.assignments if a.index >= 3]  # the rule line and after
    assert {a.role for a in footer} == {LineRole.BOILERPLATE}


_FLAT = ("Hi! Just wanted to briefly comment. -selena [1] https://blog.mozilla.org/security/2019/02/14/why-does/ "
         "[2] https://groups.google.com/d/msg/mozilla.dev.security.policy/nnLVNfqgz7g/rNWEMEkUAQAJ "
         "_______________________________________________ dev-security-policy mailing list "
         "dev-security-policy@lists.mozilla.org https://lists.mozilla.org/listinfo/dev-security-policy")
FLAT_CUTS = [
    _FLAT[:_FLAT.index("listinfo") + 6],  # the real page: ".../listinf"
    _FLAT[:_FLAT.index(" https://lists.mozilla.org")],  # after the address
    _FLAT[:_FLAT.index(" dev-security-policy@")],  # after the list name
    _FLAT,  # unchanged: the whole footer
]


@pytest.mark.parametrize("text", FLAT_CUTS, ids=["listinf", "address", "list-name", "whole"])
def test_flattened_footer_cut_by_the_excerpt(tmp_path, text):
    (m,) = _thread(tmp_path, text + "\n").messages
    assert m.text.endswith("rNWEMEkUAQAJ") and "mailing list" not in m.text
