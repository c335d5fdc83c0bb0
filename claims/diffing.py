"""Two texts of an article as HTML: what the newer one removed and added.

diff-match-patch's character diff (the one claims/anchoring.py maps offsets
with), cleaned up to whole words and phrases for reading; every piece of text
is escaped here, as in claims/highlighting.py."""

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DIFF_TIMEOUT = 2.0  # seconds; past it the diff is coarser, never wrong


def render_diff(old: str, new: str) -> SafeString:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    tags = {dmp.DIFF_INSERT: "ins", dmp.DIFF_DELETE: "del"}
    parts = []
    for op, text in diffs:
        tag = tags.get(op)
        parts.append(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def changed_runs(old: str, new: str) -> tuple[int, int]:
    """(characters removed, characters added), for the versions list."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    diffs = dmp.diff_main(old, new)
    removed = sum(len(t) for op, t in diffs if op == dmp.DIFF_DELETE)
    added = sum(len(t) for op, t in diffs if op == dmp.DIFF_INSERT)
    return removed, added
