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
import json
import re

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
SUPPORT_TYPES = ("STANDARD", "EXTENDED")
# EKS switches the authentication mode one way only, one step at a time: CONFIG_MAP -> API_AND_CONFIG_MAP -> API
AUTHENTICATION_MODES = ("CONFIG_MAP", "API_AND_CONFIG_MAP", "API")
# EKS's defaults when CreateCluster does not say (botocore: UpgradePolicyRequest, CreateAccessConfigRequest)
DEFAULT_SUPPORT_TYPE = "EXTENDED"
DEFAULT_AUTHENTICATION_MODE = "CONFIG_MAP"
TAINT_EFFECTS = ("NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE")
CAPACITY_TYPES = ("ON_DEMAND", "SPOT", "CAPACITY_BLOCK")
UPDATE_STRATEGIES = ("DEFAULT", "MINIMAL")

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
        "access_config",
        "upgrade_policy",
        "zonal_shift",
        "deletion_protection",
        "encryption_config",
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
    update_keys=(
        "scaling_config",
        "update_config",
        "node_repair_config",
        "labels",
        "taints",
        "version",
        "release_version",
        "tags",
    ),
    create_only=("node_role", "subnets", "disk_size", "instance_types", "ami_type", "remote_access", "capacity_type"),
    unordered=("subnets", "instance_types", "taints"),
)


def cluster_spec(purge_tags=True):
    # encryption_config is exact: {} (no encryption) differs from a key, so that a removal is seen (and refused)
    exact = ("encryption_config", "tags") if purge_tags else ("encryption_config",)
    return ResourceSpec("cluster", exact=exact, **CLUSTER_SPEC_KEYS)


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
        "access_config": access_state(cluster.get("accessConfig")),
        "upgrade_policy": {
            "support_type": (cluster.get("upgradePolicy") or {}).get("supportType") or DEFAULT_SUPPORT_TYPE
        },
        "zonal_shift": bool((cluster.get("zonalShiftConfig") or {}).get("enabled")),
        "deletion_protection": bool(cluster.get("deletionProtection")),
        "encryption_config": encryption_state(cluster.get("encryptionConfig")),
        "tags": dict(cluster.get("tags") or {}),
    }


def access_state(access):
    """accessConfig in option names; bootstrap_cluster_creator_admin_permissions only when EKS shows it."""
    access = access or {}
    return _prune(
        {
            "authentication_mode": access.get("authenticationMode") or DEFAULT_AUTHENTICATION_MODE,
            "bootstrap_cluster_creator_admin_permissions": access.get("bootstrapClusterCreatorAdminPermissions"),
        }
    )


def encryption_state(configs):
    """{'key_arn': ...} of the cluster's (single) encryption configuration, {} when it has none."""
    for config in configs or []:
        key = (config.get("provider") or {}).get("keyArn")
        if key:
            return {"key_arn": key}
    return {}


def encryption_payload(encryption):
    """EKS's encryptionConfig list: the key for the resource 'secrets' (the only value EKS takes)."""
    return [{"resources": ["secrets"], "provider": {"keyArn": encryption["key_arn"]}}]


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
    access = desired.get("access_config") or {}
    if access:
        payload["accessConfig"] = _prune(
            {
                "authenticationMode": access.get("authentication_mode"),
                "bootstrapClusterCreatorAdminPermissions": access.get("bootstrap_cluster_creator_admin_permissions"),
            }
        )
    if (desired.get("upgrade_policy") or {}).get("support_type"):
        payload["upgradePolicy"] = {"supportType": desired["upgrade_policy"]["support_type"]}
    if desired.get("zonal_shift") is not None:
        payload["zonalShiftConfig"] = {"enabled": desired["zonal_shift"]}
    if desired.get("deletion_protection") is not None:
        payload["deletionProtection"] = desired["deletion_protection"]
    if (desired.get("encryption_config") or {}).get("key_arn"):
        payload["encryptionConfig"] = encryption_payload(desired["encryption_config"])
    return payload


