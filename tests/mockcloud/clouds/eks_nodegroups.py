# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS managed node groups for the emulator: CREATING -> ACTIVE, config and version updates, deletion."""

from __future__ import annotations

import json
import re
import uuid

from flask import request

from ..context import store
from .eks_common import (
    ACCOUNT_ID,
    CLOUD,
    DEFAULT_REGION,
    DELAYS,
    EksError,
    answer,
    check_taggable_tags,
    get_cluster,
    in_use,
    invalid,
    json_body,
    nodegroup_key,
    nodegroups,
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
RELEASE_PATCH = {"1.28": 15, "1.29": 13, "1.30": 11, "1.31": 7, "1.32": 3, "1.33": 0}
RELEASE_DATE = "20250505"
MAX_VERSION_SKEW = 3


def release_version(version):
    return "%s.%d-%s" % (version, RELEASE_PATCH.get(version, 0), RELEASE_DATE)


def _minor(version):
    major, minor = version.split(".")
    return int(major), int(minor)


def _get_nodegroup(cluster_name, name):
    get_cluster(cluster_name)
    nodegroup = nodegroups().get(nodegroup_key(cluster_name, name))
    if nodegroup is None:
        raise not_found("No node group found for name: %s." % name, nodegroupName=name)
    return nodegroup


def _check_scaling(scaling):
    low, high, desired = scaling.get("minSize"), scaling.get("maxSize"), scaling.get("desiredSize")
    if low is not None and high is not None and low > high:
        raise invalid("Minimum capacity %d can't be greater than maximum capacity %d" % (low, high))
    if desired is not None and ((low is not None and desired < low) or (high is not None and desired > high)):
        raise invalid("Desired capacity %d can't be outside the range [%s, %s]" % (desired, low, high))


def _check_version(cluster, version, current=None):
    if not re.match(r"^\d+\.\d+$", version):
        raise invalid("Requested Nodegroup version %s is invalid" % version)
    wanted, control = _minor(version), _minor(cluster["version"])
    if wanted > control or wanted[0] != control[0] or control[1] - wanted[1] > MAX_VERSION_SKEW:
        raise invalid(
            "Requested Nodegroup version %s is invalid for cluster version %s" % (version, cluster["version"])
        )
    if current is not None and wanted < _minor(current):
        raise invalid("Requested Nodegroup version %s is older than the current version %s" % (version, current))


def _check_new_nodegroup(cluster, body):
    if not ROLE_ARN.match(body["nodeRole"]):
        raise invalid("Role %s is not a valid IAM role ARN" % body["nodeRole"])
    if not body["subnets"]:
        raise invalid("Subnets are required")
    for subnet in body["subnets"]:
        if not subnet.startswith("subnet-"):
            raise invalid("The subnet ID '%s' does not exist" % subnet)
    _check_scaling(body.get("scalingConfig") or {})
    template = body.get("launchTemplate")
    if template is not None:
        if not (template.get("id") or template.get("name")):
            raise invalid("Either the launch template ID or name must be specified")
        if template.get("id") and template.get("name"):
            # botocore's LaunchTemplateSpecification: "either the launch template name or the ID, but not both"
            raise invalid("Either the launch template ID or name can be specified, but not both")
        if body.get("diskSize") is not None:
            raise invalid("Disk size must be specified within the launch template.")
        if body.get("remoteAccess") is not None:
            raise invalid("Remote access configuration cannot be specified with a launch template.")
    update_config = body.get("updateConfig") or {}
    if update_config.get("maxUnavailable") is not None and update_config.get("maxUnavailablePercentage") is not None:
        raise invalid("Only one of maxUnavailable and maxUnavailablePercentage can be specified")
    if body.get("version"):
        _check_version(cluster, body["version"])
    check_taggable_tags(body.get("tags") or {})


def _new_nodegroup(cluster, body, token):
    name = body["nodegroupName"]
    version = body.get("version") or cluster["version"]
    scaling = dict({"minSize": 1, "maxSize": 2, "desiredSize": 2}, **(body.get("scalingConfig") or {}))
    if scaling["desiredSize"] < scaling["minSize"]:
        scaling["desiredSize"] = scaling["minSize"]
    template = body.get("launchTemplate")
    created = now()
    group_id = str(uuid.uuid4())
    nodegroup = {
        "nodegroupName": name,
        "nodegroupArn": "arn:aws:eks:%s:%s:nodegroup/%s/%s/%s"
        % (region(), ACCOUNT_ID, cluster["name"], name, group_id),
        "clusterName": cluster["name"],
        "version": version,
        "releaseVersion": body.get("releaseVersion") or release_version(version),
        "createdAt": created,
        "modifiedAt": created,
        "status": "CREATING",
        "capacityType": body.get("capacityType") or "ON_DEMAND",
        "scalingConfig": scaling,
        "instanceTypes": list(body.get("instanceTypes") or ([] if template else ["t3.medium"])),
        "subnets": list(body["subnets"]),
        "amiType": body.get("amiType") or ("CUSTOM" if template else "AL2023_x86_64_STANDARD"),
        "nodeRole": body["nodeRole"],
        "labels": dict(body.get("labels") or {}),
        "taints": [dict(taint) for taint in body.get("taints") or []],
        "resources": {"autoScalingGroups": [{"name": "eks-%s-%s" % (name, group_id)}]},
        "health": {"issues": []},
        "updateConfig": dict(body.get("updateConfig") or {"maxUnavailable": 1}),
        # botocore's NodeRepairConfig.enabled: "Node auto repair is disabled by default"
        "nodeRepairConfig": dict(body.get("nodeRepairConfig") or {"enabled": False}),
        "tags": dict(body.get("tags") or {}),
        "_key": nodegroup_key(cluster["name"], name),
        "_token": token,
    }
    if not template:
        nodegroup["diskSize"] = body.get("diskSize") or 20
    else:
        nodegroup["launchTemplate"] = dict(template, version=template.get("version") or "1")
    if body.get("remoteAccess"):
        nodegroup["remoteAccess"] = dict(body["remoteAccess"])
        nodegroup["resources"]["remoteAccessSecurityGroup"] = "sg-" + group_id.replace("-", "")[:17]
    return nodegroup


def _settle_creation(nodegroup):
    settle_creation(nodegroup, "nodegroupName", "NodeCreationFailure")


def create_nodegroup(name):
    body = json_body("CreateNodegroup", clusterName=name)
    token = body.get("clientRequestToken")
    with store().lock:
        cluster = get_cluster(name)
        existing = nodegroups().get(nodegroup_key(name, body["nodegroupName"]))
        if existing is not None:
            if token and existing.get("_token") == token:
                return answer({"nodegroup": public(existing)})
            raise in_use(
                "NodeGroup already exists with name %s and cluster name %s" % (body["nodegroupName"], name),
                clusterName=name,
                nodegroupName=body["nodegroupName"],
            )
        if cluster["status"] != "ACTIVE":
            raise EksError(
                400, "InvalidRequestException", "Cluster '%s' is not in ACTIVE status" % name, clusterName=name
            )
        _check_new_nodegroup(cluster, body)
        nodegroup = nodegroups().put(nodegroup_key(name, body["nodegroupName"]), _new_nodegroup(cluster, body, token))
        store().schedule(nodegroup, DELAYS["nodegroup_create"], _settle_creation)
        return answer({"nodegroup": public(nodegroup)})


def list_nodegroups(name):
    with store().lock:
        cluster = get_cluster(name)
        prefix = nodegroup_key(cluster["name"], "")
        names = sorted(record["nodegroupName"] for record in nodegroups().values() if record["_key"].startswith(prefix))
    chunk, token = page(names, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"nodegroups": chunk, "nextToken": token})


