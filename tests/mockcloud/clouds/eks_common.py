# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the EKS emulator's views share: errors in the AWS shape, records in the store, updates, timings."""

from __future__ import annotations

import copy
import hashlib
import json
import uuid

from flask import g, jsonify, request

from ..context import clock, store

CLOUD = "eks"
ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SUPPORTED_VERSIONS = ("1.28", "1.29", "1.30", "1.31", "1.32", "1.33")
DEFAULT_VERSION = SUPPORTED_VERSIONS[-1]
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")

# Emulated seconds each asynchronous change takes (tests run the clock faster with MOCKCLOUD_SPEED).
DELAYS = {
    "cluster_create": 10.0,
    "cluster_delete": 8.0,
    "config_update": 6.0,
    "version_update": 12.0,
    "nodegroup_create": 10.0,
    "nodegroup_delete": 8.0,
    "nodegroup_update": 6.0,
    "addon_create": 6.0,
    "addon_delete": 4.0,
    "addon_update": 4.0,
    "fargate_create": 6.0,
    "fargate_delete": 6.0,
}

# Tags that make the emulator fail on purpose (documented in tests/mockcloud/README.md).
FAIL_TAG = "mockcloud/fail"
FAIL_UPDATES_TAG = "mockcloud/fail-updates"
FAIL_DELETE_TAG = "mockcloud/fail-delete"


class EksError(Exception):
    """An answer in the AWS rest-json error shape: status, X-Amzn-ErrorType, {"message": ...}."""

    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def error_response(status, code, message, **extra):
    response = jsonify(dict({"message": message}, **extra))
    response.status_code = status
    response.headers["X-Amzn-ErrorType"] = "%s:http://internal.amazon.com/coral/com.amazonaws.eks/" % code
    response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    return response


def invalid(message, **extra):
    return EksError(400, "InvalidParameterException", message, **extra)


def in_use(message, **extra):
    return EksError(409, "ResourceInUseException", message, **extra)


def not_found(message, **extra):
    return EksError(404, "ResourceNotFoundException", message, **extra)


def answer(body, status=200):
    response = jsonify(body)
    response.status_code = status
    response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    return response


def region():
    return g.get("eks_region") or DEFAULT_REGION


def now():
    return round(clock().wall(), 3)


def public(record):
    """The record as the API shows it: private bookkeeping fields start with '_'."""
    return copy.deepcopy({key: value for key, value in record.items() if not key.startswith("_")})


def hex_id(seed, length=17):
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:length]


def json_body(operation, **uri_members):
    """The request body (already checked against the operation's input shape by the contract, eks_model.CONTRACT)."""
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise EksError(400, "SerializationException", "the %s request body is not valid JSON" % operation)
    body.update(uri_members)
    return body


def bad_request(message):
    """EKS's answer to a request its model refuses (the CloudSpec's bad_request)."""
    return error_response(400, "InvalidParameterException", message)


def page(items, max_results, next_token):
    """(items of this page, nextToken or None); the token is the index where the next page starts."""
    try:
        size = int(max_results) if max_results not in (None, "") else 100
        start = int(next_token) if next_token else 0
    except ValueError:
        raise invalid("The nextToken or maxResults parameter is not valid.")
    if not 1 <= size <= 100 or start < 0:
        raise invalid("maxResults must be between 1 and 100.")
    chunk = items[start : start + size]
    following = start + size
    return chunk, (str(following) if following < len(items) else None)


# --- collections -------------------------------------------------------------------------------------------


def clusters():
    return store().collection(CLOUD, "clusters")


def nodegroups():
    return store().collection(CLOUD, "nodegroups")


def addons():
    return store().collection(CLOUD, "addons")


def updates():
    return store().collection(CLOUD, "updates")


def cluster_key(name, in_region=None):
    return "%s/%s" % (in_region or region(), name)


def nodegroup_key(cluster_name, name, in_region=None):
    return "%s/%s/%s" % (in_region or region(), cluster_name, name)


def get_cluster(name):
    cluster = clusters().get(cluster_key(name))
    if cluster is None:
        raise not_found("No cluster found for name: %s." % name, clusterName=name)
    return cluster


def cluster_nodegroups(cluster):
    prefix = cluster_key(cluster["name"], cluster["_region"]) + "/"
    return [nodegroup for nodegroup in nodegroups().values() if nodegroup["_key"].startswith(prefix)]


