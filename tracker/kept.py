"""Answers kept per process under a key, the least recently used dropped first.

``functools.lru_cache`` keys on a function's arguments; the answers kept here are keyed by
what the caller says they follow from (a token, the language, the filters in force), which
are not all arguments, and the callers must be able to empty them. One lock per store:
web workers may serve requests in threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """At most ``size`` answers, each under its key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The answer kept under ``key``, else ``compute()``'s, then kept. ``compute`` runs
        outside the lock: two requests may both compute a missing answer, and the last one
        is kept (they are equal, both following from the key)."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        return len(self._answers)
