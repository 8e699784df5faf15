# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks one inventory plugin against the emulator with ansible-inventory --list: run by the inventory_<name>
targets' runme.sh as `python ../inventory_common/inventory_check.py <cloud>`.

The emulator's URL and credentials come from tests/integration/integration_config.yml (../../ from a target).
Each check seeds the emulator, writes plugin configuration files in a temporary directory, runs ansible-inventory
and asserts on its JSON output and on the emulator's request log.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# INVENTORY_CHECK_CONFIG: another integration_config.yml, for a run by hand against an emulator on another port.
CONFIG_FILE = os.environ.get("INVENTORY_CHECK_CONFIG") or os.path.join(HERE, "..", "..", "integration_config.yml")
UNIFORM = (
    "k8s_provider",
    "k8s_cluster_id",
    "k8s_cluster_name",
    "k8s_version",
    "k8s_status",
    "k8s_endpoint",
    "k8s_region",
    "k8s_tags",
    "k8s_nodepools",
)
STATUSES = ("creating", "running", "updating", "deleting", "error", "unknown")
VERSION_FORM = re.compile(r"^[0-9]+\.[0-9]+(\.[0-9]+)?$")
PAGE_SIZE = 10
SEEDED = 23  # three pages of PAGE_SIZE


# --- what differs between the clouds -----------------------------------------------------------------------


class Cloud:
    """A cloud's plugin, its emulator prefix and seeder, and what its records look like."""

    def __init__(
        self,
        name,
        plugin,
        provider,
        prefix,
        path,
        credentials,
        seed=None,
        list_path=None,
        location=None,
        tag_filter=None,
        status=None,
        collide=None,
        wrong=None,
        nodepools=False,
        versions=True,
    ):
        self.name = name
        self.plugin = plugin
        self.provider = provider
        self.prefix = prefix
        self.path = path
        self.credentials = credentials
        self.seed = seed or {}
        self.list_path = list_path  # the list call's path regex; None: the API does not page
        self.location = location or {}
        self.tag_filter = tag_filter
        self.status = status
        self.collide = collide
        self.wrong = wrong
        self.nodepools = nodepools  # whether the seeded clusters have node pools the plugin reads
        self.versions = versions  # whether the cloud gives each cluster's Kubernetes version


def clouds(credentials):
    return {
        "oks": Cloud(
            "oks",
            "oks",
            "oks",
            "oks_",
            "/oks/api/v2",
            {key: credentials["oks"][key] for key in ("access_key", "secret_key")},
            seed={"projects": 2},
            list_path=r"/clusters/all$",
            location={"regions": ["eu-west-2"]},
            tag_filter=({"index": "1?"}, lambda i: str(i).startswith("1") and len(str(i)) == 2),
            status="ready",
            collide=[{"count": 2}],
            wrong="secret_key",
        ),
        "sks": Cloud(
            "sks",
            "sks",
            "sks",
            "sks_",
            "/sks/v2",
            dict(credentials["sks"]),
            location={"zones": ["ch-gva-2"]},
            tag_filter=({"env": "prod"}, lambda i: i % 3 == 0),
            status="running",
            collide=[{"count": 2, "name": "twin"}],
            wrong="api_secret",
            nodepools=True,
        ),
        "eks": Cloud(
            "eks",
            "eks",
            "eks",
            "eks_",
            "/eks",
            dict(credentials["eks"]),
            list_path=r"/eks/clusters$",
            location={"regions": ["us-east-1"]},
            tag_filter=({"env": ["prod", "dev"]}, lambda i: i % 3 in (0, 2)),
            status="ACTIVE",
            collide=[{"count": 2, "region": "eu-west-1"}],
            wrong="secret_key",
        ),
        "ske": Cloud(
            "ske",
            "ske",
            "ske",
            "ske_",
            "/ske",
            dict(credentials["ske"]),
            list_path=r"/ske/v1/clusters$",
            status="RUNNING",
            wrong="secret_key",
        ),
        "huawei": Cloud(
            "huawei",
            "huawei_multicloud",
            "huawei",
            "huawei_",
            "/huawei",
            dict(credentials["huawei"]),
            list_path=r"/multi-cloud/clusters$",
            location={"regions": ["cn-north-4"]},
            status="connect_success",
            wrong="secret_key",
            versions=False,
        ),
    }


# --- the emulator and ansible-inventory --------------------------------------------------------------------


