# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client of the Exoscale SKS API (v2): paths, the error parser, the client factory.

Every mutation answers an Operation (see model.py); adapters.py follows them. Results are the API's own JSON
(kebab-case).
"""

from __future__ import annotations

import base64
import binascii

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.exoscale import ExoscaleAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, ErrorParser, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import http_client_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import credentials
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.model import version_key


def _problem_entries(errors):
    """The RFC 9457 ``errors`` entries as text: objects give 'location: detail', strings stand as they are."""
    entries = []
    for entry in errors if isinstance(errors, list) else []:
        if isinstance(entry, dict):
            detail = entry.get("detail")
            if detail:
                entries.append("%s: %s" % (entry["location"], detail) if entry.get("location") else str(detail))
        elif isinstance(entry, str) and entry:
            entries.append(entry)
    return entries


def _read_exoscale_error(body):
    """(code, message, details) of an Exoscale error body, read as egoscale v3 does (``handleHTTPErrorResp``).

    The SKS paths answer ``{"message": ...}`` (``{"error": ...}`` stands in for it); the newer products of the same
    API answer RFC 9457 Problem Details (``type``, ``title``, ``detail``, ``errors``), where detail may be absent
    and errors are strings or objects with a JSONPath ``location``.
    """
    entries = _problem_entries(body.get("errors"))
    title, detail = body.get("title"), body.get("detail")
    if isinstance(title, str) and title or isinstance(detail, str) and detail or entries:
        lead = detail if isinstance(detail, str) and detail else title
        message = "; ".join(str(part) for part in [lead] + entries if part)
        return (title if isinstance(title, str) and title else None), message or None, entries or None
    for key in ("message", "error"):
        if isinstance(body.get(key), str) and body[key]:
            return None, body[key], None
    return None


# Exoscale answers {"message": ...} on the SKS paths, RFC 9457 Problem Details on newer ones (see above), with its
# request id in a header.
parse_error = ErrorParser(read_body=_read_exoscale_error, request_id_headers=("x-exoscale-request-id",))


class SksClient:
    """One method per SKS API call."""

    def __init__(self, http, zone=None):
        self.http = http
        self.zone = zone

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

    def rotate(self, cluster_id, action):
        """PUT /sks-cluster/{id}/<action> (rotate-ccm-credentials, rotate-operators-ca...): an operation."""
        # Not sent again after a lost answer (unlike a plain PUT): a second rotation is a second action.
        return self.http.put("/sks-cluster/%s/%s" % (cluster_id, action), idempotent=False).json

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
            raise ApiError(
                code="InvalidResponse", message="the kubeconfig the API returned is not base64 text"
            ) from None

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

    def evict_nodepool_members(self, cluster_id, nodepool_id, instance_ids):
        path = "/sks-cluster/%s/nodepool/%s:evict" % (cluster_id, nodepool_id)
        return self.http.put(path, json={"instances": sorted(instance_ids)}, idempotent=False).json

    def instance_pool_members(self, instance_pool_id):
        """The compute instances of an instance pool (a node pool's nodes): [{id, name, state, ...}]."""
        params = {"manager-id": instance_pool_id, "manager-type": "instance-pool"}
        return self.http.get("/instance", params=params).json.get("instances") or []

    def list_deploy_targets(self):
        return self.http.get("/deploy-target").json.get("deploy-targets") or []

    def delete_nodepool(self, cluster_id, nodepool_id):
        return self._delete(
            "/sks-cluster/%s/nodepool/%s" % (cluster_id, nodepool_id),
            lambda: self.get_nodepool(cluster_id, nodepool_id),
        )

    # instance types
    def list_instance_types(self):
        return self.http.get("/instance-type").json.get("instance-types") or []

    # operations
    def get_operation(self, operation_id):
        return self.http.get("/operation/%s" % operation_id).json


def endpoint_for(endpoint, zone):
    """The API base URL: the endpoint option (a '{zone}' in it is filled in), else the zone's public endpoint."""
    template = endpoint or credentials.SKS_ENDPOINT_PATTERN
    if "{zone}" in template:
        if not zone:
            raise InputError("zone is required to build the SKS endpoint %s" % template)
        return template.replace("{zone}", zone)
    return template


def client_from_params(params, warn=None):
    """An SksClient from the module's options, the EXOSCALE_* environment variables or exoscale.toml."""
    resolved = credentials.resolve(params)
    http = http_client_for(
        params,
        endpoint_for(resolved.get("endpoint"), resolved.get("zone")),
        ExoscaleAuth(resolved["api_key"], resolved["api_secret"]),
        error_parser=parse_error,
        ca_path=resolved.get("ca_path"),
        warn=warn,
    )
    return SksClient(http, zone=resolved.get("zone"))
