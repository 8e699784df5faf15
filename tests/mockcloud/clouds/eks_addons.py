# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS managed add-ons for the emulator: CREATING -> ACTIVE, UpdateAddon updates, deletion, DescribeAddonVersions.

The catalogue below is a small stand-in for EKS's (a few add-ons, a few versions each): its shape is botocore's
AddonInfo / AddonVersionInfo / Compatibility, and, as in EKS, the default version of an add-on for a Kubernetes
version is not always its newest one (``defaultVersion`` marks it), which is what ``latest`` and ``default`` tell
apart.
"""

from __future__ import annotations

import re
import uuid

from flask import request

from ..context import store
from .eks_common import (
    ACCOUNT_ID,
    DELAYS,
    SUPPORTED_VERSIONS,
    EksError,
    addons,
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
    replay,
    settle_creation,
    start_deletion,
    start_update,
    update_in_progress,
)

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
SETTLED = ("ACTIVE", "DEGRADED")


def _compatible(first, last, default_from=None, default_to=None):
    """Compatibility entries for the supported versions first..last; defaultVersion on default_from..default_to."""
    entries = []
    for version in SUPPORTED_VERSIONS:
        if first <= version <= last:
            default = default_from is not None and default_from <= version <= (default_to or "9.99")
            entries.append({"clusterVersion": version, "platformVersions": ["*"], "defaultVersion": default})
    return entries


def _kube_proxy_versions():
    versions = []
    for version in SUPPORTED_VERSIONS:
        minor = int(version.split(".")[1])
        versions.append(("v%s.%d-eksbuild.3" % (version, minor - 20), _compatible(version, version, version, version)))
        versions.append(("v%s.%d-eksbuild.2" % (version, minor - 19), _compatible(version, version)))
    return versions


# name -> (type, requiresIamPermissions, [(addonVersion, compatibilities)])
CATALOGUE = {
    "vpc-cni": (
        "networking",
        True,
        [
            ("v1.18.6-eksbuild.1", _compatible("1.28", "1.31", "1.28", "1.29")),
            ("v1.19.2-eksbuild.1", _compatible("1.28", "1.33", "1.30")),
            ("v1.19.5-eksbuild.1", _compatible("1.30", "1.33")),
        ],
    ),
    "coredns": (
        "networking",
        False,
        [
            ("v1.11.1-eksbuild.9", _compatible("1.28", "1.31", "1.28")),
            ("v1.11.4-eksbuild.2", _compatible("1.29", "1.33")),
            ("v1.12.1-eksbuild.2", _compatible("1.32", "1.33", "1.32")),
        ],
    ),
    "kube-proxy": ("networking", False, _kube_proxy_versions()),
    "aws-ebs-csi-driver": (
        "storage",
        True,
        [
            ("v1.38.1-eksbuild.1", _compatible("1.28", "1.33", "1.28")),
            ("v1.40.0-eksbuild.1", _compatible("1.29", "1.33")),
        ],
    ),
}


def parse_addon_version(value):
    """v1.19.2-eksbuild.1 -> (1, 19, 2, 1), for ordering."""
    numbers = re.findall(r"\d+", value or "")
    return tuple(int(number) for number in numbers)


def compatible_versions(name, kubernetes_version):
    """[(addonVersion, default?)] of add-on name for the cluster version, as DescribeAddonVersions lists them."""
    found = []
    for version, compatibilities in CATALOGUE[name][2]:
        for entry in compatibilities:
            if entry["clusterVersion"] == kubernetes_version:
                found.append((version, entry["defaultVersion"]))
    return found


def _addon_key(cluster_name, name, in_region=None):
    return "%s/%s" % (cluster_key(cluster_name, in_region), name)


def _get_addon(cluster_name, name):
    get_cluster(cluster_name)
    addon = addons().get(_addon_key(cluster_name, name))
    if addon is None:
        raise not_found("No addon: %s found in cluster: %s" % (name, cluster_name), addonName=name)
    return addon


def _check_version(cluster, name, version, current=None):
    offered = [item for item, _default in compatible_versions(name, cluster["version"])]
    if version not in offered:
        raise invalid(
            "Addon version %s specified is not supported for addon %s in Kubernetes version %s"
            % (version, name, cluster["version"]),
            addonName=name,
        )
    if current is not None and parse_addon_version(version) < parse_addon_version(current):
        raise invalid("Updating addon %s from %s to the older %s is not supported" % (name, current, version))


def _check_configuration(values):
    """configurationValues is a JSON (or YAML) object, validated by EKS against DescribeAddonConfiguration's schema;
    the emulator checks that it is an object."""
    if values is None or values == "":
        return
    try:
        import yaml  # pylint: disable=import-outside-toplevel

        parsed = yaml.safe_load(values)
    except Exception:  # pylint: disable=broad-except
        parsed = None
    if not isinstance(parsed, dict):
        raise invalid("ConfigurationValue provided in request is not supported: Json schema validation failed")


def _check_role(role):
    if role is not None and not ROLE_ARN.match(role):
        raise invalid("Role %s is not a valid IAM role ARN" % role)


def _settle_creation(addon):
    settle_creation(addon, "addonName", "ConfigurationConflict")


def create_addon(name):
    body = json_body("CreateAddon", clusterName=name)
    token, addon_name = body.get("clientRequestToken"), body["addonName"]
    with store().lock:
        cluster = get_cluster(name)
        existing = addons().get(_addon_key(name, addon_name))
        if existing is not None:
            if token and existing.get("_token") == token:
                return answer({"addon": public(existing)})
            raise in_use("Addon already exists.", clusterName=name, addonName=addon_name)
        if cluster["status"] != "ACTIVE":
            raise EksError(
                400, "InvalidRequestException", "Cluster '%s' is not in ACTIVE status" % name, clusterName=name
            )
        if addon_name not in CATALOGUE:
            raise invalid(
                "Addon %s specified is not supported in %s kubernetes version" % (addon_name, cluster["version"]),
                addonName=addon_name,
            )
        offered = compatible_versions(addon_name, cluster["version"])
        version = body.get("addonVersion") or next(item for item, default in offered if default)
        _check_version(cluster, addon_name, version)
        _check_role(body.get("serviceAccountRoleArn"))
        _check_configuration(body.get("configurationValues"))
        check_taggable_tags(body.get("tags") or {})
        created = now()
        addon = {
            "addonName": addon_name,
            "clusterName": name,
            "status": "CREATING",
            "addonVersion": version,
            "health": {"issues": []},
            "addonArn": "arn:aws:eks:%s:%s:addon/%s/%s/%s" % (region(), ACCOUNT_ID, name, addon_name, uuid.uuid4()),
            "createdAt": created,
            "modifiedAt": created,
            "tags": dict(body.get("tags") or {}),
            "publisher": "eks",
            "owner": "aws",
            "podIdentityAssociations": [],
            "_key": _addon_key(name, addon_name),
            "_token": token,
        }
        if body.get("serviceAccountRoleArn"):
            addon["serviceAccountRoleArn"] = body["serviceAccountRoleArn"]
        if body.get("configurationValues"):
            addon["configurationValues"] = body["configurationValues"]
        addons().put(addon["_key"], addon)
        store().schedule(addon, DELAYS["addon_create"], _settle_creation)
        return answer({"addon": public(addon)})


def list_addons(name):
    with store().lock:
        cluster = get_cluster(name)
        prefix = _addon_key(cluster["name"], "")
        names = sorted(record["addonName"] for record in addons().values() if record["_key"].startswith(prefix))
    chunk, token = page(names, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"addons": chunk, "nextToken": token})


def describe_addon(name, addon_name):
    with store().lock:
        return answer({"addon": public(_get_addon(name, addon_name))})


def delete_addon(name, addon_name):
    with store().lock:
        addon = _get_addon(name, addon_name)
        start_deletion(addon, DELAYS["addon_delete"], addons)
        return answer({"addon": public(addon)})


def update_addon(name, addon_name):
    body = json_body("UpdateAddon", clusterName=name, addonName=addon_name)
    with store().lock:
        cluster = get_cluster(name)
        addon = _get_addon(name, addon_name)
        previous = replay(body.get("clientRequestToken"), name, addon_name=addon_name)
        if previous is not None:
            return answer({"update": public(previous)})
        if update_in_progress(name, addon_name=addon_name) or addon["status"] not in SETTLED:
            raise in_use("Addon %s is in %s state" % (addon_name, addon["status"]), addonName=addon_name)
        new, params = {}, []
        if body.get("addonVersion"):
            _check_version(cluster, addon_name, body["addonVersion"], addon["addonVersion"])
            new["addonVersion"] = body["addonVersion"]
            params.append(("AddonVersion", body["addonVersion"]))
        if body.get("serviceAccountRoleArn") is not None:
            _check_role(body["serviceAccountRoleArn"])
            new["serviceAccountRoleArn"] = body["serviceAccountRoleArn"]
            params.append(("ServiceAccountRoleArn", body["serviceAccountRoleArn"]))
        if body.get("configurationValues") is not None:
            _check_configuration(body["configurationValues"])
            new["configurationValues"] = body["configurationValues"]
            params.append(("ConfigurationValues", body["configurationValues"]))
        if body.get("resolveConflicts"):
            params.append(("ResolveConflicts", body["resolveConflicts"]))

        def apply(record):
            record.update(new)
            if record.get("configurationValues") == "":
                record.pop("configurationValues")

        update = start_update(
            addon,
            "AddonUpdate",
            params,
            apply,
            DELAYS["addon_update"],
            token=body.get("clientRequestToken"),
            cluster_name=name,
            addon_name=addon_name,
        )
        return answer({"update": public(update)})


def describe_addon_versions():
    """GET /addons/supported-versions: the catalogue, filtered by addonName and kubernetesVersion, paginated."""
    wanted, kubernetes_version = request.args.get("addonName"), request.args.get("kubernetesVersion")
    infos = []
    for name in sorted(CATALOGUE):
        if wanted and name != wanted:
            continue
        kind, iam, versions = CATALOGUE[name]
        listed = []
        for version, compatibilities in versions:
            if kubernetes_version and not any(
                entry["clusterVersion"] == kubernetes_version for entry in compatibilities
            ):
                continue
            listed.append(
                {
                    "addonVersion": version,
                    "architecture": ["amd64", "arm64"],
                    "computeTypes": ["ec2"],
                    "compatibilities": [dict(entry) for entry in compatibilities],
                    "requiresConfiguration": False,
                    "requiresIamPermissions": iam,
                }
            )
        if listed:
            listed.sort(key=lambda item: parse_addon_version(item["addonVersion"]), reverse=True)
            infos.append({"addonName": name, "type": kind, "addonVersions": listed, "publisher": "eks", "owner": "aws"})
    chunk, token = page(infos, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"addons": chunk, "nextToken": token})


def forget_cluster_addons(cluster_key_prefix):
    """EKS deletes a cluster's add-ons with the cluster."""
    for addon in list(addons().values()):
        if addon["_key"].startswith(cluster_key_prefix + "/"):
            store().cancel(addon)
            addons().pop(addon["_key"])


def taggable(cluster_name, addon_name):
    return addons().get(_addon_key(cluster_name, addon_name))


def register(blueprint):
    rule = "/clusters/<name>/addons"
    blueprint.add_url_rule(rule, "create_addon", create_addon, methods=["POST"])
    blueprint.add_url_rule(rule, "list_addons", list_addons, methods=["GET"])
    blueprint.add_url_rule(rule + "/<addon_name>", "describe_addon", describe_addon, methods=["GET"])
    blueprint.add_url_rule(rule + "/<addon_name>", "delete_addon", delete_addon, methods=["DELETE"])
    blueprint.add_url_rule(rule + "/<addon_name>/update", "update_addon", update_addon, methods=["POST"])
    blueprint.add_url_rule(
        "/addons/supported-versions", "describe_addon_versions", describe_addon_versions, methods=["GET"]
    )
