# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS access entries and their access policy associations for the emulator (synchronous, as in EKS).

Every call on a cluster whose authentication mode is CONFIG_MAP answers 400 InvalidRequestException: access
entries exist only in the API and API_AND_CONFIG_MAP modes. The access entry EKS makes for the cluster's creator
(bootstrapClusterCreatorAdminPermissions) is not modelled: the emulator does not know the caller's ARN.
"""

from __future__ import annotations

import re
import uuid

from flask import request

from ..context import store
from .eks_common import (
    ACCOUNT_ID,
    CLOUD,
    EksError,
    answer,
    check_taggable_tags,
    cluster_key,
    get_cluster,
    in_use,
    invalid,
    json_body,
    not_found,
    now,
    page,
    public,
    region,
)

PRINCIPAL_ARN = re.compile(r"^arn:aws[a-z-]*:(iam|sts)::\d{12}:(role|user|assumed-role)/[\w+=,.@/-]+$")
ENTRY_TYPES = ("STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
# botocore's CreateAccessEntryRequest.type: these types take no kubernetesGroups and no access policy
NODE_TYPES = ("EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
POLICY_NAMES = ("AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy")
POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/%s"
MODE_MESSAGE = (
    "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation."
)


def entries():
    return store().collection(CLOUD, "access_entries")


def _entry_key(cluster_name, principal, in_region=None):
    return "%s/%s" % (cluster_key(cluster_name, in_region), principal)


def _cluster_with_entries(name):
    cluster = get_cluster(name)
    if (cluster.get("accessConfig") or {}).get("authenticationMode", "CONFIG_MAP") == "CONFIG_MAP":
        raise EksError(400, "InvalidRequestException", MODE_MESSAGE)
    return cluster


def _get_entry(name, principal):
    _cluster_with_entries(name)
    entry = entries().get(_entry_key(name, principal))
    if entry is None:
        raise not_found(
            "The specified principalArn could not be found. You can view your available access entries "
            "with 'list-access-entries'."
        )
    return entry


def _check_groups(entry_type, groups):
    """botocore's CreateAccessEntryRequest.type: the EC2 node types take no kubernetesGroups."""
    if groups and entry_type in NODE_TYPES:
        raise invalid("kubernetesGroups cannot be specified for an access entry of type %s" % entry_type)


def create_access_entry(name):
    body = json_body("CreateAccessEntry", clusterName=name)
    principal = body["principalArn"]
    with store().lock:
        _cluster_with_entries(name)
        if not PRINCIPAL_ARN.match(principal):
            raise invalid("The principalArn parameter format is not valid")
        entry_type = body.get("type") or "STANDARD"
        if entry_type not in ENTRY_TYPES:
            raise invalid("The type %s is not valid; valid types are %s" % (entry_type, ", ".join(ENTRY_TYPES)))
        _check_groups(entry_type, body.get("kubernetesGroups"))
        check_taggable_tags(body.get("tags") or {})
        key = _entry_key(name, principal)
        existing = entries().get(key)
        if existing is not None:
            token = body.get("clientRequestToken")
            if token and existing.get("_token") == token:
                return answer({"accessEntry": public(existing)})
            raise in_use("The specified access entry resource is already in use on this cluster.")
        created = now()
        entry = {
            "clusterName": name,
            "principalArn": principal,
            "kubernetesGroups": list(body.get("kubernetesGroups") or []),
            "accessEntryArn": "arn:aws:eks:%s:%s:access-entry/%s/%s/%s"
            % (region(), ACCOUNT_ID, name, principal.split(":", 5)[-1], uuid.uuid4()),
            "createdAt": created,
            "modifiedAt": created,
            "tags": dict(body.get("tags") or {}),
            "username": body.get("username") or _default_username(principal, entry_type),
            "type": entry_type,
            "_key": key,
            "_token": body.get("clientRequestToken"),
            "_policies": {},
        }
        entries().put(key, entry)
        return answer({"accessEntry": public(entry)})


def _default_username(principal, entry_type):
    """EKS's user guide (Creating access entries): roles get arn:aws:sts::<account>:assumed-role/<role>/{{SessionName}},
    users their ARN, node types system:node:{{EC2PrivateDNSName}}."""
    if entry_type in ("EC2_LINUX", "EC2_WINDOWS", "EC2"):
        return "system:node:{{EC2PrivateDNSName}}"
    match = re.match(r"^arn:(aws[a-z-]*):iam::(\d{12}):role/(?:.*/)?([^/]+)$", principal)
    if match:
        return "arn:%s:sts::%s:assumed-role/%s/{{SessionName}}" % match.groups()
    return principal


def describe_access_entry(name, principal):
    with store().lock:
        return answer({"accessEntry": public(_get_entry(name, principal))})


