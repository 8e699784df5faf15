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
