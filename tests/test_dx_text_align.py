"""Order-keeping placement of a column's texts on rows (parsers/dx/text_align.py)."""

from __future__ import annotations

from dxparse.parsers.dx import text_align


def test_a_blank_cell_is_placed_where_every_placement_agrees() -> None:
    # Statuses at 0, 2, 4; texts at 1 and 5, each after a status: the one
    # at 5 is row 2's, so the one at 1 (after its own status too) row 0's.
    assert text_align.place([1, 5], [0, 2, 4], [set(), set()], 6) == ([0, None, 1], False)
    # One text between the second and third statuses: row 1 or row 2.
    assert text_align.place([3], [0, 2, 4], [set()], 5) == ([None, None, None], True)


def test_a_text_on_a_line_with_a_placed_cell_is_of_its_row() -> None:
    # The same text printed on one line with row 2's status: row 2.
    assert text_align.place([3], [0, 2, 4], [{2}], 5) == ([None, None, 0], False)
    # On one line with cells of two rows: no placement.
    assert text_align.place([3], [0, 2, 4], [{1, 2}], 5) is None


def test_without_windows_only_texts_fixed_by_their_line_are_placed() -> None:
    assert text_align.place([3], [0, 2, 4], [set()], 5, windows=False) is None
    assert text_align.place([3], [0, 2, 4], [{1}], 5, windows=False) == ([None, 0, None], False)


def test_statuses_side_by_side_place_no_loose_text() -> None:
    assert text_align.place([3], [0, 1, 2], [set()], 4) is None


def test_a_row_cut_settles_what_every_cut_agrees_on() -> None:
    caps = {"detail": 1, "outlook": 1}
    # status, detail, outlook, status, detail: two rows; each detail's row
    # is sure (one a row), the outlook's is not.
    roles = [["status"], ["detail"], ["outlook"], ["status"], ["detail"]]
    found = text_align.cut(roles, caps)
    assert found is not None
    choices, rows = found
    assert rows == 2
    assert text_align.cut_cells(choices, rows, "detail") == [1, 4]
    # The outlook stands between the rows: row 0's or row 1's.
    assert text_align.cut_cells(choices, rows, "outlook") == [
        text_align.UNSETTLED,
        text_align.UNSETTLED,
    ]


def test_a_row_cut_with_two_details_in_one_run_between_statuses_fails() -> None:
    roles = [["status"], ["status"], ["detail"], ["detail"]]
    assert text_align.cut(roles, {"detail": 1}) is None


def test_a_word_either_status_or_outlook_is_settled_by_the_cut() -> None:
    roles = [["status"], ["detail"], ["status", "outlook"]]
    found = text_align.cut(roles, {"detail": 1, "outlook": 1})
    # As a status it opens a row of its own; as an outlook it closes row 0:
    # two row counts, no cut.
    assert found is None
