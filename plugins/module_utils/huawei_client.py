# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of Huawei Cloud HSS's multi-cloud cluster registry (container security).

HSS is a regional, project-scoped service: ``https://hss.{region}.myhuaweicloud.com/v5/{project_id}/...``.
Under ``container/kubernetes/multi-cloud/``:

- ``POST clusters`` registers a cluster (body field ``kube_config``) and answers ``{cluster_id}``;
- ``GET clusters?enterprise_project_id&cluster_id&offset&limit`` (limit 10 to 200) answers
  ``{total_num, data_list}``; an entry has cluster_id, cluster_name, provider, server, image_repo, status,
  version (of the anp-agent), current_expiration_date, certificate_expiration_date, never the kubeconfig;
- ``PUT clusters/{cluster_id}`` takes ``{current_expiration_date, upgrade, kubeconfig}`` (``kubeconfig``, not
  ``kube_config`` as in the create body);
- ``DELETE clusters/{cluster_id}``; ``POST clusters/status-synchronize`` ``{total_num, data_list: [{cluster_id}]}``.

Dates are milliseconds since the epoch. Errors are ``{error_code, error_msg}`` with ``X-Request-Id``.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from urllib.parse import quote, urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils import credentials
from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import HuaweiAuth, HuaweiTokenAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret

PROVIDERS = ("ali", "tencent", "azure", "aws", "self_built_hw", "self_built_idc")
IMAGE_REPO_TYPES = ("harbor", "quay", "jfrog", "other")
IMAGE_ARCHS = ("x86", "arm")
DNS_POLICIES = ("default", "clusterfirst", "clusterfirstwithhostnet", "none")

STATUSES = ("not_connect", "connect_success", "connect_fail", "connect_disruption")
CONNECTED = "connect_success"
CONNECTION_FAILED = "connect_fail"
CONNECTING = ("not_connect", "connect_disruption")

ALL_ENTERPRISE_PROJECTS = "all_granted_eps"
LIST_LIMIT_RANGE = (10, 200)
LIST_LIMIT = 200
NAME_LENGTH = (1, 64)
TEXT_LENGTH = 256
DNS_SERVERS_MAX = 3