class Emulator:
    def __init__(self, url):
        self.url = url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as answer:
            text = answer.read().decode()
        return json.loads(text) if text.strip() else None

    def log(self, cloud):
        return self.call("GET", "/_admin/log?cloud=%s" % cloud)


def unwrap(value):
    """ansible-inventory's JSON with the {"__ansible_unsafe": x} wrappers taken off."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return unwrap(value["__ansible_unsafe"])
        return {key: unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


class Inventory:
    def __init__(self, data):
        self.data = data
        self.hostvars = data["_meta"]["hostvars"]

    def group_hosts(self, group):
        """Every host of group, its children's included."""
        entry = self.data.get(group) or {}
        hosts = set(entry.get("hosts") or [])
        for child in entry.get("children") or []:
            hosts |= self.group_hosts(child)
        return hosts


def run_inventory(source, expect_ok=True, *options, env=None):
    """ansible-inventory --list, failing as AWX makes it fail when a source cannot be parsed."""
    command = ["ansible-inventory", "-i", source, "--list"] + list(options)
    env = dict(os.environ, ANSIBLE_INVENTORY_UNPARSED_FAILED="true", **(env or {}))
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if expect_ok and done.returncode != 0:
        raise AssertionError("%s failed (%s):\n%s" % (" ".join(command), done.returncode, done.stderr))
    inventory = Inventory(unwrap(json.loads(done.stdout))) if done.returncode == 0 else None
    return done, inventory


def check(condition, message, *details):
    if not condition:
        raise AssertionError(message + "".join("\n  %s" % (detail,) for detail in details))


# --- the checks --------------------------------------------------------------------------------------------


