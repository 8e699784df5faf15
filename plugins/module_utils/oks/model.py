# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS model: option values <-> API payloads, records -> option names and output, the status vocabulary.

Option names are the API's own (snake_case), so the mapping is mostly about defaults at creation, merging partial
updates and normalising for comparison.
"""

from __future__ import annotations

import ipaddress

WEEK_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WINDOWS = ("minor_upgrade_maintenance", "patch_upgrade_maintenance")
PLUGIN_LISTS = ("disable_admission_plugins", "enable_admission_plugins")

SETTLED = ("ready",)
FAILED = ("failed",)
TRANSIENT = ("pending", "deploying", "updating", "upgrading", "deleting")
GONE = ("deleted",)

# The defaults of a MaintenanceWindow in the vendor's OpenAPI description: a partial window sent in a PATCH is
# completed with the cluster's current values first, then with these.
WINDOW_DEFAULTS = {"enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Tue", "tz": "UTC"}
# What a new cluster takes from GET /templates/cluster for the options left out, as oks-cli fills a cluster from the
# template (prepare_cluster_template). cluster_dns goes with the template's cidr_service only.
TEMPLATE_FIELDS = ("version", "control_planes", "cidr_pods", "cidr_service", "admin_lbu", "cp_subregions")
# A control plane in several subregions is a multi-AZ one, which the API builds on 3 subregions at least.
MULTI_AZ_MIN_SUBREGIONS = 3

PROJECT_CREATE_FIELDS = ("name", "description", "cidr", "region", "tags", "quirks", "disable_api_termination")
PROJECT_UPDATE_FIELDS = ("description", "tags", "quirks", "disable_api_termination")
CLUSTER_CREATE_FIELDS = (
    "name",
    "project_id",
    "description",
    "cp_subregions",
    "version",
    "admin_lbu",
    "admission_flags",
    "cidr_pods",
    "cidr_service",
    "cluster_dns",
    "tags",
    "auto_maintenances",
    "control_planes",
    "admin_whitelist",
    "quirks",
    "disable_api_termination",
)
CLUSTER_UPDATE_FIELDS = (
    "description",
    "admission_flags",
    "tags",
    "auto_maintenances",
    "admin_whitelist",
    "quirks",
    "disable_api_termination",
    "version",
    "control_planes",
)
FAILURE_MESSAGE_KEYS = ("message", "reason", "detail", "status_message", "error")

STATUSES = ("pending", "deploying", "ready", "updating", "upgrading", "failed", "deleting")
CLUSTER_INFO_PARTS = (
    "clusters",
    "kubernetes_versions",
    "cp_subregions",
    "control_plane_plans",
    "project_template",
    "cluster_template",
    "nodepool_template",
)


# --- normalisation and payload mapping ----------------------------------------------------------------------


def canonical_network(value):
    """'203.0.113.7' and '203.0.113.7/32' compare equal; anything unparsable is kept as it is."""
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except (TypeError, ValueError):
        return value


def string_tags(tags):
    if tags is None:
        return None
    return {str(key): "" if value is None else str(value) for key, value in tags.items()}


def unique_sorted(values):
    return sorted(set(values or []))


def short_version(version):
    """'1.30.4' -> '1.30' (the API takes X.Y); None stays None."""
    if not version:
        return version
    return ".".join(str(version).split(".")[:2])


def version_key(version):
    return tuple(int(part) if part.isdigit() else -1 for part in str(version).split("."))


def normalise_cluster_params(params):
    """A copy of the cluster options in the form the API reports them, so comparisons are fair."""
    params = dict(params)
    params["tags"] = string_tags(params.get("tags"))
    if params.get("admin_whitelist") is not None:
        params["admin_whitelist"] = [canonical_network(value) for value in params["admin_whitelist"]]
    flags = params.get("admission_flags")
    if flags is not None:
        params["admission_flags"] = {
            key: unique_sorted(flags[key]) for key in PLUGIN_LISTS if flags.get(key) is not None
        }
    return params


def normalise_project_params(params):
    params = dict(params)
    params["tags"] = string_tags(params.get("tags"))
    return params


def _pick(source, fields):
    return {key: source[key] for key in fields if source.get(key) is not None}


def project_payload(desired):
    """The body of POST /projects."""
    return _pick(desired, PROJECT_CREATE_FIELDS)


def project_update_payload(changes):
    """The body of PATCH /projects/{id}: only what changes."""
    return _pick(changes, PROJECT_UPDATE_FIELDS)


def project_state(record, assumed_quirks=None):
    """A project in option names. The API does not report quirks: they read as configured (as the vendor's
    Terraform provider does), unless a later API version returns them."""
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "description": record.get("description") or "",
        "cidr": record.get("cidr"),
        "region": record.get("region"),
        "tags": string_tags(record.get("tags")) or {},
        "quirks": list(record["quirks"] or []) if "quirks" in record else assumed_quirks,
        "disable_api_termination": bool(record.get("disable_api_termination")),
    }


def project_output(record, assumed_quirks=None):
    output = project_state(record, assumed_quirks)
    output.update({key: record.get(key) for key in ("status", "created_at", "updated_at", "deleted_at")})
    return output


def window_with_defaults(window):
    merged = dict(WINDOW_DEFAULTS)
    merged.update({key: value for key, value in (window or {}).items() if value is not None})
    return merged


def cluster_create_payload(desired, template=None):
    """The body of POST /clusters: the options given, and for those left out the values of the cluster template
    (GET /templates/cluster), as oks-cli does. Nothing is invented here: what neither gives is left to the API.
    cp_multi_az goes with more than one subregion (oks-cli sets it when more than one zone is given)."""
    template = template or {}
    body = {key: template[key] for key in TEMPLATE_FIELDS if template.get(key) not in (None, "", [])}
    if "cidr_service" not in desired and template.get("cluster_dns") and "cidr_service" in body:
        body["cluster_dns"] = template["cluster_dns"]
    body.update(_pick(desired, CLUSTER_CREATE_FIELDS))
    if desired.get("admission_flags") is not None:
        flags = desired["admission_flags"]
        body["admission_flags"] = {key: list(flags.get(key) or []) for key in PLUGIN_LISTS}
    maintenances = desired.get("auto_maintenances") or {}
    if maintenances:
        base = template.get("auto_maintenances") or {}
        body["auto_maintenances"] = {}
        for window in WINDOWS:
            merged = window_with_defaults(base.get(window))
            merged.update({key: value for key, value in (maintenances.get(window) or {}).items() if value is not None})
            body["auto_maintenances"][window] = merged
    if body.get("cp_subregions") is not None:
        body["cp_subregions"] = list(body["cp_subregions"])
        if len(body["cp_subregions"]) > 1:
            body["cp_multi_az"] = True
    return body


def cluster_update_payload(changes, record):
    """The body of PATCH /clusters/{id}. admission_flags and auto_maintenances are sent whole (the API replaces
    them), so the parts the user did not set keep the cluster's current values."""
    body = _pick(changes, [key for key in CLUSTER_UPDATE_FIELDS if key not in ("admission_flags", "auto_maintenances")])
    if "admission_flags" in changes:
        current = record.get("admission_flags") or {}
        wanted = changes["admission_flags"] or {}
        body["admission_flags"] = {
            key: list(wanted[key] if wanted.get(key) is not None else current.get(key) or []) for key in PLUGIN_LISTS
        }
    if "auto_maintenances" in changes:
        current = record.get("auto_maintenances") or {}
        wanted = changes["auto_maintenances"] or {}
        body["auto_maintenances"] = {}
        for window in WINDOWS:
            merged = window_with_defaults(current.get(window))
            merged.update({key: value for key, value in (wanted.get(window) or {}).items() if value is not None})
            body["auto_maintenances"][window] = merged
    return body


