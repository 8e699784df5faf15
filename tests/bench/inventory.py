# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the five inventory plugins: wall time of one `ansible-inventory --list` over all five clouds of
the emulator, cold (the API is read, --flush-cache) and cached (the jsonfile cache answers), median of N runs,
and the API calls each run made (from the emulator's request log). Prints figures; it is not a test.

Two modes: `full` is the default configuration (every host carries the cloud's record as prefixed variables),
`lean` sets record_vars: false (only ansible_connection and the k8s_* variables).

Then the floor, what ansible-core itself costs: `startup` is ansible-inventory --list of one host, `<mode> floor` the
same hosts, groups and variables as that mode's cached run handed over by a plugin that does nothing else
(tests/bench/floor_plugin). No inventory plugin can be faster than its floor; `cached - floor` is ours. CPU is the
user+sys time of ansible-inventory, steadier than wall time on a busy machine.

    .venv/bin/python tests/bench/inventory.py [--port 8765] [--clusters 1000] [--runs 5] [--max-workers 4]
                                              [--modes full,lean] [--no-floor]

Starts the emulator with scripts/mockcloud on that port when none answers there (and stops it at the end), resets
it and seeds --clusters clusters on every cloud. Needs ansible-inventory on PATH (or next to this Python) and the
collection importable as managedk8s.clusters (ANSIBLE_COLLECTIONS_PATH, default: build/ of this checkout).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
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
FLOOR_PLUGIN_DIR = os.path.join(ROOT, "tests", "bench", "floor_plugin")

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
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
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


def write_sources(directory, emulator, cache_dir, max_workers, record_vars):
    with open(CREDENTIALS, encoding="utf-8") as handle:
        credentials = json.load(handle)
    for plugin, (cloud, path, location, fields) in CLOUDS.items():
        config = {
            "plugin": "managedk8s.clusters." + plugin,
            "endpoint": emulator.url + path,
            "max_workers": max_workers,
            "cache": True,
            "cache_plugin": "ansible.builtin.jsonfile",
            "cache_connection": cache_dir,
            "cache_timeout": 86400,
            "record_vars": record_vars,
        }
        config.update(location)
        config.update({field: credentials[cloud][field] for field in fields})
        with open(os.path.join(directory, "bench.managedk8s_%s.yml" % plugin), "w", encoding="utf-8") as handle:
            json.dump(config, handle, indent=2)  # JSON is YAML


def ansible_inventory():
    beside = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    return beside if os.path.exists(beside) else shutil.which("ansible-inventory") or "ansible-inventory"


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_inventory(sources, extra_args=(), extra_env=None):
    """(wall seconds, CPU seconds, parsed JSON output) of one ansible-inventory --list."""
    command = [ansible_inventory(), "-i", sources, "--list"] + list(extra_args)
    env = dict(os.environ, ANSIBLE_INVENTORY_UNPARSED_FAILED="true", **(extra_env or {}))
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(ROOT, "build"))
    cpu_before = children_cpu()
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit("ansible-inventory failed:\n%s" % done.stderr[-3000:])
    return elapsed, children_cpu() - cpu_before, json.loads(done.stdout)


def timed_runs(emulator, sources, flush, runs):
    """[(wall, CPU, hosts, API calls by cloud)] of the runs over the emulator, and the last run's output."""
    results, output = [], None
    for _run in range(runs):
        emulator.call("DELETE", "/_admin/log")
        elapsed, cpu, output = run_inventory(sources, ["--flush-cache"] if flush else [])
        results.append((elapsed, cpu, len(output["_meta"]["hostvars"]), emulator.calls_by_cloud()))
    return results, output


def without_unsafe_wrappers(value):
    """ansible-inventory's JSON value with the {"__ansible_unsafe": x} wrappers taken off."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return without_unsafe_wrappers(value["__ansible_unsafe"])
        return {key: without_unsafe_wrappers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_unsafe_wrappers(item) for item in value]
    return value


def write_floor_source(directory, output):
    """The hosts, variables and groups of an ansible-inventory --list output as the floor plugin's source."""
    groups = {
        name: body.get("hosts", []) + body.get("children", [])
        for name, body in output.items()
        if name not in ("_meta", "all")
    }
    data = {"hosts": without_unsafe_wrappers(output["_meta"]["hostvars"]), "groups": groups}
    path = os.path.join(directory, "same_hosts.bench_floor.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return path


def startup_runs(runs):
    """ansible-core's own cost for one host."""
    return [run_inventory("localhost,")[:2] + (1, {}) for _run in range(runs)]


def floor_runs(directory, output, runs):
    """ansible-core's own cost for the hosts, variables and groups of output."""
    source = write_floor_source(directory, output)
    env = {"ANSIBLE_INVENTORY_PLUGINS": FLOOR_PLUGIN_DIR, "ANSIBLE_INVENTORY_ENABLED": "bench_floor"}
    floor = []
    for _run in range(runs):
        elapsed, cpu, floor_output = run_inventory(source, extra_env=env)
        floor.append((elapsed, cpu, len(floor_output["_meta"]["hostvars"]), {}))
    return floor


def report(label, runs):  # label: up to 16 characters
    times = [run[0] for run in runs]
    cpus = [run[1] for run in runs]
    hosts = runs[-1][2]
    calls = runs[-1][3]
    print(
        "%-16s median %6.2f s  (min %.2f, max %.2f, %d runs)  CPU %6.2f s  hosts %d  API calls %d  %s"
        % (
            label,
            statistics.median(times),
            min(times),
            max(times),
            len(times),
            statistics.median(cpus),
            hosts,
            sum(calls.values()),
            " ".join("%s=%d" % item for item in sorted(calls.items())) or "-",
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("MOCKCLOUD_PORT", "8765")))
    parser.add_argument("--clusters", type=int, default=1000, help="clusters per cloud")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-workers", type=int, default=4)
    parser.add_argument("--no-floor", action="store_true", help="skip the startup and floor runs")
    parser.add_argument(
        "--modes", default="full,lean", help="full (record_vars: true, the default), lean (record_vars: false), or both"
    )
    args = parser.parse_args()

    emulator = Emulator(args.port)
    emulator.ensure_running()
    workdir = tempfile.mkdtemp(prefix="bench_inventory_")
    try:
        emulator.call("POST", "/_admin/reset")
        started = time.monotonic()
        for cloud, _path, location, _fields in CLOUDS.values():
            body = {"cloud": cloud, "count": args.clusters}
            if cloud == "eks":
                body["region"] = location["regions"][0]
            emulator.call("POST", "/_admin/seed", body)
        print(
            "seeded %d clusters on each of %d clouds in %.1f s"
            % (args.clusters, len(CLOUDS), time.monotonic() - started)
        )
        if not args.no_floor:
            report("startup", startup_runs(args.runs))
        for mode in args.modes.split(","):
            modedir = os.path.join(workdir, mode)
            sources = os.path.join(modedir, "sources")
            os.makedirs(sources)
            write_sources(sources, emulator, os.path.join(modedir, "cache"), args.max_workers, mode != "lean")
            cold, _output = timed_runs(emulator, sources, flush=True, runs=args.runs)
            cached, output = timed_runs(emulator, sources, flush=False, runs=args.runs)
            report("%s cold" % mode, cold)
            report("%s cached" % mode, cached)
            if not args.no_floor:
                report("%s floor" % mode, floor_runs(modedir, output, args.runs))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        emulator.stop_if_started()


if __name__ == "__main__":
    main()
