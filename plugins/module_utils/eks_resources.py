# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS clusters and node groups for the resource engine: option checks, payload mapping, the update planner.

EKS changes an existing cluster only through "updates": one at a time, each followed with DescribeUpdate until
it is Successful. The planner turns the engine's changes into that sequence (tags first, then one update-config
per kind of change, then one version upgrade per minor version); the adapters run it.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import time

from ansible_collections.managedk8s.clusters.plugins.module_utils import eks_client as api
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import ReplaceRefused, ResourceError, ResourceSpec
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import wait_for

CLUSTER_NAME = re.compile(r"^[0-9A-Za-z][A-Za-z0-9\-_]*$")
CLUSTER_NAME_MAX = 100
NODEGROUP_NAME_MAX = 63
VERSION = re.compile(r"^(\d+)\.(\d+)$")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
MAX_SECURITY_GROUPS = 5
MAX_TAGS = 50
SERVICE_CIDR_RANGES = tuple(ipaddress.ip_network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))

ENDPOINT_KEYS = (("endpoint_public_access", "endpointPublicAccess"), ("endpoint_private_access", "endpointPrivateAccess"),
                 ("public_access_cidrs", "publicAccessCidrs"))

CLUSTER_SPEC_KEYS = dict(
    create_keys=("name", "role_arn", "subnets", "security_groups", "kubernetes_network_config"),
    update_keys=("version", "endpoint_public_access", "endpoint_private_access", "public_access_cidrs", "logging", "tags"),
    create_only=("role_arn", "subnets", "kubernetes_network_config"),
    unordered=("subnets", "security_groups", "public_access_cidrs", "logging"),
)

NODEGROUP_SPEC_KEYS = dict(
    create_keys=("name", "cluster_name", "node_role", "subnets", "disk_size", "instance_types", "ami_type", "remote_access",
                 "capacity_type", "launch_template"),
    update_keys=("scaling_config", "update_config", "labels", "taints", "version", "release_version", "tags"),
    create_only=("node_role", "subnets", "disk_size", "instance_types", "ami_type", "remote_access", "capacity_type"),
    unordered=("subnets", "instance_types", "taints"),
)


def cluster_spec(purge_tags=True):
    return ResourceSpec("cluster", exact=("tags",) if purge_tags else (), **CLUSTER_SPEC_KEYS)


def nodegroup_spec(purge_tags=True):
    exact = ("labels", "tags") if purge_tags else ("labels",)
    return ResourceSpec("nodegroup", exact=exact, **NODEGROUP_SPEC_KEYS)


# --- option checks, before any API call ----------------------------------------------------------------------

def _refuse(message):
    raise ResourceError(message)


def check_name(value, option="name", maximum=CLUSTER_NAME_MAX):
    if not value or len(value) > maximum or not CLUSTER_NAME.match(value):
        _refuse("%s: %r is not a valid name: 1 to %d characters, letters, digits, '-' and '_', starting with a letter "
                "or a digit" % (option, value, maximum))


def parse_version(value, option="version"):
    match = VERSION.match(str(value or ""))
    if not match:
        _refuse("%s: %r is not a Kubernetes minor version such as '1.31'" % (option, value))
    return int(match.group(1)), int(match.group(2))


def check_cidr(value, option):
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError as error:
        _refuse("%s: %r is not a valid CIDR block (%s)" % (option, value, error))
    return None


def check_tags(tags, option="tags"):
    if tags is None:
        return
    if len(tags) > MAX_TAGS:
        _refuse("%s: at most %d tags, got %d" % (option, MAX_TAGS, len(tags)))
    for key, value in tags.items():
        if not 1 <= len(key) <= 128:
            _refuse("%s: the key %r must be 1 to 128 characters long" % (option, key))
        if key.lower().startswith("aws:"):
            _refuse("%s: the key %r uses the reserved prefix 'aws:'" % (option, key))
        if value is None or len(str(value)) > 256:
            _refuse("%s: the value of %r must be a string of at most 256 characters" % (option, key))


