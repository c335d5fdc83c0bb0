from tests.factories import ClaimFactory


def test_a_claim_has_a_quantity_only_when_an_amount_was_parsed(db):
    sentence = ClaimFactory(kind="quantity")  # a sentence around an amount
    amount = ClaimFactory(
        kind="quantity", quantity_value=11000, quantity_unit="containers"
    )
    assert sentence.quantity is None
    assert amount.quantity == {
        "value": 11000, "low": None, "high": None, "unit": "containers",
        "subject": "", "qualifier": "",
    }  # fmt: skip
