# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of the Samsung Cloud Platform Kubernetes Engine (SKE) API.

Paths, query and body fields are the vendor's (snake_case, like the options). Every request is signed by
auth.scp.ScpAuth, which also puts the query in the vendor SDK's canonical order, so the URL on the wire is the
URL that was signed. API versions are sent as ``Scp-API-Version: ske 1.x``; each has a "not before" date after
which the vendor stops supporting it (deprecation_warning).

The body of ``GET /v1/clusters/{id}/user-kubeconfig`` is not documented: kubeconfig_text() accepts the raw YAML,
a JSON document holding it (under one of WRAPPER_KEYS, possibly base64 encoded) and a kubeconfig written as JSON.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re

from ansible_collections.managedk8s.clusters.plugins.module_utils import credentials, kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp import ScpAuth, go_path_escape
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError, parse_error
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret

API_VERSION_PREFIX = "ske "
# "not before" dates from the vendor's API reference: the version is unsupported from that day on.
API_VERSION_NOT_BEFORE = {
    "1.0": datetime.date(2025, 12, 31),
    "1.1": datetime.date(2026, 9, 19),
    "1.2": datetime.date(2026, 10, 14),
    "1.3": None,
}
API_VERSIONS = tuple(API_VERSION_NOT_BEFORE)
LATEST_API_VERSION = "1.3"
KUBECONFIG_API_VERSIONS = ("1.1", "1.2", "1.3")
KUBECONFIG_TYPES = ("private", "public")

CLUSTER_STATUSES = ("CREATING", "RUNNING", "UPDATING", "DELETING")
CLUSTER_SETTLED = ("RUNNING",)
CLUSTER_TRANSIENT = ("CREATING", "UPDATING")

CLUSTER_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")
CLUSTER_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
CLUSTER_NAME_LENGTH = (3, 30)
NAME_FILTER_PATTERN = re.compile(r"^[a-z0-9-]+$")
KUBERNETES_VERSION_PATTERN = re.compile(r"^v[0-9]\.[0-9]{1,2}\.[0-9]{1,2}$")
LIST_PAGE_SIZE = 50
WRAPPER_KEYS = ("kubeconfig", "kube_config", "user_kubeconfig", "kubeconfig_yaml", "content", "data", "config", "value")


# --- API versions ------------------------------------------------------------------------------------------

def api_version_number(value):
    """'1.3' for 'ske 1.3', 'SKE 1.3', '1.3' or 'v1.3'; ValueError naming the option and the allowed values."""
    text = str(value or "").strip().lower()
    if text.startswith(API_VERSION_PREFIX):
        text = text[len(API_VERSION_PREFIX):].strip()
    if text.startswith("v"):
        text = text[1:]
    if text not in API_VERSION_NOT_BEFORE:
        raise ValueError("api_version: %r is not an SKE API version; use one of %s (default ske %s)"
                         % (value, ", ".join("ske " + item for item in API_VERSIONS), LATEST_API_VERSION))
    return text


def api_version_header(value):
    return API_VERSION_PREFIX + api_version_number(value)


def deprecation_warning(value, today=None):
    """The warning to show when the API version is past its "not before" date, else None."""
    number = api_version_number(value)
    not_before = API_VERSION_NOT_BEFORE[number]
    today = today or datetime.date.today()
    if not_before is None or today < not_before:
        return None
    return ("api_version: ske %s is deprecated; its \"not before\" date %s has passed and Samsung Cloud Platform "
            "may no longer serve it: use ske %s" % (number, not_before.isoformat(), LATEST_API_VERSION))


def check_kubeconfig_api_version(value):
    number = api_version_number(value)
    if number not in KUBECONFIG_API_VERSIONS:
        raise ValueError("api_version: ske %s has no user-kubeconfig endpoint; use one of %s (default ske %s)"
                         % (number, ", ".join("ske " + item for item in KUBECONFIG_API_VERSIONS), LATEST_API_VERSION))
    return number


