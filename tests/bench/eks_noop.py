# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of a no-op eks_cluster task: N no-op `managedk8s.clusters.eks_cluster` tasks against moto, next to N
`ansible.builtin.uri` GETs of the same DescribeCluster URL (the floor: one Python start and one HTTP call per task)
and N no-op `community.aws.eks_cluster` tasks. Prints the median of R runs, the ratios to the floor and the API
calls per task (counted in moto's WSGI app). It is not a test.

    .venv/bin/python tests/bench/eks_noop.py [--port 8720] [--tasks 20] [--runs 5] [--no-community]

The targets (issue 5): ours within 1.15x the floor, and exactly one API call per no-op task.

The community.aws column runs in build/bench-venv (made on demand: the `ansible` package, which bundles
community.aws, and boto3); when it cannot be made, the column is skipped with the reason. The uri floor sends a
static, unsigned Authorization header: moto checks no signature but reads the credential scope to route the request
to EKS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_VENV = os.path.join(ROOT, "build", "bench-venv")
BENCH_VENV_PACKAGES = ("ansible-core>=2.21,<2.22", "ansible", "boto3")
MAIN_BIN = os.path.dirname(sys.executable)

REGION = "us-east-1"
ACCESS_KEY = "AKIABENCH00000000000"
SECRET_KEY = "bench-secret-key"
CLUSTER = "bench-noop"
ROLE_ARN = "arn:aws:iam::123456789012:role/bench-eks"
ROUTING_HEADER = "AWS4-HMAC-SHA256 Credential=%s/20250101/%s/eks/aws4_request, SignedHeaders=host, Signature=0" % (
    ACCESS_KEY,
    REGION,
)
TARGET_RATIO = 1.15

TIMER_CALLBACK = '''
from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_timer
type: aggregate
short_description: Wall time of each task, for tests/bench/eks_noop.py
description: [Writes each task's wall time, changed and failed flags as JSON to the file named by BENCH_TIMINGS.]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = []
        self.started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = time.monotonic()

    def _record(self, result, failed):
        answer = getattr(result, "result", None)
        if not isinstance(answer, dict):
            answer = result._result
        self.tasks.append({"seconds": time.monotonic() - self.started, "changed": bool(answer.get("changed")),
                           "failed": failed, "msg": str(answer.get("msg", ""))[:500]})

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        self._record(result, True)

    def v2_runner_on_unreachable(self, result, **kwargs):
        self._record(result, True)

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["BENCH_TIMINGS"], "w", encoding="utf-8") as handle:
            json.dump(self.tasks, handle)
'''


class RequestCounter:
    """WSGI middleware: counts the API requests that reach moto (its own /moto-api/ calls left out)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.requests = []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/moto-api"):
            with self.lock:
                self.requests.append("%s %s" % (environ.get("REQUEST_METHOD"), path))
        return self.app(environ, start_response)

    def take(self):
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


class QuietHandler(MotoRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class CountingMotoServer(ThreadedMotoServer):
    """moto's threaded server with every request counted."""

    def __init__(self, port):
        super().__init__(ip_address="127.0.0.1", port=port, verbose=False)
        self.counter = RequestCounter(DomainDispatcherApplication(create_backend_app))
        self.url = "http://127.0.0.1:%d" % port

    def _server_entry(self):
        self._server = make_server(self._ip_address, self._port, self.counter, True, request_handler=QuietHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def create_cluster(url):
    """A VPC, two subnets, a security group and an ACTIVE cluster on them; returns the cluster's create options."""
    import botocore.session  # pylint: disable=import-outside-toplevel

    session = botocore.session.get_session()
    options = {
        "endpoint_url": url,
        "region_name": REGION,
        "aws_access_key_id": ACCESS_KEY,
        "aws_secret_access_key": SECRET_KEY,
    }
    ec2 = session.create_client("ec2", **options)
    eks = session.create_client("eks", **options)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.%d.0/24" % index, AvailabilityZone="%s%s" % (REGION, zone))[
            "Subnet"
        ]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    group = ec2.create_security_group(GroupName="bench-eks", Description="bench", VpcId=vpc)["GroupId"]
    cluster = eks.create_cluster(
        name=CLUSTER, roleArn=ROLE_ARN, resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": [group]}
    )["cluster"]
    if cluster["status"] != "ACTIVE":
        raise SystemExit("moto made the cluster %s, not ACTIVE" % cluster["status"])
    return {"subnets": subnets, "security_groups": [group]}


def task_args(url, created):
    """Column name -> (task action, its arguments)."""
    connection = {"region": REGION, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    return {
        "ansible.builtin.uri (floor)": (
            "ansible.builtin.uri",
            {"url": "%s/clusters/%s" % (url, CLUSTER), "method": "GET", "headers": {"Authorization": ROUTING_HEADER}},
        ),
        "managedk8s.clusters.eks_cluster": (
            "managedk8s.clusters.eks_cluster",
            dict(connection, endpoint=url, name=CLUSTER),
        ),
        "community.aws.eks_cluster": (
            "community.aws.eks_cluster",
            dict(connection, endpoint_url=url, name=CLUSTER, role_arn=ROLE_ARN, **created),
        ),
    }


def write_playbook(path, action, args, tasks):
    play = {
        "name": action,
        "hosts": "localhost",
        "gather_facts": False,
        "tasks": [{"name": "%s %d" % (action, index), action: args} for index in range(tasks)],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([play], handle, indent=1)  # JSON is YAML


def bench_venv_ready():
    python = os.path.join(BENCH_VENV, "bin", "python")
    if not os.path.exists(os.path.join(BENCH_VENV, "bin", "ansible-playbook")):
        return False
    check = "import boto3, ansible_collections.community.aws, ansible_collections.amazon.aws"
    return subprocess.run([python, "-c", check], capture_output=True, check=False).returncode == 0


def ensure_bench_venv():
    """The bin folder of build/bench-venv, made when missing; or (None, why not)."""
    if bench_venv_ready():
        return os.path.join(BENCH_VENV, "bin"), None
    print("making %s (%s) ..." % (os.path.relpath(BENCH_VENV, ROOT), " ".join(BENCH_VENV_PACKAGES)), flush=True)
    steps = (
        [sys.executable, "-m", "venv", BENCH_VENV],
        [os.path.join(BENCH_VENV, "bin", "python"), "-m", "pip", "install", "-q"] + list(BENCH_VENV_PACKAGES),
    )
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return None, "%s failed: %s" % (" ".join(step[:4]), (done.stderr.strip().splitlines() or ["?"])[-1])
    if not bench_venv_ready():
        return None, "the bench venv has no ansible-playbook, boto3 or community.aws after the install"
    return os.path.join(BENCH_VENV, "bin"), None


def children_cpu_seconds():
    """CPU seconds used so far by the finished child processes and theirs (ansible-playbook, its workers, modules)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_playbook(workdir, bin_dir, playbook, tasks):
    """(wall seconds the tasks took, in all; CPU seconds of the whole run) of one ansible-playbook run.

    Fails loudly on any failed or changed task.
    """
    timings = os.path.join(workdir, "timings.json")
    inventory = os.path.join(workdir, "inventory.ini")
    with open(inventory, "w", encoding="utf-8") as handle:
        handle.write(
            "localhost ansible_connection=local ansible_python_interpreter=%s\n" % os.path.join(bin_dir, "python")
        )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_"))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build"),
        ANSIBLE_CALLBACK_PLUGINS=workdir,
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"),
        ANSIBLE_NOCOLOR="1",
        BENCH_TIMINGS=timings,
    )
    if os.path.exists(timings):
        os.remove(timings)
    command = [os.path.join(bin_dir, "ansible-playbook"), "-i", inventory, playbook]
    cpu_before = children_cpu_seconds()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=workdir)
    cpu = children_cpu_seconds() - cpu_before
    if done.returncode != 0 or not os.path.exists(timings):
        raise SystemExit("%s failed:\n%s%s" % (playbook, done.stdout[-3000:], done.stderr[-3000:]))
    with open(timings, encoding="utf-8") as handle:
        results = json.load(handle)
    odd = [result for result in results if result["changed"] or result["failed"]]
    if len(results) != tasks or odd:
        raise SystemExit(
            "%s: expected %d unchanged tasks, got %d results: %s" % (playbook, tasks, len(results), odd[:1])
        )
    return sum(result["seconds"] for result in results), cpu


def print_table(columns, tasks, runs):
    floor = statistics.median(columns["ansible.builtin.uri (floor)"]["seconds"])
    floor_cpu = statistics.median(columns["ansible.builtin.uri (floor)"]["cpu"])
    print()
    print(
        "%d no-op tasks per run, median of %d runs (load average now %.1f: other work on the machine widens the"
        " spread)" % (tasks, runs, os.getloadavg()[0])
    )
    print(
        "%-32s %9s %11s %12s %9s %13s %9s %15s"
        % ("column", "median s", "min-max s", "ms per task", "vs floor", "CPU ms/task", "vs floor", "API calls/task")
    )
    for name, column in columns.items():
        if column.get("skipped"):
            print("%-32s skipped: %s" % (name, column["skipped"]))
            continue
        median = statistics.median(column["seconds"])
        calls = sorted(set(column["calls"]))
        spread = "%.1f-%.1f" % (min(column["seconds"]), max(column["seconds"]))
        cpu = statistics.median(column["cpu"])
        print(
            "%-32s %9.2f %11s %12.0f %8.2fx %13.0f %8.2fx %15s"
            % (
                name,
                median,
                spread,
                1000 * median / tasks,
                median / floor,
                1000 * cpu / tasks,
                cpu / floor_cpu,
                "/".join("%g" % (count / tasks) for count in calls),
            )
        )
    ours = columns["managedk8s.clusters.eks_cluster"]
    ratio = statistics.median(ours["seconds"]) / floor
    one_call = set(ours["calls"]) == {tasks}
    print("(wall: the tasks' own time, from the callback; CPU: the whole run's less an empty play's)")
    print()
    print(
        "target ours <= %.2fx the floor: %s (%.2fx)"
        % (TARGET_RATIO, "met" if ratio <= TARGET_RATIO else "MISSED", ratio)
    )
    print(
        "target one API call per no-op task: %s (%s)"
        % ("met" if one_call else "MISSED", ", ".join(ours["requests"][:3]))
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--port", type=int, default=8720)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-community", action="store_true", help="skip the community.aws column")
    args = parser.parse_args()

    community_bin, why_not = (None, "--no-community") if args.no_community else ensure_bench_venv()
    server = CountingMotoServer(args.port)
    server.start()
    workdir = tempfile.mkdtemp(prefix="bench_eks_noop_")
    try:
        with open(os.path.join(workdir, "bench_timer.py"), "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(TIMER_CALLBACK))
        created = create_cluster(server.url)
        server.counter.take()
        empty_playbook = os.path.join(workdir, "empty.yml")
        write_playbook(empty_playbook, "ansible.builtin.debug", {}, 0)
        columns = {}
        for name, (action, task) in task_args(server.url, created).items():
            columns[name] = {
                "seconds": [],
                "cpu": [],
                "calls": [],
                "requests": [],
                "bin": community_bin if action.startswith("community.") else MAIN_BIN,
                "playbook": os.path.join(workdir, "%s.yml" % action),
            }
            if columns[name]["bin"] is None:
                columns[name]["skipped"] = why_not
            else:
                write_playbook(columns[name]["playbook"], action, task, args.tasks)
        for run in range(args.runs):
            for column in columns.values():  # interleaved, so a slow moment of the machine hits every column
                if column.get("skipped"):
                    continue
                _none, startup_cpu = run_playbook(workdir, column["bin"], empty_playbook, 0)
                seconds, cpu = run_playbook(workdir, column["bin"], column["playbook"], args.tasks)
                column["seconds"].append(seconds)
                column["cpu"].append(cpu - startup_cpu)
                column["requests"] = server.counter.take()
                column["calls"].append(len(column["requests"]))
            print("run %d/%d done" % (run + 1, args.runs), flush=True)
        print_table(columns, args.tasks, args.runs)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
