# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: which request gets which failure, decided with a seeded random generator.

Two sources of faults, configured together by ``POST /_admin/faults`` (which replaces the whole configuration):

- random faults: each cloud request matching ``clouds``/``methods``/``path_regex`` fails with probability
  ``rate``, with a kind drawn from ``kinds``. The draws come from ``random.Random(seed)``, so the same
  sequence of requests gets the same faults on every run.
- one-shot rules (``once``): the first rule matching a request fires (``times`` times, default 1), whatever
  the rate; rules are tried in the order given.

``path_regex`` is searched (``re.search``) in the full request path, prefix included.
"""

from __future__ import annotations

import dataclasses
import random
import re
import threading

STATUS_FAULTS = {
    "500": (500, "InternalError", "injected fault: internal server error"),
    "502": (502, "BadGateway", "injected fault: bad gateway"),
    "503": (503, "ServiceUnavailable", "injected fault: service unavailable"),
    "429": (429, "TooManyRequests", "injected fault: too many requests"),
}
DROP_FAULTS = ("reset_before", "reset_after")
KINDS = tuple(STATUS_FAULTS) + DROP_FAULTS + ("latency",)
DEFAULT_KINDS = ("500", "502", "503", "429")


@dataclasses.dataclass
class Fault:
    kind: str
    source: str
    retry_after: float = 1
    latency: float = 0.0

    @property
    def status(self):
        return STATUS_FAULTS[self.kind][0] if self.kind in STATUS_FAULTS else None

    def to_dict(self):
        return dataclasses.asdict(self)


def _kind(value):
    value = str(value)
    if value not in KINDS:
        raise ValueError("unknown fault kind %r (known: %s)" % (value, ", ".join(KINDS)))
    return value


def _latency_range(value):
    low, high = (float(item) for item in (value or (50, 200)))
    if low < 0 or high < low:
        raise ValueError("latency_ms must be [min, max] with 0 <= min <= max")
    return low, high


class Matcher:
    """The request filter shared by random faults and one-shot rules."""

    def __init__(self, clouds=None, methods=None, path_regex=None):
        self.clouds = [str(cloud) for cloud in clouds] if clouds else None
        self.methods = [str(method).upper() for method in methods] if methods else None
        self.path_regex = path_regex
        try:
            self._pattern = re.compile(path_regex) if path_regex else None
        except re.error as error:
            raise ValueError("invalid path_regex %r: %s" % (path_regex, error)) from error

    def matches(self, cloud, method, path):
        if self.clouds is not None and cloud not in self.clouds:
            return False
        if self.methods is not None and method.upper() not in self.methods:
            return False
        return self._pattern is None or bool(self._pattern.search(path))

    def to_dict(self):
        return {"clouds": self.clouds, "methods": self.methods, "path_regex": self.path_regex}


class OnceRule:
    def __init__(self, rule):
        self.kind = _kind(rule.get("kind"))
        method = rule.get("method")
        cloud = rule.get("cloud")
        self.matcher = Matcher([cloud] if cloud else None, [method] if method else None, rule.get("path_regex"))
        self.times = int(rule.get("times", 1))
        self.retry_after = float(rule.get("retry_after", 1))
        self.latency_ms = _latency_range(rule.get("latency_ms"))

    def to_dict(self):
        matcher = self.matcher.to_dict()
        return {
            "kind": self.kind,
            "cloud": (matcher["clouds"] or [None])[0],
            "method": (matcher["methods"] or [None])[0],
            "path_regex": matcher["path_regex"],
            "times": self.times,
            "retry_after": self.retry_after,
            "latency_ms": list(self.latency_ms),
        }


@dataclasses.dataclass
class RandomFaults:
    """The random part of a configuration."""

    rate: float = 0.0
    seed: object = None
    kinds: tuple = DEFAULT_KINDS
    matcher: Matcher = dataclasses.field(default_factory=Matcher)
    latency_ms: tuple = (50.0, 200.0)
    retry_after: float = 1.0

    @classmethod
    def from_config(cls, config):
        rate = float(config.get("rate", 0))
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        return cls(
            rate,
            config.get("seed"),
            tuple(_kind(kind) for kind in config.get("kinds") or DEFAULT_KINDS),
            Matcher(config.get("clouds"), config.get("methods"), config.get("path_regex")),
            _latency_range(config.get("latency_ms")),
            float(config.get("retry_after", 1)),
        )

    def to_dict(self):
        result = {
            "rate": self.rate,
            "seed": self.seed,
            "kinds": list(self.kinds),
            "latency_ms": list(self.latency_ms),
            "retry_after": self.retry_after,
        }
        result.update(self.matcher.to_dict())
        return result


class FaultInjector:
    def __init__(self):
        self._lock = threading.Lock()
        self.random_faults = RandomFaults()
        self.once = []
        self._random = random.Random()

    def clear(self):
        self.configure({})

    def configure(self, config):
        """Replace the configuration; raises ValueError (before changing anything) when it is invalid."""
        random_faults = RandomFaults.from_config(config)
        once = [OnceRule(rule) for rule in config.get("once") or []]
        with self._lock:
            self.random_faults, self.once = random_faults, once
            self._random = random.Random(random_faults.seed)
        return self.describe()

    def describe(self):
        with self._lock:
            return dict(self.random_faults.to_dict(), once=[rule.to_dict() for rule in self.once])

    def decide(self, cloud, method, path):
        """The fault for this request, or None."""
        with self._lock:
            fault = self._from_once_rules(cloud, method, path)
            config = self.random_faults
            if fault is None and config.rate > 0 and config.matcher.matches(cloud, method, path):
                if self._random.random() < config.rate:
                    kind = self._random.choice(config.kinds)
                    fault = Fault(kind, "random", config.retry_after, self._latency(kind, config.latency_ms))
            return fault

    def _from_once_rules(self, cloud, method, path):
        for rule in self.once:
            if rule.matcher.matches(cloud, method, path):
                rule.times -= 1
                if rule.times <= 0:
                    self.once.remove(rule)
                return Fault(rule.kind, "once", rule.retry_after, self._latency(rule.kind, rule.latency_ms))
        return None

    def _latency(self, kind, latency_ms):
        if kind != "latency":
            return 0.0
        return self._random.uniform(*latency_ms) / 1000.0