def describe_nodegroup(name, nodegroup_name):
    with store().lock:
        return answer({"nodegroup": public(_get_nodegroup(name, nodegroup_name))})


def delete_nodegroup(name, nodegroup_name):
    with store().lock:
        nodegroup = _get_nodegroup(name, nodegroup_name)
        start_deletion(nodegroup, DELAYS["nodegroup_delete"], nodegroups)
        return answer({"nodegroup": public(nodegroup)})


def _ready_for_update(cluster_name, nodegroup):
    if update_in_progress(cluster_name, nodegroup["nodegroupName"]):
        raise in_use("An update is already in progress for node group %s" % nodegroup["nodegroupName"])
    if nodegroup["status"] not in ("ACTIVE", "DEGRADED"):
        raise in_use("Nodegroup %s is in %s state" % (nodegroup["nodegroupName"], nodegroup["status"]))


def _taint_id(taint):
    return taint.get("key"), taint.get("effect")


def _config_changes(nodegroup, body):
    """(update params, the new values) of an update-config body; a body that changes nothing is refused."""
    params, new = [], {}
    labels = body.get("labels") or {}
    adding, removing = labels.get("addOrUpdateLabels") or {}, labels.get("removeLabels") or []
    if set(adding) & set(removing):
        raise invalid("The same label key cannot be both added and removed")
    if adding or removing:
        merged = {key: value for key, value in dict(nodegroup["labels"], **adding).items() if key not in removing}
        if merged != nodegroup["labels"]:
            new["labels"] = merged
            params += [("LabelsToAdd", json.dumps(adding))] if adding else []
            params += [("LabelsToRemove", json.dumps(removing))] if removing else []
    taints = body.get("taints") or {}
    adding_taints, removing_taints = taints.get("addOrUpdateTaints") or [], taints.get("removeTaints") or []
    if adding_taints or removing_taints:
        removed = {taint.get("key") for taint in removing_taints}
        added = {_taint_id(taint) for taint in adding_taints}
        kept = [
            taint for taint in nodegroup["taints"] if taint.get("key") not in removed and _taint_id(taint) not in added
        ]
        merged = kept + [dict(taint) for taint in adding_taints]
        if sorted(map(json.dumps, merged)) != sorted(map(json.dumps, nodegroup["taints"])):
            new["taints"] = merged
            params += [("TaintsToAdd", json.dumps(adding_taints))] if adding_taints else []
            params += [("TaintsToRemove", json.dumps(removing_taints))] if removing_taints else []
    if body.get("scalingConfig"):
        scaling = dict(nodegroup["scalingConfig"], **body["scalingConfig"])
        _check_scaling(scaling)
        if scaling != nodegroup["scalingConfig"]:
            new["scalingConfig"] = scaling
            params += [(name[0].upper() + name[1:], str(value)) for name, value in body["scalingConfig"].items()]
    if body.get("updateConfig"):
        update_config = body["updateConfig"]
        if (
            update_config.get("maxUnavailable") is not None
            and update_config.get("maxUnavailablePercentage") is not None
        ):
            raise invalid("Only one of maxUnavailable and maxUnavailablePercentage can be specified")
        if update_config != nodegroup["updateConfig"]:
            new["updateConfig"] = dict(update_config)
            params += [(name[0].upper() + name[1:], str(value)) for name, value in update_config.items()]
    if body.get("nodeRepairConfig") is not None:
        repair = dict(nodegroup.get("nodeRepairConfig") or {}, **body["nodeRepairConfig"])
        if repair != nodegroup.get("nodeRepairConfig"):
            new["nodeRepairConfig"] = repair
            params.append(("NodeRepairEnabled", str(bool(repair.get("enabled"))).lower()))
    if not new:
        raise invalid("No changes needed for the node group configuration provided")
    return params, new


