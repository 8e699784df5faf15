# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the five inventory plugins: wall time of one `ansible-inventory --list` over all five clouds of
the emulator, cold (the API is read, --flush-cache) and cached (the jsonfile cache answers), median of N runs,
and the API calls each run made (from the emulator's request log). Prints figures; it is not a test.

    .venv/bin/python tests/bench/inventory.py [--port 8765] [--clusters 1000] [--runs 5] [--max-workers 4]

Starts the emulator with scripts/mockcloud on that port when none answers there (and stops it at the end), resets
it and seeds --clusters clusters on every cloud. Needs ansible-inventory on PATH (or next to this Python) and the
collection importable as managedk8s.clusters (ANSIBLE_COLLECTIONS_PATH, default: build/ of this checkout).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIALS = os.path.join(ROOT, "tests", "mockcloud", "credentials.json")

# plugin name -> (emulator cloud, endpoint path, location options, credential fields)
CLOUDS = {
    "oks": ("oks", "/oks/api/v2", {"regions": ["eu-west-2"]}, ("access_key", "secret_key")),
    "sks": ("sks", "/sks/v2", {"zones": ["ch-gva-2"]}, ("api_key", "api_secret")),
    "eks": ("eks", "/eks", {"regions": ["us-east-1"]}, ("access_key", "secret_key")),
    "ske": ("ske", "/ske", {}, ("access_key", "secret_key", "account_id")),
    "huawei_multicloud": ("huawei", "/huawei", {"regions": ["cn-north-4"]}, ("access_key", "secret_key", "project_id")),
}


class Emulator:
    def __init__(self, port):
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.started = False

    def call(self, method, path, body=None, timeout=600):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with self.opener.open(request, timeout=timeout) as answer:
            text = answer.read().decode()
        return json.loads(text) if text.strip() else None

    def healthy(self):
        try:
            return self.call("GET", "/_admin/health", timeout=2).get("service") == "mockcloud"
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def _script(self, action):
        env = dict(os.environ, MOCKCLOUD_PORT=str(self.port), PYTHON=os.environ.get("PYTHON", sys.executable))
        subprocess.run([os.path.join(ROOT, "scripts", "mockcloud"), action], check=True, env=env)

    def ensure_running(self):
        if not self.healthy():
            self._script("start")
            self.started = True

    def stop_if_started(self):
        if self.started:
            self._script("stop")

    def calls_by_cloud(self):
        counts = collections.Counter(entry["cloud"] for entry in self.call("GET", "/_admin/log"))
        return dict(counts)


def write_sources(directory, emulator, cache_dir, max_workers):
    with open(CREDENTIALS, encoding="utf-8") as handle:
        credentials = json.load(handle)
    for plugin, (cloud, path, location, fields) in CLOUDS.items():
        config = {"plugin": "managedk8s.clusters." + plugin, "endpoint": emulator.url + path, "max_workers": max_workers,
                  "cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": cache_dir,
                  "cache_timeout": 86400}
        config.update(location)
        config.update({field: credentials[cloud][field] for field in fields})
        with open(os.path.join(directory, "bench.managedk8s_%s.yml" % plugin), "w", encoding="utf-8") as handle:
            json.dump(config, handle, indent=2)  # JSON is YAML


def ansible_inventory():
    beside = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    return beside if os.path.exists(beside) else shutil.which("ansible-inventory") or "ansible-inventory"


def timed_run(emulator, sources, flush):
    emulator.call("DELETE", "/_admin/log")
    command = [ansible_inventory(), "-i", sources, "--list"] + (["--flush-cache"] if flush else [])
    env = dict(os.environ, ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(ROOT, "build"))
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit("ansible-inventory failed:\n%s" % done.stderr[-3000:])
    hosts = len(json.loads(done.stdout)["_meta"]["hostvars"])
    return elapsed, hosts, emulator.calls_by_cloud()


def report(label, runs):
    times = [elapsed for elapsed, _hosts, _calls in runs]
    hosts = runs[-1][1]
    calls = runs[-1][2]
    print("%-7s median %6.2f s  (min %.2f, max %.2f, %d runs)  hosts %d  API calls %d  %s" % (
        label, statistics.median(times), min(times), max(times), len(times), hosts, sum(calls.values()),
        " ".join("%s=%d" % item for item in sorted(calls.items())) or "-"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("MOCKCLOUD_PORT", "8765")))
    parser.add_argument("--clusters", type=int, default=1000, help="clusters per cloud")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-workers", type=int, default=4)
    args = parser.parse_args()

    emulator = Emulator(args.port)
    emulator.ensure_running()
    workdir = tempfile.mkdtemp(prefix="bench_inventory_")
    try:
        emulator.call("POST", "/_admin/reset")
        started = time.monotonic()
        for plugin, (cloud, _path, location, _fields) in CLOUDS.items():
            body = {"cloud": cloud, "count": args.clusters}
            if cloud == "eks":
                body["region"] = location["regions"][0]
            emulator.call("POST", "/_admin/seed", body)
        print("seeded %d clusters on each of %d clouds in %.1f s" % (args.clusters, len(CLOUDS), time.monotonic() - started))
        sources = os.path.join(workdir, "sources")
        os.makedirs(sources)
        write_sources(sources, emulator, os.path.join(workdir, "cache"), args.max_workers)
        cold = [timed_run(emulator, sources, flush=True) for _run in range(args.runs)]
        cached = [timed_run(emulator, sources, flush=False) for _run in range(args.runs)]
        report("cold", cold)
        report("cached", cached)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        emulator.stop_if_started()


if __name__ == "__main__":
    main()
