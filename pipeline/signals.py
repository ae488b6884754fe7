"""A clean stop on SIGINT or SIGTERM: the run stops what it is waiting for, keeps what it loaded.

While a run is active, SIGINT (Ctrl-C) and SIGTERM (kill, systemd, docker stop, a scheduler's
timeout) raise RunInterrupted in the main thread, at once, unless the writer is inside a
critical section (loading one document, publishing): then the signal is remembered and raised
as soon as that section ends, so a document is never half loaded. A second signal during the
clean-up is ignored (the clean-up is bounded: workers are killed, not waited for).

    with stop_on_signals() as stop:
        ...
        with stop.critical():
            load(...)
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class RunInterrupted(BaseException):
    """The run was stopped by a signal. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way up swallows it."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by signal {signal.Signals(signum).name}")

    @classmethod
    def from_message(cls, message: str) -> "RunInterrupted":
        """Back from its message (a Prefect state carries text only); SIGTERM if unclear."""
        for s in SIGNALS:
            if s.name in message:
                return cls(s)
        return cls(signal.SIGTERM)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum        # the shell's convention: 130 for SIGINT, 143 for SIGTERM


class StopGuard:
    def __init__(self) -> None:
        self.signum: int | None = None
        self._depth = 0
        self._raised = False

    def handler(self, signum: int, frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self._depth == 0 and not self._raised:
            self._raised = True
            raise RunInterrupted(signum)

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        self.check()

    def check(self) -> None:
        """Raise now if a signal arrived during a critical section."""
        if self.signum is not None and self._depth == 0 and not self._raised:
            self._raised = True
            raise RunInterrupted(self.signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopGuard]:
    """Install the handlers (main thread only: elsewhere signals cannot be handled, and the
    guard simply never fires); the previous handlers come back afterwards."""
    guard = StopGuard()
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        signal.signal(s, guard.handler)
    try:
        yield guard
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
