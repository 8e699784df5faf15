# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS clusters and node groups in option names: payloads, state, output, the status vocabulary, the update planner.

EKS changes an existing cluster only through "updates": one at a time, each followed with DescribeUpdate until
it is Successful. The planner turns the engine's changes into that sequence (tags first, then one update-config
per kind of change, then one version upgrade per minor version); the adapters run it.
"""

from __future__ import annotations

import datetime

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ResourceSpec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.checks import parse_version

CLUSTER_ACTIVE = "ACTIVE"
CLUSTER_FAILED = "FAILED"
CLUSTER_DELETING = "DELETING"
CLUSTER_TRANSIENT = ("CREATING", "UPDATING", "PENDING")
# botocore's ClusterDeleted waiter fails when a deleted cluster shows one of these (the deletion did not go through)
CLUSTER_NOT_DELETING = ("ACTIVE", "CREATING", "PENDING")

NODEGROUP_ACTIVE = "ACTIVE"
# botocore's NodegroupActive waiter fails on CREATE_FAILED only; DEGRADED (health issues, e.g. instances that do not
# launch) is a settled node group that can be updated, which is often the fix.
NODEGROUP_DEGRADED = "DEGRADED"
NODEGROUP_SETTLED = (NODEGROUP_ACTIVE, NODEGROUP_DEGRADED)
NODEGROUP_FAILED = ("CREATE_FAILED", "DELETE_FAILED")
NODEGROUP_DELETE_FAILED = "DELETE_FAILED"
NODEGROUP_DELETING = "DELETING"
NODEGROUP_TRANSIENT = ("CREATING", "UPDATING")

UPDATE_SUCCESSFUL = "Successful"
UPDATE_FAILED = ("Failed", "Cancelled")

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
AMI_TYPES = (
    "AL2_x86_64",
    "AL2_x86_64_GPU",
    "AL2_ARM_64",
    "CUSTOM",
    "BOTTLEROCKET_ARM_64",
    "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64_FIPS",
    "BOTTLEROCKET_x86_64_FIPS",
    "BOTTLEROCKET_ARM_64_NVIDIA",
    "BOTTLEROCKET_x86_64_NVIDIA",
    "BOTTLEROCKET_ARM_64_NVIDIA_FIPS",
    "BOTTLEROCKET_x86_64_NVIDIA_FIPS",
    "WINDOWS_CORE_2019_x86_64",
    "WINDOWS_FULL_2019_x86_64",
    "WINDOWS_CORE_2022_x86_64",
    "WINDOWS_FULL_2022_x86_64",
    "WINDOWS_CORE_2025_x86_64",
    "WINDOWS_FULL_2025_x86_64",
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "AL2023_x86_64_NEURON",
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
)
IP_FAMILIES = ("ipv4", "ipv6")
TAINT_EFFECTS = ("NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE")
CAPACITY_TYPES = ("ON_DEMAND", "SPOT", "CAPACITY_BLOCK")

ENDPOINT_KEYS = (
    ("endpoint_public_access", "endpointPublicAccess"),
    ("endpoint_private_access", "endpointPrivateAccess"),
    ("public_access_cidrs", "publicAccessCidrs"),
)

CLUSTER_SPEC_KEYS = dict(
    create_keys=("name", "role_arn", "subnets", "security_groups", "kubernetes_network_config"),
    update_keys=(
        "version",
        "subnets",
        "security_groups",
        "endpoint_public_access",
        "endpoint_private_access",
        "public_access_cidrs",
        "logging",
        "tags",
    ),
    create_only=("role_arn", "kubernetes_network_config"),
    unordered=("subnets", "security_groups", "public_access_cidrs", "logging"),
)

NODEGROUP_SPEC_KEYS = dict(
    create_keys=(
        "name",
        "cluster_name",
        "node_role",
        "subnets",
        "disk_size",
        "instance_types",
        "ami_type",
        "remote_access",
        "capacity_type",
        "launch_template",
    ),
    update_keys=("scaling_config", "update_config", "labels", "taints", "version", "release_version", "tags"),
    create_only=("node_role", "subnets", "disk_size", "instance_types", "ami_type", "remote_access", "capacity_type"),
    unordered=("subnets", "instance_types", "taints"),
)


def cluster_spec(purge_tags=True):
    return ResourceSpec("cluster", exact=("tags",) if purge_tags else (), **CLUSTER_SPEC_KEYS)


def nodegroup_spec(purge_tags=True):
    exact = ("labels", "tags") if purge_tags else ("labels",)
    return ResourceSpec("nodegroup", exact=exact, **NODEGROUP_SPEC_KEYS)


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
    disabled = [kind for kind in LOG_TYPES if kind not in enabled]
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
    return [
        _prune({"code": issue.get("code"), "message": issue.get("message"), "resource_ids": issue.get("resourceIds")})
        for issue in ((resource.get("health") or {}).get("issues") or [])
    ]


def health_note(resource):
    """' (code: message; ...)' of the resource's health issues, or '' when it has none: for failure messages."""
    issues = "; ".join("%s: %s" % (issue.get("code"), issue.get("message")) for issue in health_issues(resource))
    return " (%s)" % issues if issues else ""


