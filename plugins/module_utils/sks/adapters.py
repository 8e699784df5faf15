# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SKS clusters and node pools for the resource engine: lookups, writes, refusals and waits.

Each write answers an Operation. An adapter follows every operation to its end before the next write, and keeps
the last one (``pending``) for wait_ready/wait_deleted, which follow it and then read the resource once; with
wait=false the last operation is left running. Creates are never repeated blindly: names are not unique on Exoscale and
the API has no idempotency key, so when a create POST ends without an answer the resource is looked up by name
and adopted if it appeared (see ``create_once``).
"""

from __future__ import annotations

import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Adapter, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import status_waiter, wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.checks import (
    check_gc_thresholds,
    check_nodepool_create,
)

# Polling of operations: the vendor clients poll every 3 s at first, slower later, at most every 60 s.
OPERATION_FIRST_DELAY = 1.0
OPERATION_MAX_DELAY = 10.0


def create_once(post, lookup):
    """post() -> operation; on a lost answer, adopt what lookup() finds, else post again (see core adopt.py).

    Returns (operation or None, adopted record or None).
    """

    def adopted():
        record = lookup()
        return None if record is None else (None, record)

    return create_or_adopt(lambda: (post(), None), adopted)


def find_cluster(client, cluster_id=None, name=None):
    if cluster_id:
        return client.get_cluster(cluster_id)
    return pick_one(client.clusters_named(name), name, "SKS cluster")


def cluster_by_reference(client, reference):
    """The cluster given by id or by unique name, or None."""
    if model.is_uuid(reference):
        return client.get_cluster(reference)
    return pick_one(client.clusters_named(reference), reference, "SKS cluster")


def resolve_instance_type(client, wanted):
    """The id of an instance type given by id (no call) or by name (one call), like the vendor CLI."""
    if model.is_uuid(wanted):
        return wanted
    matches = model.match_instance_type(client.list_instance_types(), wanted)
    if len(matches) != 1:
        problem = (
            "matches %d instance types" % len(matches)
            if matches
            else "is not an instance type of zone %s" % client.zone
        )
        raise InputError(
            "instance_type: %r %s; give an id or a FAMILY.SIZE name such as standard.medium" % (wanted, problem)
        )
    return matches[0]["id"]


def resolve_deploy_target(client, wanted):
    """The id of a deploy target given by id (no call) or by name (one call), like the vendor CLI; "" stays ""."""
    if not wanted or model.is_uuid(wanted):
        return wanted.lower()
    matches = [target for target in client.list_deploy_targets() if target.get("name") == wanted]
    if len(matches) != 1:
        problem = (
            "matches %d deploy targets" % len(matches)
            if matches
            else "is not a deploy target of zone %s" % (client.zone)
        )
        raise InputError("deploy_target: %r %s; give its id or its unique name" % (wanted, problem))
    return matches[0]["id"]


_UNSET = object()


def _gone_or(failed):
    def check(value):
        if value is None:
            return "it was deleted while waiting"
        return failed(value)

    return check


def _state_of(value):
    return (value or {}).get("state")


class SksAdapter(Adapter):
    """What both adapters share: the client, the deadline, the waits, and the operation of the last write."""

    def __init__(self, client, wait_timeout=900, sleep=time.sleep, clock=time.monotonic):
        self.client = client
        self.wait_timeout = wait_timeout
        self.sleep = sleep
        self.clock = clock
        self.pending = None
        self.found = _UNSET

    def find(self):
        """The record, looked up once: an action looks before the engine runs, and the engine reuses it."""
        if self.found is _UNSET:
            self.found = self.look_up()
        return self.found

    def look_up(self):
        raise NotImplementedError

    def follow(self, operation, what):
        """Poll an Operation until it is success; WaitFailed with its reason and message otherwise."""
        if operation is None:
            return None
        return wait_for(
            lambda: self.client.get_operation(operation["id"]),
            model.operation_succeeded,
            failed=model.operation_failure,
            timeout=self.wait_timeout,
            what="%s (operation %s)" % (what, operation.get("id")),
            initial=operation,
            describe=lambda value: value.get("state"),
            first_delay=OPERATION_FIRST_DELAY,
            max_delay=OPERATION_MAX_DELAY,
            sleep=self.sleep,
            clock=self.clock,
        )

    def _wait_status(self, read, record, what, settled, failed, transient, initial=None):
        ready, failure = status_waiter(_state_of, settled, failed, transient)
        kwargs = {"initial": initial} if initial is not None else {}
        return wait_for(
            read,
            ready,
            failed=_gone_or(failure),
            timeout=self.wait_timeout,
            what="%s '%s'" % (what, record.get("name", record["id"])),
            describe=_state_of,
            sleep=self.sleep,
            clock=self.clock,
            **kwargs,
        )

    def wait_cluster(self, cluster, initial=None):
        """Poll the cluster until it is running; WaitFailed when it disappeared."""
        return self._wait_status(
            lambda: self.client.get_cluster(cluster["id"]),
            cluster,
            "SKS cluster",
            model.CLUSTER_SETTLED,
            model.CLUSTER_FAILED,
            model.CLUSTER_TRANSIENT,
            initial,
        )

    def wait_nodepool(self, cluster_id, pool, initial=None):
        return self._wait_status(
            lambda: self.client.get_nodepool(cluster_id, pool["id"]),
            pool,
            "SKS node pool",
            model.NODEPOOL_SETTLED,
            model.NODEPOOL_FAILED,
            model.NODEPOOL_TRANSIENT,
            initial,
        )

    def wait_gone(self, read, what):
        """Poll read() until it gives None: for a resource whose deletion another request started (409 busy)."""
        return wait_for(
            read,
            lambda value: value is None,
            timeout=self.wait_timeout,
            what=what,
            describe=_state_of,
            sleep=self.sleep,
            clock=self.clock,
        )

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


class ClusterAdapter(SksAdapter):
    def __init__(self, client, params, wait_timeout=900, delete_nodepools=None, warn=None, **timing):
        super().__init__(client, wait_timeout, **timing)
        self.params = params
        self.delete_nodepools = bool(params.get("delete_nodepools")) if delete_nodepools is None else delete_nodepools
        self.warn = warn or (lambda message: None)
        self.upgrades = None

    def look_up(self):
        return find_cluster(self.client, self.params.get("id"), self.params.get("name"))

    def state(self, record):
        state = model.cluster_state(record)
        state.pop("id")
        return state

    def output(self, record):
        return model.cluster_output(record, self.client.zone)

    def create(self, desired):
        body = {key: value for key, value in desired.items() if key != "audit"}
        body.setdefault("level", "pro")
        body.setdefault("cni", "calico")
        body.setdefault("addons", list(model.DEFAULT_ADDONS))
        if not body.get("version"):
            body["version"] = model.newest_version(self.client.list_versions())
            if body["version"] is None:
                raise ResourceError("version: the zone offers no SKS version to create the cluster with")
        payload = model.cluster_payload(body)
        audit = None
        if desired.get("audit"):
            audit = model.audit_payload(desired["audit"], self.params.get("audit_bearer_token"), create=True)
        if audit:
            payload["audit"] = audit
        operation, adopted = create_once(lambda: self.client.create_cluster(payload), self._adopt)
        if adopted is not None:
            return adopted
        self.pending = (operation, "creation of SKS cluster '%s'" % payload["name"])
        created = dict(payload, id=operation["reference"]["id"], state="creating", nodepools=[])
        if audit:
            created["audit"] = dict(model.audit_payload(desired["audit"]), enabled=True)
        return created

    def review_create(self, desired):
        """Audit logging needs an endpoint and a bearer token from the start (sks-audit-create requires both)."""
        audit = desired.get("audit")
        if audit and audit.get("enabled", True):
            for key, value in (
                ("endpoint", audit.get("endpoint")),
                ("bearer_token", self.params.get("audit_bearer_token")),
            ):
                if not value:
                    raise InputError(
                        "audit.%s is required to create SKS cluster '%s' with audit logging"
                        % (key, desired.get("name"))
                    )

    def _adopt(self):
        """The cluster our lost create made, when exactly one cluster of that name exists now."""
        matches = self.client.clusters_named(self.params["name"])
        return pick_one(matches, self.params["name"], "SKS cluster") if matches else None

    def _settle(self, record):
        if record.get("state") == "running":
            return record
        return self.wait_cluster(record, initial=record)

    def update(self, record, changes, desired):
        record = self._settle(record)
        name = record.get("name")
        if changes.get("level") == "pro":
            self.step(
                lambda: self.client.upgrade_service_level(record["id"]),
                "service level upgrade of SKS cluster '%s'" % name,
            )
        if "version" in changes:
            for version in self.upgrades or [changes["version"]]:
                self.step(
                    lambda version=version: self.client.upgrade_cluster(record["id"], version),
                    "upgrade of SKS cluster '%s' to %s" % (name, version),
                )
        body = model.cluster_payload(changes, model.CLUSTER_UPDATE_FIELDS)
        if "audit" in changes:
            body["audit"] = model.audit_payload(changes["audit"], self.params.get("audit_bearer_token"))
        if body:
            self.step(lambda: self.client.update_cluster(record["id"], body), "update of SKS cluster '%s'" % name)
        updated = dict(record, **model.cluster_payload(changes))
        if "audit" in changes:
            updated["audit"] = dict(record.get("audit") or {}, **model.audit_payload(changes["audit"]))
        updated["state"] = "updating"
        return updated

    def delete(self, record):
        for pool in record.get("nodepools") or []:
            self.step(
                lambda pool_id=pool["id"]: self.client.delete_nodepool(record["id"], pool_id),
                "deletion of node pool '%s' of SKS cluster '%s'" % (pool.get("name"), record.get("name")),
            )
        self.step(lambda: self.client.delete_cluster(record["id"]), "deletion of SKS cluster '%s'" % record.get("name"))

    def review(self, record, current, changes):
        """Refuse, before any write, what SKS cannot do: pro -> starter, a downgrade, add-on changes the vendor's
        clients never make; plan an upgrade of several minor versions one minor at a time."""
        name = current.get("name")
        if changes.get("level") == "starter":
            raise ResourceError(
                "level: SKS cluster '%s' is pro and cannot go back to starter; only starter -> pro "
                "is possible (delete and re-create the cluster to change it)" % name,
                refused={"level": {"current": current.get("level"), "desired": "starter"}},
            )
        if "version" in changes:
            changes = self._review_version(current, changes)
        if "addons" in changes:
            self._review_addons(name, current.get("addons") or [], changes["addons"])
        if "audit" in changes:
            self._review_audit(name, current.get("audit") or {}, changes["audit"])
        return changes

    def _review_audit(self, name, have, want):
        """Turning audit logging on needs an endpoint (given or kept) and the bearer token, which the API never
        returns."""
        if want.get("enabled") and not have.get("enabled"):
            if not (want.get("endpoint") or have.get("endpoint")):
                raise InputError("audit.endpoint is required to enable audit logging on SKS cluster '%s'" % name)
            if not self.params.get("audit_bearer_token"):
                raise InputError("audit.bearer_token is required to enable audit logging on SKS cluster '%s'" % name)

    # --- explicit actions ------------------------------------------------------------------------------------

    def check_rotations(self, record, rotations):
        """Refuse, before any write, a rotation of the credentials of an add-on the cluster will not have."""
        addons = self.params.get("addons")
        if addons is None:
            addons = (record or {}).get("addons") if record is not None else list(model.DEFAULT_ADDONS)
        name = (record or {}).get("name") or self.params.get("name")
        for rotation in rotations:
            needed = model.ROTATIONS[rotation][1]
            if needed and needed not in (addons or []):
                raise ResourceError(
                    "rotate_credentials: %s needs the %s addon, which SKS cluster '%s' does not have"
                    % (rotation, needed, name)
                )

    def rotate(self, cluster_id, rotations, wait):
        """Run each rotation, one after the other (each on a running cluster); the cluster afterwards."""
        self.settle_pending()
        record = self.client.get_cluster(cluster_id)
        if record.get("state") != "running":
            record = self.wait_cluster(record, initial=record)
        name = record.get("name")
        for rotation in rotations:
            action = model.ROTATIONS[rotation][0]
            self.step(
                lambda action=action: self.client.rotate(cluster_id, action),
                "%s of SKS cluster '%s'" % (action, name),
            )
        if not wait:
            return self.client.get_cluster(cluster_id) or record
        self.settle_pending()
        record = self.client.get_cluster(cluster_id) or record
        return self.wait_cluster(record, initial=record)

    def _review_version(self, current, changes):
        name, have, want = current.get("name"), current.get("version"), changes["version"]
        if model.version_key(want) < model.version_key(have):
            if current.get("auto_upgrade") and model.minor_of(want) == model.minor_of(have):
                # auto-upgrade moves the control plane to the newest patch of its minor on its own: not a request
                # to downgrade, and nothing to do.
                self.warn(
                    "version: SKS cluster '%s' runs %s, newer than the %s asked for, because auto_upgrade is on "
                    "and the cloud upgraded it; nothing was changed. Set version to %s (or leave it out) to "
                    "silence this warning." % (name, have, want, have)
                )
                return {key: value for key, value in changes.items() if key != "version"}
            raise ResourceError(
                "version: SKS cluster '%s' runs %s, which is newer than %s; Kubernetes versions can "
                "only be upgraded" % (name, have, want),
                refused={"version": {"current": have, "desired": want}},
            )
        if model.minor_of(want)[1] - model.minor_of(have)[1] > 1:
            path, missing = model.upgrade_path(have, want, self.client.list_versions())
            if missing:
                raise ResourceError(
                    "version: SKS cluster '%s' runs %s and upgrades one minor version at a time, but zone %s "
                    "offers no %s version to go through on the way to %s"
                    % (name, have, self.client.zone, missing, want),
                    refused={"version": {"current": have, "desired": want}},
                )
            self.upgrades = path
        return changes

    @staticmethod
    def _review_addons(name, have, want):
        """Only what the exo CLI's and Terraform's updates do: add the CSI driver, add or remove Karpenter."""
        added = sorted(set(want) - set(have))
        removed = sorted(set(have) - set(want))
        if model.CSI_ADDON in removed:
            raise ResourceError(
                "addons: the %s addon of SKS cluster '%s' cannot be removed once enabled" % (model.CSI_ADDON, name)
            )
        fixed = [addon for addon in added + removed if addon in model.CREATION_ONLY_ADDONS]
        if fixed:
            raise ResourceError(
                "addons: %s of SKS cluster '%s' can only be chosen when the cluster is created (it has %s); "
                "after creation only %s can be added and %s added or removed"
                % (
                    " and ".join(fixed),
                    name,
                    ", ".join(sorted(have)) or "no addons",
                    model.CSI_ADDON,
                    model.KARPENTER_ADDON,
                ),
                refused={"addons": {"current": sorted(have), "desired": sorted(want)}},
            )

    def review_delete(self, record, current):
        """Refuse to delete a cluster that still has node pools unless delete_nodepools is set."""
        pools = sorted(str(pool.get("name")) for pool in record.get("nodepools") or [])
        if pools and not self.delete_nodepools:
            raise ResourceError(
                "SKS cluster '%s' still has %d node pool(s) (%s): delete them first or set "
                "delete_nodepools=true" % (record.get("name"), len(pools), ", ".join(pools)),
                nodepools=pools,
            )

    def wait_ready(self, record):
        if self.settle_pending():
            record = self.client.get_cluster(record["id"]) or record
        return self.wait_cluster(record, initial=record)

    def wait_deleted(self, record):
        if not self.settle_deletion():
            self.wait_gone(
                lambda: self.client.get_cluster(record["id"]), "deletion of SKS cluster '%s'" % record.get("name")
            )


class NodepoolAdapter(SksAdapter):
    def __init__(self, client, params, state="present", wait_timeout=900, **timing):
        super().__init__(client, wait_timeout, **timing)
        self.params = params
        self.wanted_state = state
        self.cluster = None

    def find_cluster(self):
        reference = self.params["cluster"]
        cluster = cluster_by_reference(self.client, reference)
        if cluster is None and self.wanted_state == "present":
            raise ResourceError("cluster: no SKS cluster %r in zone %s" % (reference, self.client.zone))
        return cluster

    def look_up(self):
        self.cluster = self.find_cluster()
        if self.cluster is None:
            return None
        pools = [pool for pool in self.cluster.get("nodepools") or [] if pool.get("name") == self.params["name"]]
        return pick_one(pools, self.params["name"], "SKS node pool")

    def state(self, record):
        state = model.nodepool_state(record)
        state.pop("id")
        return state

    def output(self, record):
        return model.nodepool_output(record, self.cluster, self.client.zone)

    def review(self, record, current, changes):
        """A kubelet_image_gc given in part is sent whole: the current settings with the ones given laid over."""
        if "kubelet_image_gc" in changes:
            merged = dict(current.get("kubelet_image_gc") or {}, **changes["kubelet_image_gc"])
            check_gc_thresholds(merged)
            changes = dict(changes, kubelet_image_gc=merged)
        return changes

    # --- explicit action: evict members ----------------------------------------------------------------------

    def evict(self, wanted, check_mode=False):
        """Evict the nodes given by instance id or name from the node pool; the ones no longer in it are left out
        (evicted already), so a re-run evicts nothing. Returns [{id, name}] of the nodes evicted (or to evict)."""
        record = self.find()
        if record is None:
            return []
        pool_ref = (record.get("instance-pool") or {}).get("id")
        members = self.client.instance_pool_members(pool_ref) if pool_ref else []
        chosen = {}
        for node in wanted:
            matches = [item for item in members if item.get("id") == node.lower() or item.get("name") == node]
            if len(matches) > 1:
                raise ResourceError(
                    "evict_nodes: %d nodes of SKS node pool '%s' are named %r; give their ids"
                    % (len(matches), record.get("name"), node)
                )
            for item in matches:
                chosen[item["id"]] = {"id": item["id"], "name": item.get("name")}
        evicted = sorted(chosen.values(), key=lambda item: item["id"])
        if not evicted:
            return []
        size = max((record.get("size") or 0) - len(evicted), 0)
        if check_mode:
            self.found = dict(record, size=size)
            return evicted
        cluster_id = self.cluster["id"]
        if record.get("state") != "running":
            record = self.wait_nodepool(cluster_id, record, initial=record)
        self.step(
            lambda: self.client.evict_nodepool_members(cluster_id, record["id"], list(chosen)),
            "eviction of %d node(s) from SKS node pool '%s'" % (len(evicted), record.get("name")),
        )
        self.settle_pending()
        record = self.client.get_nodepool(cluster_id, record["id"]) or dict(record, size=size)
        self.found = self.wait_nodepool(cluster_id, record, initial=record)
        return evicted

    def _cluster_running(self):
        if self.cluster.get("state") != "running":
            self.cluster = self.wait_cluster(self.cluster, initial=self.cluster)

    def create(self, desired):
        self._cluster_running()
        check_nodepool_create(desired)
        payload = model.nodepool_payload(desired)
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
            record = self.wait_nodepool(cluster_id, record, initial=record)
        body = model.nodepool_payload(changes, [key for key in model.NODEPOOL_UPDATE_FIELDS if key in changes])
        name = record.get("name")
        if body:
            self.step(
                lambda: self.client.update_nodepool(cluster_id, record["id"], body),
                "update of SKS node pool '%s'" % name,
            )
        if "size" in changes:
            self.step(
                lambda: self.client.scale_nodepool(cluster_id, record["id"], changes["size"]),
                "scaling of SKS node pool '%s' to %d nodes" % (name, changes["size"]),
            )
        updated = dict(record, **model.nodepool_payload(changes, list(changes)))
        updated["state"] = "updating"
        return updated

    def delete(self, record):
        self.step(
            lambda: self.client.delete_nodepool(self.cluster["id"], record["id"]),
            "deletion of SKS node pool '%s'" % record.get("name"),
        )

    def wait_ready(self, record):
        cluster_id = self.cluster["id"]
        if self.settle_pending():
            record = self.client.get_nodepool(cluster_id, record["id"]) or record
        return self.wait_nodepool(cluster_id, record, initial=record)

    def wait_deleted(self, record):
        if not self.settle_deletion():
            cluster_id = self.cluster["id"]
            self.wait_gone(
                lambda: self.client.get_nodepool(cluster_id, record["id"]),
                "deletion of SKS node pool '%s'" % record.get("name"),
            )
