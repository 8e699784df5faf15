# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SKS clusters and node pools for the resource engine: option checks, adapters, refusals.

Each write answers an Operation. An adapter follows every operation to its end before the next write, and keeps
the last one (``pending``) for wait_ready/wait_deleted, which follow it and then read the resource once; with
wait=false the last operation is left running. Creates are never repeated blindly: names are not unique on Exoscale and
the API has no idempotency key, so when a create POST ends without an answer the resource is looked up by name
and adopted if it appeared (see ``create_once``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils import sks_client as api
from ansible_collections.managedk8s.clusters.plugins.module_utils.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import CONNECTION_LOST, TIMEOUT
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import (
    Outcome, Resource, ResourceError, ResourceSpec, pick_one,
)

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    create_keys=("name", "description", "labels", "level", "cni", "auto_upgrade", "oidc", "addons", "version"),
    update_keys=("name", "description", "labels", "level", "auto_upgrade", "oidc", "addons", "version"),
    create_only=("cni",),
    unordered=("addons",),
    exact=("labels", "oidc"),
)

NODEPOOL_SPEC = ResourceSpec(
    "nodepool",
    create_keys=("name", "description", "instance_type", "size", "disk_size", "labels", "taints", "security_groups",
                 "anti_affinity_groups", "private_networks", "instance_prefix"),
    update_keys=("name", "description", "instance_type", "size", "disk_size", "labels", "taints", "security_groups",
                 "anti_affinity_groups", "private_networks", "instance_prefix"),
    unordered=("taints", "security_groups", "anti_affinity_groups", "private_networks"),
    exact=("labels",),
)

LABEL_KEY = re.compile(r"^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]{0,61}[a-z0-9A-Z])?$")
LOWERCASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
RETRYABLE_CREATE_FAILURES = (CONNECTION_LOST, TIMEOUT)


class OptionError(ResourceError):
    """An option value the API would refuse, found before any call."""


# --- option checks -------------------------------------------------------------------------------------------

def _check_length(option, value, low=1, high=255):
    if value is not None and not low <= len(value) <= high:
        raise OptionError("%s must be %d to %d characters long, got %d" % (option, low, high, len(value)))


def _check_labels(option, labels):
    for key, value in (labels or {}).items():
        if not LABEL_KEY.match(str(key)):
            raise OptionError("%s: %r is not a valid label key (letters, digits, '-', '_', '.', an optional "
                              "DNS prefix and '/', at most 63 characters in the name)" % (option, key))
        if not isinstance(value, str):
            raise OptionError("%s: the value of %r must be a string, got %s" % (option, key, type(value).__name__))


def _check_ids(option, values):
    for value in values or []:
        if not api.is_uuid(value):
            raise OptionError("%s: %r is not an id (a UUID such as 8561ee34-09f0-42da-a765-abde807f944b)" % (option, value))


def check_oidc(oidc):
    """oidc: client_id and issuer_url required, every string 1-255 characters, issuer_url an https URL."""
    if oidc is None:
        return None
    cleaned = {key: value for key, value in oidc.items() if value not in (None, "", {})}
    for key in ("client_id", "issuer_url"):
        if not cleaned.get(key):
            raise OptionError("oidc.%s is required when oidc is set" % key)
    for key in api.OIDC_FIELDS:
        if key != "required_claim":
            _check_length("oidc.%s" % key, cleaned.get(key))
    issuer = urlsplit(cleaned["issuer_url"])
    if issuer.scheme != "https" or not issuer.netloc:
        raise OptionError("oidc.issuer_url must be an https:// URL, got %r" % cleaned["issuer_url"])
    for claim, value in (cleaned.get("required_claim") or {}).items():
        if not isinstance(value, str) or not claim:
            raise OptionError("oidc.required_claim must map claim names to strings; %r does not" % claim)
    return cleaned


def cluster_params(params):
    """The cluster module's options, checked and normalised for comparison; OptionError names the culprit."""
    params = dict(params)
    if not params.get("name") and not params.get("id"):
        raise OptionError("one of name or id is required")
    if params.get("id") and not api.is_uuid(params["id"]):
        raise OptionError("id: %r is not an SKS cluster id (a UUID)" % params["id"])
    _check_length("name", params.get("name"))
    _check_length("description", params.get("description"), low=0)
    _check_labels("labels", params.get("labels"))
    if params.get("version") is not None and not api.VERSION_PATTERN.match(params["version"]):
        raise OptionError("version must look like 1.31.2 (MAJOR.MINOR.PATCH), got %r" % params["version"])
    params["oidc"] = check_oidc(params.get("oidc"))
    if params.get("addons") is not None:
        params["addons"] = sorted(set(params["addons"]))
    return params


