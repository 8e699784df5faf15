# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole flow (create, re-run, delete on five clouds) with 20 % of the cloud requests failing.

Every kind of fault the emulator has is drawn: 500, 502, 503, 429 with Retry-After, a connection reset before the
server acted, one after it acted (the answer is lost), and added latency. The flow must finish without a failed
task, the re-run must change nothing, and the emulator must hold exactly the declared resources: a create whose
answer was lost is found by name and adopted, never repeated.

A fourth run aims at every mutating call of the flow (creates, kubeconfig POSTs, deletes): each one's first sends
get 429, a reset before the server acts, a 500, then a reset after it acted, in that order.

Each run gets its own emulator, so the four run side by side and each sees its requests in a fixed order.
"""

from __future__ import annotations

import concurrent.futures
import time

from harness import HERE, flow_variables, live_records, record_figures, run_playbook

SEEDS = (1101, 2202, 3303)
FAULT_RATE = 0.2
FAULT_KINDS = ["500", "502", "503", "429", "reset_before", "reset_after", "latency"]
FLOW = HERE / "flow.yml"

EXPECTED = {
    ("oks", "projects"): ["rel-oks-project"],
    ("oks", "clusters"): ["rel-oks"],
    ("sks", "clusters"): ["rel-sks"],
    ("sks", "nodepools"): ["rel-workers"],
    ("eks", "clusters"): ["rel-eks"],
    ("eks", "nodegroups"): ["rel-workers"],
    ("ske", "clusters"): ["rel-ske"],
    ("huawei", "clusters"): ["rel-hss"],
}


# (cloud, method, path regex) of every mutating call the flow makes.
MUTATING_ROUTES = [
    ("oks", "POST", "/projects$"),
    ("oks", "POST", "/clusters$"),
    ("oks", "POST", "/kubeconfig$"),
    ("oks", "DELETE", "/clusters/[^/]+$"),
    ("oks", "DELETE", "/projects/[^/]+$"),
    ("sks", "POST", "/sks-cluster$"),
    ("sks", "POST", "/nodepool$"),
    ("sks", "POST", "/sks-cluster-kubeconfig/"),
    ("sks", "DELETE", "/nodepool/[^/]+$"),
    ("sks", "DELETE", "/sks-cluster/[^/]+$"),
    ("eks", "POST", "/clusters$"),
    ("eks", "POST", "/node-groups$"),
    ("eks", "DELETE", "/node-groups/[^/]+$"),
    ("eks", "DELETE", "/clusters/[^/]+$"),
    ("ske", "POST", "/clusters$"),
    ("ske", "DELETE", "/clusters/[^/]+$"),
    ("huawei", "POST", "/multi-cloud/clusters$"),
    ("huawei", "DELETE", "/multi-cloud/clusters/[^/]+$"),
]
TARGETED_SEQUENCE = ("429", "reset_before", "500", "reset_after")


def random_faults(seed):
    return {"rate": FAULT_RATE, "seed": seed, "kinds": FAULT_KINDS, "latency_ms": [20, 150], "retry_after": 1}


def targeted_faults():
    return {
        "once": [
            {"cloud": cloud, "method": method, "path_regex": regex, "kind": kind, "retry_after": 1}
            for cloud, method, regex in MUTATING_ROUTES
            for kind in TARGETED_SEQUENCE
        ]
    }


def cloud_resources(emulator):
    return {key: sorted(names) for key, names in live_records(emulator.admin.store()).items() if names}


def duplicates_in(resources):
    return sum(len(names) - len(set(names)) for names in resources.values())


def repeated_after_fault(log):
    """Faulted requests that the client sent again (same method and path, soon after): its retries."""
    repeats = 0
    for index, entry in enumerate(log):
        if not entry.get("fault") or entry["fault"] == "latency":
            continue
        later = log[index + 1 : index + 20]
        if any(other["method"] == entry["method"] and other["path"] == entry["path"] for other in later):
            repeats += 1
    return repeats


class SeedRun:
    """One seed: the three phases against one emulator, and what the emulator held after each."""

    def __init__(self, emulator, seed, workdir, faults):
        self.emulator = emulator
        self.seed = seed
        self.workdir = workdir
        self.faults = faults
        self.runs = {}
        self.resources = {}
        self.seconds = {}

    def phase(self, label, state):
        started = time.monotonic()
        self.runs[label] = run_playbook(FLOW, flow_variables(self.emulator.url, self.workdir, state))
        self.seconds[label] = round(time.monotonic() - started, 1)
        self.resources[label] = cloud_resources(self.emulator)
        return self.runs[label].recap is not None and self.runs[label].recap["failed"] == 0

    def run(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.emulator.admin.faults(**self.faults)
        for label, state in (("create", "present"), ("rerun", "present"), ("delete", "absent")):
            if not self.phase(label, state):
                break
        self.log = self.emulator.admin.log()
        self.emulator.admin.clear_faults()
        return self

    def figures(self):
        faults = [entry for entry in self.log if entry.get("fault")]
        return {
            "requests": len(self.log),
            "faults_injected": len(faults),
            "faults_by_kind": {kind: sum(1 for entry in faults if entry["fault"] == kind) for kind in FAULT_KINDS},
            "requests_repeated_after_a_fault": repeated_after_fault(self.log),
            "duplicates_found": sum(duplicates_in(found) for found in self.resources.values()),
            "failed_tasks": sum(run.recap["failed"] if run.recap else 1 for run in self.runs.values()),
            "rerun_changed": self.runs["rerun"].recap["changed"] if "rerun" in self.runs else None,
            "seconds": self.seconds,
        }

    def problems(self):
        found = []
        for label, run in self.runs.items():
            if run.recap is None or run.recap["failed"] or run.returncode:
                found.append("seed %s, %s: %s" % (self.seed, label, run.summary()))
        expected_after = {"create": EXPECTED, "rerun": EXPECTED, "delete": {}}
        for label, resources in self.resources.items():
            if resources != expected_after[label]:
                found.append("seed %s, after %s the emulator holds %s" % (self.seed, label, resources))
        if "rerun" in self.runs and self.runs["rerun"].recap and self.runs["rerun"].recap["changed"]:
            found.append("seed %s: the re-run changed %s things" % (self.seed, self.runs["rerun"].recap["changed"]))
        if len(self.runs) < 3:
            found.append("seed %s stopped after %s" % (self.seed, list(self.runs)))
        return found


def test_flow_survives_faults_with_three_seeds_and_on_every_mutating_call(start_emulator, tmp_path):
    seed_runs = [SeedRun(start_emulator(), seed, tmp_path / str(seed), random_faults(seed)) for seed in SEEDS]
    seed_runs.append(SeedRun(start_emulator(), "every-mutating-call", tmp_path / "targeted", targeted_faults()))
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(seed_runs)) as pool:
        finished = list(pool.map(SeedRun.run, seed_runs))

    per_seed = {str(seed_run.seed): seed_run.figures() for seed_run in finished}
    totals = {
        key: sum(figures[key] for figures in per_seed.values())
        for key in (
            "requests",
            "faults_injected",
            "requests_repeated_after_a_fault",
            "duplicates_found",
            "failed_tasks",
        )
    }
    record_figures("faults", {"seeds": per_seed, "total": totals})

    problems = [problem for seed_run in finished for problem in seed_run.problems()]
    assert not problems, "\n\n".join(problems)
    for seed in SEEDS:
        figures = per_seed[str(seed)]
        assert figures["faults_injected"] >= 0.1 * figures["requests"], (seed, figures)
        assert figures["duplicates_found"] == 0
    targeted = per_seed["every-mutating-call"]
    assert targeted["faults_injected"] >= 2 * len(MUTATING_ROUTES), targeted