def project_status(record):
    return (record or {}).get("status")


def cluster_status(record):
    if not record:
        return None
    statuses = record.get("statuses") or {}
    return statuses.get("status") or record.get("status")


def cluster_state(record, assumed_quirks=None):
    """A cluster in option names, normalised for comparison (plugin lists sorted, whitelist canonical)."""
    flags = record.get("admission_flags") or {}
    maintenances = record.get("auto_maintenances")
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "project_id": record.get("project_id"),
        "description": record.get("description") or "",
        "cp_subregions": list(record.get("cp_subregions") or []),
        "version": short_version(record.get("version")),
        "admin_lbu": bool(record.get("admin_lbu")),
        "admission_flags": {key: unique_sorted(flags.get(key)) for key in PLUGIN_LISTS},
        "cidr_pods": record.get("cidr_pods"),
        "cidr_service": record.get("cidr_service"),
        "cluster_dns": record.get("cluster_dns"),
        "tags": string_tags(record.get("tags")) or {},
        "auto_maintenances": {window: window_with_defaults(maintenances.get(window)) for window in WINDOWS}
        if maintenances
        else None,
        "control_planes": record.get("control_planes"),
        "admin_whitelist": [canonical_network(value) for value in record.get("admin_whitelist") or []],
        "quirks": list(record["quirks"] or []) if "quirks" in record else assumed_quirks,
        "disable_api_termination": bool(record.get("disable_api_termination")),
    }