def _taints(taints):
    seen = set()
    result = []
    for taint in taints or []:
        key = taint.get("key")
        if not key or not LABEL_KEY.match(key):
            raise OptionError("taints: %r is not a valid taint key" % key)
        if key in seen:
            raise OptionError("taints: the key %r is given twice; a node pool has one taint per key" % key)
        seen.add(key)
        _check_length("taints[%s].value" % key, taint.get("value"))
        result.append({"key": key, "value": taint["value"], "effect": taint["effect"]})
    return sorted(result, key=lambda item: item["key"])


def nodepool_params(params):
    """The node pool module's options, checked and normalised (sorted id lists, taints sorted by key)."""
    params = dict(params)
    _check_length("name", params.get("name"))
    _check_length("description", params.get("description"), low=0)
    if params.get("instance_prefix") is not None:
        _check_length("instance_prefix", params["instance_prefix"], high=30)
        if not LOWERCASE_NAME.match(params["instance_prefix"]):
            raise OptionError("instance_prefix must be lowercase letters, digits and '-', got %r" % params["instance_prefix"])
    if params.get("size") is not None and params["size"] < 1:
        raise OptionError("size must be at least 1, got %d" % params["size"])
    if params.get("disk_size") is not None and not 20 <= params["disk_size"] <= 51200:
        raise OptionError("disk_size must be between 20 and 51200 (GiB), got %d" % params["disk_size"])
    _check_labels("labels", params.get("labels"))
    if params.get("taints") is not None:
        params["taints"] = _taints(params["taints"])
    for option, limit in (("security_groups", 16), ("anti_affinity_groups", 8), ("private_networks", 16)):
        if params.get(option) is not None:
            _check_ids(option, params[option])
            params[option] = sorted({value.lower() for value in params[option]})
            if len(params[option]) > limit:
                raise OptionError("%s: at most %d, got %d" % (option, limit, len(params[option])))
    return params


# --- shared steps --------------------------------------------------------------------------------------------

def create_failed_without_answer(error):
    """True when a create POST may have reached the API without us seeing the answer."""
    return error.code in RETRYABLE_CREATE_FAILURES or (error.status is not None and error.status >= 500)


def create_once(post, lookup):
    """post() -> operation; on a lost answer, adopt what lookup() finds, else post again (see adopt.py).

    Returns (operation or None, adopted record or None).
    """
    def adopted():
        record = lookup()
        return None if record is None else (None, record)

    return create_or_adopt(lambda: (post(), None), adopted, create_failed_without_answer)


def find_cluster(client, cluster_id=None, name=None):
    if cluster_id:
        return client.get_cluster(cluster_id)
    return pick_one(client.clusters_named(name), name, "SKS cluster")


class _Adapter:
    """What both adapters share: the client, the deadline, and the operation of the last write."""

    def __init__(self, client, wait_timeout=900):
        self.client = client
        self.wait_timeout = wait_timeout
        self.pending = None

    def follow(self, operation, what):
        return self.client.follow(operation, what, timeout=self.wait_timeout)

    def step(self, call, what):
        """Make one write: follow the previous write's operation to its end, then call() and keep its operation."""
        self.settle_pending()
        self.pending = (call(), what)

    def settle_deletion(self):
        """Follow the operation of the last DELETE; False when it had none (the resource was gone already, or a
        DELETE sent again met 409 busy while the first one runs), so the caller must watch the resource go."""
        had_operation = self.pending is not None and self.pending[0] is not None
        self.settle_pending()
        return had_operation

    def settle_pending(self):
        """Follow the remembered operation to success; True when there was one."""
        if self.pending is None:
            return False
        operation, what = self.pending
        self.pending = None
        self.follow(operation, what)
        return True


# --- clusters ------------------------------------------------------------------------------------------------

