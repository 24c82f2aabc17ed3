"""Small-number suppression on hand-made tables: the count under 10, and the one that would
give it away."""

from api.suppression import suppress


def test_a_count_under_ten_and_the_next_smallest_in_its_row_are_withheld():
    assert suppress([[4, 30, 12, 46]]) == [[None, 30, None, 46]]


def test_counts_of_ten_or_more_are_all_shown():
    assert suppress([[10, 25], [40, 11]]) == [[10, 25], [40, 11]]


def test_the_complementary_cell_is_withheld_in_the_column_too():
    table = [
        [3, 20, 23],
        [15, 20, 35],
        [18, 40, 58],
    ]
    shown = suppress(table)
    # The 3 goes; its row's next-smallest (20) and its column's next-smallest (15) follow; then
    # their own rows and columns need a second cell withheld, and so on until none stands alone.
    assert shown[0][0] is None
    assert shown[0][1] is None
    assert shown[1][0] is None
    for line in [*shown, *zip(*shown, strict=True)]:
        assert sum(value is None for value in line) != 1, shown


def test_no_withheld_count_can_be_worked_out_from_its_row_total():
    row = [12, 5, 30, 47]  # the last is the total
    shown = suppress([row])[0]
    assert shown[1] is None
    assert sum(value is None for value in shown) >= 2


def test_a_figure_that_does_not_apply_is_not_a_count():
    assert suppress([[25, None]]) == [[25, None]]
    assert suppress([[5, None]]) == [[None, None]]


def test_zero_is_a_small_number_too():
    assert suppress([[0, 50, 50]]) == [[None, None, 50]]