def cluster_output(record, assumed_quirks=None):
    output = cluster_state(record, assumed_quirks)
    statuses = record.get("statuses") or {}
    output.update(
        {
            "status": cluster_status(record),
            "full_version": record.get("version"),
            "available_upgrade": statuses.get("available_upgrade") or "",
            "created_at": statuses.get("created_at"),
            "updated_at": statuses.get("updated_at"),
            "cni": record.get("cni"),
            "cp_multi_az": record.get("cp_multi_az"),
            "applied_admission_plugins": list(
                (record.get("admission_flags") or {}).get("applied_admission_plugins") or []
            ),
        }
    )
    return output


def failure_reason(record):
    """The explanation the API gives for a failed resource, when it gives one."""
    for source in ((record or {}).get("statuses") or {}, record or {}):
        for key in FAILURE_MESSAGE_KEYS:
            if isinstance(source.get(key), str) and source[key]:
                return source[key]
    return None


# --- node pools (NodePool objects of the cluster's Kubernetes API, oks.dev/v1beta2) ---------------------------

NODEPOOL_API_VERSION = "oks.dev/v1beta2"
NODEPOOL_KIND = "NodePool"
NODEPOOL_PLURAL = "nodepools"
# Option -> NodePool spec field. The Kubernetes names stay the vendor's; the options are snake_case.
NODEPOOL_FIELDS = {
    "desired_nodes": "desiredNodes",
    "node_type": "nodeType",
    "zones": "zones",
    "volumes": "volumes",
    "upgrade_strategy": "upgradeStrategy",
    "auto_healing": "autoHealing",
    "autoscaling": "autoscaling",
    "min_nodes": "minNodes",
    "max_nodes": "maxNodes",
    "node_labels": "nodeLabels",
}
UPGRADE_STRATEGY_FIELDS = {
    "max_unavailable": "maxUnavailable",
    "max_surge": "maxSurge",
    "auto_upgrade_enabled": "autoUpgradeEnabled",
    "auto_upgrade_maintenance": "autoUpgradeMaintenance",
}
MAINTENANCE_FIELDS = {"duration_hours": "durationHours", "start_hour": "startHour", "week_day": "weekDay"}
VOLUME_FIELDS = ("device", "dir", "type", "size", "iops", "snapshot")
VOLUME_TYPES = ("gp2", "io1", "standard")
# nodeType, zones and volumes shape the VMs of the pool's nodes: OKS documents no change of them on a running pool.
NODEPOOL_CREATE_ONLY = ("node_type", "zones", "volumes")
NODEPOOL_UPDATE_FIELDS = tuple(option for option in NODEPOOL_FIELDS if option not in NODEPOOL_CREATE_ONLY)
NODEPOOL_PROGRESS = ("attached", "pending", "ready", "running", "shutting_down", "stopped", "stopping")


def _renamed(values, names):
    """values (a dict or None) with its keys renamed by names (unknown keys are dropped, None values too)."""
    return {names[key]: value for key, value in (values or {}).items() if key in names and value is not None}


def _upgrade_strategy_spec(strategy):
    spec = _renamed(strategy, UPGRADE_STRATEGY_FIELDS)
    if "autoUpgradeMaintenance" in spec:
        spec["autoUpgradeMaintenance"] = _renamed(spec["autoUpgradeMaintenance"], MAINTENANCE_FIELDS)
    return spec


def normalise_volume(volume):
    """A volume as the API stores it: the keys given, iops 0 unless given (the CRD's default)."""
    result = {key: volume[key] for key in VOLUME_FIELDS if volume.get(key) is not None}
    result.setdefault("iops", 0)
    return result


def normalise_nodepool_params(params):
    params = dict(params)
    if params.get("volumes") is not None:
        params["volumes"] = [normalise_volume(volume) for volume in params["volumes"]]
    if params.get("node_labels") is not None:
        params["node_labels"] = {
            str(key): "" if value is None else str(value) for key, value in params["node_labels"].items()
        }
    return params


