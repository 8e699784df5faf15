# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory state of every emulated cloud, and the emulated clock that drives asynchronous changes.

Records are plain dicts kept in collections (one per cloud and kind). ``store.schedule(record, after, changes)``
applies ``changes`` (a dict merged into the record, or a callable taking the record) once ``after`` emulated
seconds have passed. Due changes are applied by ``store.tick()``, which the frame calls at the start of every
request, so a client sees a cluster move from ``creating`` to ``running`` simply by polling.
"""

from __future__ import annotations

import dataclasses
import datetime
import heapq
import itertools
import threading
import time
import typing as t
import uuid


class Clock:
    """Emulated time: runs ``speed`` times faster than real time and can be moved forward by tests."""

    def __init__(self, speed=1.0, monotonic=time.monotonic, wall=time.time):
        if float(speed) <= 0:
            raise ValueError("speed must be positive")
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._speed = float(speed)
        self._real_base = monotonic()
        self._emulated_base = 0.0
        self._wall_origin = wall()

    def now(self):
        """Emulated seconds since the clock started."""
        with self._lock:
            return self._now_locked()

    def _now_locked(self):
        return self._emulated_base + (self._monotonic() - self._real_base) * self._speed

    def _rebase_locked(self):
        self._emulated_base = self._now_locked()
        self._real_base = self._monotonic()

    def advance(self, seconds):
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._rebase_locked()
            self._emulated_base += seconds
            return self._emulated_base

    @property
    def speed(self):
        return self._speed

    @speed.setter
    def speed(self, value):
        if float(value) <= 0:
            raise ValueError("speed must be positive")
        with self._lock:
            self._rebase_locked()
            self._speed = float(value)

    def wall(self):
        """Emulated Unix time: the real start time plus the emulated seconds since."""
        return self._wall_origin + self.now()

    def iso(self):
        moment = datetime.datetime.fromtimestamp(self.wall(), tz=datetime.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Collection:
    """Records of one kind in one cloud, by id. Hold ``store.lock`` around read-modify-write sequences."""

    def __init__(self, lock):
        self.lock = lock
        self._records = {}

    def get(self, record_id, default=None):
        with self.lock:
            return self._records.get(record_id, default)

    def put(self, record_id, record):
        with self.lock:
            self._records[record_id] = record
            return record

    def add(self, record, key="id"):
        return self.put(record[key], record)

    def pop(self, record_id, default=None):
        with self.lock:
            return self._records.pop(record_id, default)

    def values(self):
        with self.lock:
            return list(self._records.values())

    def find(self, **fields):
        """Records whose fields equal every given value."""
        return [record for record in self.values() if all(record.get(name) == value for name, value in fields.items())]

    def clear(self):
        with self.lock:
            self._records.clear()

    def __contains__(self, record_id):
        with self.lock:
            return record_id in self._records

    def __len__(self):
        with self.lock:
            return len(self._records)

    def __iter__(self):
        return iter(self.values())


@dataclasses.dataclass(order=True)
class Scheduled:
    due: float
    seq: int
    record: dict = dataclasses.field(compare=False)
    changes: t.Union[dict, t.Callable[[dict], t.Any]] = dataclasses.field(compare=False)
    cancelled: bool = dataclasses.field(default=False, compare=False)

    def cancel(self):
        self.cancelled = True

    def apply(self):
        if callable(self.changes):
            self.changes(self.record)
        else:
            self.record.update(self.changes)


class Store:
    """Thread-safe collections of records plus the queue of scheduled changes."""

    def __init__(self, clock=None):
        self.clock = clock or Clock()
        self.lock = threading.RLock()
        self._collections = {}
        self._queue = []
        self._seq = itertools.count()
        self._applying_at = None

    def collection(self, cloud, kind):
        with self.lock:
            key = (cloud, kind)
            if key not in self._collections:
                self._collections[key] = Collection(self.lock)
            return self._collections[key]

    def dump(self, cloud=None, kind=None):
        """Every record, as {cloud: {kind: [records]}}, optionally for one cloud and kind."""
        result = {}
        with self.lock:
            for (cloud_name, kind_name), collection in sorted(self._collections.items()):
                if cloud in (None, cloud_name) and kind in (None, kind_name):
                    result.setdefault(cloud_name, {})[kind_name] = collection.values()
        return result

    @staticmethod
    def new_id(prefix=""):
        return prefix + str(uuid.uuid4())

    def schedule(self, record, after_seconds, changes):
        """Apply changes to record after_seconds of emulated time; returns a handle with cancel().

        Called from inside a scheduled change, the delay counts from when that change was due, so chains
        of changes keep their spacing however late the tick that applies them.
        """
        with self.lock:
            start = self._applying_at if self._applying_at is not None else self.clock.now()
            item = Scheduled(start + max(0.0, float(after_seconds)), next(self._seq), record, changes)
            heapq.heappush(self._queue, item)
            return item

    def cancel(self, record):
        """Cancel every pending change of record; returns how many were cancelled."""
        with self.lock:
            pending = [item for item in self._queue if item.record is record and not item.cancelled]
            for item in pending:
                item.cancel()
            return len(pending)

    def pending(self, record=None):
        with self.lock:
            return sorted(
                item for item in self._queue if not item.cancelled and (record is None or item.record is record)
            )

    def tick(self):
        """Apply every change that is due; returns how many were applied."""
        applied = 0
        with self.lock:
            now = self.clock.now()
            while self._queue and self._queue[0].due <= now:
                item = heapq.heappop(self._queue)
                if item.cancelled:
                    continue
                self._applying_at = item.due
                try:
                    item.apply()
                finally:
                    self._applying_at = None
                applied += 1
        return applied

    def reset(self):
        with self.lock:
            for collection in self._collections.values():
                collection.clear()
            self._queue.clear()
