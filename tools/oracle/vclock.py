"""Run a Python program under CPython's own asyncio on an ideal virtual clock.

This is the golden-file oracle of asyncsim (see docs/semantics.md and
tools/oracle/README.md). The program runs in this interpreter, as
``__main__``, with CPython's asyncio code unchanged except for:

* the clock: ``loop.time()``, ``time.monotonic``, ``time.perf_counter`` and
  ``time.time`` (plus their ``_ns`` twins) read a virtual clock that stands
  still while code runs. The event loop's selector never blocks: when
  ``BaseEventLoop._run_once`` asks it to wait ``timeout`` seconds, the clock
  jumps straight to the deadline of the earliest pending timer (exactly, so
  the timer fires in that same iteration), or by ``timeout`` when
  ``MAXIMUM_SELECT_TIMEOUT`` (24 h) capped it. ``time.sleep(s)`` advances the
  clock by ``s`` without running the loop. The clock starts at 0.0;
  ``time.time`` is ``TIME_EPOCH`` (1_700_000_000.0) plus it. CPython's
  ``_clock_resolution`` (1e-9 s on Linux) is kept, so timers due within
  1e-9 s of ``now`` fire together, as in CPython. From 2**24 s on, where
  ``now + 1e-9 == now``, the clock lands one ulp after a deadline so that
  the timer still fires (``_firing_time``).
* the timer tie order: timer handles compare by ``(when, seq)`` where ``seq``
  counts ``call_at`` calls on the loop, so timers with equal deadlines fire
  in the order they were scheduled.
* the order of ``asyncio.all_tasks()``: CPython returns a set ordered by
  object address; here the set iterates in task creation order. This fixes
  the order in which ``asyncio.run`` cancels leftover tasks at the end.

and, outside asyncio, for reproducibility:

* every call of the module-level ``random.seed(...)`` seeds the global
  generator with the chosen seed N instead (the program's own
  ``random.seed(444)`` line becomes ``random.seed(N)``); the global generator
  is also seeded with N before the program starts. Nothing else in
  ``random`` is touched.
* ``os.urandom(n)`` (and ``random.SystemRandom``) draw from a separate
  deterministic stream: ``random.Random(abs(N) * 2**32 + 0x75726E64)``
  (0x75726E64 is ASCII "urnd"), ``os.urandom(n) == stream.randbytes(n)``,
  i.e. ``getrandbits(8*n).to_bytes(n, "little")``. It never draws from the
  global ``random`` generator.

Ending conditions besides a normal exit:

* deadlock: the loop would block with nothing ready and no live timer (for a
  program that only uses timers and asyncio primitives this means it can
  never finish; CPython would hang forever). stdout is flushed, ``deadlock``
  and a short description of the unfinished tasks go to stderr, and the
  process exits with status 3 at once (no cleanup, no further output).
* runaway: more than ``max_iterations`` loop iterations, or the virtual clock
  passing ``max_time`` seconds: message on stderr, exit status 4.

Not supported (never needed by the programs replayed): real I/O (sockets,
pipes, subprocesses: the selector never reports an event, so waiting on them
reads as a deadlock), threads and executors (``run_in_executor``,
``to_thread``), ``datetime.now()`` and other C-level clocks.
"""

import asyncio
import heapq
import itertools
import linecache
import math
import os
import random
import selectors
import sys
import time
import tokenize
import types
import weakref

from asyncio import events, tasks

__all__ = ["DEFAULT_SEED", "VirtualClock", "VirtualEventLoop", "install",
           "run_program", "EXIT_DEADLOCK", "EXIT_RUNAWAY"]

DEFAULT_SEED = 444
EXIT_DEADLOCK = 3
EXIT_RUNAWAY = 4
DEFAULT_MAX_ITERATIONS = 1_000_000
DEFAULT_MAX_TIME = 1e9          # virtual seconds (~31.7 years)
TIME_EPOCH = 1_700_000_000.0    # time.time() at virtual time 0
URANDOM_SALT = 0x75726E64       # "urnd"


def urandom_stream(seed):
    """The deterministic generator behind os.urandom for seed ``seed``."""
    return random.Random(abs(seed) * 2**32 + URANDOM_SALT)


def _flush_std():
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass


def _hard_exit(status, message):
    """Flush stdout, write ``message`` to stderr and exit at once."""
    _flush_std()
    try:
        sys.stderr.write(message)
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(status)


class VirtualClock:
    """The one virtual clock shared by the loop and the time module."""

    def __init__(self, max_time=DEFAULT_MAX_TIME):
        self.now = 0.0
        self.max_time = max_time

    def advance_to(self, t):
        if t > self.now:
            # A float, as time.monotonic() is, even when a deadline came
            # from call_at(5) or timeout_at(7) with an int.
            self.now = float(t)
        if self.max_time is not None and self.now > self.max_time:
            _hard_exit(EXIT_RUNAWAY,
                       f"runaway: virtual clock passed the horizon of "
                       f"{self.max_time:g} s (now {self.now:g} s)\n")

    # Replacements for the time module -------------------------------------
    def monotonic(self):
        return self.now

    def monotonic_ns(self):
        return round(self.now * 1e9)

    def time(self):
        return TIME_EPOCH + self.now

    def time_ns(self):
        return round((TIME_EPOCH + self.now) * 1e9)

    def sleep(self, secs):
        secs = float(secs)
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        self.advance_to(self.now + secs)