def cluster_output(cluster):
    """What the modules return for a cluster."""
    vpc = cluster.get("resourcesVpcConfig") or {}
    network = cluster.get("kubernetesNetworkConfig") or {}
    return dict(
        cluster_state(cluster),
        **{
            "arn": cluster.get("arn"),
            "id": cluster.get("id"),
            "status": cluster.get("status"),
            "platform_version": cluster.get("platformVersion"),
            "endpoint": cluster.get("endpoint"),
            "certificate_authority_data": (cluster.get("certificateAuthority") or {}).get("data"),
            "oidc_issuer": ((cluster.get("identity") or {}).get("oidc") or {}).get("issuer"),
            "vpc_id": vpc.get("vpcId"),
            "cluster_security_group_id": vpc.get("clusterSecurityGroupId"),
            "kubernetes_network_config": dict(
                network_state(network), **_prune({"service_ipv6_cidr": network.get("serviceIpv6Cidr")})
            ),
            "created_at": iso_time(cluster.get("createdAt")),
            "health_issues": health_issues(cluster),
        },
    )


def cluster_create_payload(desired, token):
    vpc = {"subnetIds": list(desired["subnets"])}
    if desired.get("security_groups"):
        vpc["securityGroupIds"] = list(desired["security_groups"])
    for option, field in ENDPOINT_KEYS:
        if desired.get(option) is not None:
            vpc[field] = desired[option]
    payload = {
        "name": desired["name"],
        "roleArn": desired["role_arn"],
        "resourcesVpcConfig": vpc,
        "clientRequestToken": token,
    }
    if desired.get("version"):
        payload["version"] = desired["version"]
    network = desired.get("kubernetes_network_config") or {}
    if network:
        payload["kubernetesNetworkConfig"] = _prune(
            {"serviceIpv4Cidr": network.get("service_ipv4_cidr"), "ipFamily": network.get("ip_family")}
        )
    if desired.get("logging"):
        payload["logging"] = logging_payload(desired["logging"])
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


def version_path(current, target, what="cluster"):
    """The minor versions to go through, one upgrade each: 1.29 -> 1.31 gives ['1.30', '1.31']."""
    have, want = parse_version(current, "the current version"), parse_version(target)
    if want == have:
        return []
    if want[0] != have[0] or want < have:
        raise ResourceError(
            "version: the %s cannot go from %s to %s: EKS upgrades one minor version at a time and never "
            "downgrades" % (what, current, target)
        )
    return ["%d.%d" % (have[0], minor) for minor in range(have[1] + 1, want[1] + 1)]


def is_aws_tag(key):
    """Keys with the prefix aws: (any case) belong to AWS (CloudFormation, eksctl): EKS refuses to set or remove them."""
    return str(key).lower().startswith("aws:")


def tag_changes(current, desired, purge):
    """(tags to set, keys to remove) turning current into desired; aws: keys are never removed (as amazon.aws's
    compare_aws_tags does)."""
    current = current or {}
    to_set = {key: value for key, value in desired.items() if current.get(key) != value}
    to_remove = sorted(key for key in current if key not in desired and not is_aws_tag(key)) if purge else []
    return to_set, to_remove


def merged_tags(current, desired, purge):
    """The tags after the change: with purge, desired plus the aws: keys, which cannot be removed."""
    if not purge:
        return dict(current or {}, **desired)
    return dict({key: value for key, value in (current or {}).items() if is_aws_tag(key)}, **desired)


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
    vpc = {
        field: list(changes[option])
        for option, field in (("subnets", "subnetIds"), ("security_groups", "securityGroupIds"))
        if option in changes
    }
    if vpc:
        steps.append(Step("config", "VpcConfigUpdate", {"resourcesVpcConfig": vpc}))
    if "logging" in changes:
        steps.append(Step("config", "LoggingUpdate", {"logging": logging_payload(changes["logging"])}))
    if "version" in changes:
        steps.extend(
            Step("version", "VersionUpdate", version=version)
            for version in version_path(current.get("version"), changes["version"])
        )
    return steps


