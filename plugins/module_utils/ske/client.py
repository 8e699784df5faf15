# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of the Samsung Cloud Platform Kubernetes Engine (SKE) API.

Paths, query and body fields are the vendor's (snake_case, like the options). Every request is signed by
auth.scp.ScpAuth, which also puts the query in the vendor SDK's canonical order, so the URL on the wire is the
URL that was signed. The API version (model.py) goes in the ``Scp-API-Version`` header.

The body of ``GET /v1/clusters/{id}/user-kubeconfig`` is not documented: kubeconfig_text() accepts the raw YAML,
a JSON document holding it (under one of WRAPPER_KEYS, possibly base64 encoded) and a kubeconfig written as JSON.
"""

from __future__ import annotations

import base64
import binascii
import json

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp import ScpAuth, go_path_escape
from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, ErrorParser, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import http_client_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks, credentials, model

LIST_PAGE_SIZE = 50
WRAPPER_KEYS = ("kubeconfig", "kube_config", "user_kubeconfig", "kubeconfig_yaml", "content", "data", "config", "value")


# --- the user-kubeconfig body ----------------------------------------------------------------------------


class _NotAKubeconfig(Exception):
    pass


def _checked_yaml(text):
    try:
        kubeconfig.parse(text, source="the body")
    except KubeconfigError as error:
        raise _NotAKubeconfig(str(error)) from None
    return text


def _from_string(text):
    """A kubeconfig in a string: YAML (or JSON) text, or the same text base64-encoded."""
    try:
        return _checked_yaml(text)
    except _NotAKubeconfig as first:
        compact = "".join(text.split())
        try:
            decoded = base64.b64decode(compact, validate=True).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise first from None
        return _checked_yaml(decoded)


def _looks_like_kubeconfig(data):
    return isinstance(data, dict) and (data.get("kind") == "Config" or "clusters" in data and "apiVersion" in data)


def _from_json(data, depth=0):
    if isinstance(data, str):
        return _from_string(data)
    if _looks_like_kubeconfig(data):
        return _checked_yaml(kubeconfig.dump(data))
    if isinstance(data, dict) and depth < 3:
        lowered = {str(key).lower(): value for key, value in data.items()}
        for key in WRAPPER_KEYS:
            if lowered.get(key) not in (None, "", {}):
                return _from_json(lowered[key], depth + 1)
        keys = ", ".join(sorted(str(key) for key in data)) or "none"
        raise _NotAKubeconfig(
            "a JSON object without a kubeconfig (keys: %s; expected one of %s)" % (keys, ", ".join(WRAPPER_KEYS))
        )
    raise _NotAKubeconfig("JSON %s, not a kubeconfig" % type(data).__name__)


def kubeconfig_text(body, content_type=None, what="the user kubeconfig"):
    """The kubeconfig YAML text from an answer body: raw YAML, or JSON holding it. KubeconfigError otherwise.

    The error names what was wrong (never the body itself, which may hold credentials).
    """
    if isinstance(body, (bytes, bytearray)):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            raise KubeconfigError("the SKE API returned a body that is not UTF-8 text for %s" % what) from None
    text = (body or "").lstrip("\ufeff")
    shown_type = " (Content-Type %s)" % content_type if content_type else ""
    if not text.strip():
        raise KubeconfigError("the SKE API returned an empty body%s for %s" % (shown_type, what))
    try:
        if text.strip()[0] in '{["':
            try:
                data = json.loads(text)
            except ValueError:
                return _checked_yaml(text)
            return _from_json(data)
        return _checked_yaml(text)
    except _NotAKubeconfig as error:
        raise KubeconfigError(
            "the SKE API returned an unusable answer%s for %s: %s" % (shown_type, what, error)
        ) from None


# --- the client ----------------------------------------------------------------------------------------------


class SkeClient:
    """One method per SKE call. http is an HttpClient whose auth is an ScpAuth."""

    def __init__(self, http, api_version=model.LATEST_API_VERSION):
        self.http = http
        self.api_version = checks.api_version_number(api_version)

    @staticmethod
    def _cluster_path(cluster_id, suffix=""):
        return "/v1/clusters/%s%s" % (go_path_escape(str(cluster_id)), suffix)

    def list_clusters(self, name=None, status=None, kubernetes_version=None, subnet_id=None, page_size=LIST_PAGE_SIZE):
        """Every cluster summary matching the filters, walking the pages (page numbers start at 0)."""
        filters = {"name": name, "status": status, "kubernetes_version": kubernetes_version, "subnet_id": subnet_id}
        filters = {key: value for key, value in filters.items() if value not in (None, "", [])}
        clusters, page = [], 0
        while True:
            answer = self.http.get("/v1/clusters", params=dict(filters, size=page_size, page=page)).json or {}
            batch = answer.get("clusters") or []
            clusters.extend(batch)
            total = answer.get("count")
            if not batch or len(batch) < page_size or (isinstance(total, int) and len(clusters) >= total):
                return clusters
            page += 1

    def clusters_named(self, name):
        """The summaries of the clusters whose name is exactly name (the API's name filter also matches parts)."""
        return [cluster for cluster in self.list_clusters(name=name) if cluster.get("name") == name]

    def get_cluster(self, cluster_id):
        """The cluster, or None when the API answers 404."""
        answer = self.http.get(self._cluster_path(cluster_id), allow_404=True)
        if answer.status == 404:
            return None
        body = answer.json or {}
        return body.get("cluster", body)

    def create_cluster(self, payload):
        """POST /v1/clusters; returns the new cluster's id."""
        answer = self.http.post("/v1/clusters", json=payload, expected=(200, 201, 202)).json or {}
        cluster_id = answer.get("resource_id") or answer.get("id")
        if not cluster_id:
            raise ApiError(
                status=202,
                code="UnexpectedAnswer",
                method="POST",
                url="/v1/clusters",
                message="the SKE API accepted the cluster but returned no resource_id",
            )
        return cluster_id

    def delete_cluster(self, cluster_id):
        """DELETE the cluster; False when it was already gone."""
        answer = self.http.delete(self._cluster_path(cluster_id), allow_404=True)
        return answer.status != 404

    def set_logging(self, cluster_id, enabled):
        self.http.put(self._cluster_path(cluster_id, "/logging"), json={"cloud_logging_enabled": bool(enabled)})

    def set_security_groups(self, cluster_id, security_group_ids):
        self.http.put(
            self._cluster_path(cluster_id, "/security-groups"),
            json={"security_group_id_list": list(security_group_ids)},
        )

    def upgrade_cluster(self, cluster_id, kubernetes_version):
        """PUT .../upgrade: the control plane to kubernetes_version (one minor version at a time)."""
        self.http.put(self._cluster_path(cluster_id, "/upgrade"), json={"kubernetes_version": kubernetes_version})

    def set_public_access_control(self, cluster_id, allowed):
        """PUT .../public-access-control: the addresses allowed to reach the public endpoint."""
        self.http.put(
            self._cluster_path(cluster_id, "/public-access-control"),
            json={"public_endpoint_access_control_ip": allowed},
        )

    def set_private_access_control(self, cluster_id, resources):
        """PUT .../private-access-control: the resources allowed to reach the private endpoint."""
        self.http.put(
            self._cluster_path(cluster_id, "/private-access-control"),
            json={"private_endpoint_access_control_resources": list(resources)},
        )

    def list_kubernetes_versions(self):
        """[{kubernetes_version, description}] of GET /v1/kubernetes-versions."""
        answer = self.http.get("/v1/kubernetes-versions").json or {}
        return list(answer.get("kubernetes_versions") or [])

    # --- node pools ----------------------------------------------------------------------------------------

    @staticmethod
    def _nodepool_path(nodepool_id, suffix=""):
        return "/v1/nodepools/%s%s" % (go_path_escape(str(nodepool_id)), suffix)

    def list_nodepools(self, cluster_id, name=None, page_size=LIST_PAGE_SIZE):
        """Every node pool summary of the cluster (name: the API's nodepool_name filter, which matches parts); None
        when the cluster does not exist (404)."""
        filters = {"nodepool_name": name} if name else {}
        pools, page = [], 0
        while True:
            answer = self.http.get(
                self._cluster_path(cluster_id, "/nodepools"),
                params=dict(filters, size=page_size, page=page),
                allow_404=True,
            )
            if answer.status == 404:
                return None
            body = answer.json or {}
            batch = body.get("nodepools") or []
            pools.extend(batch)
            total = body.get("count")
            if not batch or len(batch) < page_size or (isinstance(total, int) and len(pools) >= total):
                return pools
            page += 1

    def nodepools_named(self, cluster_id, name):
        """The summaries of the cluster's node pools whose name is exactly name; None when the cluster does not
        exist."""
        pools = self.list_nodepools(cluster_id, name=name)
        return None if pools is None else [pool for pool in pools if pool.get("name") == name]

    def get_nodepool(self, nodepool_id):
        """The node pool, or None when the API answers 404."""
        answer = self.http.get(self._nodepool_path(nodepool_id), allow_404=True)
        if answer.status == 404:
            return None
        body = answer.json or {}
        return body.get("nodepool", body)

    def create_nodepool(self, payload):
        """POST /v1/nodepools; returns the new pool (201 with the pool)."""
        answer = self.http.post("/v1/nodepools", json=payload, expected=(200, 201, 202)).json or {}
        pool = answer.get("nodepool") or {}
        pool_id = pool.get("id") or answer.get("resource_id")
        if not pool_id:
            raise ApiError(
                status=201,
                code="UnexpectedAnswer",
                method="POST",
                url="/v1/nodepools",
                message="the SKE API accepted the node pool but returned no id",
            )
        return dict(pool, id=pool_id)

    def update_nodepool(self, nodepool_id, payload):
        """PUT /v1/nodepools/{id}: node counts, auto scale, auto recovery."""
        self.http.put(self._nodepool_path(nodepool_id), json=payload)

    def upgrade_nodepool(self, nodepool_id):
        """PUT /v1/nodepools/{id}/upgrade (no body): the pool to its cluster's version."""
        self.http.put(self._nodepool_path(nodepool_id, "/upgrade"))

    def delete_nodepool(self, nodepool_id):
        """DELETE the node pool; False when it was already gone."""
        answer = self.http.delete(self._nodepool_path(nodepool_id), allow_404=True)
        return answer.status != 404

    def user_kubeconfig(self, cluster_id, kubeconfig_type):
        """The user kubeconfig text of a cluster (GET .../user-kubeconfig?kubeconfig_type=...)."""
        checks.check_kubeconfig_type(kubeconfig_type)
        try:
            answer = self.http.get(
                self._cluster_path(cluster_id, "/user-kubeconfig"), params={"kubeconfig_type": kubeconfig_type}
            )
        except ApiError as error:
            raise self._kubeconfig_error(error, cluster_id, kubeconfig_type) from None
        what = "the %s user kubeconfig of cluster %s" % (kubeconfig_type, cluster_id)
        return kubeconfig_text(answer.body, answer.headers.get("Content-Type"), what=what)

    def _kubeconfig_error(self, error, cluster_id, kubeconfig_type):
        explanations = {
            400: "SKE refused to give the %s kubeconfig of cluster %s: check that the cluster exists and is RUNNING and "
            "that it offers a %s kubeconfig (a public kubeconfig needs the cluster's public endpoint)"
            % (kubeconfig_type, cluster_id, kubeconfig_type),
            403: "no permission to download the kubeconfig of cluster %s: the access key's user needs the right to "
            "read this cluster's user kubeconfig" % cluster_id,
            404: "no such cluster: %s (or the endpoint does not serve user-kubeconfig for Scp-API-Version ske %s)"
            % (cluster_id, self.api_version),
        }
        if error.status not in explanations:
            return error
        message = "%s. The API said: %s" % (explanations[error.status], error.message)
        return ApiError(
            status=error.status,
            code=error.code,
            message=message,
            request_id=error.request_id,
            method=error.method,
            url=error.url,
            details=error.details,
        )


AUTH_HINT = (
    "check access_key, secret_key and account_id, and this machine's clock: Samsung Cloud Platform refuses "
    "a Scp-Timestamp more than 15 minutes away from its own time"
)


def _texts(value):
    """The strings of a detail: a string, or a list of them (anything else as its text)."""
    if value in (None, "", []):
        return []
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value if isinstance(value, str) else str(value)]


