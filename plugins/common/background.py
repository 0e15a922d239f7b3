"""Work done in a second process while the build goes on.

``Background(function, *args)`` forks a process that runs the function and
sends its result back through a pipe; ``result()`` waits for it. Where there
is no fork, or the second process fails or raises, ``result()`` runs the
function here instead, so a problem shows as if there were no second process.
The function and its result must be picklable plain values.
"""

import multiprocessing


class Background:
    def __init__(self, function, *args):
        self._function, self._args = function, args
        self._process = self._pipe = None
        try:
            context = multiprocessing.get_context("fork")
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


def _run(sending, function, args):
    try:
        answer = (True, function(*args))
    except Exception:  # raised again, with its traceback, where result() runs it
        answer = (False, None)
    sending.send(answer)
    sending.close()
