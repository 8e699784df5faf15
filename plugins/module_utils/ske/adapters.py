# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE cluster and node pool as the resource engine sees them: find, create, update, delete, and the waits."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Adapter, ResourceError, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import status_waiter, wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.model import cluster_status


def cluster_named(client, name):
    """The summary of the one cluster named name, or None; several are a DuplicateNameError."""
    return pick_one(client.clusters_named(name), name, "SKE cluster")


def find_cluster_id(client, cluster_id=None, cluster_name=None):
    """The id of the cluster given by id (returned as is) or by unique name (looked up)."""
    if cluster_id:
        return cluster_id
    found = cluster_named(client, cluster_name)
    if found is None:
        raise ResourceError("no SKE cluster is named '%s' (cluster_name)" % cluster_name)
    return found["id"]


class ClusterAdapter(Adapter):
    """find/state/create/update/delete/wait for one SKE cluster, by cluster_id or by unique name.

    tags are sent with the create request only: SKE does not return them with the cluster, so they are not
    compared afterwards.
    """

    def __init__(self, client, cluster_id=None, name=None, tags=None, wait_timeout=900, state="present", sleep=None):
        self.client = client
        self.state_wanted = state
        self.cluster_id = cluster_id
        self.name = name
        self.tags = tags
        self.wait_timeout = wait_timeout
        self.wait_options = {"sleep": sleep} if sleep is not None else {}

    def find(self):
        if self.cluster_id:
            record = self.client.get_cluster(self.cluster_id)
            if record is None and self.state_wanted == "present":
                raise ResourceError(
                    "cluster_id: no SKE cluster has the id %s; to create a cluster, leave cluster_id out "
                    "and give name and the other creation options" % self.cluster_id
                )
            return record
        summary = cluster_named(self.client, self.name)
        if summary is None:
            return None
        return self.client.get_cluster(summary["id"])

    def state(self, record):
        state = model.cluster_state(record)
        state.pop("id", None)
        state.pop("status", None)
        return state

    def output(self, record):
        return model.cluster_info(record)

    def review_create(self, desired):
        checks.check_create(desired)

    def create(self, desired):
        payload = model.create_payload(desired, self.tags)
        cluster_id = create_or_adopt(lambda: self.client.create_cluster(payload), self._id_of_cluster_named)
        self.cluster_id = cluster_id
        return self.client.get_cluster(cluster_id) or {"id": cluster_id, "name": self.name, "status": "CREATING"}

    def _id_of_cluster_named(self):
        """After a create POST with an unknown outcome: the id of the cluster if it appeared, else None."""
        found = cluster_named(self.client, self.name)
        return found["id"] if found else None

    def review(self, record, current, changes):
        """A new kubernetes_version must be reachable one minor version at a time through the versions on offer
        (GET /v1/kubernetes-versions); an older one is refused. Refused before any change, check mode too."""
        if "kubernetes_version" in changes:
            self._upgrade_path(current.get("kubernetes_version"), changes["kubernetes_version"], current.get("name"))
        return changes

    def _upgrade_path(self, current, target, name=None):
        offered = [item.get("kubernetes_version") for item in self.client.list_kubernetes_versions()]
        path, reason = model.upgrade_path(current, target, offered)
        if path is None:
            raise ResourceError(
                "cannot upgrade SKE cluster '%s' to kubernetes_version %s: %s"
                % (name or self.name or self.cluster_id, target, reason),
                refused={"kubernetes_version": {"current": current, "desired": target}},
            )
        return path

    def update(self, record, changes, desired):
        """One call per kind of change, each waited for until the cluster is RUNNING again before the next; a new
        kubernetes_version goes one minor version at a time (model.upgrade_path)."""
        cluster_id = record["id"]
        calls = []
        if "cloud_logging_enabled" in changes:
            calls.append(lambda: self.client.set_logging(cluster_id, changes["cloud_logging_enabled"]))
        if "security_group_id_list" in changes:
            calls.append(lambda: self.client.set_security_groups(cluster_id, changes["security_group_id_list"]))
        if "public_endpoint_access_control_ip" in changes:
            calls.append(
                lambda: self.client.set_public_access_control(cluster_id, changes["public_endpoint_access_control_ip"])
            )
        if "private_endpoint_access_control_resources" in changes:
            calls.append(
                lambda: self.client.set_private_access_control(
                    cluster_id, changes["private_endpoint_access_control_resources"]
                )
            )
        record = self._settled(record)
        for call in calls:
            call()
            record = self._settled(None, cluster_id)
        if "kubernetes_version" in changes:
            # From the version the cluster has now (a rerun may find an upgrade half done).
            path = self._upgrade_path(
                record.get("kubernetes_version"), changes["kubernetes_version"], record.get("name")
            )
            for version in path:
                self.client.upgrade_cluster(cluster_id, version)
                record = self._settled(None, cluster_id)
        return self.client.get_cluster(cluster_id) or record

    def delete(self, record):
        """DELETE the cluster in whatever status it is, as the vendor's Terraform provider does (no wait for
        RUNNING, so a cluster in an error status can be deleted); only a change under way (CREATING, UPDATING) is
        let finish first, whatever status it ends in."""
        status = cluster_status(record)
        if status == "DELETING":
            return
        if status in model.CLUSTER_TRANSIENT:
            record = self._out_of_transient(record)
            if record is None or cluster_status(record) == "DELETING":
                return
        self.client.delete_cluster(record["id"])

    def _out_of_transient(self, record):
        """Wait until the cluster is no longer CREATING or UPDATING; any other status (or gone) will do."""
        cluster_id = record["id"]
        options = dict(self.wait_options, initial=record)
        return wait_for(
            lambda: self.client.get_cluster(cluster_id),
            lambda value: cluster_status(value) not in model.CLUSTER_TRANSIENT,
            lambda value: None,
            timeout=self.wait_timeout,
            what="SKE cluster %s to finish %s before it is deleted" % (cluster_id, cluster_status(record)),
            describe=cluster_status,
            **options,
        )

    def _settled(self, record, cluster_id=None):
        """Wait until the cluster is RUNNING (an API change is refused while it is CREATING or UPDATING)."""
        cluster_id = cluster_id or record["id"]
        ready, failed = status_waiter(cluster_status, model.CLUSTER_SETTLED, transient=model.CLUSTER_TRANSIENT)
        options = dict(self.wait_options)
        if record is not None:
            options["initial"] = record
        return wait_for(
            lambda: self.client.get_cluster(cluster_id),
            ready,
            failed,
            timeout=self.wait_timeout,
            what="SKE cluster %s to be RUNNING" % cluster_id,
            describe=cluster_status,
            **options,
        )

    def wait_ready(self, record):
        return self._settled(record)

    def wait_deleted(self, record):
        """Until the cluster is gone (404). Any status meanwhile is waited through, as Terraform's wait for DELETED
        (no pending states, so no status is unexpected): an undocumented one is no reason to give up."""
        cluster_id = record["id"]
        ready, failed = status_waiter(cluster_status, (None,))
        wait_for(
            lambda: self.client.get_cluster(cluster_id),
            ready,
            failed,
            timeout=self.wait_timeout,
            what="SKE cluster %s to be deleted" % cluster_id,
            describe=cluster_status,
            **self.wait_options,
        )