# --- input checks (the modules call these before any API call) ----------------------------------------------

def check_cluster_id(value, option="cluster_id"):
    if not CLUSTER_ID_PATTERN.match(str(value)):
        raise ValueError("%s: %r is not an SKE cluster id (32 lowercase hexadecimal digits, "
                         "such as 70a599e031e749b7b260868f441e862b)" % (option, value))
    return value


def check_cluster_name(value, option="name"):
    low, high = CLUSTER_NAME_LENGTH
    text = str(value)
    if not low <= len(text) <= high or not CLUSTER_NAME_PATTERN.match(text):
        raise ValueError("%s: %r is not a valid SKE cluster name: %d to %d characters, lowercase letters, digits and "
                         "'-', starting with a letter and ending with a letter or digit" % (option, value, low, high))
    return text


def check_name_filter(value, option="name"):
    """The list API's name filter accepts lowercase letters, digits and '-'."""
    if not NAME_FILTER_PATTERN.match(str(value)):
        raise ValueError("%s: %r can match no SKE cluster; names have only lowercase letters, digits and '-'" % (option, value))
    return value


def check_kubernetes_version(value, option="kubernetes_version"):
    if not KUBERNETES_VERSION_PATTERN.match(str(value)):
        raise ValueError("%s: %r is not an SKE Kubernetes version; write it like v1.31.8" % (option, value))
    return value


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
        raise _NotAKubeconfig("a JSON object without a kubeconfig (keys: %s; expected one of %s)" % (keys, ", ".join(WRAPPER_KEYS)))
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
        if text.strip()[0] in "{[\"":
            try:
                data = json.loads(text)
            except ValueError:
                return _checked_yaml(text)
            return _from_json(data)
        return _checked_yaml(text)
    except _NotAKubeconfig as error:
        raise KubeconfigError("the SKE API returned an unusable answer%s for %s: %s" % (shown_type, what, error)) from None


# --- payloads ------------------------------------------------------------------------------------------------