class _SeqTimerHandle(events.TimerHandle):
    """A TimerHandle ordered by (deadline, scheduling sequence)."""

    __slots__ = ("_seq",)

    def __init__(self, when, callback, args, loop, context, seq):
        super().__init__(when, callback, args, loop, context)
        self._seq = seq

    def _key(self):
        return (self._when, self._seq)

    def __lt__(self, other):
        if isinstance(other, _SeqTimerHandle):
            return self._key() < other._key()
        return super().__lt__(other)

    def __le__(self, other):
        if isinstance(other, _SeqTimerHandle):
            return self._key() <= other._key()
        return super().__le__(other)

    def __gt__(self, other):
        if isinstance(other, _SeqTimerHandle):
            return self._key() > other._key()
        return super().__gt__(other)

    def __ge__(self, other):
        if isinstance(other, _SeqTimerHandle):
            return self._key() >= other._key()
        return super().__ge__(other)


def _firing_time(when, resolution):
    """The earliest clock reading at which _run_once pops a timer due at
    ``when``: ``when`` itself, unless ``when + resolution`` rounds back to
    ``when`` (huge virtual times), then the next float up."""
    if when + resolution > when:
        return when
    return math.nextafter(when, math.inf)


class _VirtualSelector(selectors._BaseSelectorImpl):
    """A selector that never waits: select(timeout) moves the virtual clock.

    Registered file objects (the loop's self-pipe) are kept but never
    reported ready.
    """

    def __init__(self, clock, max_iterations):
        super().__init__()
        self._clock = clock
        self._max_iterations = max_iterations
        self.iterations = 0
        self.loop = None

    def select(self, timeout=None):
        self.iterations += 1
        if (self._max_iterations is not None
                and self.iterations > self._max_iterations):
            _hard_exit(EXIT_RUNAWAY,
                       f"runaway: more than {self._max_iterations} event loop "
                       f"iterations (virtual time {self._clock.now:.3f} s)\n")
        if timeout is None:
            # _run_once passes None only when nothing is ready, the loop is
            # not stopping and no live timer is pending: CPython would block
            # forever.
            _hard_exit(EXIT_DEADLOCK, _deadlock_report(self.loop, self._clock))
        loop = self.loop
        clock = self._clock
        if loop is None:
            if timeout > 0:
                clock.advance_to(clock.now + timeout)
            return []
        scheduled = loop._scheduled
        resolution = loop._clock_resolution
        if timeout > 0:
            if scheduled and scheduled[0]._when - clock.now <= timeout:
                # Land exactly on the deadline so that the timer fires in
                # this iteration (_run_once pops when < now + resolution).
                clock.advance_to(_firing_time(scheduled[0]._when, resolution))
            else:  # timeout clipped to MAXIMUM_SELECT_TIMEOUT
                clock.advance_to(clock.now + timeout)
        elif (scheduled and not loop._ready and not loop._stopping
                and scheduled[0]._when >= clock.now + resolution):
            # A due timer that _run_once would not pop because now + 1e-9
            # rounds to now (only past ~1.7e7 s): step one ulp, or it spins.
            clock.advance_to(_firing_time(scheduled[0]._when, resolution))
        return []


_task_counter = itertools.count()  # creation order of tasks, all loops


class VirtualEventLoop(asyncio.SelectorEventLoop):
    """CPython's default selector event loop on the virtual clock."""

    def __init__(self, clock, max_iterations=DEFAULT_MAX_ITERATIONS):
        self._vclock = clock
        self._timer_seq = itertools.count()
        self._task_seq = weakref.WeakKeyDictionary()
        selector = _VirtualSelector(clock, max_iterations)
        super().__init__(selector)
        selector.loop = self

    def time(self):
        return self._vclock.now

    def call_at(self, when, callback, *args, context=None):
        # base_events.BaseEventLoop.call_at, with a sequenced TimerHandle.
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = _SeqTimerHandle(when, callback, args, self, context,
                                next(self._timer_seq))
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def create_task(self, coro, *, name=None, context=None):
        task = super().create_task(coro, name=name, context=context)
        self._task_seq[task] = next(_task_counter)
        return task


def _task_order_key(task):
    """Creation order; tasks not made by loop.create_task (a direct
    asyncio.Task(...)) come last, in no particular order."""
    try:
        seq = task.get_loop()._task_seq.get(task)
    except AttributeError:
        seq = None
    if seq is None:
        return (1, 0, id(task))
    return (0, seq, 0)


