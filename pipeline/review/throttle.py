"""Login throttling: failed logins per account and per client earn a growing wait, said in the message.

Why: without it a password can be guessed at bcrypt speed, and a flood of logins keeps every core busy hashing,
so every page slows down. Here a few failures are free (typos), then each further failure doubles the wait
(1 s, 2 s, 4 s ... capped at 15 minutes); a refused attempt costs no bcrypt at all. Accounts are counted by
name (also names that do not exist, so the answer does not reveal which do), clients by address. A success
clears the account's count. State is in memory: one review server process, reset by a restart (which costs an
attacker more than waiting). The table is bounded; the oldest entries go first.

Password checks that do run are one at a time (`LOGIN_SLOTS`), and a login that would wait for a slot behind
too many others is told to come back, so a flood never takes the threads that serve the pages.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

ACCOUNT_FREE = 5  # failures before an account waits
CLIENT_FREE = 20  # a shared office address: more room
MAX_WAIT_S = 15 * 60
FORGET_AFTER_S = 60 * 60
MAX_KEYS = 10_000
LOGIN_SLOTS = 1  # concurrent bcrypt checks
MAX_WAITING = 8  # logins queued for a slot before new ones are told to retry


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    until: float = 0.0


class LoginThrottle:
    def __init__(
        self, account_free: int = ACCOUNT_FREE, client_free: int = CLIENT_FREE, clock=time.monotonic
    ):
        self.free = {"account": account_free, "client": client_free}
        self.clock = clock
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, kind: str, key: str) -> _Record | None:
        rec = self._records.get((kind, key))
        if rec is not None and self.clock() - rec.last > FORGET_AFTER_S:
            del self._records[(kind, key)]
            return None
        return rec

    def wait_s(self, account: str, client: str) -> tuple[float, str]:
        """Seconds left before this account / client may try again (0: now), and which of the two waits."""
        now = self.clock()
        with self._lock:
            waits = []
            for kind, key in (("account", account), ("client", client)):
                rec = self._get(kind, key)
                if rec is not None and rec.until > now:
                    waits.append((rec.until - now, kind))
        return max(waits) if waits else (0.0, "")

    def failed(self, account: str, client: str) -> float:
        """Count a failure; returns the wait it earned (0 while still free)."""
        now = self.clock()
        earned = 0.0
        with self._lock:
            for kind, key in (("account", account), ("client", client)):
                rec = self._get(kind, key) or _Record()
                rec.failures += 1
                rec.last = now
                over = rec.failures - self.free[kind]
                if over > 0:
                    wait = min(float(MAX_WAIT_S), 2.0 ** (over - 1))
                    rec.until = now + wait
                    earned = max(earned, wait)
                self._records[(kind, key)] = rec
                self._records.move_to_end((kind, key))
            while len(self._records) > MAX_KEYS:
                self._records.popitem(last=False)
        return earned

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._records.pop(("account", account), None)


def wait_text(seconds: float) -> str:
    """'12 s', '3 min 5 s': how long, in the units a person reads."""
    s = max(1, math.ceil(seconds))
    if s < 60:
        return f"{s} s"
    minutes, rest = divmod(s, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