class ClusterAdapter(_Adapter):
    def __init__(self, client, params, wait_timeout=900):
        super().__init__(client, wait_timeout)
        self.params = params

    def find(self):
        return find_cluster(self.client, self.params.get("id"), self.params.get("name"))

    @staticmethod
    def state(record):
        state = api.cluster_state(record)
        state.pop("id")
        return state

    def output(self, record):
        return api.cluster_output(record, self.client.zone)

    def create(self, desired):
        body = dict(desired)
        body.setdefault("level", "pro")
        body.setdefault("cni", "calico")
        if not body.get("version"):
            body["version"] = api.newest_version(self.client.list_versions())
            if body["version"] is None:
                raise ResourceError("version: the zone offers no SKS version to create the cluster with")
        payload = api.cluster_payload(body)
        operation, adopted = create_once(lambda: self.client.create_cluster(payload), self._adopt)
        if adopted is not None:
            return adopted
        self.pending = (operation, "creation of SKS cluster '%s'" % payload["name"])
        return dict(payload, id=operation["reference"]["id"], state="creating", nodepools=[])

    def _adopt(self):
        """The cluster our lost create made, when exactly one cluster of that name exists now."""
        matches = self.client.clusters_named(self.params["name"])
        return pick_one(matches, self.params["name"], "SKS cluster") if matches else None

    def _settle(self, record):
        if record.get("state") == "running":
            return record
        return self.client.wait_cluster(record, timeout=self.wait_timeout, initial=record)

    def update(self, record, changes, desired):
        record = self._settle(record)
        name = record.get("name")
        if changes.get("level") == "pro":
            self.step(lambda: self.client.upgrade_service_level(record["id"]), "service level upgrade of SKS cluster '%s'" % name)
        if "version" in changes:
            self.step(lambda: self.client.upgrade_cluster(record["id"], changes["version"]),
                      "upgrade of SKS cluster '%s' to %s" % (name, changes["version"]))
        body = api.cluster_payload(changes, api.CLUSTER_UPDATE_FIELDS)
        if body:
            self.step(lambda: self.client.update_cluster(record["id"], body), "update of SKS cluster '%s'" % name)
        updated = dict(record, **api.cluster_payload(changes))
        updated["state"] = "updating"
        return updated

    def delete(self, record):
        for pool in record.get("nodepools") or []:
            self.step(lambda pool_id=pool["id"]: self.client.delete_nodepool(record["id"], pool_id),
                      "deletion of node pool '%s' of SKS cluster '%s'" % (pool.get("name"), record.get("name")))
        self.step(lambda: self.client.delete_cluster(record["id"]), "deletion of SKS cluster '%s'" % record.get("name"))

    @staticmethod
    def review(record, current, changes):
        """Refuse, before any write, what SKS cannot do: pro -> starter, a downgrade, removing the CSI addon."""
        name = current.get("name")
        if changes.get("level") == "starter":
            raise ResourceError("level: SKS cluster '%s' is pro and cannot go back to starter; only starter -> pro "
                                "is possible (delete and re-create the cluster to change it)" % name,
                                refused={"level": {"current": current.get("level"), "desired": "starter"}})
        if "version" in changes and api.version_key(changes["version"]) < api.version_key(current.get("version")):
            raise ResourceError("version: SKS cluster '%s' runs %s, which is newer than %s; Kubernetes versions can "
                                "only be upgraded" % (name, current.get("version"), changes["version"]),
                                refused={"version": {"current": current.get("version"), "desired": changes["version"]}})
        if "addons" in changes and api.CSI_ADDON in current.get("addons", []) and api.CSI_ADDON not in changes["addons"]:
            raise ResourceError("addons: the %s addon of SKS cluster '%s' cannot be removed once enabled"
                                % (api.CSI_ADDON, name))
        return changes

    def wait_ready(self, record):
        if self.settle_pending():
            record = self.client.get_cluster(record["id"]) or record
        return self.client.wait_cluster(record, timeout=self.wait_timeout, initial=record)

    def wait_deleted(self, record):
        if not self.settle_deletion():
            self.client.wait_gone(lambda: self.client.get_cluster(record["id"]),
                                  "deletion of SKS cluster '%s'" % record.get("name"), timeout=self.wait_timeout)


class ClusterResource(Resource):
    """The engine, refusing to delete a cluster that still has node pools unless delete_nodepools is set."""

    def __init__(self, spec, api_adapter, check_mode=False, wait=True, delete_nodepools=False):
        super().__init__(spec, api_adapter, check_mode=check_mode, wait=wait)
        self.delete_nodepools = delete_nodepools

    def ensure_absent(self):
        record = self.api.find()
        if record is None:
            return Outcome(False, {}, {})
        pools = sorted(str(pool.get("name")) for pool in record.get("nodepools") or [])
        if pools and not self.delete_nodepools:
            raise ResourceError("SKS cluster '%s' still has %d node pool(s) (%s): delete them first or set "
                                "delete_nodepools=true" % (record.get("name"), len(pools), ", ".join(pools)),
                                nodepools=pools)
        before = self.api.state(record)
        if not self.check_mode:
            self.api.delete(record)
            if self.wait:
                self.api.wait_deleted(record)
        return Outcome(True, before, {}, record)


# --- node pools ----------------------------------------------------------------------------------------------