def tags_payload(tags):
    """The API's [{key, value}] from a dict (or a list already in that shape)."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return [{"key": str(key), "value": "" if value is None else str(value)} for key, value in sorted(tags.items())]
    return [{"key": str(item["key"]), "value": str(item.get("value", ""))} for item in tags]


CREATE_FIELDS = ("name", "kubernetes_version", "vpc_id", "subnet_id", "volume_id", "security_group_id_list",
                 "cloud_logging_enabled", "service_watch_logging_enabled", "public_endpoint_access_control_ip")


def create_payload(desired, tags=None):
    body = {key: desired[key] for key in CREATE_FIELDS if desired.get(key) is not None}
    body.setdefault("cloud_logging_enabled", False)
    body.setdefault("service_watch_logging_enabled", False)
    if tags:
        body["tags"] = tags_payload(tags)
    return body


def _resource_id(value):
    return value.get("id") if isinstance(value, dict) else value


def cluster_state(cluster):
    """A cluster (show answer, or list summary) in option names."""
    groups = cluster.get("security_group_list")
    state = {
        "id": cluster.get("id"),
        "name": cluster.get("name"),
        "status": cluster.get("status"),
        "kubernetes_version": cluster.get("kubernetes_version"),
        "vpc_id": _resource_id(cluster.get("vpc")),
        "subnet_id": _resource_id(cluster.get("subnet")) or cluster.get("subnet_id"),
        "volume_id": _resource_id(cluster.get("volume")),
        "security_group_id_list": [_resource_id(item) for item in groups] if groups is not None else None,
        "cloud_logging_enabled": cluster.get("cloud_logging_enabled"),
        "service_watch_logging_enabled": cluster.get("service_watch_logging_enabled"),
        "public_endpoint_access_control_ip": cluster.get("public_endpoint_access_control_ip"),
    }
    return {key: value for key, value in state.items() if value is not None}


INFO_FIELDS = ("account_id", "cluster_namespace", "created_at", "created_by", "modified_at", "modified_by", "node_count",
               "max_node_count", "private_endpoint_url", "public_endpoint_url", "private_kubeconfig_download_yn",
               "public_kubeconfig_download_yn")


def cluster_info(cluster):
    """What the modules return about a cluster: cluster_state() plus the read-only facts."""
    info = cluster_state(cluster)
    info.update({key: cluster[key] for key in INFO_FIELDS if key in cluster})
    return info


# --- the client ----------------------------------------------------------------------------------------------

class SkeClient:
    """One method per SKE call. http is an HttpClient whose auth is an ScpAuth."""

    def __init__(self, http, api_version=LATEST_API_VERSION):
        self.http = http
        self.api_version = api_version_number(api_version)

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
            raise ApiError(status=202, code="UnexpectedAnswer", method="POST", url="/v1/clusters",
                           message="the SKE API accepted the cluster but returned no resource_id")
        return cluster_id

    def delete_cluster(self, cluster_id):
        """DELETE the cluster; False when it was already gone."""
        answer = self.http.delete(self._cluster_path(cluster_id), allow_404=True)
        return answer.status != 404

    def set_logging(self, cluster_id, enabled):
        self.http.put(self._cluster_path(cluster_id, "/logging"), json={"cloud_logging_enabled": bool(enabled)})

    def set_security_groups(self, cluster_id, security_group_ids):
        self.http.put(self._cluster_path(cluster_id, "/security-groups"),
                      json={"security_group_id_list": list(security_group_ids)})

    def user_kubeconfig(self, cluster_id, kubeconfig_type):
        """The user kubeconfig text of a cluster (GET .../user-kubeconfig?kubeconfig_type=...)."""
        if kubeconfig_type not in KUBECONFIG_TYPES:
            raise ValueError("kubeconfig_type: %r is not one of %s" % (kubeconfig_type, ", ".join(KUBECONFIG_TYPES)))
        try:
            answer = self.http.get(self._cluster_path(cluster_id, "/user-kubeconfig"),
                                   params={"kubeconfig_type": kubeconfig_type})
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
        return ApiError(status=error.status, code=error.code, message=message, request_id=error.request_id,
                        method=error.method, url=error.url, details=error.details)


AUTH_HINT = ("check access_key, secret_key and account_id, and this machine's clock: Samsung Cloud Platform refuses "
             "a Scp-Timestamp more than 15 minutes away from its own time")


def parse_ske_error(status, headers=None, body=None, method=None, url=None):
    """parse_error, with what to check added to authentication failures."""
    error = parse_error(status, headers, body, method, url)
    if status == 401:
        error = ApiError(status=error.status, code=error.code, message="%s (%s)" % (error.message, AUTH_HINT),
                         request_id=error.request_id, method=error.method, url=error.url, details=error.details)
    return error


def client_from_params(params, warn=None):
    """An SkeClient for the module's params: credentials, endpoint, TLS options, API version."""
    resolved = credentials.resolve_ske(params)
    try:
        number = api_version_number(resolved.get("api_version") or LATEST_API_VERSION)
    except ValueError as error:
        raise credentials.CredentialsError(str(error)) from None
    for secret in (resolved.get("secret_key"), resolved.get("auth_token")):
        register_secret(secret)
    auth = ScpAuth(resolved["access_key"], resolved["secret_key"], account_id=resolved.get("account_id") or "",
                   auth_token=resolved.get("auth_token"), api_version=API_VERSION_PREFIX + number)
    http = HttpClient(resolved["endpoint"], auth=auth, validate_certs=params.get("validate_certs", True),
                      ca_path=resolved.get("ca_path") or params.get("ca_path"),
                      timeout=params.get("request_timeout") or 30, error_parser=parse_ske_error)
    if warn is not None:
        for message in http.warnings + [deprecation_warning(number)]:
            if message:
                warn(message)
    client = SkeClient(http, number)
    client.endpoint = resolved["endpoint"]
    return client