def nodepool_spec(options):
    """NodePool spec fields for the options given (snake_case -> the CRD's camelCase)."""
    spec = {}
    for option, field in NODEPOOL_FIELDS.items():
        value = options.get(option)
        if value is None:
            continue
        if option == "upgrade_strategy":
            value = _upgrade_strategy_spec(value)
        elif option == "volumes":
            value = [normalise_volume(volume) for volume in value]
        spec[field] = value
    return spec


def nodepool_manifest(name, desired, template=None):
    """The NodePool to create: the nodepool template (GET /templates/nodepool) filled with the options given, as
    oks-cli fills it (name, desiredNodes, nodeType, zones); the template's desiredNodes is a string in the OKS API,
    the CRD takes an integer."""
    template = template or {}
    spec = dict(template.get("spec") or {})
    if spec.get("desiredNodes") not in (None, ""):
        try:
            spec["desiredNodes"] = int(spec["desiredNodes"])
        except (TypeError, ValueError):
            spec.pop("desiredNodes")
    spec.update(nodepool_spec(desired))
    if not spec.get("zones"):
        spec.pop("zones", None)
    return {
        "apiVersion": NODEPOOL_API_VERSION,
        "kind": NODEPOOL_KIND,
        "metadata": {"name": name},
        "spec": spec,
    }


def nodepool_patch(changes, current):
    """The JSON merge patch of a change: the spec fields that change; labels removed by node_labels are null."""
    spec = nodepool_spec(changes)
    if "node_labels" in changes:
        labels = dict(changes["node_labels"] or {})
        labels.update({key: None for key in current.get("node_labels") or {} if key not in labels})
        spec["nodeLabels"] = labels
    return {"spec": spec}


def nodepool_state(record):
    """A NodePool in option names."""
    spec = (record or {}).get("spec") or {}
    strategy = spec.get("upgradeStrategy")
    state = {
        "name": ((record or {}).get("metadata") or {}).get("name"),
        "desired_nodes": spec.get("desiredNodes", 0),
        "node_type": spec.get("nodeType"),
        "zones": list(spec.get("zones") or []),
        "volumes": [normalise_volume(volume) for volume in spec.get("volumes") or []],
        "upgrade_strategy": None,
        "auto_healing": spec.get("autoHealing", True),
        "autoscaling": spec.get("autoscaling", False),
        "min_nodes": spec.get("minNodes", 0),
        "max_nodes": spec.get("maxNodes", 0),
        "node_labels": dict(spec.get("nodeLabels") or {}),
    }
    if strategy is not None:
        maintenance = strategy.get("autoUpgradeMaintenance")
        state["upgrade_strategy"] = {
            option: strategy.get(field)
            for option, field in UPGRADE_STRATEGY_FIELDS.items()
            if option != "auto_upgrade_maintenance"
        }
        state["upgrade_strategy"]["auto_upgrade_maintenance"] = (
            {option: maintenance.get(field) for option, field in MAINTENANCE_FIELDS.items()} if maintenance else None
        )
    return state


def nodepool_progress(record):
    progress = (((record or {}).get("status") or {}).get("progress")) or {}
    return {key: int(progress.get(key) or 0) for key in NODEPOOL_PROGRESS}


def nodepool_status(record):
    """The pool's state name as the API reports it (status.state.name), or None before the first report."""
    return ((((record or {}).get("status") or {}).get("state")) or {}).get("name")


def nodepool_ready(record):
    """Every wanted node is Ready (status.progress.ready = spec.desiredNodes, what the vendor's Terraform example of
    a node pool waits for) and the pool is not being deleted."""
    if not record or (record.get("metadata") or {}).get("deletionTimestamp"):
        return False
    return nodepool_progress(record)["ready"] == int(((record.get("spec") or {}).get("desiredNodes")) or 0)


def nodepool_output(record, cluster_id=None):
    output = nodepool_state(record)
    metadata = record.get("metadata") or {}
    last_error = (((record.get("status") or {}).get("last_error")) or {}).get("message") or ""
    output.update(
        {
            "cluster_id": cluster_id,
            "uid": metadata.get("uid"),
            "generation": metadata.get("generation"),
            "created_at": metadata.get("creationTimestamp"),
            "deleting": bool(metadata.get("deletionTimestamp")),
            "status": nodepool_status(record),
            "progress": nodepool_progress(record),
            "nodes_ready": nodepool_progress(record)["ready"],
            "last_error": last_error,
        }
    )
    return output