def check_role_arn(value, option):
    if value is not None and not ROLE_ARN.match(value):
        _refuse("%s: %r is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)" % (option, value))


def check_cluster_options(params):
    """Every cluster option the API would refuse, refused here first with the option's name."""
    check_name(params["name"])
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        _refuse("wait_timeout: must be 0 or more seconds, got %s" % params["wait_timeout"])
    if params.get("state") == "absent":
        return
    if params.get("version") is not None:
        parse_version(params["version"])
    check_role_arn(params.get("role_arn"), "role_arn")
    subnets = params.get("subnets")
    if subnets is not None and len(set(subnets)) < 2:
        _refuse("subnets: EKS needs at least two subnets in different Availability Zones, got %d" % len(set(subnets)))
    groups = params.get("security_groups")
    if groups is not None and len(groups) > MAX_SECURITY_GROUPS:
        _refuse("security_groups: at most %d security groups, got %d" % (MAX_SECURITY_GROUPS, len(groups)))
    for cidr in params.get("public_access_cidrs") or []:
        if check_cidr(cidr, "public_access_cidrs").version != 4:
            _refuse("public_access_cidrs: %r is not an IPv4 CIDR block" % cidr)
    if params.get("endpoint_public_access") is False and params.get("endpoint_private_access") is False:
        _refuse("endpoint_public_access, endpoint_private_access: at least one of the two endpoints must be enabled")
    network = params.get("kubernetes_network_config") or {}
    if network.get("service_ipv4_cidr"):
        check_service_cidr(network["service_ipv4_cidr"])
    check_tags(params.get("tags"))


def check_service_cidr(value):
    option = "kubernetes_network_config.service_ipv4_cidr"
    block = check_cidr(value, option)
    if block.version != 4 or not any(block.subnet_of(allowed) for allowed in SERVICE_CIDR_RANGES) \
            or not 12 <= block.prefixlen <= 24:
        _refuse("%s: %r must be a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" % (option, value))


def check_nodegroup_options(params):
    check_name(params["name"], maximum=NODEGROUP_NAME_MAX)
    check_name(params["cluster_name"], option="cluster_name")
    if params.get("state") == "absent":
        return
    check_role_arn(params.get("node_role"), "node_role")
    for option in ("version",):
        if params.get(option) is not None:
            parse_version(params[option], option)
    scaling = params.get("scaling_config") or {}
    low, high, desired = scaling.get("min_size"), scaling.get("max_size"), scaling.get("desired_size")
    if low is not None and low < 0:
        _refuse("scaling_config.min_size: must be 0 or more, got %d" % low)
    if high is not None and high < 1:
        _refuse("scaling_config.max_size: must be 1 or more, got %d" % high)
    if low is not None and high is not None and low > high:
        _refuse("scaling_config: min_size (%d) is larger than max_size (%d)" % (low, high))
    for bound, name, compare in ((low, "min_size", lambda d, b: d < b), (high, "max_size", lambda d, b: d > b)):
        if desired is not None and bound is not None and compare(desired, bound):
            _refuse("scaling_config: desired_size (%d) must lie between min_size and max_size (%s is %d)" % (desired, name, bound))
    update = params.get("update_config") or {}
    if update.get("max_unavailable") is not None and update["max_unavailable"] < 1:
        _refuse("update_config.max_unavailable: must be 1 or more, got %d" % update["max_unavailable"])
    percentage = update.get("max_unavailable_percentage")
    if percentage is not None and not 1 <= percentage <= 100:
        _refuse("update_config.max_unavailable_percentage: must be between 1 and 100, got %d" % percentage)
    for taint in params.get("taints") or []:
        if not taint.get("key") or len(taint["key"]) > 63:
            _refuse("taints: every taint needs a key of 1 to 63 characters, got %r" % taint.get("key"))
        if taint.get("value") is not None and len(taint["value"]) > 63:
            _refuse("taints: the value of taint %r must be at most 63 characters" % taint["key"])
    if params.get("disk_size") is not None and params["disk_size"] < 1:
        _refuse("disk_size: must be 1 or more (GiB), got %d" % params["disk_size"])
    template = params.get("launch_template")
    if template is not None and not (template.get("id") or template.get("name")):
        _refuse("launch_template: give the id or the name of the launch template")
    if params.get("subnets") is not None and not params["subnets"]:
        _refuse("subnets: give at least one subnet")
    check_tags(params.get("tags"))


