# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of a fleet in parallel: playbooks/provision.yml over fleets of 5 clusters (one per cloud) and 20 (four
per cloud) against the emulator, with each cloud's creation time in the real clouds' proportions. Prints figures;
it is not a test.

For each fleet size N it prints:
- fleet: the wall time of the whole run with --forks N;
- slowest alone: the wall time of the same playbook over the fleet's slowest cluster alone (--limit), i.e. the
  best a parallel run could do;
- sequential: the wall time with --forks 1, which is what the cluster role did before (one cluster after another);
  at 20 it is 4 x the sequential run of 5 unless --sequential-20 measures it (about 4 times as long as that of 5);
- fleet / slowest alone (the issue's goal: within 1.2x at 5, 1.5x at 20) and sequential / fleet;
- the controller's CPU time (user + system of ansible-playbook and every process it started) and its peak memory
  (the largest sum of the resident sizes of those processes, sampled every 0.2 s; shared pages count once per
  process, so it is an upper bound).

Creation times (real clouds, minutes; estimates from the vendors' documentation and common experience): EKS control
plane 10 and a managed node group 4 (the issue: "an EKS control plane about ten, then its node groups"), SKE
cluster 12, OKS project 2 and cluster 8, SKS cluster 2 and node pool 3, a Huawei registration 1 (not waited for).
The emulator takes them in emulated seconds and runs --minute seconds of wall time per real minute (default 4:
an EKS cluster with its node group takes about 56 s).

    .venv/bin/python tests/bench/fleet.py [--port 8790] [--sizes 5,20] [--minute 4] [--sequential-20]

Starts its own emulator on --port (it patches the creation times in that process only), runs each measurement
in a new work directory on an emptied emulator, and stops the emulator at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "reliability"), str(ROOT / "tests"), str(ROOT / "build")]

import fleet_support  # noqa: E402  pylint: disable=wrong-import-position,import-error

# Real creation times in seconds; the emulator runs them at 60 / --minute times real speed.
REAL_SECONDS = {
    "eks": {"cluster_create": 600, "nodegroup_create": 240},
    "ske": {"create": 720},
    "oks": {"project": 120, "cluster": 480},
    "sks": {"create-sks-cluster": 120, "create-sks-nodepool": 180},
    "huawei": {"connect": 60},
}
SLOWEST_CLOUDS = ("eks", "ske")  # by the times above: the slowest single cluster is one of these
ALONE = {}  # host -> wall seconds of provision.yml over that host alone

EMULATOR_BOOT = """
import sys
sys.path[:0] = [{tests!r}, {build!r}]
from mockcloud.clouds import eks_common, huawei, oks_model, ske, sks
times = {times!r}
eks_common.DELAYS.update(times["eks"])
ske.CREATE_SECONDS = times["ske"]["create"]
oks_model.PROJECT_PENDING, oks_model.PROJECT_DEPLOYING = 10, times["oks"]["project"] - 10
oks_model.CLUSTER_PENDING, oks_model.CLUSTER_DEPLOYING = 30, times["oks"]["cluster"] - 30
sks.DELAYS.update(times["sks"])
huawei.CONNECT_SECONDS = times["huawei"]["connect"]
from mockcloud.__main__ import main
sys.exit(main(["--port", {port!r}, "--speed", {speed!r}]))
"""


