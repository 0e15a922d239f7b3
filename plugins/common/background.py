"""Work done in a second process while the build goes on.

``Background(function, *args)`` forks a process that runs the function and
sends its result back through a pipe; ``result()`` waits for it. Where there
is no fork, or the second process fails or raises, ``result()`` runs the
function here instead, so a problem shows as if there were no second process.
With one processor there is no second process either: it would only add
the cost of sharing memory.

``Stream(function, *args)`` does the same for a generator function of
``(key, value)`` pairs, taken one by one with ``get(key)``: None means the
second process did not make that one, and the caller makes it itself.

Results must be picklable plain values.
"""

import gc
import multiprocessing
import os


class Background:
    def __init__(self, function, *args):
        self._function, self._args = function, args
        self._process = self._pipe = None
        try:
            context = _fork()
            self._pipe, sending = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_run, args=(sending, function, args), daemon=True
            )
            self._process.start()
            sending.close()
        except (ValueError, OSError):  # no fork here, or no process to be had
            self._process = None

    def result(self):
        """The function's result, from the second process or worked out here."""
        if self._process is not None:
            try:
                done, value = self._pipe.recv()
            except (EOFError, OSError):  # the process died before it answered
                done, value = False, None
            finally:
                self._pipe.close()
                self._process.join()
            if done:
                return value
        return self._function(*self._args)


class Stream:
    def __init__(self, function, *args):
        self._made = {}
        self._process = self._pipe = None
        try:
            context = _fork()
            self._pipe, sending = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_stream, args=(sending, function, args), daemon=True
            )
            self._process.start()
            sending.close()
        except (ValueError, OSError):  # no fork here, or no process to be had
            self._process = None

    def get(self, key):
        """The value made for ``key``, waiting for it; None if it never comes."""
        while key not in self._made and self._process is not None:
            try:
                item = self._pipe.recv()
            except (EOFError, OSError):  # the process ended before its last pair
                item = None
            if item is None:
                self.close()
            else:
                self._made[item[0]] = item[1]
        return self._made.pop(key, None)

    def close(self):
        """End the second process, finished or not."""
        if self._process is not None:
            self._pipe.close()
            self._process.terminate()
            self._process.join()
            self._process = None


def _fork():
    """The fork start method, where a second processor can run the process."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        processors = os.cpu_count() or 1
    if processors < 2:
        raise ValueError("one processor: no second process")
    return multiprocessing.get_context("fork")


def _stream(sending, function, args):
    _leave_inherited_objects_alone()
    try:
        for item in function(*args):
            sending.send(item)
        sending.send(None)
    except Exception:  # the pipe closes: the caller makes the rest itself
        pass
    sending.close()


def _run(sending, function, args):
    _leave_inherited_objects_alone()
    try:
        answer = (True, function(*args))
    except Exception:  # raised again, with its traceback, where result() runs it
        answer = (False, None)
    sending.send(answer)
    sending.close()


def _leave_inherited_objects_alone():
    """Keep the collector off the objects shared with the build's process.

    Collecting would write to every one of them and so copy all the memory
    the two processes share; this process is short-lived anyway.
    """
    gc.freeze()
