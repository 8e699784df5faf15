# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request log and per-route counters (admin requests are never recorded)."""

from __future__ import annotations

import collections
import itertools
import re
import threading


class RequestLog:
    def __init__(self, limit=20000):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=limit)
        self._counters = collections.Counter()
        self._seq = itertools.count(1)

    def record(self, time, cloud, method, path, template, query, status, fault):
        """Add one request; template is the route relative to the cloud's prefix (``/sks-cluster/<id>``)."""
        with self._lock:
            entry = {
                "seq": next(self._seq),
                "time": time,
                "cloud": cloud,
                "method": method,
                "path": path,
                "template": template,
                "query": query,
                "status": status,
                "fault": fault,
            }
            self._entries.append(entry)
            self._counters[(cloud, method, template)] += 1
            return entry

    def entries(self, cloud=None, method=None, path_regex=None, since=None):
        """Entries in order, filtered; since is a seq number (only later entries are returned)."""
        pattern = re.compile(path_regex) if path_regex else None
        with self._lock:
            entries = list(self._entries)
        return [
            dict(entry)
            for entry in entries
            if (cloud is None or entry["cloud"] == cloud)
            and (method is None or entry["method"] == method.upper())
            and (pattern is None or pattern.search(entry["path"]))
            and (since is None or entry["seq"] > since)
        ]

    def counters(self):
        """{cloud: {"METHOD template": count}}, requests outside every cloud under the cloud name ``null``."""
        result = {}
        with self._lock:
            for (cloud, method, template), count in sorted(self._counters.items(), key=str):
                result.setdefault(cloud or "null", {})["%s %s" % (method, template)] = count
        return result

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._counters.clear()