def list_access_entries(name):
    with store().lock:
        _cluster_with_entries(name)
        prefix = _entry_key(name, "")
        principals = sorted(entry["principalArn"] for entry in entries().values() if entry["_key"].startswith(prefix))
    chunk, token = page(principals, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"accessEntries": chunk, "nextToken": token})


def update_access_entry(name, principal):
    body = json_body("UpdateAccessEntry", clusterName=name, principalArn=principal)
    with store().lock:
        entry = _get_entry(name, principal)
        if body.get("kubernetesGroups") is not None:
            _check_groups(entry["type"], body["kubernetesGroups"])
            entry["kubernetesGroups"] = list(body["kubernetesGroups"])
        if body.get("username") is not None:
            entry["username"] = body["username"]
        entry["modifiedAt"] = now()
        return answer({"accessEntry": public(entry)})


def delete_access_entry(name, principal):
    with store().lock:
        entry = _get_entry(name, principal)
        entries().pop(entry["_key"])
        return answer({})


def _associated(policy_arn, association):
    return dict({"policyArn": policy_arn}, **association)


def associate_access_policy(name, principal):
    body = json_body("AssociateAccessPolicy", clusterName=name, principalArn=principal)
    with store().lock:
        entry = _get_entry(name, principal)
        if entry["type"] in NODE_TYPES:
            raise invalid("Access policies cannot be associated with an access entry of type %s" % entry["type"])
        if body["policyArn"] not in [POLICY_ARN % policy for policy in POLICY_NAMES]:
            raise not_found("The specified policyArn could not be found.")
        scope = body["accessScope"]
        if scope.get("type") == "namespace" and not scope.get("namespaces"):
            raise invalid("namespaces must be specified when the access scope type is namespace")
        if scope.get("type") == "cluster" and scope.get("namespaces"):
            raise invalid("namespaces cannot be specified when the access scope type is cluster")
        stamp = now()
        previous = entry["_policies"].get(body["policyArn"])
        entry["_policies"][body["policyArn"]] = {
            "accessScope": {"type": scope.get("type"), "namespaces": list(scope.get("namespaces") or [])},
            "associatedAt": previous["associatedAt"] if previous else stamp,
            "modifiedAt": stamp,
        }
        return answer(
            {
                "clusterName": name,
                "principalArn": principal,
                "associatedAccessPolicy": _associated(body["policyArn"], entry["_policies"][body["policyArn"]]),
            }
        )


def list_associated_access_policies(name, principal):
    with store().lock:
        entry = _get_entry(name, principal)
        associated = [_associated(arn, entry["_policies"][arn]) for arn in sorted(entry["_policies"])]
    chunk, token = page(associated, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer(
        {"clusterName": name, "principalArn": principal, "associatedAccessPolicies": chunk, "nextToken": token}
    )


def disassociate_access_policy(name, principal, policy_arn):
    with store().lock:
        entry = _get_entry(name, principal)
        if entry["_policies"].pop(policy_arn, None) is None:
            raise not_found("The specified policyArn is not associated with the access entry.")
        return answer({})


def list_access_policies():
    policies = [{"name": policy, "arn": POLICY_ARN % policy} for policy in POLICY_NAMES]
    chunk, token = page(policies, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"accessPolicies": chunk, "nextToken": token})


POLICIES = "/access-policies"


def access_entry(name, rest):
    """/clusters/<name>/access-entries/<principalArn>[/access-policies[/<policyArn>]]: ARNs hold '/', so the rest of
    the path is split here (as the contract matches the most specific route)."""
    principal, marker, policy = rest.partition(POLICIES)
    if not marker:
        views = {"GET": describe_access_entry, "POST": update_access_entry, "DELETE": delete_access_entry}
        return views[request.method](name, principal)
    if not policy:
        views = {"GET": list_associated_access_policies, "POST": associate_access_policy}
        return views[request.method](name, principal)
    return disassociate_access_policy(name, principal, policy.lstrip("/"))


def forget_cluster_entries(key_of_cluster):
    for entry in list(entries().values()):
        if entry["_key"].startswith(key_of_cluster + "/"):
            entries().pop(entry["_key"])


def taggable(arn):
    for entry in entries().values():
        if entry["accessEntryArn"] == arn:
            return entry
    return None


def register(blueprint):
    rule = "/clusters/<name>/access-entries"
    blueprint.add_url_rule(rule, "create_access_entry", create_access_entry, methods=["POST"])
    blueprint.add_url_rule(rule, "list_access_entries", list_access_entries, methods=["GET"])
    blueprint.add_url_rule(rule + "/<path:rest>", "access_entry", access_entry, methods=["GET", "POST", "DELETE"])
    blueprint.add_url_rule("/access-policies", "list_access_policies", list_access_policies, methods=["GET"])