class NodepoolAdapter(_Adapter):
    def __init__(self, client, params, state="present", wait_timeout=900):
        super().__init__(client, wait_timeout)
        self.params = params
        self.wanted_state = state
        self.cluster = None

    def find_cluster(self):
        reference = self.params["cluster"]
        if api.is_uuid(reference):
            cluster = self.client.get_cluster(reference)
        else:
            cluster = pick_one(self.client.clusters_named(reference), reference, "SKS cluster")
        if cluster is None and self.wanted_state == "present":
            raise ResourceError("cluster: no SKS cluster %r in zone %s" % (reference, self.client.zone))
        return cluster

    def find(self):
        self.cluster = self.find_cluster()
        if self.cluster is None:
            return None
        pools = [pool for pool in self.cluster.get("nodepools") or [] if pool.get("name") == self.params["name"]]
        return pick_one(pools, self.params["name"], "SKS node pool")

    @staticmethod
    def state(record):
        state = api.nodepool_state(record)
        state.pop("id")
        return state

    def output(self, record):
        output = api.nodepool_state(record)
        output.update({
            "state": record.get("state"),
            "version": record.get("version"),
            "created_at": record.get("created-at"),
            "cluster_id": (self.cluster or {}).get("id"),
            "cluster_name": (self.cluster or {}).get("name"),
            "instance_pool_id": (record.get("instance-pool") or {}).get("id"),
            "template_id": (record.get("template") or {}).get("id"),
            "zone": self.client.zone,
        })
        return output

    def _cluster_running(self):
        if self.cluster.get("state") != "running":
            self.cluster = self.client.wait_cluster(self.cluster, timeout=self.wait_timeout, initial=self.cluster)

    def create(self, desired):
        self._cluster_running()
        for required in ("instance_type", "size", "disk_size"):
            if desired.get(required) is None:
                raise OptionError("%s is required to create node pool '%s'" % (required, desired.get("name")))
        payload = api.nodepool_payload(desired)
        cluster_id = self.cluster["id"]
        operation, adopted = create_once(lambda: self.client.create_nodepool(cluster_id, payload), self._adopt)
        if adopted is not None:
            return adopted
        self.pending = (operation, "creation of SKS node pool '%s'" % payload["name"])
        return dict(payload, id=operation["reference"]["id"], state="creating")

    def _adopt(self):
        cluster = self.client.get_cluster(self.cluster["id"]) or {}
        pools = [pool for pool in cluster.get("nodepools") or [] if pool.get("name") == self.params["name"]]
        return pick_one(pools, self.params["name"], "SKS node pool") if pools else None

    def update(self, record, changes, desired):
        cluster_id = self.cluster["id"]
        if record.get("state") != "running":
            record = self.client.wait_nodepool(cluster_id, record, timeout=self.wait_timeout, initial=record)
        body = api.nodepool_payload(changes, [key for key in api.NODEPOOL_UPDATE_FIELDS if key in changes])
        name = record.get("name")
        if body:
            self.step(lambda: self.client.update_nodepool(cluster_id, record["id"], body), "update of SKS node pool '%s'" % name)
        if "size" in changes:
            self.step(lambda: self.client.scale_nodepool(cluster_id, record["id"], changes["size"]),
                      "scaling of SKS node pool '%s' to %d nodes" % (name, changes["size"]))
        updated = dict(record, **api.nodepool_payload(changes, list(changes)))
        updated["state"] = "updating"
        return updated

    def delete(self, record):
        self.step(lambda: self.client.delete_nodepool(self.cluster["id"], record["id"]),
                  "deletion of SKS node pool '%s'" % record.get("name"))

    def wait_ready(self, record):
        cluster_id = self.cluster["id"]
        if self.settle_pending():
            record = self.client.get_nodepool(cluster_id, record["id"]) or record
        return self.client.wait_nodepool(cluster_id, record, timeout=self.wait_timeout, initial=record)

    def wait_deleted(self, record):
        if not self.settle_deletion():
            cluster_id = self.cluster["id"]
            self.client.wait_gone(lambda: self.client.get_nodepool(cluster_id, record["id"]),
                                  "deletion of SKS node pool '%s'" % record.get("name"), timeout=self.wait_timeout)


# --- lookups -----------------------------------------------------------------------------------------------

def resolve_instance_type(client, wanted):
    """The id of an instance type given by id (no call) or by name (one call), like the vendor CLI."""
    if api.is_uuid(wanted):
        return wanted
    matches = api.match_instance_type(client.list_instance_types(), wanted)
    if len(matches) != 1:
        problem = "matches %d instance types" % len(matches) if matches else "is not an instance type of zone %s" % client.zone
        raise OptionError("instance_type: %r %s; give an id or a FAMILY.SIZE name such as standard.medium" % (wanted, problem))
    return matches[0]["id"]


# --- kubeconfig ----------------------------------------------------------------------------------------------

def kubeconfig_cluster_id(client, reference):
    """The id of the cluster given by id (no call) or by name (one call)."""
    if api.is_uuid(reference):
        return reference
    cluster = pick_one(client.clusters_named(reference), reference, "SKS cluster")
    if cluster is None:
        raise ResourceError("cluster: no SKS cluster %r in zone %s" % (reference, client.zone))
    return cluster["id"]
