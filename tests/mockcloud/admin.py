# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small client of the admin API, for tests and scripts."""

from __future__ import annotations

import requests


class Admin:
    def __init__(self, base_url, timeout=10):
        self.base_url = base_url.rstrip("/") + "/_admin"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False

    def _call(self, method, path, **kwargs):
        response = self.session.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        response.raise_for_status()
        return response.json()

    def health(self):
        return self._call("GET", "/health")

    def reset(self):
        return self._call("POST", "/reset")

    def faults(self, **config):
        """Replace the fault configuration: rate, seed, kinds, clouds, methods, path_regex, latency_ms, retry_after, once."""
        return self._call("POST", "/faults", json=config)

    def fault_config(self):
        return self._call("GET", "/faults")

    def once(self, *rules):
        """Only one-shot rules, e.g. once({"method": "POST", "path_regex": "/items$", "kind": "reset_after"})."""
        return self.faults(once=list(rules))

    def clear_faults(self):
        return self._call("DELETE", "/faults")

    def log(self, cloud=None, method=None, path_regex=None, since=None):
        params = {"cloud": cloud, "method": method, "path_regex": path_regex, "since": since}
        return self._call("GET", "/log", params={key: value for key, value in params.items() if value is not None})

    def clear_log(self):
        return self._call("DELETE", "/log")

    def counters(self):
        return self._call("GET", "/counters")

    def seed(self, cloud, count=1, **params):
        return self._call("POST", "/seed", json=dict(params, cloud=cloud, count=count))

    def advance(self, seconds):
        """Move the emulated clock forward and apply what became due."""
        return self._call("POST", "/clock", json={"advance": seconds})

    def set_speed(self, speed):
        return self._call("POST", "/clock", json={"speed": speed})

    def clock(self):
        return self._call("GET", "/clock")

    def tick(self):
        return self._call("POST", "/tick")

    def store(self, cloud=None, kind=None):
        return self._call(
            "GET", "/store", params={key: value for key, value in (("cloud", cloud), ("kind", kind)) if value}
        )

    def close(self):
        self.session.close()
