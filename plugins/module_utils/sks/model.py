# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS model: option choices, status vocabulary, payloads (options -> API body), state and output.

Option names are snake_case; the API's are kebab-case: the ``*_payload`` and ``*_state`` functions translate one way
each. Every mutation of the API answers an Operation ``{id, state, reason, message, reference{id}}``.
"""

from __future__ import annotations

import re

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ResourceSpec

LEVELS = ("starter", "pro")
CNIS = ("calico", "cilium")
CCM_ADDON = "exoscale-cloud-controller"
CSI_ADDON = "exoscale-container-storage-interface"
KARPENTER_ADDON = "karpenter"
METRICS_ADDON = "metrics-server"
ADDONS = (CCM_ADDON, CSI_ADDON, KARPENTER_ADDON, METRICS_ADDON)
# What the exo CLI (sks create: unless --no-exoscale-ccm / --no-metrics-server) and Terraform (exoscale_ccm and
# metrics_server default to true) send when the user says nothing about add-ons.
DEFAULT_ADDONS = (CCM_ADDON, METRICS_ADDON)
# Add-ons that are chosen at creation only: the CLI's update and Terraform's update never send a change to them.
CREATION_ONLY_ADDONS = (CCM_ADDON, METRICS_ADDON)
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")

CLUSTER_SETTLED = ("running",)
CLUSTER_FAILED = ("error",)
CLUSTER_TRANSIENT = (
    "creating",
    "updating",
    "upgrading",
    "deleting",
    "suspending",
    "resuming",
    "rotating-ccm-credentials",
    "rotating-csi-credentials",
    "rotating-karpenter-credentials",
)
NODEPOOL_SETTLED = ("running",)
NODEPOOL_FAILED = ("error",)
NODEPOOL_TRANSIENT = ("creating", "scaling", "updating", "deleting", "renewing-token", "degraded")

OIDC_FIELDS = (
    "client_id",
    "issuer_url",
    "username_claim",
    "username_prefix",
    "groups_claim",
    "groups_prefix",
    "required_claim",
)
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    create_keys=("name", "description", "labels", "level", "cni", "auto_upgrade", "oidc", "addons", "version"),
    update_keys=("name", "description", "labels", "level", "auto_upgrade", "oidc", "addons", "version"),
    create_only=("cni",),
    unordered=("addons",),
    exact=("labels", "oidc"),
)

# Every node pool option can be set at creation and changed in place.
NODEPOOL_KEYS = (
    "name",
    "description",
    "instance_type",
    "size",
    "disk_size",
    "labels",
    "taints",
    "security_groups",
    "anti_affinity_groups",
    "private_networks",
    "instance_prefix",
)

NODEPOOL_SPEC = ResourceSpec(
    "nodepool",
    create_keys=NODEPOOL_KEYS,
    update_keys=NODEPOOL_KEYS,
    unordered=("taints", "security_groups", "anti_affinity_groups", "private_networks"),
    exact=("labels",),
)


def is_uuid(value):
    return isinstance(value, str) and bool(UUID_PATTERN.match(value))


def kebab(name):
    return name.replace("_", "-")


def snake(name):
    return name.replace("-", "_")


def version_key(version):
    """A sortable key for '1.31.2'; unparsable parts sort first."""
    return tuple(int(part) if part.isdigit() else -1 for part in str(version).split("."))


def newest_version(versions):
    return max(versions, key=version_key) if versions else None


def minor_of(version):
    """(major, minor) of '1.31.2'."""
    return version_key(version)[:2]


def upgrade_path(current, target, offered):
    """The versions to upgrade through, one minor at a time, ending with target.

    Each intermediate minor is reached at its newest version in offered (the API upgrades to "another supported
    minor and latest patch release"). Returns (path, missing): missing is the first intermediate minor the API does
    not offer, or None.
    """
    major, low = minor_of(current)
    if minor_of(target)[0] != major:
        return [target], None
    high = minor_of(target)[1]
    path = []
    for minor in range(low + 1, high):
        candidates = [version for version in offered if minor_of(version) == (major, minor)]
        if not candidates:
            return path, "%d.%d" % (major, minor)
        path.append(newest_version(candidates))
    path.append(target)
    return path, None


# --- clusters ------------------------------------------------------------------------------------------------


def oidc_payload(oidc):
    """The oidc option as the API's sks-oidc object (unset fields left out)."""
    if oidc is None:
        return None
    return {kebab(key): value for key, value in oidc.items() if value not in (None, {}, "")}


def oidc_state(oidc):
    if not oidc:
        return None
    return {snake(key): value for key, value in oidc.items() if value not in (None, {}, "")}


CLUSTER_BODY_FIELDS = ("name", "description", "labels", "level", "cni", "auto_upgrade", "addons", "version")
CLUSTER_UPDATE_FIELDS = ("name", "description", "labels", "auto_upgrade", "oidc", "addons")


def cluster_payload(desired, fields=CLUSTER_BODY_FIELDS + ("oidc",)):
    """The body of POST /sks-cluster (or, with fields=CLUSTER_UPDATE_FIELDS, of PUT /sks-cluster/{id})."""
    body = {}
    for key in fields:
        if key not in desired or desired[key] is None:
            continue
        value = desired[key]
        if key == "oidc":
            value = oidc_payload(value)
        elif key == "addons":
            value = sorted(set(value))
        body[kebab(key)] = value
    return body


def cluster_state(record):
    """A cluster record in option names, normalised for comparison."""
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "description": record.get("description") or "",
        "labels": dict(record.get("labels") or {}),
        "level": record.get("level"),
        "cni": record.get("cni") or None,
        "auto_upgrade": bool(record.get("auto-upgrade")),
        "oidc": oidc_state(record.get("oidc")),
        "addons": sorted(record.get("addons") or []),
        "version": record.get("version"),
    }