class _CreationOrderedTaskSet(set):
    """The set asyncio.all_tasks() returns, iterating in creation order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self), key=_task_order_key))

    def __repr__(self):
        return "{" + ", ".join(repr(t) for t in self) + "}"


_original_all_tasks = tasks.all_tasks


def _all_tasks(loop=None):
    return _CreationOrderedTaskSet(_original_all_tasks(loop))


_all_tasks.__doc__ = _original_all_tasks.__doc__


def _describe_task(task):
    """One line: name, coroutine, and the chain of awaits it is parked in."""
    coro = task.get_coro()
    coro_name = getattr(coro, "__qualname__", None) or type(coro).__name__
    frames = []
    obj = coro
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is None:
            break
        code = frame.f_code
        frames.append(f"{code.co_name} "
                      f"({os.path.basename(code.co_filename)}:{frame.f_lineno})")
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    if not frames:
        where = "not started" if not task.done() else "done"
    else:
        where = " -> ".join(frames)
    waiter = getattr(task, "_fut_waiter", None)
    if waiter is not None:
        where += f" -> {type(waiter).__name__}"
    return f"  {task.get_name()} {coro_name}(): {where}"


def _deadlock_report(loop, clock):
    lines = [f"deadlock at virtual time {clock.now:.3f} s: nothing ready, "
             f"no timer pending, the program can never finish"]
    if loop is not None:
        pending = list(_all_tasks(loop))
        lines[0] += f"; {len(pending)} unfinished task(s):"
        for task in pending:
            try:
                lines.append(_describe_task(task))
            except Exception as exc:  # pragma: no cover - best effort
                lines.append(f"  {task!r} ({exc!r})")
    return "\n".join(lines) + "\n"


class _VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    def __init__(self, clock, max_iterations):
        super().__init__()
        self._vclock = clock
        self._max_iterations = max_iterations

    def new_event_loop(self):
        return VirtualEventLoop(self._vclock, self._max_iterations)


def install(seed=DEFAULT_SEED, max_iterations=DEFAULT_MAX_ITERATIONS,
            max_time=DEFAULT_MAX_TIME):
    """Patch time, random, os.urandom and asyncio for a virtual-clock run.

    Process-wide and not undoable: meant for a fresh interpreter that runs
    one program. Returns the VirtualClock.
    """
    seed = int(seed)
    clock = VirtualClock(max_time)

    time.monotonic = clock.monotonic
    time.monotonic_ns = clock.monotonic_ns
    time.perf_counter = clock.monotonic
    time.perf_counter_ns = clock.monotonic_ns
    time.time = clock.time
    time.time_ns = clock.time_ns
    time.sleep = clock.sleep

    seed_global = random._inst.seed

    def seed_redirected(a=None, version=2):
        """random.seed, redirected by the oracle to the chosen seed."""
        seed_global(seed, version)

    random.seed = seed_redirected
    seed_global(seed)

    stream = urandom_stream(seed)

    def urandom(size, /):
        """os.urandom, replaced by the oracle's deterministic stream."""
        size = size.__index__()
        if size < 0:
            raise ValueError("negative argument not allowed")
        return stream.randbytes(size)

    os.urandom = urandom
    random._urandom = urandom  # random.SystemRandom's private alias

    tasks.all_tasks = _all_tasks
    asyncio.all_tasks = _all_tasks

    asyncio.set_event_loop_policy(_VirtualPolicy(clock, max_iterations))
    return clock


def run_program(path, args=(), seed=DEFAULT_SEED,
                max_iterations=DEFAULT_MAX_ITERATIONS,
                max_time=DEFAULT_MAX_TIME):
    """Run the program at ``path`` as ``__main__`` on the virtual clock.

    ``__file__`` and ``sys.argv[0]`` are the program's file name (as
    ``python3 NAME.py`` in its own directory shows them); ``sys.path[0]`` is
    its directory. Returns normally when the program does; SystemExit
    propagates; any other uncaught exception is printed like Python does and
    turned into SystemExit(1).
    """
    install(seed, max_iterations, max_time)

    name = os.path.basename(path)
    with open(path, "rb") as f:
        source = f.read()
    code = compile(source, name, "exec", dont_inherit=True)
    # Tracebacks show the program's lines although `name` is not a path.
    with tokenize.open(path) as f:
        lines = f.readlines()
    linecache.cache[name] = (len(source), None, lines, name)

    main = types.ModuleType("__main__")
    main.__dict__.update({
        "__file__": name,
        "__cached__": None,
        "__loader__": None,
        "__spec__": None,
        "__builtins__": __builtins__,
    })
    sys.modules["__main__"] = main
    sys.argv[:] = [name, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    try:
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as exc:
        tb = exc.__traceback__
        if tb is not None:
            tb = tb.tb_next  # hide this frame, as `python3 NAME.py` would
        exc.__traceback__ = tb
        sys.excepthook(type(exc), exc, tb)
        raise SystemExit(1) from None
