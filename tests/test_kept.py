"""The per-process store of kept answers (``tracker.kept``): the filter bars and the list
options are kept in it."""

import threading

import pytest

from tracker.kept import Kept


def test_an_answer_is_computed_once_then_kept():
    kept = Kept(3)
    calls = []

    def compute():
        calls.append(1)
        return "answer"

    assert kept.get("key", compute) == "answer"
    assert kept.get("key", compute) == "answer"
    assert len(calls) == 1


def test_the_least_recently_used_answer_goes_first():
    kept = Kept(2)
    kept.get("a", lambda: 1)
    kept.get("b", lambda: 2)
    kept.get("a", lambda: "recomputed")  # "a" read again: "b" is now the oldest
    kept.get("c", lambda: 3)
    assert len(kept) == 2
    assert kept.get("a", lambda: "recomputed") == 1
    assert kept.get("b", lambda: "recomputed") == "recomputed"


def test_cleared_answers_are_computed_again():
    kept = Kept(2)
    kept.get("a", lambda: 1)
    kept.clear()
    assert len(kept) == 0
    assert kept.get("a", lambda: 2) == 2


def test_a_failed_computation_keeps_nothing():
    kept = Kept(2)

    def fails():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        kept.get("a", fails)
    assert len(kept) == 0
    assert kept.get("a", lambda: 1) == 1


def test_threads_share_one_bounded_store():
    kept = Kept(50)
    errors = []

    def worker(offset):
        try:
            for i in range(500):
                key = (offset + i) % 80
                assert kept.get(key, lambda key=key: key * 2) == key * 2
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(kept) == 50
