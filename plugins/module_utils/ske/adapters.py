# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE cluster as the resource engine sees it: find, create, update, delete, and the waits."""

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

    def update(self, record, changes, desired):
        cluster_id = record["id"]
        record = self._settled(record)
        if "cloud_logging_enabled" in changes:
            self.client.set_logging(cluster_id, changes["cloud_logging_enabled"])
            if "security_group_id_list" in changes:
                record = self._settled(None, cluster_id)
        if "security_group_id_list" in changes:
            self.client.set_security_groups(cluster_id, changes["security_group_id_list"])
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