class Checks:
    def __init__(self, cloud, emulator, workdir):
        self.cloud = cloud
        self.emulator = emulator
        self.workdir = workdir

    def source(self, name, **options):
        config = {"plugin": "managedk8s.clusters." + self.cloud.plugin, "endpoint": self.emulator.url + self.cloud.path}
        config.update(self.cloud.credentials)
        config.update(self.cloud.location)
        config.update(options)
        path = os.path.join(self.workdir, "%s.managedk8s_%s.yml" % (name, self.cloud.plugin))
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(config, handle)
        return path

    def reset_and_seed(self, count=SEEDED, **extra):
        self.emulator.call("POST", "/_admin/reset")
        self.emulator.call("POST", "/_admin/seed", dict(self.cloud.seed, cloud=self.cloud.name, count=count, **extra))
        self.emulator.call("DELETE", "/_admin/log")

    def names(self, inventory):
        return sorted(inventory.hostvars[host]["k8s_cluster_name"] for host in inventory.hostvars)

    def hosts_and_vars(self):
        self.reset_and_seed()
        source = self.source(
            "all",
            page_size=PAGE_SIZE,
            keyed_groups=[{"key": "k8s_version", "prefix": "version"}, {"key": "k8s_status", "prefix": "status"}],
            groups={"first_cluster": "k8s_cluster_name.endswith('0000')"},
            compose={
                "kube_server": "k8s_endpoint",
                "ansible_connection": "'ssh' if k8s_cluster_name.endswith('1') else 'local'",
                "cluster_label": "k8s_provider ~ '/' ~ k8s_cluster_name",
            },
        )
        _done, inventory = run_inventory(source)
        hosts = inventory.hostvars
        check(len(hosts) == SEEDED, "expected %d hosts" % SEEDED, sorted(hosts))
        for host, variables in hosts.items():
            missing = [key for key in UNIFORM if key not in variables]
            check(not missing, "host %s lacks %s" % (host, missing))
            check(
                variables["k8s_provider"] == self.cloud.provider,
                "wrong provider on %s" % host,
                variables["k8s_provider"],
            )
            check(host == variables["k8s_cluster_name"], "names are unique, the host name is the cluster name", host)
            check(
                any(key.startswith(self.cloud.prefix) and key != self.cloud.prefix for key in variables),
                "host %s has no %s* variable" % (host, self.cloud.prefix),
            )
            check(variables["k8s_cluster_id"], "host %s has no cluster id" % host)
            check(isinstance(variables["k8s_tags"], dict), "k8s_tags is a dict")
            check(variables["k8s_status"] == "running", "the uniform status of %s" % host, variables["k8s_status"])
            check(
                variables["k8s_status"] in STATUSES, "k8s_status is a word of the vocabulary", variables["k8s_status"]
            )
            version = variables["k8s_version"]
            if self.cloud.versions:
                check(version and VERSION_FORM.match(version), "k8s_version of %s without v" % host, version)
            else:
                check(version is None, "k8s_version of %s is null: the cloud does not give it" % host, version)
            pools = variables["k8s_nodepools"]
            check(isinstance(pools, list), "k8s_nodepools is a list", pools)
            check(all(set(pool) == {"name", "size"} for pool in pools), "node pools are {name, size}", pools)
            check(bool(pools) == self.cloud.nodepools, "node pools of %s" % host, pools)
            check(variables["kube_server"] == variables["k8s_endpoint"], "compose set kube_server on %s" % host)
            check(variables["cluster_label"] == "%s/%s" % (self.cloud.provider, host), "compose on %s" % host)
            expected = "ssh" if host.endswith("1") else "local"
            check(
                variables["ansible_connection"] == expected,
                "ansible_connection %s by default, composed" % host,
                variables["ansible_connection"],
            )
        check(inventory.group_hosts(self.cloud.provider) == set(hosts), "the provider group holds every host")
        regions = {variables["k8s_region"] for variables in hosts.values()}
        for region in regions - {None}:
            group = "%s_%s" % (self.cloud.provider, region.replace("-", "_"))
            members = {host for host, variables in hosts.items() if variables["k8s_region"] == region}
            check(inventory.group_hosts(group) == members, "region group %s" % group, sorted(inventory.data))
        versions = {variables["k8s_version"] for variables in hosts.values() if variables["k8s_version"]}
        for version in versions:
            sanitized = "version_" + "".join(char if char.isalnum() or char == "_" else "_" for char in version)
            group = sanitized if sanitized in inventory.data else "version_" + version
            members = {host for host, variables in hosts.items() if variables["k8s_version"] == version}
            check(inventory.group_hosts(group) == members, "keyed group %s" % group, sorted(inventory.data))
        check(inventory.group_hosts("status_running") == set(hosts), "keyed group status_running")
        first = inventory.group_hosts("first_cluster")
        check(len(first) == 1, "one host in the composed group first_cluster", first)
        self.pages()
        self.without_record_vars(hosts)
        self.version_group(hosts)

    def version_group(self, hosts):
        """A constructed group on k8s_version with strict: true works on every cloud: the bare test where the cloud
        gives versions, guarded against null where it does not (Huawei's registry)."""
        test = "k8s_version is version('1.32', '<')"
        if not self.cloud.versions:
            test = "k8s_version is not none and " + test
        _done, inventory = run_inventory(self.source("versions", strict=True, groups={"before_1_32": test}))
        expected = {
            host
            for host, variables in hosts.items()
            if variables["k8s_version"] and tuple(map(int, variables["k8s_version"].split("."))) < (1, 32)
        }
        check(inventory.group_hosts("before_1_32") == expected, "the version group with strict", sorted(expected))

    def without_record_vars(self, full_hosts):
        """record_vars: false leaves the k8s_* variables and drops the record, which compose can still read."""
        field = sorted(key for key in next(iter(full_hosts.values())) if key.startswith(self.cloud.prefix))[0]
        _done, inventory = run_inventory(self.source("lean", compose={"kept": field}, record_vars=False))
        check(
            set(inventory.hostvars) == set(full_hosts), "the same hosts without record_vars", sorted(inventory.hostvars)
        )
        for host, variables in inventory.hostvars.items():
            extra = sorted(key for key in variables if key.startswith(self.cloud.prefix))
            check(not extra, "no %s* variable on %s without record_vars" % (self.cloud.prefix, host), extra)
            check(
                all(variables[key] == full_hosts[host][key] for key in UNIFORM), "the same k8s_* variables on %s" % host
            )
            check(variables["kept"] == full_hosts[host][field], "compose read %s on %s" % (field, host))

    def pages(self):
        """The list calls of the run that just ended walked every page."""
        if not self.cloud.list_path:
            return
        lists = [
            entry
            for entry in self.emulator.log(self.cloud.name)
            if entry["method"] == "GET" and re.search(self.cloud.list_path, entry["path"])
        ]
        check(
            len(lists) >= math.ceil(SEEDED / float(PAGE_SIZE)),
            "the list was read page by page",
            [(entry["path"], entry["query"]) for entry in lists],
        )

    def filters(self):
        self.reset_and_seed()
        _done, inventory = run_inventory(self.source("named", names=["*0001", "*0002"]))
        check(len(inventory.hostvars) == 2, "names keeps two clusters", sorted(inventory.hostvars))
        _done, inventory = run_inventory(self.source("status", statuses=[str(self.cloud.status).swapcase()]))
        check(len(inventory.hostvars) == SEEDED, "statuses matches whatever the case")
        _done, inventory = run_inventory(self.source("uniform", statuses=["RUNNING"]))
        check(len(inventory.hostvars) == SEEDED, "statuses matches the uniform vocabulary too")
        _done, inventory = run_inventory(self.source("nostatus", statuses=["no-such-status"]))
        check(not inventory.hostvars, "statuses drops the others", sorted(inventory.hostvars))
        if self.cloud.tag_filter:
            tags, keep = self.cloud.tag_filter
            _done, inventory = run_inventory(self.source("tagged", tags=tags))
            expected = sum(1 for index in range(SEEDED) if keep(index))
            check(
                len(inventory.hostvars) == expected, "tags %s keeps %d" % (tags, expected), sorted(inventory.hostvars)
            )
        hostname = "k8s_cluster_name ~ '-x'"
        _done, inventory = run_inventory(self.source("renamed", hostname=hostname, names=["*0001"]))
        check(
            all(host.endswith("-x") for host in inventory.hostvars) and len(inventory.hostvars) == 1,
            "hostname template",
            sorted(inventory.hostvars),
        )

    def collisions(self):
        self.reset_and_seed(count=3)
        for extra in self.cloud.collide or []:
            self.emulator.call("POST", "/_admin/seed", dict(self.cloud.seed, cloud=self.cloud.name, **extra))
        location = dict(self.cloud.location)
        if self.cloud.name == "eks":
            location = {"regions": ["us-east-1", "eu-west-1"]}
        _done, inventory = run_inventory(self.source("dups", **location))
        hosts = inventory.hostvars
        check(
            len(hosts) == 3 + sum(extra["count"] for extra in self.cloud.collide or []),
            "one host per cluster",
            sorted(hosts),
        )
        several = len(location.get("regions") or location.get("zones") or []) > 1
        by_name = {}
        for host, variables in hosts.items():
            by_name.setdefault(variables["k8s_cluster_name"], []).append((host, variables))
        for name, found in by_name.items():
            hostnames = sorted(host for host, _variables in found)
            if several:
                check(
                    all(host.startswith("%s.%s" % (name, variables["k8s_region"])) for host, variables in found),
                    "with several regions every host is name.region",
                    hostnames,
                )
            elif len(found) > 1:
                check(hostnames.count(name) == 1, "the oldest cluster named %s keeps its name" % name, hostnames)
                check(
                    all(
                        host == name or host == "%s.%s" % (name, variables["k8s_cluster_id"])
                        for host, variables in found
                    ),
                    "the other clusters named %s are name.id" % name,
                    hostnames,
                )
        if self.cloud.collide:
            check(any(len(found) > 1 for found in by_name.values()), "the seed made names collide", sorted(hosts))
        # two sources of the same clusters: the second source's hosts are qualified, none is lost
        shutil.rmtree(self.workdir)
        os.makedirs(self.workdir)
        self.source("one")
        self.source("two")
        _done, inventory = run_inventory(self.workdir)
        ids = [variables["k8s_cluster_id"] for variables in inventory.hostvars.values()]
        check(
            ids and all(ids.count(cluster_id) == 2 for cluster_id in ids),
            "two sources, two hosts per cluster",
            sorted(inventory.hostvars),
        )

    def stable_names(self):
        """A host keeps its name, and so its AWX host record, when other clusters appear (and when one of the same
        name appears, on clouds that allow that and say when each cluster was created)."""
        self.reset_and_seed(count=3)
        location = dict(self.cloud.location)
        if self.cloud.name == "eks":
            location = {"regions": ["us-east-1", "eu-west-1"]}
        source = self.source("stable", **location)
        _done, before = run_inventory(source)
        more = {"eks": {"prefix": "more"}, "huawei": {"name_prefix": "more"}}.get(
            self.cloud.name, {"name_prefix": "more"}
        )
        self.emulator.call("POST", "/_admin/seed", dict(self.cloud.seed, cloud=self.cloud.name, count=2, **more))
        for extra in self.cloud.collide or []:
            extra = dict(extra, count=1)
            if "name" in extra:  # a cluster of the same name as one listed before, in the same zone
                extra["name"] = self.names(before)[0]
            self.emulator.call("POST", "/_admin/seed", dict(self.cloud.seed, cloud=self.cloud.name, **extra))
        _done, after = run_inventory(source)
        check(len(after.hostvars) > len(before.hostvars), "clusters were added", sorted(after.hostvars))
        for host, variables in before.hostvars.items():
            check(host in after.hostvars, "host %s is still there" % host, sorted(after.hostvars))
            check(
                after.hostvars[host]["k8s_cluster_id"] == variables["k8s_cluster_id"],
                "host %s is still the same cluster" % host,
            )

    def region_from_the_environment(self):
        """The Huawei plugin without regions takes the region from HW_REGION_NAME, as the modules do."""
        if self.cloud.name != "huawei":
            return
        self.reset_and_seed(count=2)
        config = {"plugin": "managedk8s.clusters.huawei_multicloud", "endpoint": self.emulator.url + self.cloud.path}
        config.update(self.cloud.credentials)
        config.pop("region", None)
        path = os.path.join(self.workdir, "env.managedk8s_huawei_multicloud.yml")
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(config, handle)
        _done, inventory = run_inventory(path, env={"HW_REGION_NAME": "cn-north-4"})
        regions = {variables["k8s_region"] for variables in inventory.hostvars.values()}
        check(regions == {"cn-north-4"}, "k8s_region from HW_REGION_NAME", regions)
        check(inventory.group_hosts("huawei_cn_north_4") == set(inventory.hostvars), "the region group", inventory.data)

    def cache(self):
        self.reset_and_seed()
        cache_dir = os.path.join(self.workdir, "cache")
        source = self.source(
            "cached",
            cache=True,
            cache_plugin="ansible.builtin.jsonfile",
            cache_connection=cache_dir,
            cache_timeout=3600,
        )
        _done, cold = run_inventory(source)
        check(self.emulator.log(self.cloud.name), "the cold run called the API")
        self.emulator.call("DELETE", "/_admin/log")
        _done, warm = run_inventory(source)
        calls = self.emulator.log(self.cloud.name)
        check(not calls, "the cached run made no API call", [(entry["method"], entry["path"]) for entry in calls])
        check(warm.hostvars == cold.hostvars, "the cached run gives the same hosts and variables")
        run_inventory(source, True, "--flush-cache")
        check(self.emulator.log(self.cloud.name), "--flush-cache reads the API again")

    def failures(self):
        self.reset_and_seed(count=3)
        wrong = {self.cloud.wrong: "wrong-" + str(self.cloud.credentials[self.cloud.wrong])[:8]}
        done, _inventory = run_inventory(self.source("wrong", **wrong), expect_ok=False)
        output = done.stdout + done.stderr
        check(done.returncode != 0, "wrong credentials fail the source", output)
        check("managedk8s.clusters.%s: cannot list" % self.cloud.plugin in output, "the plugin names itself", output)
        check("cannot list the clusters" in output and "HTTP 40" in output, "the API's message is shown", output)
        check(wrong[self.cloud.wrong] not in output, "the secret is not shown", output)
        done, inventory = run_inventory(self.source("skipped", skip_unavailable=True, **wrong))
        check(not inventory.hostvars and "skip_unavailable" in done.stderr, "skip_unavailable warns", done.stderr)
        # a passing fault is retried and costs nothing
        once = [{"cloud": self.cloud.name, "method": "GET", "kind": "503", "retry_after": 0}]
        self.emulator.call("POST", "/_admin/faults", {"once": once})
        _done, inventory = run_inventory(self.source("flaky"))
        check(len(inventory.hostvars) == 3, "a 503 once is retried", sorted(inventory.hostvars))
        faults = [entry for entry in self.emulator.log(self.cloud.name) if entry.get("fault")]
        check(faults, "the fault was injected")
        self.emulator.call("DELETE", "/_admin/faults")


def main(argv):
    with open(CONFIG_FILE, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    cloud = clouds(config["mockcloud_credentials"])[argv[1]]
    emulator = Emulator(config["mockcloud_url"])
    workdir = tempfile.mkdtemp(prefix="inventory_%s_" % cloud.name)
    checks = Checks(cloud, emulator, workdir)
    try:
        checks_run = ("hosts_and_vars", "filters", "collisions", "stable_names", "region_from_the_environment", "cache")
        for name in argv[2:] or checks_run + ("failures",):
            print("inventory_%s: %s" % (cloud.name, name), flush=True)
            getattr(checks, name)()
            shutil.rmtree(workdir, ignore_errors=True)
            os.makedirs(workdir, exist_ok=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("inventory_%s: all checks passed" % cloud.name)


if __name__ == "__main__":
    main(sys.argv)
