"""Small-number suppression (qaf/suppression.py), on hand-made tables and on random ones."""

from hypothesis import given
from hypothesis import strategies as st

from qaf.suppression import THRESHOLD, percent_or_none, suppress, suppress_row

X = None  # a hidden cell


def test_a_table_of_large_counts_is_shown_as_it_is():
    table = [[12, 40, 52], [30, 15, 45]]
    assert suppress(table) == table


def test_a_count_under_ten_is_hidden_with_the_next_smallest_in_its_row_and_column():
    # Complaints and compliments for three teams, with the row totals as the last column.
    table = [
        [12, 4, 16],
        [20, 31, 51],
        [15, 18, 33],
    ]
    assert suppress(table) == [
        # The 4, and the 12 beside it (the next smallest in its row)...
        [X, X, 16],
        [20, 31, 51],
        # ...then the next smallest in each of their columns: the 15 under the 12, and the 18
        # under the 4. The first two columns' totals would give either away otherwise.
        [X, X, 33],
    ]


def test_the_hidden_cell_cannot_be_worked_out_from_the_total_by_subtraction():
    hidden = suppress_row([25, 3, 40, 68])
    assert hidden == [X, X, 40, 68]
    # Taking the shown cells from the total leaves the sum of two hidden cells, not one.
    assert hidden.count(X) == 2


def test_zero_is_a_small_number_too():
    assert suppress_row([0, 30, 45, 75]) == [X, X, 45, 75]


def test_every_count_under_ten_is_hidden_and_ten_is_not():
    assert suppress_row([9, 10, 11, 12]) == [X, X, 11, 12]
    assert suppress_row([10, 10]) == [10, 10]


def test_ties_hide_the_first_of_the_smallest():
    assert suppress_row([5, 20, 20]) == [X, X, 20]


def test_a_line_of_one_cell_needs_no_partner():
    assert suppress([[5]]) == [[X]]
    # A column of two is a line, though: the 30 would give the 5 away from a column total.
    assert suppress([[5], [30]]) == [[X], [X]]


def test_two_small_counts_in_a_row_already_protect_each_other():
    assert suppress_row([3, 4, 50, 57]) == [X, X, 50, 57]


def test_the_table_given_is_not_changed():
    table = [[1, 20], [30, 40]]
    suppress(table)
    assert table == [[1, 20], [30, 40]]


def test_an_empty_table_is_empty():
    assert suppress([]) == []
    assert suppress([[]]) == [[]]


def test_rows_of_different_lengths_are_read_by_position():
    # The 3 takes the 20 with it (row); each then leaves its column's other cell alone, so the
    # 40 and the 50 go too. The 30 is alone in its column.
    assert suppress([[3, 20, 30], [40, 50]]) == [[X, X, 30], [X, X]]


def test_a_percentage_is_left_out_when_it_would_give_a_small_number_away():
    assert percent_or_none(45, 60) == 75
    assert percent_or_none(5, 60) is None  # 5 of 60
    assert percent_or_none(55, 60) is None  # the other 5
    assert percent_or_none(None, 60) is None
    assert percent_or_none(12, None) is None


counts = st.integers(min_value=0, max_value=60)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), max_size=6)
)


@given(tables)
def test_no_row_or_column_ever_has_a_lone_hidden_cell(table):
    result = suppress(table)
    width = len(table[0]) if table else 0
    lines = [list(row) for row in result] + [[row[c] for row in result] for c in range(width)]
    for line in lines:
        if len(line) > 1:
            assert line.count(X) != 1, (table, result)


@given(tables)
def test_small_counts_are_always_hidden_and_shown_counts_are_untouched(table):
    result = suppress(table)
    for row, shown_row in zip(table, result, strict=True):
        for value, shown in zip(row, shown_row, strict=True):
            if value < THRESHOLD:
                assert shown is X
            else:
                assert shown in (value, X)