def authentication_path(current, target):
    """The modes to go through, one AccessConfigUpdate each: CONFIG_MAP -> API gives ['API_AND_CONFIG_MAP', 'API']."""
    have = AUTHENTICATION_MODES.index(current or DEFAULT_AUTHENTICATION_MODE)
    want = AUTHENTICATION_MODES.index(target)
    if want < have:
        raise ResourceError(
            "access_config.authentication_mode: the cluster cannot go from %s back to %s: EKS switches the "
            "authentication mode one way only (%s)" % (current, target, " -> ".join(AUTHENTICATION_MODES))
        )
    return list(AUTHENTICATION_MODES[have + 1 : want + 1])


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
    mode = (changes.get("access_config") or {}).get("authentication_mode")
    if mode is not None:
        steps.extend(
            Step("config", "AccessConfigUpdate", {"accessConfig": {"authenticationMode": step}})
            for step in authentication_path((current.get("access_config") or {}).get("authentication_mode"), mode)
        )
    support = (changes.get("upgrade_policy") or {}).get("support_type")
    if support is not None and support != (current.get("upgrade_policy") or {}).get("support_type"):
        steps.append(Step("config", "UpgradePolicyUpdate", {"upgradePolicy": {"supportType": support}}))
    if "zonal_shift" in changes:
        steps.append(
            Step("config", "ZonalShiftConfigUpdate", {"zonalShiftConfig": {"enabled": changes["zonal_shift"]}})
        )
    if "deletion_protection" in changes:
        steps.append(Step("config", "DeletionProtectionUpdate", {"deletionProtection": changes["deletion_protection"]}))
    if (changes.get("encryption_config") or {}).get("key_arn"):
        steps.append(
            Step(
                "encryption",
                "AssociateEncryptionConfig",
                {"encryptionConfig": encryption_payload(changes["encryption_config"])},
            )
        )
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
                # botocore's NodegroupUpdateConfig.updateStrategy: DEFAULT unless set
                "update_strategy": update.get("updateStrategy") or "DEFAULT",
            }
        ),
        # botocore's NodeRepairConfig.enabled: "Node auto repair is disabled by default"
        "node_repair_config": {"enabled": bool((nodegroup.get("nodeRepairConfig") or {}).get("enabled"))},
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
            "updateStrategy": update.get("update_strategy"),
        }
    )


def merged_update_config(current, wanted):
    """The update configuration after a partial change: max_unavailable and max_unavailable_percentage exclude each
    other, so giving one drops the other."""
    merged = dict(current or {})
    for key in ("max_unavailable", "max_unavailable_percentage"):
        if wanted.get(key) is not None:
            merged.pop("max_unavailable", None)
            merged.pop("max_unavailable_percentage", None)
    merged.update(wanted)
    return merged


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
    if desired.get("node_repair_config"):
        payload["nodeRepairConfig"] = {"enabled": desired["node_repair_config"]["enabled"]}
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


def plan_nodegroup_updates(current, changes, purge_tags=True, force=False):
    """Tags, then one update-config (scaling, update config, node repair, labels, taints), then one update-version
    (with force when asked: drain past pod disruption budgets)."""
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
        config["updateConfig"] = _update_config_payload(
            merged_update_config(current.get("update_config"), changes["update_config"])
        )
    if "node_repair_config" in changes:
        config["nodeRepairConfig"] = {"enabled": changes["node_repair_config"]["enabled"]}
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
        if force:
            version["force"] = True
        steps.append(Step("version", "VersionUpdate", payload=version, version=version.get("version")))
    return steps


# --- managed add-ons ------------------------------------------------------------------------------------------------

