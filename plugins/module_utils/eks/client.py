# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Amazon EKS API (version 2017-11-01, rest-json) as typed calls: paths, bodies, answers.

No Ansible import here. Every call returns the API's own JSON objects (camelCase); the mapping to module
options lives in model.py.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.sigv4 import SigV4Auth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, ErrorParser
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import http_client_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import credentials

SERVICE = "eks"
NOT_FOUND = "ResourceNotFoundException"
TAGS_NOT_FOUND = "NotFoundException"

LIST_PAGE_SIZE = 100


def new_token():
    """A clientRequestToken: one per logical write, reused by every retry of that write."""
    return str(uuid.uuid4())


def _segment(value):
    """One path segment, every reserved character escaped (an ARN's ':' and '/' included)."""
    return quote(str(value), safe="")


def is_not_found(error):
    return isinstance(error, ApiError) and error.status == 404 and error.code in (NOT_FOUND, TAGS_NOT_FOUND)


class EksClient:
    """One method per EKS API call used by the collection."""

    def __init__(self, http, region, profile=None, credentials=None):
        self.http = http
        self.region = region
        self.profile = profile
        self._credentials = credentials or {}

    @property
    def signing_credentials(self):
        """(access_key, secret_key, session_token): for the kubeconfig token, never returned or logged."""
        return (
            self._credentials.get("access_key"),
            self._credentials.get("secret_key"),
            self._credentials.get("session_token"),
        )

    # --- clusters -------------------------------------------------------------------------------------------

    def describe_cluster(self, name):
        """The cluster named name, or None when EKS answers ResourceNotFoundException."""
        try:
            return self.http.get("/clusters/%s" % _segment(name)).json["cluster"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def list_cluster_names(self, page_size=LIST_PAGE_SIZE):
        """Every cluster name of the region, following nextToken."""
        names, token = [], None
        while True:
            params = {"maxResults": page_size}
            if token:
                params["nextToken"] = token
            answer = self.http.get("/clusters", params=params).json or {}
            names.extend(answer.get("clusters") or [])
            token = answer.get("nextToken")
            if not token:
                return names

    def create_cluster(self, payload):
        """POST /clusters; payload carries its clientRequestToken, so every retry is the same request."""
        return self.http.post("/clusters", json=payload, idempotent=True).json["cluster"]

    def delete_cluster(self, name):
        return self.http.delete("/clusters/%s" % _segment(name)).json.get("cluster")

    def update_cluster_config(self, name, payload):
        """POST update-config; returns the update (None from APIs that answer without one, such as moto)."""
        body = dict(payload, clientRequestToken=new_token())
        answer = self.http.post("/clusters/%s/update-config" % _segment(name), json=body, idempotent=True).json or {}
        return answer.get("update")

    def associate_encryption_config(self, name, configs):
        """POST encryption-config/associate (once per cluster); returns the AssociateEncryptionConfig update."""
        body = {"encryptionConfig": configs, "clientRequestToken": new_token()}
        path = "/clusters/%s/encryption-config/associate" % _segment(name)
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")

    def update_cluster_version(self, name, version):
        body = {"version": version, "clientRequestToken": new_token()}
        answer = self.http.post("/clusters/%s/updates" % _segment(name), json=body, idempotent=True).json or {}
        return answer.get("update")

    def describe_update(self, name, update_id, nodegroup=None, addon=None):
        params = {"nodegroupName": nodegroup} if nodegroup else {"addonName": addon} if addon else None
        path = "/clusters/%s/updates/%s" % (_segment(name), _segment(update_id))
        return self.http.get(path, params=params).json["update"]

    # --- tags -----------------------------------------------------------------------------------------------

    def list_tags(self, arn):
        return (self.http.get("/tags/%s" % _segment(arn)).json or {}).get("tags") or {}

    def tag_resource(self, arn, tags):
        self.http.post("/tags/%s" % _segment(arn), json={"tags": dict(tags)}, idempotent=True)

    def untag_resource(self, arn, keys):
        self.http.delete("/tags/%s" % _segment(arn), params=[("tagKeys", key) for key in sorted(keys)])

    # --- node groups ----------------------------------------------------------------------------------------

    def _nodegroup_path(self, cluster, nodegroup=None, suffix=""):
        path = "/clusters/%s/node-groups" % _segment(cluster)
        if nodegroup is not None:
            path += "/%s" % _segment(nodegroup)
        return path + suffix

    def describe_nodegroup(self, cluster, name):
        try:
            return self.http.get(self._nodegroup_path(cluster, name)).json["nodegroup"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def list_nodegroup_names(self, cluster, page_size=LIST_PAGE_SIZE):
        names, token = [], None
        while True:
            params = {"maxResults": page_size}
            if token:
                params["nextToken"] = token
            answer = self.http.get(self._nodegroup_path(cluster), params=params).json or {}
            names.extend(answer.get("nodegroups") or [])
            token = answer.get("nextToken")
            if not token:
                return names

    def create_nodegroup(self, cluster, payload):
        return self.http.post(self._nodegroup_path(cluster), json=payload, idempotent=True).json["nodegroup"]

    def delete_nodegroup(self, cluster, name):
        return self.http.delete(self._nodegroup_path(cluster, name)).json.get("nodegroup")

    def update_nodegroup_config(self, cluster, name, payload):
        body = dict(payload, clientRequestToken=new_token())
        path = self._nodegroup_path(cluster, name, "/update-config")
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")

    def update_nodegroup_version(self, cluster, name, payload):
        body = dict(payload, clientRequestToken=new_token())
        path = self._nodegroup_path(cluster, name, "/update-version")
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")

    # --- add-ons --------------------------------------------------------------------------------------------

    def _addon_path(self, cluster, addon=None, suffix=""):
        path = "/clusters/%s/addons" % _segment(cluster)
        if addon is not None:
            path += "/%s" % _segment(addon)
        return path + suffix

    def describe_addon(self, cluster, name):
        """The add-on, or None when EKS answers ResourceNotFoundException."""
        try:
            return self.http.get(self._addon_path(cluster, name)).json["addon"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def create_addon(self, cluster, payload):
        return self.http.post(self._addon_path(cluster), json=payload, idempotent=True).json["addon"]

    def update_addon(self, cluster, name, payload):
        body = dict(payload, clientRequestToken=new_token())
        path = self._addon_path(cluster, name, "/update")
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")

    def delete_addon(self, cluster, name, preserve=False):
        params = {"preserve": "true"} if preserve else None
        return self.http.delete(self._addon_path(cluster, name), params=params).json.get("addon")

    def describe_addon_versions(self, name, kubernetes_version, page_size=LIST_PAGE_SIZE):
        """Every AddonVersionInfo of the add-on name offered for the Kubernetes version, following nextToken."""
        versions, token = [], None
        while True:
            params = {"addonName": name, "kubernetesVersion": kubernetes_version, "maxResults": page_size}
            if token:
                params["nextToken"] = token
            answer = self.http.get("/addons/supported-versions", params=params).json or {}
            for info in answer.get("addons") or []:
                if info.get("addonName") == name:
                    versions.extend(info.get("addonVersions") or [])
            token = answer.get("nextToken")
            if not token:
                return versions

    # --- access entries -------------------------------------------------------------------------------------

    def _entry_path(self, cluster, principal=None, suffix=""):
        path = "/clusters/%s/access-entries" % _segment(cluster)
        if principal is not None:
            path += "/%s" % _segment(principal)
        return path + suffix

    def describe_access_entry(self, cluster, principal):
        """The access entry of principal, or None when EKS answers ResourceNotFoundException."""
        try:
            return self.http.get(self._entry_path(cluster, principal)).json["accessEntry"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def create_access_entry(self, cluster, payload):
        return self.http.post(self._entry_path(cluster), json=payload, idempotent=True).json["accessEntry"]

    def update_access_entry(self, cluster, principal, payload):
        body = dict(payload, clientRequestToken=new_token())
        return self.http.post(self._entry_path(cluster, principal), json=body, idempotent=True).json["accessEntry"]

    def delete_access_entry(self, cluster, principal):
        self.http.delete(self._entry_path(cluster, principal))

    def list_associated_access_policies(self, cluster, principal, page_size=LIST_PAGE_SIZE):
        policies, token = [], None
        while True:
            params = {"maxResults": page_size}
            if token:
                params["nextToken"] = token
            path = self._entry_path(cluster, principal, "/access-policies")
            answer = self.http.get(path, params=params).json or {}
            policies.extend(answer.get("associatedAccessPolicies") or [])
            token = answer.get("nextToken")
            if not token:
                return policies

    def associate_access_policy(self, cluster, principal, policy_arn, scope):
        body = {"policyArn": policy_arn, "accessScope": scope}
        path = self._entry_path(cluster, principal, "/access-policies")
        return self.http.post(path, json=body, idempotent=True).json.get("associatedAccessPolicy")

    def disassociate_access_policy(self, cluster, principal, policy_arn):
        self.http.delete(self._entry_path(cluster, principal, "/access-policies/%s" % _segment(policy_arn)))

    # --- Fargate profiles -----------------------------------------------------------------------------------

    def _profile_path(self, cluster, name=None):
        path = "/clusters/%s/fargate-profiles" % _segment(cluster)
        return path + ("/%s" % _segment(name) if name is not None else "")

    def describe_fargate_profile(self, cluster, name):
        """The Fargate profile, or None when EKS answers ResourceNotFoundException."""
        try:
            return self.http.get(self._profile_path(cluster, name)).json["fargateProfile"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def create_fargate_profile(self, cluster, payload):
        return self.http.post(self._profile_path(cluster), json=payload, idempotent=True).json["fargateProfile"]

    def delete_fargate_profile(self, cluster, name):
        return self.http.delete(self._profile_path(cluster, name)).json.get("fargateProfile")


def _read_amzn_error_type(headers, code):
    """The error code of X-Amzn-ErrorType ('ResourceNotFoundException:http://...'), which the body may lack."""
    lowered = {str(key).lower(): value for key, value in headers.items()}
    error_type = lowered.get("x-amzn-errortype")
    return error_type.split(":", 1)[0] if error_type else code


# The throttling answers botocore retries by their code (data/_retry.json, "__default__" policies: these codes with
# HTTP 400; a 429 and the 5xx are retried by the HTTP client by status already) and 509 (limit_exceeded).
THROTTLING_CODES = frozenset(
    (
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
    )
)


def is_throttled(error):
    """True for an answer botocore retries as throttling: the request was refused, not carried out."""
    return (error.status == 400 and error.code in THROTTLING_CODES) or error.status == 509


# EKS (restJson1) answers {"message": ...} with the code in X-Amzn-ErrorType (or "__type"), the id in X-Amzn-RequestId.
parse_error = ErrorParser(
    request_id_headers=("x-amzn-requestid", "x-amz-request-id"),
    read_code=_read_amzn_error_type,
    retryable=is_throttled,
)


def client_from_params(params, warn=None):
    """An EksClient from module params: credentials, region and endpoint resolved as the AWS CLI does."""
    resolved = credentials.resolve(params)
    region = resolved["region"]
    auth = SigV4Auth(
        resolved["access_key"], resolved["secret_key"], region, SERVICE, session_token=resolved.get("session_token")
    )
    http = http_client_for(
        params, resolved["endpoint"], auth, error_parser=parse_error, ca_path=resolved.get("ca_path"), warn=warn
    )
    return EksClient(http, region, profile=resolved.get("profile"), credentials=resolved)