class Emulator:
    def __init__(self, port, speed):
        self.url = "http://127.0.0.1:%d" % port
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        code = EMULATOR_BOOT.format(
            tests=str(ROOT / "tests"), build=str(ROOT / "build"), times=REAL_SECONDS, port=str(port), speed=str(speed)
        )
        self.log = open(ROOT / "build" / "bench-fleet-emulator.log", "wb")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-c", code], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while not self.healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the emulator did not start: see build/bench-fleet-emulator.log")
            time.sleep(0.2)

    def call(self, method, path):
        request = urllib.request.Request(self.url + path, method=method, data=b"" if method == "POST" else None)
        with self.opener.open(request, timeout=30) as answer:
            return json.loads(answer.read().decode() or "null")

    def healthy(self):
        try:
            return self.call("GET", "/_admin/health").get("service") == "mockcloud"
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class PeakMemory(threading.Thread):
    """The largest total resident size of a run and every process it started, sampled every 0.2 s."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.done = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def total(self):
        total = 0
        for pid in fleet_support.process_tree(self.root):
            try:
                with open("/proc/%d/statm" % pid, encoding="ascii") as statm:
                    total += int(statm.read().split()[1]) * self.page
            except (OSError, IndexError, ValueError):
                continue
        return total

    def run(self):
        while not self.done.wait(0.2):
            self.peak = max(self.peak, self.total())


def measure(emulator, per_cloud, forks, limit=None):
    """One provision.yml run on an emptied emulator: (wall seconds, CPU seconds, peak bytes, FleetRun)."""
    emulator.call("POST", "/_admin/reset")
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="bench-fleet-", dir=ROOT / "build"))
    inventory = fleet_support.write_fleet(workdir, per_cloud, prefix="bench", wait_timeout=1800)
    env = fleet_support.credential_env(emulator.url)
    extra = {"provision_register_in_huawei": "false"}
    command_limit = ["--limit", limit] if limit else []
    sampler = {}

    def started(process):
        sampler["thread"] = PeakMemory(process.pid)
        sampler["thread"].start()

    run = fleet_support.run_fleet(
        "provision.yml", inventory, env, forks, workdir, extra_vars=extra, extra_args=command_limit, on_start=started
    )
    sampler["thread"].done.set()
    sampler["thread"].join()
    if run.returncode != 0:
        raise SystemExit("the fleet run failed:\n%s" % run.summary())
    return run.wall, run.cpu, sampler["thread"].peak, run


def row(label, wall, cpu, peak):
    return "  %-34s %8.1f s  %8.1f s CPU  %6.0f MB peak" % (label, wall, cpu, peak / 1e6)


def bench(emulator, per_cloud, sequential_20, sequential_5=None):
    size = per_cloud * len(fleet_support.CLOUDS)
    print("fleet of %d (%d per cloud), forks %d" % (size, per_cloud, size), flush=True)
    wall, cpu, peak, run = measure(emulator, per_cloud, size)
    print(row("fleet, --forks %d" % size, wall, cpu, peak), flush=True)
    seconds = fleet_support.cluster_seconds(run.output)
    slowest_host = max(seconds, key=seconds.get)
    print("  each cluster in the fleet run: %s" % ", ".join("%s %.1f s" % item for item in sorted(seconds.items())))
    alone = []
    for cloud in SLOWEST_CLOUDS:
        host = "%s-bench-%s-00" % (cloud, cloud)
        if host not in ALONE:  # the same cluster alone, whatever the fleet's size: measured once
            alone_wall, alone_cpu, alone_peak = measure(emulator, 1, 1, limit=host)[:3]
            ALONE[host] = alone_wall
            print(row("%s alone" % host, alone_wall, alone_cpu, alone_peak), flush=True)
        alone.append(ALONE[host])
    slowest = max(alone)
    if per_cloud == 1 or sequential_20 or sequential_5 is None:
        sequential = measure(emulator, per_cloud if sequential_20 else 1, 1)[0]
        sequential *= 1 if sequential_20 else per_cloud
        label = (
            "sequential, --forks 1" if per_cloud == 1 or sequential_20 else "sequential (%d x that of 5)" % per_cloud
        )
    else:
        sequential = sequential_5 * per_cloud
        label = "sequential (%d x that of 5)" % per_cloud
    print("  %-34s %8.1f s" % (label, sequential))
    print(
        "  fleet / slowest alone: %.2fx   sequential / fleet: %.2fx   (slowest in the fleet run: %s)"
        % (wall / slowest, sequential / wall, slowest_host),
        flush=True,
    )
    return {"size": size, "fleet": wall, "slowest_alone": slowest, "sequential": sequential, "cpu": cpu, "peak": peak}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--sizes", default="5,20", help="fleet sizes, multiples of 5")
    parser.add_argument("--minute", type=float, default=4.0, help="wall seconds per real minute of creation")
    parser.add_argument("--sequential-20", action="store_true", help="measure the sequential run at 20 too")
    args = parser.parse_args(argv)
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    emulator = Emulator(args.port, 60.0 / args.minute)
    results = []
    try:
        sequential_5 = None
        for size in [int(value) for value in args.sizes.split(",")]:
            result = bench(emulator, size // 5, args.sequential_20, sequential_5)
            if size == 5:
                sequential_5 = result["sequential"]
            results.append(result)
    finally:
        emulator.stop()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
