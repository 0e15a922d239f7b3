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
import weakref


class _SecondProcess:
    """A forked process running ``target(sending, function, args)``, or None.

    If the caller stops listening (a build that failed half-way), the process
    is ended when this object is collected.
    """

    def __init__(self, target, function, args):
        self._process = self._pipe = None
        try:
            context = _fork()
            self._pipe, sending = context.Pipe(duplex=False)
            process = context.Process(
                target=target, args=(sending, function, args), daemon=True
            )
            process.start()
        except (ValueError, OSError):  # no fork here, or no process to be had
            return
        sending.close()
        self._process = process
        self._end = weakref.finalize(self, _end, process, self._pipe)

    def receive(self):
        """What the process sent next, or None if it ended without a word."""
        if self._process is None:
            return None
        try:
            return self._pipe.recv()
        except (EOFError, OSError):  # the process ended
            self.close()
            return None

    def close(self):
        """End the process, finished or not."""
        if self._process is not None:
            self._end()
            self._process = None


def _end(process, pipe):
    pipe.close()
    process.terminate()
    process.join()


class Background:
    def __init__(self, function, *args):
        self._function, self._args = function, args
        self._second = _SecondProcess(_run, function, args)

    def result(self):
        """The function's result, from the second process or worked out here."""
        answer = self._second.receive()
        self._second.close()
        if answer is not None and answer[0]:
            return answer[1]
        return self._function(*self._args)


class Stream:
    def __init__(self, function, *args):
        self._made = {}
        self._second = _SecondProcess(_stream, function, args)
        self._open = True

    def get(self, key):
        """The value made for ``key``, waiting for it; None if it never comes."""
        while key not in self._made and self._open:
            item = self._second.receive()
            if item is None:  # the end, or the process ended early
                self.close()
            else:
                self._made[item[0]] = item[1]
        return self._made.pop(key, None)

    def close(self):
        """End the second process, finished or not."""
        self._open = False
        self._second.close()


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
