# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of the Exoscale SKS API (v2): paths, payload mapping, Operations, status vocabulary.

Every mutation of the API answers an Operation ``{id, state, reason, message, reference{id}}``; ``follow()``
polls ``GET /operation/{id}`` until it is ``success`` and turns ``failure``/``timeout`` into WaitFailed with the
operation's reason and message. Option names are snake_case; the API's are kebab-case: the ``*_payload`` and
``*_state`` functions translate one way each.
"""

from __future__ import annotations

import base64
import binascii
import re
import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.exoscale import ExoscaleAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.credentials import resolve_sks
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import status_waiter, wait_for

DEFAULT_ENDPOINT = "https://api-{zone}.exoscale.com/v2"
ZONES = ("at-vie-1", "at-vie-2", "bg-sof-1", "ch-dk-2", "ch-gva-2", "de-fra-1", "de-muc-1", "hr-zag-1")

LEVELS = ("starter", "pro")
CNIS = ("calico", "cilium")
CSI_ADDON = "exoscale-container-storage-interface"
ADDONS = ("exoscale-cloud-controller", "exoscale-container-storage-interface", "karpenter", "metrics-server")
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")

CLUSTER_SETTLED = ("running",)
CLUSTER_FAILED = ("error",)
CLUSTER_TRANSIENT = ("creating", "updating", "upgrading", "deleting", "suspending", "resuming",
                     "rotating-ccm-credentials", "rotating-csi-credentials", "rotating-karpenter-credentials")
NODEPOOL_SETTLED = ("running",)
NODEPOOL_FAILED = ("error",)
NODEPOOL_TRANSIENT = ("creating", "scaling", "updating", "deleting", "renewing-token", "degraded")

OIDC_FIELDS = ("client_id", "issuer_url", "username_claim", "username_prefix", "groups_claim", "groups_prefix",
               "required_claim")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")

# Polling of operations: the vendor clients poll every 3 s at first, slower later, at most every 60 s.
OPERATION_FIRST_DELAY = 1.0
OPERATION_MAX_DELAY = 10.0


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


# --- payload mapping -----------------------------------------------------------------------------------------

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


def nodepool_output(pool):
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
    output.update({
        "state": record.get("state"),
        "endpoint": record.get("endpoint"),
        "created_at": record.get("created-at"),
        "default_security_group_id": record.get("default-security-group-id"),
        "enable_kube_proxy": record.get("enable-kube-proxy"),
        "feature_gates": list(record.get("feature-gates") or []),
        "nodepools": [nodepool_output(pool) for pool in record.get("nodepools") or []],
        "zone": zone,
    })
    return output


def _ids(refs):
    return sorted((ref or {}).get("id") for ref in refs or [] if (ref or {}).get("id"))


def _refs(ids):
    return [{"id": item} for item in sorted(set(ids))]


def taints_payload(taints):
    return {taint["key"]: {"value": taint["value"], "effect": taint["effect"]} for taint in taints}


def taints_state(taints):
    return sorted(({"key": key, "value": (item or {}).get("value"), "effect": (item or {}).get("effect")}
                   for key, item in (taints or {}).items()), key=lambda taint: taint["key"])


NODEPOOL_REF_LISTS = ("security_groups", "anti_affinity_groups", "private_networks")
NODEPOOL_PLAIN_FIELDS = ("name", "description", "size", "disk_size", "labels", "instance_prefix")
NODEPOOL_UPDATE_FIELDS = ("name", "description", "disk_size", "labels", "instance_prefix", "instance_type", "taints",
                          "security_groups", "anti_affinity_groups", "private_networks")


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


def instance_type_name(instance_type):
    return "%s.%s" % (instance_type.get("family"), instance_type.get("size"))


def match_instance_type(instance_types, wanted):
    """The instance type given by id, 'family.size' or 'size' (family standard), like the vendor CLI."""
    family, _dot, size = wanted.lower().rpartition(".")
    family = family or "standard"
    return [item for item in instance_types
            if item.get("id") == wanted or (item.get("family") == family and item.get("size") == size)]


# --- the client ----------------------------------------------------------------------------------------------

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


class SksClient:
    """One method per SKS API call; results are the API's own JSON (kebab-case)."""

    def __init__(self, http, zone=None, sleep=time.sleep, clock=time.monotonic):
        self.http = http
        self.zone = zone
        self.sleep = sleep
        self.clock = clock

    # clusters
    def list_clusters(self):
        return self.http.get("/sks-cluster").json.get("sks-clusters") or []

    def get_cluster(self, cluster_id):
        response = self.http.get("/sks-cluster/%s" % cluster_id, allow_404=True)
        return None if response.status == 404 else response.json

    def clusters_named(self, name):
        return [cluster for cluster in self.list_clusters() if cluster.get("name") == name]

    def create_cluster(self, body):
        return self.http.post("/sks-cluster", json=body).json

    def update_cluster(self, cluster_id, body):
        return self.http.put("/sks-cluster/%s" % cluster_id, json=body).json

    def upgrade_cluster(self, cluster_id, version):
        return self.http.put("/sks-cluster/%s/upgrade" % cluster_id, json={"version": version}).json

    def upgrade_service_level(self, cluster_id):
        return self.http.put("/sks-cluster/%s/upgrade-service-level" % cluster_id).json

    def delete_cluster(self, cluster_id):
        return self._delete("/sks-cluster/%s" % cluster_id, lambda: self.get_cluster(cluster_id))

    def _delete(self, path, read):
        """DELETE path -> the operation, or None when the resource is gone or already being deleted.

        A DELETE sent again after its answer was lost meets either: 404, or 409 "busy" while the first one runs.
        """
        try:
            response = self.http.delete(path, allow_404=True)
        except ApiError as error:
            if error.status != 409:
                raise
            current = read()
            if current is not None and current.get("state") != "deleting":
                raise
            return None
        return None if response.status == 404 else response.json

    def list_versions(self, include_deprecated=False):
        """The Kubernetes versions on offer, newest first."""
        params = {"include-deprecated": "true"} if include_deprecated else None
        versions = self.http.get("/sks-cluster-version", params=params).json.get("sks-cluster-versions") or []
        return sorted(versions, key=version_key, reverse=True)

    def generate_kubeconfig(self, cluster_id, user, groups, ttl=None):
        """The kubeconfig text: the API answers it base64-encoded."""
        body = {"user": user, "groups": list(groups)}
        if ttl:
            body["ttl"] = int(ttl)
        encoded = self.http.post("/sks-cluster-kubeconfig/%s" % cluster_id, json=body, idempotent=True).json or {}
        try:
            return base64.b64decode(encoded.get("kubeconfig") or "", validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise ApiError(code="InvalidResponse", message="the kubeconfig the API returned is not base64 text") from None

    # node pools
    def create_nodepool(self, cluster_id, body):
        return self.http.post("/sks-cluster/%s/nodepool" % cluster_id, json=body).json

    def get_nodepool(self, cluster_id, nodepool_id):
        response = self.http.get("/sks-cluster/%s/nodepool/%s" % (cluster_id, nodepool_id), allow_404=True)
        return None if response.status == 404 else response.json

    def update_nodepool(self, cluster_id, nodepool_id, body):
        return self.http.put("/sks-cluster/%s/nodepool/%s" % (cluster_id, nodepool_id), json=body).json

    def scale_nodepool(self, cluster_id, nodepool_id, size):
        return self.http.put("/sks-cluster/%s/nodepool/%s:scale" % (cluster_id, nodepool_id), json={"size": size}).json

    def delete_nodepool(self, cluster_id, nodepool_id):
        return self._delete("/sks-cluster/%s/nodepool/%s" % (cluster_id, nodepool_id),
                            lambda: self.get_nodepool(cluster_id, nodepool_id))

    # instance types
    def list_instance_types(self):
        return self.http.get("/instance-type").json.get("instance-types") or []

    # operations
    def get_operation(self, operation_id):
        return self.http.get("/operation/%s" % operation_id).json

    def follow(self, operation, what, timeout=900):
        """Poll an Operation until it is success; WaitFailed with its reason and message otherwise."""
        if operation is None:
            return None
        return wait_for(lambda: self.get_operation(operation["id"]), operation_succeeded, failed=operation_failure, timeout=timeout,
                        what="%s (operation %s)" % (what, operation.get("id")), initial=operation,
                        describe=lambda value: value.get("state"), first_delay=OPERATION_FIRST_DELAY,
                        max_delay=OPERATION_MAX_DELAY, sleep=self.sleep, clock=self.clock)

    def wait_cluster(self, cluster, timeout=900, initial=None):
        """Poll the cluster until it is running; None when it disappeared."""
        ready, failed = status_waiter(lambda value: (value or {}).get("state"), CLUSTER_SETTLED, CLUSTER_FAILED,
                                      CLUSTER_TRANSIENT)
        kwargs = {"initial": initial} if initial is not None else {}
        return wait_for(lambda: self.get_cluster(cluster["id"]), ready, failed=_gone_or(failed), timeout=timeout,
                        what="SKS cluster '%s'" % cluster.get("name", cluster["id"]),
                        describe=lambda value: (value or {}).get("state"), sleep=self.sleep, clock=self.clock, **kwargs)

    def wait_nodepool(self, cluster_id, pool, timeout=900, initial=None):
        ready, failed = status_waiter(lambda value: (value or {}).get("state"), NODEPOOL_SETTLED, NODEPOOL_FAILED,
                                      NODEPOOL_TRANSIENT)
        kwargs = {"initial": initial} if initial is not None else {}
        return wait_for(lambda: self.get_nodepool(cluster_id, pool["id"]), ready, failed=_gone_or(failed),
                        timeout=timeout, what="SKS node pool '%s'" % pool.get("name", pool["id"]),
                        describe=lambda value: (value or {}).get("state"), sleep=self.sleep, clock=self.clock, **kwargs)

    def wait_gone(self, read, what, timeout=900):
        """Poll read() until it gives None: for a resource whose deletion another request started (409 busy)."""
        return wait_for(read, lambda value: value is None, timeout=timeout, what=what,
                        describe=lambda value: (value or {}).get("state"), sleep=self.sleep, clock=self.clock)


def _gone_or(failed):
    def check(value):
        if value is None:
            return "it was deleted while waiting"
        return failed(value)
    return check


def cluster_infos(client, cluster_id=None, name=None):
    """The clusters for the info module: one by id, the ones named name, or all; each as cluster_output."""
    if cluster_id:
        found = client.get_cluster(cluster_id)
        records = [found] if found else []
    else:
        records = [record for record in client.list_clusters() if name is None or record.get("name") == name]
    return [cluster_output(record, client.zone) for record in records]


def endpoint_for(endpoint, zone):
    """The API base URL: the endpoint option (a '{zone}' in it is filled in), else the zone's public endpoint."""
    template = endpoint or DEFAULT_ENDPOINT
    if "{zone}" in template:
        if not zone:
            raise ValueError("zone is required to build the SKS endpoint %s" % template)
        return template.replace("{zone}", zone)
    return template


def client_from_params(params, warn=None):
    """An SksClient from the module's options, the EXOSCALE_* environment variables or exoscale.toml."""
    resolved = resolve_sks(params)
    register_secret(resolved.get("api_secret"))
    http = HttpClient(endpoint_for(resolved.get("endpoint"), resolved.get("zone")),
                      auth=ExoscaleAuth(resolved["api_key"], resolved["api_secret"]),
                      validate_certs=params.get("validate_certs", True),
                      ca_path=resolved.get("ca_path") or params.get("ca_path"),
                      timeout=params.get("request_timeout") or 30)
    if warn is not None:
        for message in http.warnings:
            warn(message)
    return SksClient(http, zone=resolved.get("zone"))
