# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleets against the emulator, for the reliability tests, the ansible-runner test and tests/bench/fleet.py.

- credential_env(url): the environment the AWX credential types of extensions/awx/credential_types/ inject, each
  rendered as AWX renders it (Jinja, an empty field giving an empty variable), filled with the emulator's
  credentials and endpoints: a fleet run gets its credentials the way an AWX job does, never from the inventory.
- fleet_inventory(per_cloud, ...): a YAML fleet inventory (the format of playbooks/inventory/fleet.yml) with
  per_cloud clusters on each of the five clouds; OKS clusters go two to a project, so shared projects are exercised.
- run_fleet(playbook, inventory, ...): ansible-playbook over that inventory with --forks, and the recap per host.
"""

from __future__ import annotations

import os
import pathlib
import re
import resource
import signal
import subprocess
import time

import jinja2
import yaml
from harness import RECAP, ROOT, VENV_BIN, playbook_environment  # pylint: disable=import-error

from mockcloud.credentials import CREDENTIALS  # pylint: disable=import-error

CREDENTIAL_TYPES_DIR = ROOT / "extensions" / "awx" / "credential_types"
PLAYBOOKS_DIR = ROOT / "playbooks"
ONPREM_KUBECONFIG = PLAYBOOKS_DIR / "files" / "onprem.kubeconfig"
CLOUDS = ("oks", "sks", "eks", "ske", "huawei")

# What the credential of each cloud holds when it points at the emulator (fields of the credential type).
EMULATOR_LOCATIONS = {
    "oks": {"endpoint": "/oks/api/v2", "region": "eu-west-2"},
    "sks": {"endpoint": "/sks/v2", "zone": "ch-gva-2"},
    "eks": {"endpoint": "/eks", "region": "us-east-1"},
    "ske": {"endpoint": "/ske"},
    "huawei": {"endpoint": "/huawei", "region": "cn-north-4"},
}


def credential_type(cloud):
    return yaml.safe_load((CREDENTIAL_TYPES_DIR / ("%s.yml" % cloud)).read_text(encoding="utf-8"))


def credential_inputs(cloud, url, credentials=None):
    """The inputs of an AWX credential of the cloud's type that points at the emulator at url."""
    creds = (credentials or CREDENTIALS)[cloud]
    location = dict(EMULATOR_LOCATIONS[cloud])
    location["endpoint"] = url + location["endpoint"]
    fields = [field["id"] for field in credential_type(cloud)["inputs"]["fields"]]
    # OKS takes one way of authenticating: the access key pair (its username/password fields stay empty).
    wanted = {"access_key", "secret_key", "api_key", "api_secret", "account_id", "project_id"}
    inputs = {field: creds[field] for field in fields if field in wanted and field in creds}
    inputs.update({field: value for field, value in location.items() if field in fields})
    return inputs


def credential_env(url, credentials=None, clouds=CLOUDS):
    """The environment AWX gives a job with one credential of each cloud's type pointing at the emulator."""
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env = {}
    for cloud in clouds:
        definition = credential_type(cloud)
        inputs = credential_inputs(cloud, url, credentials)
        values = {field["id"]: inputs.get(field["id"], "") for field in definition["inputs"]["fields"]}
        for name, template in definition["injectors"]["env"].items():
            env[name] = jinja.from_string(template).render(values)
    return env


def cluster_vars(cloud, index, prefix):
    """The cluster role's variables for the index-th cluster of a cloud in a fleet."""
    name = "%s-%s-%02d" % (prefix, cloud, index)
    if cloud == "oks":
        return {
            "cluster_name": name,
            "cluster_oks_project_name": "%s-oks-project-%02d" % (prefix, index // 2),  # two clusters a project
            "cluster_oks_admin_whitelist": ["203.0.113.0/24"],
        }
    if cloud == "sks":
        return {
            "cluster_name": name,
            "cluster_sks_nodepools": [
                {"name": "%s-workers" % name, "instance_type": "standard.small", "size": 2, "disk_size": 50}
            ],
        }
    if cloud == "eks":
        return {
            "cluster_name": name,
            "cluster_eks_version": "1.30",
            "cluster_eks_kubeconfig_auth": "token",  # one the Huawei registry can read (it runs no aws CLI)
            "cluster_eks_role_arn": "arn:aws:iam::123456789012:role/fleet-eks-cluster",
            "cluster_eks_subnets": ["subnet-0d000000000000001", "subnet-0d000000000000002"],
            "cluster_eks_nodegroups": [
                {
                    "name": "%s-workers" % name,
                    "node_role": "arn:aws:iam::123456789012:role/fleet-eks-node",
                    "instance_types": ["m6i.large"],
                    "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2},
                }
            ],
        }
    if cloud == "ske":
        return {
            "cluster_name": name,
            "cluster_ske_create": True,
            "cluster_ske_kubernetes_version": "v1.31.8",
            "cluster_ske_vpc_id": "7a1f2c3d4e5f60718293a4b5c6d7e8f9",
            "cluster_ske_subnet_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "cluster_ske_volume_id": "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809",
            "cluster_ske_security_group_ids": ["852ecca3-7252-44a9-9582-967745ae338c"],
        }
    return {"cluster_name": name, "cluster_huawei_provider": "self_built_idc"}


def fleet_inventory(per_cloud, kubeconfig_dir, prefix="fleet", clouds=CLOUDS, wait_timeout=600):
    """A fleet inventory (as a dict) with per_cloud clusters on each cloud, host names <cloud>-<cluster name>."""
    children = {}
    for cloud in clouds:
        hosts = {}
        for index in range(per_cloud):
            variables = cluster_vars(cloud, index, prefix)
            hosts["%s-%s" % (cloud, variables["cluster_name"])] = variables
        children[cloud] = {"vars": {"cluster_provider": cloud}, "hosts": hosts}
    return {
        "all": {
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": str(VENV_BIN / "python"),
                "fleet_kubeconfig_dir": str(kubeconfig_dir),
                "cluster_kubeconfig_path": "{{ fleet_kubeconfig_dir }}/{{ inventory_hostname }}.yaml",
                "cluster_wait_timeout": wait_timeout,
                "provision_merged_kubeconfig": str(pathlib.Path(kubeconfig_dir) / "kubeconfig"),
            },
            "children": children,
        }
    }