def _read_samsung_body(body):
    """(code, message, errors) of {"errors": [{"code", "title", "detail"}, ...]}.

    As the vendor's Terraform provider reads it (GetDetailFromError): every error counts, a detail may be a list of
    strings, and the details are joined with ", ". An error without a detail gives its message or title instead.
    """
    errors = body.get("errors")
    if not isinstance(errors, list) or not errors:
        return None
    items = [item if isinstance(item, dict) else {"detail": item} for item in errors]
    texts = []
    for item in items:
        found = _texts(item.get("detail")) or _texts(item.get("message")) or _texts(item.get("title"))
        texts.extend(found)
    code = next(
        (item.get("code") or item.get("title") for item in items if item.get("code") or item.get("title")), None
    )
    return code, ", ".join(texts) or None, errors


def _with_auth_hint(error):
    """What to check, added to authentication failures."""
    if error.status != 401:
        return error
    return ApiError(
        status=error.status,
        code=error.code,
        message="%s (%s)" % (error.message, AUTH_HINT),
        request_id=error.request_id,
        method=error.method,
        url=error.url,
        details=error.details,
    )


# SKE answers {"errors": [{"code", "title", "detail"}]} (the SDK's ErrorResponse).
parse_error = ErrorParser(
    read_body=_read_samsung_body, request_id_headers=("x-scp-request-id",), adjust=_with_auth_hint
)