# --- mapping between the API's objects and the module options ------------------------------------------------

def _prune(mapping):
    return {key: value for key, value in mapping.items() if value is not None}


def enabled_log_types(logging):
    enabled = set()
    for setup in (logging or {}).get("clusterLogging") or []:
        if setup.get("enabled"):
            enabled.update(setup.get("types") or [])
    return sorted(enabled)


def logging_payload(enabled):
    enabled = sorted(set(enabled))
    disabled = [kind for kind in api.LOG_TYPES if kind not in enabled]
    setups = []
    if enabled:
        setups.append({"types": enabled, "enabled": True})
    if disabled:
        setups.append({"types": disabled, "enabled": False})
    return {"clusterLogging": setups}


def network_state(network):
    network = network or {}
    return _prune({"service_ipv4_cidr": network.get("serviceIpv4Cidr"), "ip_family": network.get("ipFamily")})


def cluster_state(cluster):
    """A cluster in option names, as the engine compares it with the options."""
    vpc = cluster.get("resourcesVpcConfig") or {}
    return {
        "name": cluster.get("name"),
        "version": cluster.get("version"),
        "role_arn": cluster.get("roleArn"),
        "subnets": list(vpc.get("subnetIds") or []),
        "security_groups": list(vpc.get("securityGroupIds") or []),
        "endpoint_public_access": vpc.get("endpointPublicAccess"),
        "endpoint_private_access": vpc.get("endpointPrivateAccess"),
        "public_access_cidrs": list(vpc.get("publicAccessCidrs") or []),
        "logging": enabled_log_types(cluster.get("logging")),
        "kubernetes_network_config": network_state(cluster.get("kubernetesNetworkConfig")),
        "tags": dict(cluster.get("tags") or {}),
    }


