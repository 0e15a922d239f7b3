"""Work in a second process: the result comes back, or is worked out here."""

import gc
import os

import pytest

from plugins.common.background import Background, Stream


def pid_and_sum(*numbers):
    return os.getpid(), sum(numbers)


def fails(message):
    raise ValueError(message)


def unpicklable():
    return lambda: "made here"


@pytest.fixture(autouse=True)
def two_processors(monkeypatch):
    """As on the machines the journal is built on, whatever runs the tests."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})


def squares(count, fail_at=None):
    for number in range(count):
        if number == fail_at:
            raise ValueError("cannot go on")
        yield number, (os.getpid(), number * number)


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


def test_a_stream_hands_over_each_value_by_its_key():
    stream = Stream(squares, 50)
    got = [stream.get(number) for number in (0, 1, 7, 3, 49)]
    stream.close()
    assert [square for _pid, square in got] == [0, 1, 49, 9, 49 * 49]
    assert {pid for pid, _square in got} != {os.getpid()}


def test_a_stream_that_stops_early_gives_none_for_the_rest():
    stream = Stream(squares, 10, 4)
    assert stream.get(3)[1] == 9
    assert stream.get(4) is None
    assert stream.get(9) is None
    stream.close()


def test_a_stream_closed_before_its_end_leaves_no_process():
    stream = Stream(squares, 100_000)
    pid, _square = stream.get(0)
    stream.close()
    assert not alive(pid)


def test_a_stream_nobody_listens_to_any_more_is_ended():
    """A build that failed half-way leaves no process behind."""
    stream = Stream(squares, 100_000)
    pid, _square = stream.get(0)
    del stream
    gc.collect()
    assert not alive(pid)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_without_fork_a_stream_gives_none(monkeypatch):
    def no_fork(method):
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr("multiprocessing.get_context", no_fork)
    assert Stream(squares, 3).get(0) is None


def test_with_one_processor_the_work_is_done_here(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert Background(pid_and_sum, 5).result() == (os.getpid(), 5)
    assert Stream(squares, 3).get(0) is None