def update_in_progress(cluster_name, nodegroup_name=None, addon_name=None):
    key = cluster_key(cluster_name)
    return [
        update
        for update in updates().values()
        if update["_cluster"] == key
        and update["status"] == "InProgress"
        and update.get("_nodegroup") == nodegroup_name
        and update.get("_addon") == addon_name
    ]


def replay(token, cluster_name, nodegroup_name=None, addon_name=None):
    """The update already started with this clientRequestToken for this resource (idempotent retry), or None."""
    if not token:
        return None
    key = cluster_key(cluster_name)
    for update in updates().values():
        if (
            update.get("_token") == token
            and update["_cluster"] == key
            and update.get("_nodegroup") == nodegroup_name
            and update.get("_addon") == addon_name
        ):
            return update
    return None


def start_update(
    target, kind, params, apply, delay, token=None, nodegroup_name=None, cluster_name=None, addon_name=None
):
    """Record an InProgress update of target (a cluster or node group) that applies after delay seconds.

    apply(target) makes the change; a cluster tagged mockcloud/fail-updates makes every update fail instead.
    """
    cluster_name = cluster_name or target.get("name") or target.get("clusterName")
    update = {
        "id": str(uuid.uuid4()),
        "status": "InProgress",
        "type": kind,
        "params": [{"type": name, "value": value} for name, value in params],
        "createdAt": now(),
        "errors": [],
        "_cluster": cluster_key(cluster_name),
        "_nodegroup": nodegroup_name,
        "_addon": addon_name,
        "_token": token,
    }
    updates().add(update)
    settled = "DEGRADED" if target.get("status") == "DEGRADED" else "ACTIVE"
    target["status"] = "UPDATING"
    owner = clusters().get(cluster_key(cluster_name)) or {}
    fail = (owner.get("tags") or {}).get(FAIL_UPDATES_TAG) == "true"

    def finish(record):
        if fail:
            update["status"] = "Failed"
            update["errors"] = [
                {
                    "errorCode": "Unknown",
                    "errorMessage": "mockcloud: the update failed on request (tag %s)" % FAIL_UPDATES_TAG,
                    "resourceIds": [record.get("name") or record.get("nodegroupName") or record.get("addonName")],
                }
            ]
        else:
            apply(record)
            update["status"] = "Successful"
        if record.get("status") == "UPDATING":
            # the emulator does not model what repairs a DEGRADED node group: its health issues stay
            record["status"] = settled
        if "modifiedAt" in record:
            record["modifiedAt"] = now()

    store().schedule(target, delay, finish)
    return update


def settle_creation(record, name_field, failure_code, stamp=True):
    """End a creation: ACTIVE, or CREATE_FAILED with one health issue when the record is tagged FAIL_TAG "true".

    stamp sets modifiedAt, for the shapes that have it (node groups, add-ons; not Fargate profiles).
    """
    if (record.get("tags") or {}).get(FAIL_TAG) == "true":
        record["status"] = "CREATE_FAILED"
        record["health"] = {
            "issues": [
                {
                    "code": failure_code,
                    "message": "mockcloud: the creation failed on request (tag %s)" % FAIL_TAG,
                    "resourceIds": [record[name_field]],
                }
            ]
        }
    else:
        record["status"] = "ACTIVE"
    if stamp:
        record["modifiedAt"] = now()


def start_deletion(record, delay, collection, stamp=True):
    """DELETING now, gone from collection after delay (emulated seconds); a record already DELETING is left as it is."""
    if record["status"] != "DELETING":
        store().cancel(record)
        record["status"] = "DELETING"
        if stamp:
            record["modifiedAt"] = now()
        store().schedule(record, delay, lambda gone: collection().pop(gone["_key"]))


def is_aws_tag(key):
    """botocore's TagMap documentation: the aws: prefix (any case) is reserved for AWS; such tags cannot be edited or
    deleted and do not count against the 50 tags of a resource."""
    return key.lower().startswith("aws:")


def check_taggable_tags(tags, current=None):
    """Refuse setting tags (merged into current) as EKS does: aws: keys, more than 50 user tags."""
    merged = dict(current or {}, **tags)
    if len([key for key in merged if not is_aws_tag(key)]) > 50:
        raise EksError(400, "BadRequestException", "A resource can have at most 50 tags.")
    for key in tags:
        if is_aws_tag(key):
            raise EksError(400, "BadRequestException", "Tag keys starting with 'aws:' are reserved.")


def check_untaggable_keys(keys):
    for key in keys:
        if is_aws_tag(key):
            raise EksError(
                400, "BadRequestException", "Tag keys starting with 'aws:' are reserved and cannot be removed: %s" % key
            )