def iso_time(value):
    """EKS timestamps are epoch seconds in JSON; moto and others may send ISO strings: return ISO 8601 UTC."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).isoformat()
    return value


def health_issues(resource):
    return [_prune({"code": issue.get("code"), "message": issue.get("message"), "resource_ids": issue.get("resourceIds")})
            for issue in ((resource.get("health") or {}).get("issues") or [])]


def cluster_output(cluster):
    """What the modules return for a cluster."""
    vpc = cluster.get("resourcesVpcConfig") or {}
    network = cluster.get("kubernetesNetworkConfig") or {}
    return dict(cluster_state(cluster), **{
        "arn": cluster.get("arn"),
        "id": cluster.get("id"),
        "status": cluster.get("status"),
        "platform_version": cluster.get("platformVersion"),
        "endpoint": cluster.get("endpoint"),
        "certificate_authority_data": (cluster.get("certificateAuthority") or {}).get("data"),
        "oidc_issuer": ((cluster.get("identity") or {}).get("oidc") or {}).get("issuer"),
        "vpc_id": vpc.get("vpcId"),
        "cluster_security_group_id": vpc.get("clusterSecurityGroupId"),
        "kubernetes_network_config": dict(network_state(network), **_prune({"service_ipv6_cidr": network.get("serviceIpv6Cidr")})),
        "created_at": iso_time(cluster.get("createdAt")),
        "health_issues": health_issues(cluster),
    })


def cluster_infos(client, name=None):
    """cluster_output of the cluster named name (none when it does not exist), or of every cluster of the region."""
    names = [name] if name else sorted(client.list_cluster_names())
    found = (client.describe_cluster(cluster_name) for cluster_name in names)
    return [cluster_output(cluster) for cluster in found if cluster is not None]


def cluster_create_payload(desired, token):
    vpc = {"subnetIds": list(desired["subnets"])}
    if desired.get("security_groups"):
        vpc["securityGroupIds"] = list(desired["security_groups"])
    for option, field in ENDPOINT_KEYS:
        if desired.get(option) is not None:
            vpc[field] = desired[option]
    payload = {"name": desired["name"], "roleArn": desired["role_arn"], "resourcesVpcConfig": vpc, "clientRequestToken": token}
    if desired.get("version"):
        payload["version"] = desired["version"]
    network = desired.get("kubernetes_network_config") or {}
    if network:
        payload["kubernetesNetworkConfig"] = _prune({"serviceIpv4Cidr": network.get("service_ipv4_cidr"),
                                                     "ipFamily": network.get("ip_family")})
    if desired.get("logging"):
        payload["logging"] = logging_payload(desired["logging"])
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


# --- the update planner --------------------------------------------------------------------------------------

def version_path(current, target, what="cluster"):
    """The minor versions to go through, one upgrade each: 1.29 -> 1.31 gives ['1.30', '1.31']."""
    have, want = parse_version(current, "the current version"), parse_version(target)
    if want == have:
        return []
    if want[0] != have[0] or want < have:
        _refuse("version: the %s cannot go from %s to %s: EKS upgrades one minor version at a time and never "
                "downgrades" % (what, current, target))
    return ["%d.%d" % (have[0], minor) for minor in range(have[1] + 1, want[1] + 1)]


def tag_changes(current, desired, purge):
    """(tags to set, keys to remove) turning current into desired."""
    current = current or {}
    to_set = {key: value for key, value in desired.items() if current.get(key) != value}
    to_remove = sorted(key for key in current if key not in desired) if purge else []
    return to_set, to_remove


def merged_tags(current, desired, purge):
    return dict(desired) if purge else dict(current or {}, **desired)


class Step:
    """One planned change: 'tags', or an update ('config' through update-config, 'version' through updates)."""

    def __init__(self, kind, update_type=None, payload=None, version=None, tags=None, untag=None):
        self.kind = kind
        self.update_type = update_type
        self.payload = payload
        self.version = version
        self.tags = tags or {}
        self.untag = untag or []

    def describe(self, status="planned"):
        if self.kind == "tags":
            return {"type": "TagUpdate", "status": status, "params": {"set": self.tags, "remove": self.untag}}
        params = {"version": self.version} if self.kind == "version" else self.payload
        return {"type": self.update_type, "status": status, "params": params}

    def __repr__(self):
        return "Step(%s)" % self.describe()


def plan_cluster_updates(current, changes, purge_tags=True):
    """The ordered steps that turn current (cluster_state) into current + changes."""
    steps = []
    if "tags" in changes:
        to_set, to_remove = tag_changes(current.get("tags"), changes["tags"], purge_tags)
        if to_set or to_remove:
            steps.append(Step("tags", tags=to_set, untag=to_remove))
    endpoint = {field: changes[option] for option, field in ENDPOINT_KEYS if option in changes}
    if endpoint:
        steps.append(Step("config", "EndpointAccessUpdate", {"resourcesVpcConfig": endpoint}))
    if "security_groups" in changes:
        steps.append(Step("config", "VpcConfigUpdate", {"resourcesVpcConfig": {"securityGroupIds": list(changes["security_groups"])}}))
    if "logging" in changes:
        steps.append(Step("config", "LoggingUpdate", {"logging": logging_payload(changes["logging"])}))
    if "version" in changes:
        steps.extend(Step("version", "VersionUpdate", version=version)
                     for version in version_path(current.get("version"), changes["version"]))
    return steps


def update_summary(update):
    return {
        "id": update.get("id"),
        "type": update.get("type"),
        "status": update.get("status"),
        "params": {item.get("type"): item.get("value") for item in update.get("params") or []},
        "errors": [_prune({"code": error.get("errorCode"), "message": error.get("errorMessage"),
                           "resource_ids": error.get("resourceIds")}) for error in update.get("errors") or []],
    }


# --- adapters ------------------------------------------------------------------------------------------------

_NOT_DELETED = object()


class Deadline:
    """One wait_timeout shared by every wait of a task (creation, each update, deletion)."""

    def __init__(self, seconds, clock=time.monotonic):
        self._clock = clock
        self._end = clock() + max(0, seconds or 0)

    def remaining(self):
        return max(0.0, self._end - self._clock())


class _Adapter:
    kind = "resource"

    def __init__(self, client, params, wait=True, sleep=time.sleep):
        self.client = client
        self.params = params
        self.wait = wait
        self.deadline = Deadline(params.get("wait_timeout") or 0)
        self.sleep = sleep
        self.purge_tags = params.get("purge_tags", True)
        self.updates = []

    def _wait(self, fetch, ready, failed, what, initial, describe=None):
        return wait_for(fetch, ready, failed, timeout=self.deadline.remaining(), what=what, describe=describe,
                        initial=initial, sleep=self.sleep)

    def follow_update(self, update, nodegroup=None):
        """Poll DescribeUpdate until the update is Successful; Failed or Cancelled fail at once with its errors."""
        cluster = self.cluster_name

        def failed(value):
            if value.get("status") in api.UPDATE_FAILED:
                errors = "; ".join("%s: %s" % (item.get("errorCode"), item.get("errorMessage")) for item in value.get("errors") or [])
                return "status %s%s" % (value["status"], " (%s)" % errors if errors else "")
            return None

        what = "%s update %s of %s" % (update.get("type"), update.get("id"), self.describe_target())
        return self._wait(lambda: self.client.describe_update(cluster, update["id"], nodegroup),
                          lambda value: value.get("status") == api.UPDATE_SUCCESSFUL, failed, what, update,
                          describe=lambda value: value.get("status"))

    def run_steps(self, record, steps, changes, arn):
        """Apply the planned steps in order; returns the record as it is after them."""
        updates = [step for step in steps if step.kind != "tags"]
        for step in steps:
            if step.kind == "tags":
                self.apply_tags(arn, step)
                record = dict(record, tags=merged_tags(record.get("tags"), changes["tags"], self.purge_tags))
                continue
            update = self.start(step)
            if update is None:
                continue
            if self.wait or step is not updates[-1]:
                update = self.follow_update(update, self.update_owner)
            self.updates.append(update_summary(update))
        return self.describe() if updates else record

    def apply_tags(self, arn, step):
        if step.untag:
            self.client.untag_resource(arn, step.untag)
        if step.tags:
            self.client.tag_resource(arn, step.tags)
        self.updates.append(step.describe(status="Successful"))


class ClusterAdapter(_Adapter):
    """The engine's view of one EKS cluster, found by its name."""

    kind = "cluster"

    def __init__(self, client, params, wait=True, sleep=time.sleep):
        super().__init__(client, params, wait, sleep)
        self.cluster_name = params["name"]
        self.update_owner = None
        self.planned = []
        self._deleting = _NOT_DELETED

    def describe_target(self):
        return "EKS cluster '%s'" % self.cluster_name

    def describe(self):
        return self.client.describe_cluster(self.cluster_name)

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in ("role_arn", "subnets") if not self.params.get(option)]
            if missing:
                _refuse("%s: required to create EKS cluster '%s', which does not exist in %s"
                        % (" and ".join(missing), self.cluster_name, self.client.region))
        return record

    state = staticmethod(cluster_state)
    output = staticmethod(cluster_output)

    def review(self, record, current, changes):
        """Refuse impossible changes before anything is written, and complete partial ones for the diff."""
        if "tags" in changes:
            changes = dict(changes, tags=merged_tags(current.get("tags"), changes["tags"], self.purge_tags))
        steps = plan_cluster_updates(current, changes, self.purge_tags)
        self.planned = [step.describe() for step in steps]
        return changes

    def create(self, desired):
        return self.client.create_cluster(cluster_create_payload(desired, api.new_token()))

    def update(self, record, changes, desired):
        if record.get("status") != api.CLUSTER_ACTIVE:
            record = self.wait_active(record)
        steps = plan_cluster_updates(cluster_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["arn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_cluster_config(self.cluster_name, step.payload)
        return self.client.update_cluster_version(self.cluster_name, step.version)

    def delete(self, record):
        if record.get("status") == api.CLUSTER_DELETING:
            self._deleting = record
            return
        try:
            self._deleting = self.client.delete_cluster(self.cluster_name) or dict(record, status=api.CLUSTER_DELETING)
        except ApiError as error:
            if not api.is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_active(self, record):
        def failed(value):
            if value is None:
                return "the cluster no longer exists"
            status = value.get("status")
            if status == api.CLUSTER_FAILED:
                issues = "; ".join("%s: %s" % (issue.get("code"), issue.get("message")) for issue in health_issues(value))
                return "status FAILED%s; delete it (state: absent) and create it again" % (" (%s)" % issues if issues else "")
            if status == api.CLUSTER_DELETING:
                return "the cluster is being deleted"
            if status not in api.CLUSTER_TRANSIENT and status != api.CLUSTER_ACTIVE:
                return "unexpected status %s" % status
            return None

        return self._wait(self.describe, lambda value: value.get("status") == api.CLUSTER_ACTIVE, failed, self.describe_target(),
                          record, describe=lambda value: value and value.get("status"))

    wait_ready = wait_active

    def wait_deleted(self, record):
        def failed(value):
            if value is not None and value.get("status") == api.CLUSTER_FAILED:
                return "the deletion failed (status FAILED)"
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(self.describe, lambda value: value is None, failed, "the deletion of %s" % self.describe_target(),
                   initial, describe=lambda value: value and value.get("status"))


def refuse_launch_template_change(current, wanted, name):
    for key in ("id", "name"):
        if wanted.get(key) is not None and current.get(key) != wanted[key]:
            raise ReplaceRefused(
                "cannot change launch_template.%s of nodegroup '%s' in place (%r -> %r); only launch_template.version "
                "can change: delete and re-create the node group to use another template" % (key, name, current.get(key), wanted[key]),
                refused={"launch_template.%s" % key: {"current": current.get(key), "desired": wanted[key]}})


def nodegroup_state(nodegroup):
    scaling = nodegroup.get("scalingConfig") or {}
    update = nodegroup.get("updateConfig") or {}
    remote = nodegroup.get("remoteAccess")
    template = nodegroup.get("launchTemplate")
    return {
        "name": nodegroup.get("nodegroupName"),
        "cluster_name": nodegroup.get("clusterName"),
        "node_role": nodegroup.get("nodeRole"),
        "subnets": list(nodegroup.get("subnets") or []),
        "scaling_config": _prune({"min_size": scaling.get("minSize"), "max_size": scaling.get("maxSize"),
                                  "desired_size": scaling.get("desiredSize")}),
        "disk_size": nodegroup.get("diskSize"),
        "instance_types": list(nodegroup.get("instanceTypes") or []),
        "ami_type": nodegroup.get("amiType"),
        "remote_access": _prune({"ec2_ssh_key": remote.get("ec2SshKey"), "source_sg": remote.get("sourceSecurityGroups")})
        if remote else None,
        "update_config": _prune({"max_unavailable": update.get("maxUnavailable"),
                                 "max_unavailable_percentage": update.get("maxUnavailablePercentage")}),
        "labels": dict(nodegroup.get("labels") or {}),
        "taints": [_prune({"key": taint.get("key"), "value": taint.get("value") or None, "effect": taint.get("effect")})
                   for taint in nodegroup.get("taints") or []],
        "launch_template": _prune({"id": template.get("id"), "name": template.get("name"), "version": template.get("version")})
        if template else None,
        "capacity_type": nodegroup.get("capacityType"),
        "release_version": nodegroup.get("releaseVersion"),
        "version": nodegroup.get("version"),
        "tags": dict(nodegroup.get("tags") or {}),
    }


def nodegroup_output(nodegroup):
    resources = nodegroup.get("resources") or {}
    return dict(nodegroup_state(nodegroup), **{
        "arn": nodegroup.get("nodegroupArn"),
        "status": nodegroup.get("status"),
        "created_at": iso_time(nodegroup.get("createdAt")),
        "modified_at": iso_time(nodegroup.get("modifiedAt")),
        "autoscaling_groups": [group.get("name") for group in resources.get("autoScalingGroups") or []],
        "remote_access_security_group": resources.get("remoteAccessSecurityGroup"),
        "health_issues": health_issues(nodegroup),
    })


def _taint_payload(taint):
    return _prune({"key": taint.get("key"), "value": taint.get("value"), "effect": taint.get("effect")})


def _scaling_payload(scaling):
    return _prune({"minSize": scaling.get("min_size"), "maxSize": scaling.get("max_size"), "desiredSize": scaling.get("desired_size")})


def _update_config_payload(update):
    return _prune({"maxUnavailable": update.get("max_unavailable"), "maxUnavailablePercentage": update.get("max_unavailable_percentage")})


def nodegroup_create_payload(desired, token):
    payload = {"nodegroupName": desired["name"], "nodeRole": desired["node_role"], "subnets": list(desired["subnets"]),
               "clientRequestToken": token}
    simple = (("disk_size", "diskSize"), ("ami_type", "amiType"), ("capacity_type", "capacityType"), ("version", "version"),
              ("release_version", "releaseVersion"))
    for option, field in simple:
        if desired.get(option) is not None:
            payload[field] = desired[option]
    if desired.get("instance_types"):
        payload["instanceTypes"] = list(desired["instance_types"])
    if desired.get("scaling_config"):
        payload["scalingConfig"] = _scaling_payload(desired["scaling_config"])
    if desired.get("update_config"):
        payload["updateConfig"] = _update_config_payload(desired["update_config"])
    if desired.get("labels"):
        payload["labels"] = dict(desired["labels"])
    if desired.get("taints"):
        payload["taints"] = [_taint_payload(taint) for taint in desired["taints"]]
    remote = desired.get("remote_access")
    if remote:
        payload["remoteAccess"] = _prune({"ec2SshKey": remote.get("ec2_ssh_key"), "sourceSecurityGroups": remote.get("source_sg")})
    if desired.get("launch_template"):
        payload["launchTemplate"] = _prune(dict(desired["launch_template"]))
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


def _taint_identity(taint):
    return (taint.get("key"), taint.get("effect"))


def plan_nodegroup_updates(current, changes, purge_tags=True):
    """Tags, then one update-config (scaling, update config, labels, taints), then one update-version."""
    steps = []
    if "tags" in changes:
        to_set, to_remove = tag_changes(current.get("tags"), changes["tags"], purge_tags)
        if to_set or to_remove:
            steps.append(Step("tags", tags=to_set, untag=to_remove))
    config = {}
    if "scaling_config" in changes:
        config["scalingConfig"] = _scaling_payload(dict(current.get("scaling_config") or {}, **changes["scaling_config"]))
    if "update_config" in changes:
        config["updateConfig"] = _update_config_payload(changes["update_config"])
    if "labels" in changes:
        have, want = current.get("labels") or {}, changes["labels"]
        labels = _prune({"addOrUpdateLabels": {key: value for key, value in want.items() if have.get(key) != value} or None,
                         "removeLabels": sorted(key for key in have if key not in want) or None})
        if labels:
            config["labels"] = labels
    if "taints" in changes:
        have, want = current.get("taints") or [], changes["taints"]
        wanted_ids = {_taint_identity(taint) for taint in want}
        taints = _prune({"addOrUpdateTaints": [_taint_payload(taint) for taint in want if taint not in have] or None,
                         "removeTaints": [_taint_payload(taint) for taint in have if _taint_identity(taint) not in wanted_ids] or None})
        if taints:
            config["taints"] = taints
    if config:
        steps.append(Step("config", "ConfigUpdate", config))
    version = {}
    if "version" in changes:
        version["version"] = changes["version"]
    if "release_version" in changes:
        version["releaseVersion"] = changes["release_version"]
    if "launch_template" in changes and (changes["launch_template"] or {}).get("version") is not None:
        template = changes["launch_template"]
        version["launchTemplate"] = _prune({"id": template.get("id"), "name": template.get("name"), "version": template["version"]})
    if version:
        steps.append(Step("version", "VersionUpdate", payload=version, version=version.get("version")))
    return steps


class NodegroupAdapter(_Adapter):
    kind = "nodegroup"

    def __init__(self, client, params, wait=True, sleep=time.sleep):
        super().__init__(client, params, wait, sleep)
        self.cluster_name = params["cluster_name"]
        self.nodegroup_name = params["name"]
        self.update_owner = self.nodegroup_name
        self.planned = []
        self._deleting = _NOT_DELETED

    def describe_target(self):
        return "EKS node group '%s' of cluster '%s'" % (self.nodegroup_name, self.cluster_name)

    def describe(self):
        return self.client.describe_nodegroup(self.cluster_name, self.nodegroup_name)

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in ("node_role", "subnets") if not self.params.get(option)]
            if missing:
                _refuse("%s: required to create %s, which does not exist" % (" and ".join(missing), self.describe_target()))
        return record

    state = staticmethod(nodegroup_state)
    output = staticmethod(nodegroup_output)

    def review(self, record, current, changes):
        if "tags" in changes:
            changes = dict(changes, tags=merged_tags(current.get("tags"), changes["tags"], self.purge_tags))
        if "launch_template" in changes:
            refuse_launch_template_change(current.get("launch_template") or {}, changes["launch_template"], self.nodegroup_name)
        if "version" in changes and current.get("version"):
            if parse_version(changes["version"]) < parse_version(current["version"], "the current version"):
                _refuse("version: cannot downgrade node group '%s' from %s to %s"
                        % (self.nodegroup_name, current["version"], changes["version"]))
        self.planned = [step.describe() for step in plan_nodegroup_updates(current, changes, self.purge_tags)]
        return changes

    def create(self, desired):
        return self.client.create_nodegroup(self.cluster_name, nodegroup_create_payload(desired, api.new_token()))

    def update(self, record, changes, desired):
        if record.get("status") != api.NODEGROUP_ACTIVE:
            record = self.wait_ready(record)
        steps = plan_nodegroup_updates(nodegroup_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["nodegroupArn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_nodegroup_config(self.cluster_name, self.nodegroup_name, step.payload)
        return self.client.update_nodegroup_version(self.cluster_name, self.nodegroup_name, step.payload)

    def delete(self, record):
        if record.get("status") == api.NODEGROUP_DELETING:
            self._deleting = record
            return
        try:
            self._deleting = self.client.delete_nodegroup(self.cluster_name, self.nodegroup_name) or dict(record, status=api.NODEGROUP_DELETING)
        except ApiError as error:
            if not api.is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_ready(self, record):
        def failed(value):
            if value is None:
                return "the node group no longer exists"
            status = value.get("status")
            if status in api.NODEGROUP_FAILED:
                issues = "; ".join("%s: %s" % (issue.get("code"), issue.get("message")) for issue in health_issues(value))
                return "status %s%s" % (status, " (%s)" % issues if issues else "")
            if status == api.NODEGROUP_DELETING:
                return "the node group is being deleted"
            if status not in api.NODEGROUP_TRANSIENT and status != api.NODEGROUP_ACTIVE:
                return "unexpected status %s" % status
            return None

        return self._wait(self.describe, lambda value: value.get("status") == api.NODEGROUP_ACTIVE, failed, self.describe_target(),
                          record, describe=lambda value: value and value.get("status"))

    def wait_deleted(self, record):
        def failed(value):
            if value is not None and value.get("status") == "DELETE_FAILED":
                issues = "; ".join("%s: %s" % (issue.get("code"), issue.get("message")) for issue in health_issues(value))
                return "status DELETE_FAILED%s" % (" (%s)" % issues if issues else "")
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(self.describe, lambda value: value is None, failed, "the deletion of %s" % self.describe_target(),
                   initial, describe=lambda value: value and value.get("status"))