def update_nodegroup_config(name, nodegroup_name):
    body = json_body("UpdateNodegroupConfig", clusterName=name, nodegroupName=nodegroup_name)
    with store().lock:
        nodegroup = _get_nodegroup(name, nodegroup_name)
        previous = replay(body.get("clientRequestToken"), name, nodegroup_name)
        if previous is not None:
            return answer({"update": public(previous)})
        _ready_for_update(name, nodegroup)
        params, new = _config_changes(nodegroup, body)
        update = start_update(
            nodegroup,
            "ConfigUpdate",
            params,
            lambda record: record.update(new),
            DELAYS["nodegroup_update"],
            token=body.get("clientRequestToken"),
            nodegroup_name=nodegroup_name,
            cluster_name=name,
        )
        return answer({"update": public(update)})


def update_nodegroup_version(name, nodegroup_name):
    body = json_body("UpdateNodegroupVersion", clusterName=name, nodegroupName=nodegroup_name)
    with store().lock:
        cluster = get_cluster(name)
        nodegroup = _get_nodegroup(name, nodegroup_name)
        previous = replay(body.get("clientRequestToken"), name, nodegroup_name)
        if previous is not None:
            return answer({"update": public(previous)})
        _ready_for_update(name, nodegroup)
        version = body.get("version") or cluster["version"]
        _check_version(cluster, version, nodegroup["version"])
        new = {"version": version, "releaseVersion": body.get("releaseVersion") or release_version(version)}
        params = [("Version", version), ("ReleaseVersion", new["releaseVersion"])]
        template = body.get("launchTemplate")
        if template is not None:
            current = nodegroup.get("launchTemplate")
            if current is None:
                raise invalid("A launch template cannot be added to a node group created without one")
            if any(template.get(key) and template[key] != current.get(key) for key in ("id", "name")):
                raise invalid("The launch template id or name cannot change; only its version can")
            new["launchTemplate"] = dict(current, version=template.get("version") or current.get("version"))
            params.append(("LaunchTemplateVersion", new["launchTemplate"]["version"]))
        update = start_update(
            nodegroup,
            "VersionUpdate",
            params,
            lambda record: record.update(new),
            DELAYS["nodegroup_update"],
            token=body.get("clientRequestToken"),
            nodegroup_name=nodegroup_name,
            cluster_name=name,
        )
        return answer({"update": public(update)})