CLUSTERS_PATH = "/v5/%s/container/kubernetes/multi-cloud/clusters"
JSON_CONTENT_TYPE = {"Content-Type": "application/json;charset=UTF-8"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LATEST_MS = 253402300799999  # 9999-12-31T23:59:59.999Z


# --- input checks (the modules call these before any API call) ----------------------------------------------

def check_name(value, option="name"):
    low, high = NAME_LENGTH
    text = "" if value is None else str(value)
    if not low <= len(text) <= high or _CONTROL.search(text) or text != text.strip():
        raise ValueError("%s: %r is not a valid cluster name: %d to %d characters, no control characters and no "
                         "leading or trailing spaces" % (option, value, low, high))
    return text


def check_text(value, option, length=TEXT_LENGTH, spaces=False):
    """A free-form value the API stores as it is: at most length characters, no control characters."""
    text = str(value)
    if not text or len(text) > length or _CONTROL.search(text) or (not spaces and re.search(r"\s", text)):
        rule = "no control characters" if spaces else "no spaces or control characters"
        raise ValueError("%s: %r is not valid: 1 to %d characters, %s" % (option, value, length, rule))
    return text


def check_server(value, option="server"):
    """An API server URL such as https://203.0.113.10:6443."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname or re.search(r"\s", text):
        raise ValueError("%s: %r is not an API server URL; write it like https://203.0.113.10:6443 or "
                         "https://k8s.example.com" % (option, value))
    if port is not None and not 1 <= port <= 65535:
        raise ValueError("%s: the port of %r is out of range (1 to 65535)" % (option, value))
    return text


def check_dns_config(value, option="dns_config"):
    """One to three IP addresses separated by semicolons, returned in the API's form ('a;b')."""
    items = [item.strip() for item in str(value or "").split(";")]
    items = [item for item in items if item]
    if not items:
        raise ValueError("%s: give one to %d DNS server IP addresses separated by semicolons, such as "
                         "10.0.0.10;10.0.0.11" % (option, DNS_SERVERS_MAX))
    for item in items:
        try:
            ipaddress.ip_address(item)
        except ValueError:
            raise ValueError("%s: %r is not an IP address; give one to %d IP addresses separated by semicolons, such "
                             "as 10.0.0.10;10.0.0.11" % (option, item, DNS_SERVERS_MAX)) from None
    if len(items) > DNS_SERVERS_MAX:
        raise ValueError("%s: %d DNS servers given; Kubernetes accepts at most %d" % (option, len(items), DNS_SERVERS_MAX))
    return ";".join(items)


def check_enterprise_project_id(value, option="enterprise_project_id", allow_all=False):
    text = check_text(value, option)
    if text == ALL_ENTERPRISE_PROJECTS and not allow_all:
        raise ValueError("%s: %s only selects clusters to list; give the id of one enterprise project (0 is the "
                         "default project)" % (option, ALL_ENTERPRISE_PROJECTS))
    return text


def check_list_limit(value, option="page_size"):
    low, high = LIST_LIMIT_RANGE
    if not isinstance(value, int) or not low <= value <= high:
        raise ValueError("%s: %r is out of range; the HSS list API takes %d to %d" % (option, value, low, high))
    return value


def to_millis(value, option):
    """Milliseconds since the epoch from an integer (milliseconds), a string of digits, or an ISO 8601 date.

    A date without a time means midnight UTC; a time without an offset is UTC.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("%s: %r is not a date" % (option, value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        moment = value
    elif isinstance(value, (int, float)) or re.match(r"^\s*\d+\s*$", str(value)):
        millis = int(value)
        if not 0 < millis <= _LATEST_MS:
            raise ValueError("%s: %r is out of range for milliseconds since 1970-01-01" % (option, value))
        return millis
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError("%s: %r is not a date; give milliseconds since 1970-01-01 UTC (such as 1814079596667) or "
                             "an ISO 8601 date (such as 2027-06-30 or 2027-06-30T12:00:00Z)" % (option, value)) from None
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


def millis_to_iso(value):
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    moment = datetime.datetime.fromtimestamp(value / 1000.0, datetime.timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")


# --- payloads ------------------------------------------------------------------------------------------------

# option name -> create body field (the same names, except the kubeconfig)
CREATE_FIELDS = (
    ("name", "name"), ("provider", "provider"), ("server", "server"), ("image_repo", "image_repo"),
    ("image_repo_username", "image_repo_username"), ("image_repo_password", "image_repo_password"),
    ("organization", "organization"), ("image_repo_type", "image_repo_type"),
    ("current_expiration_date", "current_expiration_date"), ("certificate_expiration_date", "certificate_expiration_date"),
    ("image_arch", "image_arch"), ("anp_proxy", "anp_proxy"), ("hostguard_proxy", "hostguard_proxy"),
    ("container_name", "container_name"), ("dns_policy", "dns_policy"), ("dns_config", "dns_config"),
)


def create_payload(options, kubeconfig_text):
    """The POST body: the options that are set, under the API's names, and the kubeconfig as kube_config."""
    body = {field: options[option] for option, field in CREATE_FIELDS if options.get(option) not in (None, "")}
    body["kube_config"] = kubeconfig_text
    return body


def update_payload(kubeconfig_text=None, current_expiration_date=None, upgrade=None):
    """The PUT body; its kubeconfig field is named kubeconfig."""
    body = {}
    if current_expiration_date is not None:
        body["current_expiration_date"] = current_expiration_date
    if upgrade is not None:
        body["upgrade"] = bool(upgrade)
    if kubeconfig_text is not None:
        body["kubeconfig"] = kubeconfig_text
    return body


INFO_FIELDS = ("cluster_id", "provider", "server", "image_repo", "status", "version", "current_expiration_date",
               "certificate_expiration_date")


def cluster_info(entry):
    """A data_list entry in option names (cluster_name -> name), with the dates also in ISO 8601."""
    info = {"name": entry.get("cluster_name")}
    info.update({key: entry.get(key) for key in INFO_FIELDS})
    for key in ("current_expiration_date", "certificate_expiration_date"):
        info[key.replace("_date", "_time")] = millis_to_iso(entry.get(key))
    return info


# --- the client ----------------------------------------------------------------------------------------------

class HuaweiClient:
    """One method per call of the registry. http is an HttpClient whose auth is HuaweiAuth or HuaweiTokenAuth."""

    def __init__(self, http, project_id, enterprise_project_id=None):
        self.http = http
        self.project_id = project_id
        self.enterprise_project_id = enterprise_project_id

    def _path(self, suffix=""):
        return CLUSTERS_PATH % quote(str(self.project_id), safe="") + suffix

    def _query(self, enterprise_project_id=None, **extra):
        query = {}
        project = enterprise_project_id or self.enterprise_project_id
        if project:
            query["enterprise_project_id"] = project
        query.update({key: value for key, value in extra.items() if value is not None})
        return query

    def list_page(self, offset=0, limit=LIST_LIMIT, cluster_id=None, enterprise_project_id=None):
        """One page: (entries, total_num)."""
        answer = self.http.get(self._path(), params=self._query(enterprise_project_id, cluster_id=cluster_id,
                                                                offset=offset, limit=limit)).json or {}
        entries = answer.get("data_list") or []
        total = answer.get("total_num")
        return entries, total if isinstance(total, int) else None

    def list_clusters(self, cluster_id=None, enterprise_project_id=None, limit=LIST_LIMIT):
        """Every registered cluster (every page), optionally only the one with cluster_id."""
        clusters, offset = [], 0
        while True:
            entries, total = self.list_page(offset, limit, cluster_id, enterprise_project_id)
            clusters.extend(entries)
            offset += len(entries)
            if not entries or len(entries) < limit or (total is not None and len(clusters) >= total):
                return clusters

    def clusters_named(self, name, enterprise_project_id=None):
        """The entries whose cluster_name is exactly name: the list API has no name filter, so every page is read."""
        return [entry for entry in self.list_clusters(enterprise_project_id=enterprise_project_id)
                if entry.get("cluster_name") == name]

    def get_cluster(self, cluster_id):
        """The data_list entry of cluster_id, or None when it is not registered."""
        entries, _total = self.list_page(0, LIST_LIMIT_RANGE[0], cluster_id=cluster_id)
        return next((entry for entry in entries if entry.get("cluster_id") == cluster_id), None)

    def create_cluster(self, payload):
        """POST clusters; returns the new cluster_id."""
        answer = self.http.post(self._path(), params=self._query(), json=payload, headers=JSON_CONTENT_TYPE).json or {}
        cluster_id = answer.get("cluster_id")
        if not cluster_id:
            raise ApiError(status=200, code="UnexpectedAnswer", method="POST", url=self._path(),
                           message="HSS accepted the cluster registration but returned no cluster_id")
        return cluster_id

    def update_cluster(self, cluster_id, payload):
        self.http.put(self._path("/%s" % quote(str(cluster_id), safe="")), params=self._query(), json=payload,
                      headers=JSON_CONTENT_TYPE)

    def delete_cluster(self, cluster_id):
        """DELETE the registration; False when it was already gone."""
        answer = self.http.delete(self._path("/%s" % quote(str(cluster_id), safe="")), params=self._query(),
                                  allow_404=True)
        return answer.status != 404

    def synchronize_status(self, cluster_ids):
        """Ask HSS to refresh the connection status of these clusters."""
        body = {"total_num": len(cluster_ids), "data_list": [{"cluster_id": item} for item in cluster_ids]}
        self.http.post(self._path("/status-synchronize"), params=self._query(), json=body, headers=JSON_CONTENT_TYPE,
                       idempotent=True)


def client_from_params(params, warn=None):
    """A HuaweiClient for the module's params: credentials, project, endpoint, TLS options."""
    resolved = credentials.resolve_huawei(params)
    for secret in (resolved.get("secret_key"), resolved.get("security_token"), resolved.get("auth_token")):
        register_secret(secret)
    if resolved.get("auth_method") == "token":
        auth = HuaweiTokenAuth(resolved["auth_token"], resolved["project_id"])
    else:
        auth = HuaweiAuth(resolved["access_key"], resolved["secret_key"], project_id=resolved["project_id"],
                          security_token=resolved.get("security_token"))
    http = HttpClient(resolved["endpoint"], auth=auth, validate_certs=params.get("validate_certs", True),
                      ca_path=resolved.get("ca_path") or params.get("ca_path"),
                      timeout=params.get("request_timeout") or 30)
    if warn is not None:
        for message in http.warnings:
            warn(message)
    client = HuaweiClient(http, resolved["project_id"], params.get("enterprise_project_id"))
    client.endpoint = resolved["endpoint"]
    return client