# --- the endpoint catalog ------------------------------------------------------------------------------------

SERVICE_TYPE = "scp-ske"


def choose_endpoint(endpoints, region, service_type=SERVICE_TYPE):
    """(url, region, note) of the catalog entry the vendor's Go SDK would pick (Catalog.GetEndpoint).

    The entries of the service type; one is taken as it is; of several, those of region (the default region),
    or all of them when none is in that region; the first by URL. note says when no entry is in region.
    None when the catalog has no entry of the service type.
    """
    candidates = [
        item for item in endpoints or [] if isinstance(item, dict) and item.get("service_type") == service_type
    ]
    if not candidates:
        return None
    note = None
    if len(candidates) > 1:
        in_region = [item for item in candidates if region and item.get("region") == region]
        if not in_region:
            note = "the endpoint catalog has %s in %s but not in %s" % (
                service_type,
                ", ".join(sorted({str(item.get("region")) for item in candidates})),
                region or "a default region (none is set)",
            )
        candidates = sorted(in_region or candidates, key=lambda item: str(item.get("url") or ""))
    chosen = candidates[0]
    return str(chosen.get("url") or "").rstrip("/"), chosen.get("region"), note


def discover_endpoint(params, resolved, warn=None):
    """(url, region) of SKE from ``GET {auth_url}/endpoints``, signed like every call but without Scp-API-Version
    and without the auth token (the vendor's SDK, client/catalog.go); region picks among several (default-region)."""
    auth_url = resolved["auth_url"]
    auth = ScpAuth(
        resolved["access_key"], resolved["secret_key"], account_id=resolved.get("account_id") or "", api_version=None
    )
    http = http_client_for(params, auth_url, auth, error_parser=parse_error, ca_path=resolved.get("ca_path"), warn=warn)
    answer = http.get("/endpoints").json
    endpoints = answer.get("endpoints") if isinstance(answer, dict) else None
    found = choose_endpoint(endpoints, resolved.get("region"))
    if found is None or not found[0]:
        raise CredentialsError(
            "the endpoint catalog %s/endpoints lists no %s endpoint: set the option endpoint (or SCP_ENDPOINT, "
            "SCP_TF_ENDPOINT_OVERRIDE, or endpoint-override in ~/.scpconf/config.json)" % (auth_url, SERVICE_TYPE),
            options=("endpoint",),
        )
    url, region, note = found
    if note and warn is not None:
        warn("%s; using %s. Set default-region (or SCP_TF_DEFAULT_REGION) or the option endpoint." % (note, url))
    return url, region


def client_from_params(params, warn=None):
    """An SkeClient for the module's params: credentials, endpoint (given, or found in the IAM endpoint catalog),
    TLS options, API version."""
    resolved = credentials.resolve(params)
    try:
        number = checks.api_version_number(resolved.get("api_version") or model.LATEST_API_VERSION)
    except InputError as error:
        raise CredentialsError(str(error)) from None
    endpoint, region = resolved["endpoint"], None
    if not endpoint:
        endpoint, region = discover_endpoint(params, resolved, warn=warn)
    auth = ScpAuth(
        resolved["access_key"],
        resolved["secret_key"],
        account_id=resolved.get("account_id") or "",
        auth_token=resolved.get("auth_token"),
        api_version=model.API_VERSION_PREFIX + number,
    )
    http = http_client_for(params, endpoint, auth, error_parser=parse_error, ca_path=resolved.get("ca_path"), warn=warn)
    deprecated = checks.deprecation_warning(number)
    if warn is not None and deprecated:
        warn(deprecated)
    client = SkeClient(http, number)
    client.endpoint = endpoint
    client.region = region
    return client