def set_health(seeded_store, params):
    """Seed hook: a node group turned DEGRADED (or another status) with health issues, as EKS reports instances that
    do not launch. ``{"cluster": name, "nodegroup": name, "region": ..., "status": "DEGRADED", "issues": [...]}``;
    the issues default to one AsgInstanceLaunchFailures (botocore's NodegroupIssueCode)."""
    key = nodegroup_key(params["cluster"], params["nodegroup"], params.get("region") or DEFAULT_REGION)
    nodegroup = seeded_store.collection(CLOUD, "nodegroups").get(key)
    if nodegroup is None:
        raise not_found("No node group found for name: %s." % params["nodegroup"], nodegroupName=params["nodegroup"])
    issues = params.get("issues") or [
        {
            "code": "AsgInstanceLaunchFailures",
            "message": "mockcloud: instances failed to launch (seeded)",
            "resourceIds": [group["name"] for group in nodegroup["resources"]["autoScalingGroups"]],
        }
    ]
    nodegroup["status"] = params.get("status") or "DEGRADED"
    nodegroup["health"] = {"issues": issues}
    return {"status": nodegroup["status"], "health": nodegroup["health"]}


def register(blueprint):
    rule = "/clusters/<name>/node-groups"
    blueprint.add_url_rule(rule, "create_nodegroup", create_nodegroup, methods=["POST"])
    blueprint.add_url_rule(rule, "list_nodegroups", list_nodegroups, methods=["GET"])
    blueprint.add_url_rule(rule + "/<nodegroup_name>", "describe_nodegroup", describe_nodegroup, methods=["GET"])
    blueprint.add_url_rule(rule + "/<nodegroup_name>", "delete_nodegroup", delete_nodegroup, methods=["DELETE"])
    blueprint.add_url_rule(
        rule + "/<nodegroup_name>/update-config", "update_nodegroup_config", update_nodegroup_config, methods=["POST"]
    )
    blueprint.add_url_rule(
        rule + "/<nodegroup_name>/update-version",
        "update_nodegroup_version",
        update_nodegroup_version,
        methods=["POST"],
    )