ADDON_ACTIVE = "ACTIVE"
ADDON_DELETING = "DELETING"
ADDON_DELETE_FAILED = "DELETE_FAILED"
# botocore's AddonActive waiter fails on CREATE_FAILED and DEGRADED; UPDATE_FAILED ends an update that did not go through
ADDON_FAILED = ("CREATE_FAILED", "DEGRADED", "UPDATE_FAILED", "DELETE_FAILED")
ADDON_TRANSIENT = ("CREATING", "UPDATING")
# UpdateAddon is accepted on a settled add-on, DEGRADED included (an update is often what repairs it)
ADDON_UPDATABLE = ("ACTIVE", "DEGRADED", "UPDATE_FAILED")
RESOLVE_CONFLICTS = ("OVERWRITE", "NONE", "PRESERVE")
ADDON_VERSION_ALIASES = ("latest", "default")

ADDON_SPEC_KEYS = dict(
    create_keys=("name", "cluster_name"),
    update_keys=("addon_version", "service_account_role_arn", "configuration_values", "tags"),
)


def addon_spec(purge_tags=True):
    # configuration_values is exact: the add-on gets exactly these values ({} removes them)
    exact = ("configuration_values", "tags") if purge_tags else ("configuration_values",)
    return ResourceSpec(
        "addon",
        create_keys=ADDON_SPEC_KEYS["create_keys"],
        update_keys=ADDON_SPEC_KEYS["update_keys"],
        exact=exact,
    )


def parse_configuration(values):
    """EKS's configurationValues (a JSON or YAML string) as a dict; {} when empty; the string itself when it is
    neither (so that it compares as different from any dict)."""
    if values in (None, ""):
        return {}
    try:
        parsed = json.loads(values)
    except ValueError:
        try:
            import yaml  # pylint: disable=import-outside-toplevel

            parsed = yaml.safe_load(values)
        except Exception:  # pylint: disable=broad-except
            return values
    return parsed if isinstance(parsed, dict) else values


def configuration_payload(values):
    """The dict as EKS's configurationValues string (JSON, keys sorted); '' removes the values."""
    return json.dumps(values, sort_keys=True, separators=(",", ":")) if values else ""


def addon_version_key(version):
    """v1.19.2-eksbuild.1 -> (1, 19, 2, 1): add-on versions in order."""
    return tuple(int(number) for number in re.findall(r"\d+", version or ""))


def offered_versions(infos, kubernetes_version):
    """[(addonVersion, default?)] of DescribeAddonVersions' AddonVersionInfo list for the cluster's version."""
    offered = []
    for info in infos:
        entries = [
            entry for entry in info.get("compatibilities") or [] if entry.get("clusterVersion") == kubernetes_version
        ]
        if entries:
            offered.append((info.get("addonVersion"), any(entry.get("defaultVersion") for entry in entries)))
    return offered


def addon_state(addon):
    return {
        "name": addon.get("addonName"),
        "cluster_name": addon.get("clusterName"),
        "addon_version": addon.get("addonVersion"),
        "service_account_role_arn": addon.get("serviceAccountRoleArn"),
        "configuration_values": parse_configuration(addon.get("configurationValues")),
        "tags": dict(addon.get("tags") or {}),
    }


def addon_output(addon):
    return dict(
        addon_state(addon),
        **{
            "arn": addon.get("addonArn"),
            "status": addon.get("status"),
            "publisher": addon.get("publisher"),
            "owner": addon.get("owner"),
            "created_at": iso_time(addon.get("createdAt")),
            "modified_at": iso_time(addon.get("modifiedAt")),
            "health_issues": health_issues(addon),
        },
    )


def addon_create_payload(desired, token, resolve_conflicts=None):
    payload = {"addonName": desired["name"], "clientRequestToken": token}
    if desired.get("addon_version"):
        payload["addonVersion"] = desired["addon_version"]
    if desired.get("service_account_role_arn"):
        payload["serviceAccountRoleArn"] = desired["service_account_role_arn"]
    if desired.get("configuration_values"):
        payload["configurationValues"] = configuration_payload(desired["configuration_values"])
    if resolve_conflicts:
        payload["resolveConflicts"] = resolve_conflicts
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


