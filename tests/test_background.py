"""Work in a second process: the result comes back, or is worked out here."""

import os

import pytest

from plugins.common.background import Background


def pid_and_sum(*numbers):
    return os.getpid(), sum(numbers)


def fails(message):
    raise ValueError(message)


def unpicklable():
    return lambda: "made here"


def test_the_result_comes_from_a_second_process():
    pid, total = Background(pid_and_sum, 1, 2, 3).result()
    assert total == 6
    assert pid != os.getpid()


def test_an_error_in_the_second_process_is_raised_here_with_its_message():
    with pytest.raises(ValueError, match="bad store"):
        Background(fails, "bad store").result()


def test_a_result_that_cannot_be_sent_is_worked_out_here():
    assert Background(unpicklable).result()() == "made here"


def test_without_fork_the_work_is_done_here(monkeypatch):
    def no_fork(method):
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr("multiprocessing.get_context", no_fork)
    pid, total = Background(pid_and_sum, 4).result()
    assert (pid, total) == (os.getpid(), 4)
