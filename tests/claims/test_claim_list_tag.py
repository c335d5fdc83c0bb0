"""The reader's list of claims, written by a template tag
(claims/templatetags/claim_list.py): every value escaped, the meta line and
the fold as the template wrote them."""

from claims.models import Claim
from claims.templatetags.claim_list import claim_items


def claim(pk: int, text: str, **fields) -> Claim:
    fields = {"kind": "statement", "status": "new", "score": 0.5, **fields}
    item = Claim(pk=pk, text=text, **fields)
    item.url = f"/claims/{pk}/"
    item.folded = []
    return item


def test_an_item_links_the_claim_and_says_its_kind_status_and_score():
    html = claim_items([claim(7, "Exports rose 4%.", score=0.8734, status="in_review")])
    assert html.startswith('<li class="s-in_review" data-claim="7"')
    assert 'data-status="in_review" data-score="0.8734" data-url="/claims/7/"' in html
    assert '<a href="/claims/7/">Exports rose 4%.</a>' in html
    assert '<div class="meta">statement · in review · score 0.87</div>' in html


def test_words_are_escaped_and_long_ones_cut():
    html = claim_items([claim(1, "<script>alert(1)</script> " + "word " * 40)])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = html.split('<a href="/claims/1/">')[1].split("</a>")[0]
    assert (
        text.endswith("…")
        and len(text.replace("&lt;", "<").replace("&gt;", ">")) == 110
    )


def test_changed_and_recheck_are_marked():
    html = claim_items([claim(1, "x", anchor="changed", needs_recheck=True)])
    assert "score 0.50 · changed · " in html
    assert '<span class="badge recheck">needs re-check</span>' in html


def test_numbers_fold_under_their_claim_without_their_kind():
    holder = claim(1, "Sent 11,000 containers and 3 ships.")
    holder.folded = [
        claim(2, "11,000 containers", kind="quantity"),
        claim(3, "3 ships", kind="quantity", status="published"),
    ]
    html = claim_items([holder])
    assert '<details class="fold"><summary>2 numbers</summary>' in html
    assert '<ol class="claim-list folded"><li class="s-new" data-claim="2"' in html
    assert '<div class="meta">published · score 0.50</div>' in html
    assert "quantity ·" not in html
    holder.folded.pop()
    assert "<summary>1 number</summary>" in claim_items([holder])


def test_an_article_without_claims_says_so():
    assert (
        claim_items([]) == '<li class="empty">No claims found in this article yet.</li>'
    )