class NodepoolAdapter(Adapter):
    """find/state/create/update/delete/wait for one SKE node pool, by nodepool_id or by its name in a cluster (given
    by cluster_id or cluster_name).

    custom_image_id is sent with the create request only: the API returns the image's name, not its id.
    """

    def __init__(
        self,
        client,
        cluster_id=None,
        cluster_name=None,
        nodepool_id=None,
        name=None,
        custom_image_id=None,
        wait_timeout=900,
        state="present",
        sleep=None,
    ):
        self.client = client
        self.cluster_id = cluster_id
        self.cluster_name = cluster_name
        self.nodepool_id = nodepool_id
        self.name = name
        self.custom_image_id = custom_image_id
        self.wait_timeout = wait_timeout
        self.state_wanted = state
        self.wait_options = {"sleep": sleep} if sleep is not None else {}
        self._cluster = None

    # --- the cluster -----------------------------------------------------------------------------------------

    def _cluster_id(self):
        """The cluster's id (looked up by name once); None when a cluster named so does not exist."""
        if self.cluster_id is None and self.cluster_name:
            found = cluster_named(self.client, self.cluster_name)
            if found is None:
                return None
            self.cluster_id = found["id"]
        return self.cluster_id

    def cluster(self):
        """The node pool's cluster (read once); ResourceError when it does not exist."""
        if self._cluster is None:
            cluster_id = self._cluster_id()
            found = self.client.get_cluster(cluster_id) if cluster_id else None
            if found is None:
                given = (
                    "cluster_id %s" % self.cluster_id if self.cluster_id else "cluster_name '%s'" % self.cluster_name
                )
                raise ResourceError("%s: no such SKE cluster, so node pool '%s' cannot be created" % (given, self.name))
            self._cluster = found
        return self._cluster

    # --- the engine's side -----------------------------------------------------------------------------------

    def find(self):
        if self.nodepool_id:
            record = self.client.get_nodepool(self.nodepool_id)
            if record is None and self.state_wanted == "present":
                raise ResourceError(
                    "nodepool_id: no SKE node pool has the id %s; to create a node pool, leave nodepool_id out and "
                    "give name, the cluster and the other creation options" % self.nodepool_id
                )
            return record
        cluster_id = self._cluster_id()
        if cluster_id is None:
            if self.state_wanted == "present":
                raise ResourceError("cluster_name: no SKE cluster is named '%s'" % self.cluster_name)
            return None
        named = self.client.nodepools_named(cluster_id, self.name)
        if named is None:
            if self.state_wanted == "present":
                raise ResourceError("cluster_id: no SKE cluster has the id %s" % cluster_id)
            return None
        found = pick_one(named, self.name, "SKE node pool")
        return self.client.get_nodepool(found["id"]) if found else None

    def state(self, record):
        state = model.nodepool_state(record)
        state.pop("id", None)
        return state

    def output(self, record):
        return model.nodepool_info(record)

    def review_create(self, desired):
        checks.check_nodepool_create(desired)
        cluster = self.cluster()
        wanted = desired.get("kubernetes_version")
        if wanted and wanted != cluster.get("kubernetes_version"):
            raise ResourceError(
                "kubernetes_version: a node pool is created at its cluster's version %s, not %s"
                % (cluster.get("kubernetes_version"), wanted)
            )

    def create(self, desired):
        cluster = self.cluster()
        payload = model.nodepool_create_payload(
            desired, cluster["id"], cluster.get("kubernetes_version"), self.custom_image_id
        )
        record = create_or_adopt(lambda: self.client.create_nodepool(payload), self._pool_named)
        self.nodepool_id = record["id"]
        return record

    def _pool_named(self):
        """After a create POST with an unknown outcome: the pool if it appeared, else None."""
        found = pick_one(self.client.nodepools_named(self.cluster()["id"], self.name) or [], self.name, "SKE node pool")
        return self.client.get_nodepool(found["id"]) if found else None

    def review(self, record, current, changes):
        """A node pool is upgraded to its cluster's version only (PUT .../upgrade has no body), never down."""
        wanted = changes.get("kubernetes_version")
        if wanted is not None:
            have = current.get("kubernetes_version")
            self.cluster_id = self.cluster_id or (record.get("cluster") or {}).get("id")
            cluster_version = self.cluster().get("kubernetes_version")
            reason = None
            if (model.version_key(wanted) or ()) < (model.version_key(have) or ()):
                reason = "%s is older than the node pool's version %s; SKE does not downgrade" % (wanted, have)
            elif wanted != cluster_version:
                reason = (
                    "a node pool is upgraded to its cluster's version, which is %s: upgrade the cluster first "
                    "(ske_cluster kubernetes_version)" % cluster_version
                )
            if reason:
                raise ResourceError(
                    "cannot upgrade SKE node pool '%s' to kubernetes_version %s: %s"
                    % (current.get("name") or self.name, wanted, reason),
                    refused={"kubernetes_version": {"current": have, "desired": wanted}},
                )
        return changes

    def update(self, record, changes, desired):
        """The counts and flags in one PUT, then the upgrade; each waited for until the pool is Running."""
        nodepool_id = record["id"]
        record = self._settled(record)
        settings = {key: value for key, value in changes.items() if key in model.NODEPOOL_UPDATE_FIELDS}
        if settings:
            self.client.update_nodepool(nodepool_id, model.nodepool_update_payload(settings, record))
            if "kubernetes_version" in changes:
                record = self._settled(None, nodepool_id)
        if "kubernetes_version" in changes and record.get("kubernetes_version") != changes["kubernetes_version"]:
            self.client.upgrade_nodepool(nodepool_id)
        return self.client.get_nodepool(nodepool_id) or record

    def delete(self, record):
        """DELETE the pool; a change under way (scaling, upgrade) is let finish first."""
        status = model.nodepool_status(record)
        if status == "Deleting":
            return
        if status in model.NODEPOOL_TRANSIENT:
            nodepool_id = record["id"]
            record = wait_for(
                lambda: self.client.get_nodepool(nodepool_id),
                lambda value: model.nodepool_status(value) not in model.NODEPOOL_TRANSIENT,
                lambda value: None,
                timeout=self.wait_timeout,
                what="SKE node pool %s to finish %s before it is deleted" % (nodepool_id, status),
                describe=model.nodepool_status,
                **dict(self.wait_options, initial=record),
            )
            if record is None or model.nodepool_status(record) == "Deleting":
                return
        self.client.delete_nodepool(record["id"])

    def _settled(self, record, nodepool_id=None):
        """Wait until the pool is Running (the vendor's Terraform provider waits for it after each change)."""
        nodepool_id = nodepool_id or record["id"]
        ready, failed = status_waiter(model.nodepool_status, model.NODEPOOL_SETTLED, transient=model.NODEPOOL_TRANSIENT)
        options = dict(self.wait_options)
        if record is not None:
            options["initial"] = record
        return wait_for(
            lambda: self.client.get_nodepool(nodepool_id),
            ready,
            failed,
            timeout=self.wait_timeout,
            what="SKE node pool %s to be Running" % nodepool_id,
            describe=model.nodepool_status,
            **options,
        )

    def wait_ready(self, record):
        return self._settled(record)

    def wait_deleted(self, record):
        """Until the pool is gone (404), through any status, as the provider's wait for DELETED."""
        nodepool_id = record["id"]
        ready, failed = status_waiter(model.nodepool_status, (None,))
        wait_for(
            lambda: self.client.get_nodepool(nodepool_id),
            ready,
            failed,
            timeout=self.wait_timeout,
            what="SKE node pool %s to be deleted" % nodepool_id,
            describe=model.nodepool_status,
            **self.wait_options,
        )
