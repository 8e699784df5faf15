# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS Fargate profiles for the emulator: immutable, CREATING -> ACTIVE, DELETING -> gone, one deletion at a time."""

from __future__ import annotations

import re
import uuid

from flask import request

from ..context import store
from .eks_common import (
    ACCOUNT_ID,
    CLOUD,
    DELAYS,
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
    settle_creation,
    start_deletion,
)

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
MAX_SELECTORS = 5
MAX_LABELS = 5


def profiles():
    return store().collection(CLOUD, "fargate_profiles")


def _profile_key(cluster_name, name, in_region=None):
    return "%s/%s" % (cluster_key(cluster_name, in_region), name)


def cluster_profiles(key_of_cluster):
    return [profile for profile in profiles().values() if profile["_key"].startswith(key_of_cluster + "/")]


def _get_profile(cluster_name, name):
    get_cluster(cluster_name)
    profile = profiles().get(_profile_key(cluster_name, name))
    if profile is None:
        raise not_found("No Fargate Profile found with name: %s." % name, fargateProfileName=name)
    return profile


def _check_selectors(selectors):
    """botocore's CreateFargateProfile documentation: up to five selectors, each with a namespace, labels optional;
    the messages are those moto recorded from the real API."""
    if not selectors:
        raise invalid("Fargate Profile requires at least one selector.")
    if len(selectors) > MAX_SELECTORS:
        raise invalid("Fargate Profile can have at most %d selectors." % MAX_SELECTORS)
    for selector in selectors:
        if not selector.get("namespace"):
            raise invalid("Fargate Profile must have at least one selector with at least one namespace value.")
        if len(selector.get("labels") or {}) > MAX_LABELS:
            raise invalid("Request contains Selector with more than 5 Label pairs")


def _deleting_in(cluster_name):
    key = cluster_key(cluster_name)
    return [profile for profile in cluster_profiles(key) if profile["status"] == "DELETING"]


def _settle_creation(profile):
    settle_creation(profile, "fargateProfileName", "InternalFailure", stamp=False)


def create_fargate_profile(name):
    body = json_body("CreateFargateProfile", clusterName=name)
    token, profile_name = body.get("clientRequestToken"), body["fargateProfileName"]
    with store().lock:
        cluster = get_cluster(name)
        existing = profiles().get(_profile_key(name, profile_name))
        if existing is not None:
            if token and existing.get("_token") == token:
                return answer({"fargateProfile": public(existing)})
            raise in_use("A Fargate Profile already exists with this name in this cluster.")
        if cluster["status"] != "ACTIVE":
            raise EksError(400, "InvalidRequestException", "Cluster '%s' is not in ACTIVE status" % name)
        if _deleting_in(name):
            raise EksError(
                400,
                "InvalidRequestException",
                "A Fargate Profile is being deleted in cluster %s; wait until it is deleted" % name,
            )
        if not ROLE_ARN.match(body["podExecutionRoleArn"]):
            raise invalid("Role %s is not a valid IAM role ARN" % body["podExecutionRoleArn"])
        for subnet in body.get("subnets") or []:
            if not subnet.startswith("subnet-"):
                raise invalid("The subnet ID '%s' does not exist" % subnet)
        _check_selectors(body.get("selectors"))
        check_taggable_tags(body.get("tags") or {})
        profile = {
            "fargateProfileName": profile_name,
            "fargateProfileArn": "arn:aws:eks:%s:%s:fargateprofile/%s/%s/%s"
            % (region(), ACCOUNT_ID, name, profile_name, uuid.uuid4()),
            "clusterName": name,
            "createdAt": now(),
            "podExecutionRoleArn": body["podExecutionRoleArn"],
            "subnets": list(body.get("subnets") or cluster["resourcesVpcConfig"]["subnetIds"]),
            "selectors": [
                {"namespace": selector["namespace"], "labels": dict(selector.get("labels") or {})}
                for selector in body["selectors"]
            ],
            "status": "CREATING",
            "tags": dict(body.get("tags") or {}),
            "health": {"issues": []},
            "_key": _profile_key(name, profile_name),
            "_token": token,
        }
        profiles().put(profile["_key"], profile)
        store().schedule(profile, DELAYS["fargate_create"], _settle_creation)
        return answer({"fargateProfile": public(profile)})


def list_fargate_profiles(name):
    with store().lock:
        get_cluster(name)
        names = sorted(profile["fargateProfileName"] for profile in cluster_profiles(cluster_key(name)))
    chunk, token = page(names, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"fargateProfileNames": chunk, "nextToken": token})


def describe_fargate_profile(name, profile_name):
    with store().lock:
        return answer({"fargateProfile": public(_get_profile(name, profile_name))})


def delete_fargate_profile(name, profile_name):
    with store().lock:
        profile = _get_profile(name, profile_name)
        if profile["status"] != "DELETING":
            if _deleting_in(name):
                # botocore's DeleteFargateProfile documentation: "Only one Fargate profile in a cluster can be in the
                # DELETING status at a time"
                raise EksError(
                    400,
                    "InvalidRequestException",
                    "Only one Fargate Profile can be deleted at a time in cluster %s" % name,
                )
            start_deletion(profile, DELAYS["fargate_delete"], profiles, stamp=False)
        return answer({"fargateProfile": public(profile)})


def forget_cluster_profiles(key_of_cluster):
    for profile in cluster_profiles(key_of_cluster):
        store().cancel(profile)
        profiles().pop(profile["_key"])


def taggable(cluster_name, profile_name):
    return profiles().get(_profile_key(cluster_name, profile_name))


def register(blueprint):
    rule = "/clusters/<name>/fargate-profiles"
    blueprint.add_url_rule(rule, "create_fargate_profile", create_fargate_profile, methods=["POST"])
    blueprint.add_url_rule(rule, "list_fargate_profiles", list_fargate_profiles, methods=["GET"])
    blueprint.add_url_rule(
        rule + "/<profile_name>", "describe_fargate_profile", describe_fargate_profile, methods=["GET"]
    )
    blueprint.add_url_rule(
        rule + "/<profile_name>", "delete_fargate_profile", delete_fargate_profile, methods=["DELETE"]
    )