def plan_addon_updates(current, changes, purge_tags=True, resolve_conflicts=None):
    """Tags, then one UpdateAddon carrying every other change."""
    steps = []
    if "tags" in changes:
        to_set, to_remove = tag_changes(current.get("tags"), changes["tags"], purge_tags)
        if to_set or to_remove:
            steps.append(Step("tags", tags=to_set, untag=to_remove))
    payload = {}
    if "addon_version" in changes:
        payload["addonVersion"] = changes["addon_version"]
    if "service_account_role_arn" in changes:
        payload["serviceAccountRoleArn"] = changes["service_account_role_arn"]
    if "configuration_values" in changes:
        payload["configurationValues"] = configuration_payload(changes["configuration_values"])
    if payload:
        if resolve_conflicts:
            payload["resolveConflicts"] = resolve_conflicts
        steps.append(Step("config", "AddonUpdate", payload))
    return steps


# --- access entries -------------------------------------------------------------------------------------------------

# botocore's CreateAccessEntryRequest.type; the node types take no kubernetesGroups and no access policy
ACCESS_ENTRY_TYPES = ("STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
NODE_ACCESS_ENTRY_TYPES = ("FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
ACCESS_SCOPE_TYPES = ("cluster", "namespace")
ACCESS_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/%s"
CONFIG_MAP = "CONFIG_MAP"


def access_entry_spec(purge_tags=True):
    return ResourceSpec(
        "access_entry",
        create_keys=("cluster_name", "principal_arn"),
        update_keys=("kubernetes_groups", "username", "access_policies", "tags"),
        create_only=("type",),
        unordered=("kubernetes_groups", "access_policies"),
        exact=("tags",) if purge_tags else (),
    )


def policy_arn(value):
    """A policy ARN, or the name of an EKS access policy (AmazonEKSViewPolicy) turned into its ARN."""
    return value if str(value).startswith("arn:") else ACCESS_POLICY_ARN % value


def access_policy(policy, scope):
    """One association in option names, normalised for comparison (namespaces sorted, [] for the cluster scope)."""
    scope = scope or {}
    kind = scope.get("type") or "cluster"
    return {
        "policy_arn": policy_arn(policy),
        "access_scope": {
            "type": kind,
            "namespaces": sorted(scope.get("namespaces") or []) if kind != "cluster" else [],
        },
    }


def desired_access_policies(policies):
    return [access_policy(item["policy_arn"], item.get("access_scope")) for item in policies or []]


def access_entry_state(entry):
    """The access entry (DescribeAccessEntry, with ListAssociatedAccessPolicies under 'associatedAccessPolicies')."""
    return {
        "cluster_name": entry.get("clusterName"),
        "principal_arn": entry.get("principalArn"),
        "type": entry.get("type") or "STANDARD",
        "kubernetes_groups": list(entry.get("kubernetesGroups") or []),
        "username": entry.get("username"),
        "access_policies": [
            access_policy(item.get("policyArn"), item.get("accessScope"))
            for item in entry.get("associatedAccessPolicies") or []
        ],
        "tags": dict(entry.get("tags") or {}),
    }


def access_entry_output(entry):
    return dict(
        access_entry_state(entry),
        **{
            "arn": entry.get("accessEntryArn"),
            "created_at": iso_time(entry.get("createdAt")),
            "modified_at": iso_time(entry.get("modifiedAt")),
        },
    )


def access_entry_create_payload(desired, token):
    payload = {"principalArn": desired["principal_arn"], "clientRequestToken": token}
    if desired.get("type"):
        payload["type"] = desired["type"]
    if desired.get("kubernetes_groups"):
        payload["kubernetesGroups"] = list(desired["kubernetes_groups"])
    if desired.get("username"):
        payload["username"] = desired["username"]
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


def scope_payload(scope):
    payload = {"type": scope["type"]}
    if scope["type"] == "namespace":
        payload["namespaces"] = list(scope["namespaces"])
    return payload


def plan_access_entry_updates(current, changes, purge_tags=True):
    """[(call, arguments)]: tags, UpdateAccessEntry, then AssociateAccessPolicy / DisassociateAccessPolicy per policy."""
    steps = []
    if "tags" in changes:
        to_set, to_remove = tag_changes(current.get("tags"), changes["tags"], purge_tags)
        if to_set or to_remove:
            steps.append(Step("tags", tags=to_set, untag=to_remove))
    entry = {}
    if "kubernetes_groups" in changes:
        entry["kubernetesGroups"] = list(changes["kubernetes_groups"])
    if "username" in changes:
        entry["username"] = changes["username"]
    if entry:
        steps.append(Step("entry", "UpdateAccessEntry", entry))
    if "access_policies" in changes:
        have = {item["policy_arn"]: item for item in current.get("access_policies") or []}
        want = {item["policy_arn"]: item for item in changes["access_policies"]}
        for arn, item in sorted(want.items()):
            if have.get(arn) != item:
                scope = scope_payload(item["access_scope"])
                steps.append(Step("associate", "AssociateAccessPolicy", {"policyArn": arn, "accessScope": scope}))
        for arn in sorted(set(have) - set(want)):
            steps.append(Step("disassociate", "DisassociateAccessPolicy", {"policyArn": arn}))
    return steps


# --- Fargate profiles -----------------------------------------------------------------------------------------------

FARGATE_ACTIVE = "ACTIVE"
FARGATE_DELETING = "DELETING"
FARGATE_DELETE_FAILED = "DELETE_FAILED"
FARGATE_CREATE_FAILED = "CREATE_FAILED"


def fargate_profile_spec(purge_tags=True):
    # botocore's CreateFargateProfile documentation: "Fargate profiles are immutable"; only tags change (TagResource)
    return ResourceSpec(
        "fargate_profile",
        create_keys=("name", "cluster_name"),
        update_keys=("tags",),
        create_only=("pod_execution_role_arn", "subnets", "selectors"),
        unordered=("subnets", "selectors"),
        exact=("tags",) if purge_tags else (),
    )


def fargate_selectors(selectors):
    """Selectors in option names, normalised for comparison (labels {} when none)."""
    return [
        {"namespace": selector.get("namespace"), "labels": dict(selector.get("labels") or {})}
        for selector in selectors or []
    ]


def fargate_profile_state(profile):
    return {
        "name": profile.get("fargateProfileName"),
        "cluster_name": profile.get("clusterName"),
        "pod_execution_role_arn": profile.get("podExecutionRoleArn"),
        "subnets": list(profile.get("subnets") or []),
        "selectors": fargate_selectors(profile.get("selectors")),
        "tags": dict(profile.get("tags") or {}),
    }


def fargate_profile_output(profile):
    return dict(
        fargate_profile_state(profile),
        **{
            "arn": profile.get("fargateProfileArn"),
            "status": profile.get("status"),
            "created_at": iso_time(profile.get("createdAt")),
            "health_issues": health_issues(profile),
        },
    )


def fargate_profile_create_payload(desired, token):
    payload = {
        "fargateProfileName": desired["name"],
        "podExecutionRoleArn": desired["pod_execution_role_arn"],
        "selectors": [
            _prune({"namespace": selector["namespace"], "labels": selector.get("labels") or None})
            for selector in desired["selectors"]
        ],
        "clientRequestToken": token,
    }
    if desired.get("subnets"):
        payload["subnets"] = list(desired["subnets"])
    if desired.get("tags"):
        payload["tags"] = dict(desired["tags"])
    return payload


def plan_tag_updates(current, changes, purge_tags=True):
    """The tag step of a resource whose only in-place change is its tags (a Fargate profile)."""
    if "tags" not in changes:
        return []
    to_set, to_remove = tag_changes(current.get("tags"), changes["tags"], purge_tags)
    return [Step("tags", tags=to_set, untag=to_remove)] if to_set or to_remove else []
