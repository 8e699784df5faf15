# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Deletion guards (OKS disable_api_termination, a project that still holds a cluster, an SKS cluster that still has
node pools, an EKS cluster that still has node groups) end in a clear failure after one DELETE at most (the SKS
module refuses before sending it): never a retry loop."""

from __future__ import annotations

import time

from harness import connection_defaults, record_figures, run_cases

M = "managedk8s.clusters."
SUBNETS = ["subnet-0d000000000000001", "subnet-0d000000000000002"]

SETUP = [
    (
        "oks protected project",
        M + "oks_project",
        {"name": "guarded", "cidr": "10.60.0.0/16", "disable_api_termination": True},
    ),
    (
        "oks protected cluster",
        M + "oks_cluster",
        {
            "project_name": "guarded",
            "name": "guarded",
            "version": "1.30",
            "control_planes": "cp.3.masters.small",
            "disable_api_termination": True,
            "admin_whitelist": ["203.0.113.0/24"],
        },
    ),
    ("oks open project", M + "oks_project", {"name": "open", "cidr": "10.61.0.0/16"}),
    (
        "oks cluster of the open project",
        M + "oks_cluster",
        {
            "project_name": "open",
            "name": "inside",
            "version": "1.30",
            "control_planes": "cp.3.masters.small",
            "admin_whitelist": ["203.0.113.0/24"],
        },
    ),
    ("sks cluster", M + "sks_cluster", {"name": "guarded", "level": "starter"}),
    (
        "sks node pool",
        M + "sks_nodepool",
        {"cluster": "guarded", "name": "pool", "instance_type": "standard.small", "size": 1, "disk_size": 50},
    ),
    (
        "eks cluster",
        M + "eks_cluster",
        {"name": "guarded", "version": "1.30", "subnets": SUBNETS, "role_arn": "arn:aws:iam::123456789012:role/r"},
    ),
    (
        "eks node group",
        M + "eks_nodegroup",
        {
            "cluster_name": "guarded",
            "name": "group",
            "subnets": SUBNETS,
            "node_role": "arn:aws:iam::123456789012:role/n",
            "scaling_config": {"min_size": 1, "max_size": 2, "desired_size": 1},
        },
    ),
]
# (id, module, arguments, cloud, path regex of the DELETE, words the message must hold)
GUARDED = [
    (
        "oks cluster with disable_api_termination",
        M + "oks_cluster",
        {"project_name": "guarded", "name": "guarded", "state": "absent"},
        "oks",
        "/clusters/",
        ["disable_api_termination"],
    ),
    (
        "oks project with disable_api_termination",
        M + "oks_project",
        {"name": "guarded", "state": "absent"},
        "oks",
        "/projects/",
        ["disable_api_termination"],
    ),
    (
        "oks project that holds a cluster",
        M + "oks_project",
        {"name": "open", "state": "absent"},
        "oks",
        "/projects/",
        ["cluster"],
    ),
    (
        "sks cluster with a node pool",
        M + "sks_cluster",
        {"name": "guarded", "state": "absent"},
        "sks",
        "/sks-cluster/",
        ["node pool"],
    ),
    (
        "eks cluster with a node group",
        M + "eks_cluster",
        {"name": "guarded", "state": "absent"},
        "eks",
        "/clusters/",
        ["nodegroup"],
    ),
]


def test_guarded_deletes_fail_clearly_without_retrying(emulator, tmp_path):
    defaults = connection_defaults(emulator.url)
    for group in defaults.values():
        group["wait_timeout"] = 300
    setup = [{"id": case_id, "module": module, "args": args} for case_id, module, args in SETUP]
    run, results = run_cases(tmp_path / "setup", setup, defaults)
    assert results is not None and not any(result.get("failed") for result in results), run.summary()

    emulator.admin.clear_log()
    cases = [
        {"id": case_id, "module": module, "args": args} for case_id, module, args, _cloud, _path, _words in GUARDED
    ]
    started = time.monotonic()
    run, results = run_cases(tmp_path / "guarded", cases, defaults)
    elapsed = time.monotonic() - started
    assert results is not None, run.summary()

    problems = []
    for (case_id, _module, _args, cloud, path, words), result in zip(GUARDED, results):
        deletes = emulator.admin.log(cloud=cloud, method="DELETE", path_regex=path)
        if not result.get("failed"):
            problems.append("%s: did not fail: %s" % (case_id, result))
        elif not all(word.lower() in result["msg"].lower() for word in words):
            problems.append("%s: the message does not say %s: %s" % (case_id, words, result["msg"]))
        repeated = [
            entry["path"] for entry in deletes if sum(1 for other in deletes if other["path"] == entry["path"]) > 1
        ]
        if repeated:
            problems.append("%s: the DELETE was sent %d times, a retry loop" % (case_id, len(repeated)))
    record_figures(
        "deletion_guards",
        {"guards": len(GUARDED), "refused_clearly": len(GUARDED) - len(problems), "seconds_for_all": round(elapsed, 1)},
    )
    assert not problems, "\n".join(problems)
