import pytest

from workforce.common.disclosure import disclose, disclose_share


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (100, "100"), (402, "400")],
)
def test_small_counts_are_hidden_and_others_rounded_to_five(count, shown):
    assert disclose(count) == shown


def test_share_is_hidden_when_either_count_is_small():
    assert disclose_share(3, 40) == "*"
    assert disclose_share(10, 5) == "*"
    assert disclose_share(0, 40) == "0%"
    assert disclose_share(0, 0) == "–"
    assert disclose_share(14, 40) == "35%"
