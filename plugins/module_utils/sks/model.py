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
PUBLIC_IP_ASSIGNMENTS = ("inet4", "dual")
# The explicit actions of sks_cluster: option value -> (API path segment, the add-on it needs or None).
ROTATIONS = {
    "ccm": ("rotate-ccm-credentials", CCM_ADDON),
    "csi": ("rotate-csi-credentials", CSI_ADDON),
    "karpenter": ("rotate-karpenter-credentials", KARPENTER_ADDON),
    "operators_ca": ("rotate-operators-ca", None),
}

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
    create_keys=(
        "name",
        "description",
        "labels",
        "level",
        "cni",
        "auto_upgrade",
        "oidc",
        "addons",
        "version",
        "feature_gates",
        "audit",
    ),
    update_keys=(
        "name",
        "description",
        "labels",
        "level",
        "auto_upgrade",
        "oidc",
        "addons",
        "version",
        "feature_gates",
        "audit",
    ),
    # create-sks-cluster takes these, update-sks-cluster does not.
    create_only=("cni", "create_default_security_group", "enable_kube_proxy"),
    unordered=("addons", "feature_gates"),
    exact=("labels", "oidc"),
)

# Every node pool option can be set at creation and changed in place (create-sks-nodepool and update-sks-nodepool
# take the same fields, size apart, which scale-sks-nodepool changes).
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
    "public_ip_assignment",
    "kubelet_image_gc",
    "deploy_target",
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


def audit_state(audit):
    """The cluster's sks-audit (endpoint, enabled, initial-backoff; the API never returns the bearer token)."""
    audit = audit or {}
    state = {"enabled": bool(audit.get("enabled"))}
    for key in ("endpoint", "initial-backoff"):
        if audit.get(key):
            state[snake(key)] = audit[key]
    return state


def audit_payload(audit, bearer_token=None, create=False):
    """The audit option as sks-audit-create (create=True: no ``enabled``) or sks-audit-update; None for a creation
    with audit disabled."""
    if create and not audit.get("enabled", True):
        return None
    body = {}
    if not create and audit.get("enabled") is not None:
        body["enabled"] = audit["enabled"]
    for key in ("endpoint", "initial_backoff"):
        if audit.get(key):
            body[kebab(key)] = audit[key]
    if bearer_token:
        body["bearer-token"] = bearer_token
    return body


CLUSTER_BODY_FIELDS = (
    "name",
    "description",
    "labels",
    "level",
    "cni",
    "auto_upgrade",
    "addons",
    "version",
    "feature_gates",
    "create_default_security_group",
    "enable_kube_proxy",
)
CLUSTER_UPDATE_FIELDS = ("name", "description", "labels", "auto_upgrade", "oidc", "addons", "feature_gates")


def cluster_payload(desired, fields=CLUSTER_BODY_FIELDS + ("oidc",)):
    """The body of POST /sks-cluster (or, with fields=CLUSTER_UPDATE_FIELDS, of PUT /sks-cluster/{id})."""
    body = {}
    for key in fields:
        if key not in desired or desired[key] is None:
            continue
        value = desired[key]
        if key == "oidc":
            value = oidc_payload(value)
        elif key in ("addons", "feature_gates"):
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
        "feature_gates": sorted(record.get("feature-gates") or []),
        "audit": audit_state(record.get("audit")),
        "create_default_security_group": bool(record.get("default-security-group-id")),
        "enable_kube_proxy": record.get("enable-kube-proxy"),
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
NODEPOOL_PLAIN_FIELDS = (
    "name",
    "description",
    "size",
    "disk_size",
    "labels",
    "instance_prefix",
    "public_ip_assignment",
)
NODEPOOL_GC_FIELDS = ("high_threshold", "low_threshold", "min_age")
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
    "public_ip_assignment",
    "kubelet_image_gc",
    "deploy_target",
)


def kubelet_image_gc_state(gc):
    return {key: (gc or {})[kebab(key)] for key in NODEPOOL_GC_FIELDS if (gc or {}).get(kebab(key)) is not None}


def nodepool_payload(desired, fields=None):
    """The body of POST .../nodepool, or with fields, of the PUT that changes those fields (never size).

    deploy_target "" means none: left out of a creation, null in an update (the update's field is nullable).
    """
    creating = fields is None
    if creating:
        fields = (
            NODEPOOL_PLAIN_FIELDS
            + ("instance_type", "taints", "kubelet_image_gc", "deploy_target")
            + NODEPOOL_REF_LISTS
        )
    body = {}
    for key in fields:
        value = desired.get(key)
        if value is None:
            continue
        if key == "deploy_target":
            if not value and creating:
                continue
            value = {"id": value} if value else None
        elif key == "kubelet_image_gc":
            value = {kebab(name): item for name, item in value.items() if item is not None}
        elif key == "instance_type":
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
        "public_ip_assignment": pool.get("public-ip-assignment") or "inet4",
        "kubelet_image_gc": kubelet_image_gc_state(pool.get("kubelet-image-gc")),
        "deploy_target": (pool.get("deploy-target") or {}).get("id") or "",
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
