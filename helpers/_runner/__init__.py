"""Running a learner's function with a time limit, inside the notebook's own kernel.

The checker (:func:`helpers.exercises.check`) and the labs' ``use_*`` methods call a
function the learner wrote. An infinite loop in it must not hang the notebook, so the call
runs under a time limit, by the first mechanism that works where it runs:

``"signal"``
    POSIX, main thread (where Jupyter runs a cell and a widget's callbacks): a SIGALRM
    timer (``signal.setitimer``) whose handler raises inside the learner's code. The
    previous SIGALRM handler and any timer already running (pytest-timeout's, say) are
    restored when the call ends; such a timer is paused meanwhile, so it may fire up to the
    time limit late.
``"thread"``
    Windows, or a thread other than the main one: a watchdog thread that raises the
    exception in the calling thread through ``PyThreadState_SetAsyncExc``.
``"none"``
    No limit: Pyodide (JupyterLite) has neither threads nor usable signals, and PyPy has
    no ``ctypes.pythonapi``. The function simply runs.

Both mechanisms interrupt Python code between two bytecodes, so a single long call into
C (one huge ``np.linalg.solve``) finishes before the limit takes effect. The exception
raised in the learner's code derives from BaseException, so ``except Exception:`` does not
swallow it, and it is raised again every 0.1 s, so a bare ``except:`` that swallows it once
does not stop it either; only a loop whose every pass swallows all exceptions can outlast
the limit (the stop button still works then).
"""

from __future__ import annotations

import signal
import sys
import threading
import time

__all__ = ["TimeLimitExceeded", "call_with_time_limit", "mechanism"]

# after the first interruption, raise again this often (a bare `except:` may swallow one)
_RETRY = 0.1


class TimeLimitExceeded(Exception):
    """The learner's function ran longer than its time limit and was stopped."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


class _Expired(BaseException):
    """Raised inside the learner's code when its time is up."""


def _async_exc_api():
    """``PyThreadState_SetAsyncExc`` as two ctypes prototypes (set, clear), or None."""
    try:
        import ctypes

        api = ctypes.pythonapi
        set_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
            ("PyThreadState_SetAsyncExc", api))
        clear_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
            ("PyThreadState_SetAsyncExc", api))
    except (ImportError, AttributeError):  # PyPy, or a Python built without ctypes
        return None
    return set_exc, clear_exc


_ASYNC_EXC = _async_exc_api()


def mechanism() -> str:
    """How a time limit is enforced here: ``"signal"``, ``"thread"`` or ``"none"``."""
    if sys.platform == "emscripten":  # Pyodide: no threads, no timers that interrupt
        return "none"
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return "signal"
    return "thread" if _ASYNC_EXC is not None else "none"


def call_with_time_limit(fn, args=(), seconds=None):
    """``fn(*args)``, stopped with :class:`TimeLimitExceeded` after `seconds`.

    `seconds` None (or the mechanism ``"none"``) runs without a limit. Exceptions from
    `fn` propagate unchanged; KeyboardInterrupt is never intercepted.
    """
    if seconds is None:
        return fn(*args)
    how = mechanism()
    if how == "signal":
        return _with_signal(fn, args, seconds)
    if how == "thread":
        return _with_thread(fn, args, seconds)
    return fn(*args)


def _with_signal(fn, args, seconds):
    def on_alarm(signum, frame):
        # Our own bookkeeping below is never interrupted: only the learner's code is, and
        # the timer fires again _RETRY later if the signal landed here.
        if frame is not None and frame.f_code is _with_signal.__code__:
            return
        raise _Expired

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds, _RETRY)
    start = time.monotonic()
    try:
        return fn(*args)
    except _Expired:
        raise TimeLimitExceeded(seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0.0:  # someone else's timer was running: let it go on
            left = old_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), old_interval)


def _with_thread(fn, args, seconds):
    set_exc, clear_exc = _ASYNC_EXC
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()

    def watchdog():
        if done.wait(seconds):
            return
        while True:
            with lock:
                if done.is_set():
                    return
                set_exc(target, _Expired)
            if done.wait(_RETRY):
                return

    threading.Thread(target=watchdog, name="time-limit watchdog", daemon=True).start()
    expired = False
    try:
        return fn(*args)
    except _Expired:
        expired = True
    finally:
        # Stop the watchdog and drop an exception it may have left pending. An _Expired
        # that lands before the lock is taken is caught and the step retried.
        while True:
            try:
                with lock:
                    done.set()
                    clear_exc(target, None)
                break
            except _Expired:
                expired = True
        if expired:
            raise TimeLimitExceeded(seconds) from None