def update_summary(update):
    return {
        "id": update.get("id"),
        "type": update.get("type"),
        "status": update.get("status"),
        "params": {item.get("type"): item.get("value") for item in update.get("params") or []},
        "errors": [
            _prune(
                {
                    "code": error.get("errorCode"),
                    "message": error.get("errorMessage"),
                    "resource_ids": error.get("resourceIds"),
                }
            )
            for error in update.get("errors") or []
        ],
    }


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
        "scaling_config": _prune(
            {
                "min_size": scaling.get("minSize"),
                "max_size": scaling.get("maxSize"),
                "desired_size": scaling.get("desiredSize"),
            }
        ),
        "disk_size": nodegroup.get("diskSize"),
        "instance_types": list(nodegroup.get("instanceTypes") or []),
        "ami_type": nodegroup.get("amiType"),
        "remote_access": _prune(
            {"ec2_ssh_key": remote.get("ec2SshKey"), "source_sg": remote.get("sourceSecurityGroups")}
        )
        if remote
        else None,
        "update_config": _prune(
            {
                "max_unavailable": update.get("maxUnavailable"),
                "max_unavailable_percentage": update.get("maxUnavailablePercentage"),
            }
        ),
        "labels": dict(nodegroup.get("labels") or {}),
        "taints": [
            _prune({"key": taint.get("key"), "value": taint.get("value") or None, "effect": taint.get("effect")})
            for taint in nodegroup.get("taints") or []
        ],
        "launch_template": _prune(
            {"id": template.get("id"), "name": template.get("name"), "version": template.get("version")}
        )
        if template
        else None,
        "capacity_type": nodegroup.get("capacityType"),
        "release_version": nodegroup.get("releaseVersion"),
        "version": nodegroup.get("version"),
        "tags": dict(nodegroup.get("tags") or {}),
    }


def nodegroup_output(nodegroup):
    resources = nodegroup.get("resources") or {}
    return dict(
        nodegroup_state(nodegroup),
        **{
            "arn": nodegroup.get("nodegroupArn"),
            "status": nodegroup.get("status"),
            "created_at": iso_time(nodegroup.get("createdAt")),
            "modified_at": iso_time(nodegroup.get("modifiedAt")),
            "autoscaling_groups": [group.get("name") for group in resources.get("autoScalingGroups") or []],
            "remote_access_security_group": resources.get("remoteAccessSecurityGroup"),
            "health_issues": health_issues(nodegroup),
        },
    )


def _taint_payload(taint):
    return _prune({"key": taint.get("key"), "value": taint.get("value"), "effect": taint.get("effect")})


def _scaling_payload(scaling):
    return _prune(
        {
            "minSize": scaling.get("min_size"),
            "maxSize": scaling.get("max_size"),
            "desiredSize": scaling.get("desired_size"),
        }
    )


def _update_config_payload(update):
    return _prune(
        {
            "maxUnavailable": update.get("max_unavailable"),
            "maxUnavailablePercentage": update.get("max_unavailable_percentage"),
        }
    )


def nodegroup_create_payload(desired, token):
    payload = {
        "nodegroupName": desired["name"],
        "nodeRole": desired["node_role"],
        "subnets": list(desired["subnets"]),
        "clientRequestToken": token,
    }
    simple = (
        ("disk_size", "diskSize"),
        ("ami_type", "amiType"),
        ("capacity_type", "capacityType"),
        ("version", "version"),
        ("release_version", "releaseVersion"),
    )
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
        payload["remoteAccess"] = _prune(
            {"ec2SshKey": remote.get("ec2_ssh_key"), "sourceSecurityGroups": remote.get("source_sg")}
        )
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
        config["scalingConfig"] = _scaling_payload(
            dict(current.get("scaling_config") or {}, **changes["scaling_config"])
        )
    if "update_config" in changes:
        config["updateConfig"] = _update_config_payload(changes["update_config"])
    if "labels" in changes:
        have, want = current.get("labels") or {}, changes["labels"]
        labels = _prune(
            {
                "addOrUpdateLabels": {key: value for key, value in want.items() if have.get(key) != value} or None,
                "removeLabels": sorted(key for key in have if key not in want) or None,
            }
        )
        if labels:
            config["labels"] = labels
    if "taints" in changes:
        have, want = current.get("taints") or [], changes["taints"]
        wanted_ids = {_taint_identity(taint) for taint in want}
        taints = _prune(
            {
                "addOrUpdateTaints": [_taint_payload(taint) for taint in want if taint not in have] or None,
                "removeTaints": [_taint_payload(taint) for taint in have if _taint_identity(taint) not in wanted_ids]
                or None,
            }
        )
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
        version["launchTemplate"] = _prune(
            {"id": template.get("id"), "name": template.get("name"), "version": template["version"]}
        )
    if version:
        steps.append(Step("version", "VersionUpdate", payload=version, version=version.get("version")))
    return steps