def nodepool_summary(pool):
    return {
        "id": pool.get("id"),
        "name": pool.get("name"),
        "state": pool.get("state"),
        "size": pool.get("size"),
        "instance_type": (pool.get("instance-type") or {}).get("id"),
        "disk_size": pool.get("disk-size"),
        "version": pool.get("version"),
    }


def cluster_output(record, zone=None):
    """What the modules return for a cluster: its state plus the read-only facts."""
    output = cluster_state(record)
    output.update(
        {
            "state": record.get("state"),
            "endpoint": record.get("endpoint"),
            "created_at": record.get("created-at"),
            "default_security_group_id": record.get("default-security-group-id"),
            "enable_kube_proxy": record.get("enable-kube-proxy"),
            "feature_gates": list(record.get("feature-gates") or []),
            "nodepools": [nodepool_summary(pool) for pool in record.get("nodepools") or []],
            "zone": zone,
        }
    )
    return output


# --- node pools ----------------------------------------------------------------------------------------------


def _ids(refs):
    return sorted((ref or {}).get("id") for ref in refs or [] if (ref or {}).get("id"))


def _refs(ids):
    return [{"id": item} for item in sorted(set(ids))]


def taints_payload(taints):
    return {taint["key"]: {"value": taint["value"], "effect": taint["effect"]} for taint in taints}


def taints_state(taints):
    return sorted(
        (
            {"key": key, "value": (item or {}).get("value"), "effect": (item or {}).get("effect")}
            for key, item in (taints or {}).items()
        ),
        key=lambda taint: taint["key"],
    )


NODEPOOL_REF_LISTS = ("security_groups", "anti_affinity_groups", "private_networks")
NODEPOOL_PLAIN_FIELDS = ("name", "description", "size", "disk_size", "labels", "instance_prefix")
NODEPOOL_UPDATE_FIELDS = (
    "name",
    "description",
    "disk_size",
    "labels",
    "instance_prefix",
    "instance_type",
    "taints",
    "security_groups",
    "anti_affinity_groups",
    "private_networks",
)


def nodepool_payload(desired, fields=None):
    """The body of POST .../nodepool, or with fields, of the PUT that changes those fields (never size)."""
    fields = fields or (NODEPOOL_PLAIN_FIELDS + ("instance_type", "taints") + NODEPOOL_REF_LISTS)
    body = {}
    for key in fields:
        value = desired.get(key)
        if value is None:
            continue
        if key == "instance_type":
            value = {"id": value}
        elif key == "taints":
            value = taints_payload(value)
        elif key in NODEPOOL_REF_LISTS:
            value = _refs(value)
        body[kebab(key)] = value
    return body


def nodepool_state(pool):
    return {
        "id": pool.get("id"),
        "name": pool.get("name"),
        "description": pool.get("description") or "",
        "instance_type": (pool.get("instance-type") or {}).get("id"),
        "size": pool.get("size"),
        "disk_size": pool.get("disk-size"),
        "labels": dict(pool.get("labels") or {}),
        "taints": taints_state(pool.get("taints")),
        "security_groups": _ids(pool.get("security-groups")),
        "anti_affinity_groups": _ids(pool.get("anti-affinity-groups")),
        "private_networks": _ids(pool.get("private-networks")),
        "instance_prefix": pool.get("instance-prefix") or "pool",
    }


def nodepool_output(pool, cluster, zone):
    """What the node pool module returns: the pool's state plus the read-only facts and its cluster."""
    output = nodepool_state(pool)
    output.update(
        {
            "state": pool.get("state"),
            "version": pool.get("version"),
            "created_at": pool.get("created-at"),
            "cluster_id": (cluster or {}).get("id"),
            "cluster_name": (cluster or {}).get("name"),
            "instance_pool_id": (pool.get("instance-pool") or {}).get("id"),
            "template_id": (pool.get("template") or {}).get("id"),
            "zone": zone,
        }
    )
    return output


def instance_type_name(instance_type):
    return "%s.%s" % (instance_type.get("family"), instance_type.get("size"))


def match_instance_type(instance_types, wanted):
    """The instance type given by id, 'family.size' or 'size' (family standard), like the vendor CLI."""
    family, _dot, size = wanted.lower().rpartition(".")
    family = family or "standard"
    return [
        item
        for item in instance_types
        if item.get("id") == wanted or (item.get("family") == family and item.get("size") == size)
    ]


# --- operations ----------------------------------------------------------------------------------------------


def operation_failure(operation):
    """The message of a failed or timed-out operation, None while it is pending or done."""
    state = operation.get("state")
    if state in ("failure", "timeout"):
        reason = operation.get("reason") or "unknown"
        message = operation.get("message") or "no message"
        return "the operation ended in state %s (reason: %s): %s" % (state, reason, message)
    if state not in ("pending", "success"):
        return "the operation is in an unexpected state %r" % state
    return None


def operation_succeeded(operation):
    return operation.get("state") == "success"