def write_fleet(workdir, per_cloud, prefix="fleet", clouds=CLOUDS, wait_timeout=600):
    """Write the inventory and the Huawei hosts' on-premises kubeconfigs under workdir; returns the inventory path."""
    workdir = pathlib.Path(workdir)
    kubeconfig_dir = workdir / "kubeconfigs"
    kubeconfig_dir.mkdir(parents=True, exist_ok=True)
    inventory = fleet_inventory(per_cloud, kubeconfig_dir, prefix, clouds, wait_timeout)
    for host in inventory["all"]["children"].get("huawei", {}).get("hosts", {}):
        target = kubeconfig_dir / ("%s.yaml" % host)
        target.write_bytes(ONPREM_KUBECONFIG.read_bytes())
        target.chmod(0o600)
    path = workdir / "fleet.yml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    return path


def fleet_hosts(inventory_path):
    inventory = yaml.safe_load(pathlib.Path(inventory_path).read_text(encoding="utf-8"))
    return [host for group in inventory["all"]["children"].values() for host in group["hosts"]]


class FleetRun:
    """One ansible-playbook run over a fleet: exit code, output, recap per host, controller CPU seconds."""

    def __init__(self, returncode, output, wall, cpu, killed=False):
        self.returncode = returncode
        self.output = output
        self.wall = wall
        self.cpu = cpu
        self.killed = killed
        keys = ("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored")
        self.recap = {
            found.group("host"): {key: int(found.group(key)) for key in keys} for found in RECAP.finditer(output)
        }

    def total(self, key):
        return sum(counts[key] for counts in self.recap.values())

    def summary(self):
        return "exit %s, wall %.1fs, recap %s\n%s" % (self.returncode, self.wall, self.recap, self.output[-8000:])


SUMMARY_SECONDS = re.compile(
    r"^\s*(?:- '?|\")?(?P<host>\S+)\s+(?P<cloud>oks|sks|eks|ske|huawei)\s+\S+\s+(?P<status>\S+)\s+"
    r"(?P<seconds>[\d.]+)\s",
    re.MULTILINE,
)


def cluster_seconds(output):
    """{host: seconds} from the summary the fleet playbooks print."""
    return {found.group("host"): float(found.group("seconds")) for found in SUMMARY_SECONDS.finditer(output)}


def process_tree(root):
    """The pid root and those of all its descendants (from /proc): ansible's workers leave root's session."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def _signal_all(pids, signum):
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def kill_run(process):
    """SIGKILL a run and every process it started, as a job whose container is killed.

    ansible-playbook's workers start sessions of their own, so a process group kill would miss them: the tree is
    frozen first (SIGSTOP until no new process appears), then killed at once.
    """
    stopped = set()
    while True:
        tree = set(process_tree(process.pid))
        if tree <= stopped:
            break
        _signal_all(tree - stopped, signal.SIGSTOP)
        stopped |= tree
    _signal_all(stopped, signal.SIGKILL)


def run_fleet(  # pylint: disable=too-many-arguments,too-many-locals
    playbook,
    inventory,
    env,
    forks,
    workdir,
    extra_vars=None,
    extra_args=(),
    kill_after=None,
    timeout=1800,
    on_start=None,
):
    """Run playbooks/<playbook> over the fleet inventory with --forks.

    kill_after (seconds) sends SIGKILL to the run and every process it started, as a killed job would get;
    on_start(process) is called once the run has started (the benchmark samples its memory).
    """
    workdir = pathlib.Path(workdir)
    command = [
        str(VENV_BIN / "ansible-playbook"),
        "-i",
        str(inventory),
        "--forks",
        str(forks),
        str(PLAYBOOKS_DIR / playbook),
    ]
    for name, value in (extra_vars or {}).items():
        command += ["-e", "%s=%s" % (name, value)]
    command += list(extra_args)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with subprocess.Popen(
        command,
        cwd=str(workdir),
        env=playbook_environment(env, home=workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        if on_start is not None:
            on_start(process)
        killed = False
        try:
            output = process.communicate(timeout=kill_after if kill_after is not None else timeout)[0]
        except subprocess.TimeoutExpired:
            if kill_after is None:
                raise
            kill_run(process)
            output = process.communicate()[0]
            killed = True
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    killed = killed or process.returncode == -signal.SIGKILL
    return FleetRun(process.returncode, output.decode("utf-8", "replace"), wall, cpu, killed)
