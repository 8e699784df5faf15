# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine's view of EKS clusters and node groups: find, create, update through EKS updates, delete, and the waits."""

from __future__ import annotations

import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Adapter, ReplaceRefused
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.checks import parse_version
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.client import is_not_found, new_token
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    access_entry_create_payload,
    access_entry_output,
    access_entry_state,
    addon_create_payload,
    addon_output,
    addon_state,
    addon_version_key,
    cluster_create_payload,
    cluster_output,
    cluster_state,
    fargate_profile_create_payload,
    fargate_profile_output,
    fargate_profile_state,
    health_note,
    merged_tags,
    nodegroup_create_payload,
    nodegroup_output,
    nodegroup_state,
    offered_versions,
    plan_access_entry_updates,
    plan_addon_updates,
    plan_cluster_updates,
    plan_nodegroup_updates,
    update_summary,
)

_NOT_DELETED = object()
LIFT_PROTECTION = model.Step("config", "DeletionProtectionUpdate", {"deletionProtection": False})


class Deadline:
    """One wait_timeout shared by every wait of a task (creation, each update, deletion)."""

    def __init__(self, seconds, clock=time.monotonic):
        self._clock = clock
        self._end = clock() + max(0, seconds or 0)

    def remaining(self):
        return max(0.0, self._end - self._clock())


class _Adapter(Adapter):
    kind = "resource"
    # the DescribeUpdate query parameter naming the owner of an update (nodegroupName, addonName) besides the cluster
    update_owner_key = "nodegroup"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        self.client = client
        self.params = params
        self.wait = wait
        self.deadline = Deadline(params.get("wait_timeout") or 0)
        self.sleep = sleep
        self.purge_tags = params.get("purge_tags", True)
        self.updates = []
        self._warn = warn
        self.warnings = []

    def warn(self, message):
        """Tell the user once (module.warn when the task gave one)."""
        if message in self.warnings:
            return
        self.warnings.append(message)
        if self._warn is not None:
            self._warn(message)

    def review_tags(self, current, changes):
        """changes with the tags merged (aws: keys kept), or without tags when that changes nothing."""
        if "tags" not in changes:
            return changes
        tags = merged_tags(current.get("tags"), changes["tags"], self.purge_tags)
        if tags == (current.get("tags") or {}):
            return {key: value for key, value in changes.items() if key != "tags"}
        return dict(changes, tags=tags)

    def _wait(self, fetch, ready, failed, what, initial, describe=None):
        return wait_for(
            fetch,
            ready,
            failed,
            timeout=self.deadline.remaining(),
            what=what,
            describe=describe,
            initial=initial,
            sleep=self.sleep,
        )

    def follow_update(self, update, nodegroup=None):
        """Poll DescribeUpdate until the update is Successful; Failed or Cancelled fail at once with its errors."""
        cluster = self.cluster_name

        def failed(value):
            if value.get("status") in model.UPDATE_FAILED:
                errors = "; ".join(
                    "%s: %s" % (item.get("errorCode"), item.get("errorMessage")) for item in value.get("errors") or []
                )
                return "status %s%s" % (value["status"], " (%s)" % errors if errors else "")
            return None

        what = "%s update %s of %s" % (update.get("type"), update.get("id"), self.describe_target())
        return self._wait(
            lambda: self.client.describe_update(cluster, update["id"], **{self.update_owner_key: nodegroup}),
            lambda value: value.get("status") == model.UPDATE_SUCCESSFUL,
            failed,
            what,
            update,
            describe=lambda value: value.get("status"),
        )

    def run_steps(self, record, steps, changes, arn):
        """Apply the planned steps in order; returns the record as it is after them."""
        updates = [step for step in steps if step.kind != "tags"]
        for step in steps:
            if step.kind == "tags":
                self.apply_tags(arn, step)
                record = dict(record, tags=merged_tags(record.get("tags"), changes["tags"], self.purge_tags))
                continue
            update = self.start(step)
            if update is None:
                continue
            if self.wait or step is not updates[-1]:
                update = self.follow_update(update, self.update_owner)
            self.updates.append(update_summary(update))
        return self.describe() if updates else record

    def apply_tags(self, arn, step):
        if step.untag:
            self.client.untag_resource(arn, step.untag)
        if step.tags:
            self.client.tag_resource(arn, step.tags)
        self.updates.append(step.describe(status="Successful"))


class _ChildAdapter(_Adapter):
    """A resource of a cluster that EKS creates and deletes asynchronously (node group, add-on, Fargate profile).

    A subclass names its statuses and says how to send its delete (send_delete); the delete, and the waits for it to
    be ready or gone, are the same for all three.
    """

    noun = "the resource"
    ready_statuses = ()
    failed_statuses = ()
    transient_statuses = None  # None: any status that is neither ready nor failed is waited through
    deleting_status = "DELETING"
    delete_failed_status = "DELETE_FAILED"
    create_needs = ()  # the options a creation needs, asked for when find() shows there is nothing yet

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.cluster_name = params["cluster_name"]
        self.planned = []
        self._deleting = _NOT_DELETED
        self._cluster = _NOT_DELETED

    def cluster(self):
        """The cluster (read once); refused, naming cluster_name, when it does not exist: checked before a create (in
        check mode too), so that check mode fails as the real run does instead of planning a resource in a cluster
        that is not there."""
        if self._cluster is _NOT_DELETED:
            self._cluster = self.client.describe_cluster(self.cluster_name)
        if self._cluster is None:
            raise ResourceError(
                "cluster_name: no EKS cluster is named '%s' in %s; create it first (eks_cluster) to add %s"
                % (self.cluster_name, self.client.region, self.describe_target())
            )
        return self._cluster

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in self.create_needs if not self.params.get(option)]
            if missing:
                raise InputError(
                    "%s: required to create %s, which does not exist" % (" and ".join(missing), self.describe_target())
                )
        return record

    def send_delete(self, record):
        raise NotImplementedError

    def delete(self, record):
        if record.get("status") == self.deleting_status:
            self._deleting = record
            return
        try:
            self._deleting = dict(self.send_delete(record) or record, status=self.deleting_status)
        except ApiError as error:
            if not is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_ready(self, record):
        def failed(value):
            if value is None:
                return "%s no longer exists" % self.noun
            status = value.get("status")
            if status in self.failed_statuses:
                return "status %s%s" % (status, health_note(value))
            if status == self.deleting_status:
                return "%s is being deleted" % self.noun
            if self.transient_statuses is not None and status not in self.transient_statuses + self.ready_statuses:
                return "unexpected status %s" % status
            return None

        return self._wait(
            self.describe,
            lambda value: value.get("status") in self.ready_statuses,
            failed,
            self.describe_target(),
            record,
            describe=lambda value: value and value.get("status"),
        )

    def wait_deleted(self, record):
        def failed(value):
            if value is not None and value.get("status") == self.delete_failed_status:
                return "status %s%s" % (self.delete_failed_status, health_note(value))
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(
            self.describe,
            lambda value: value is None,
            failed,
            "the deletion of %s" % self.describe_target(),
            initial,
            describe=lambda value: value and value.get("status"),
        )


class ClusterAdapter(_Adapter):
    """The engine's view of one EKS cluster, found by its name."""

    kind = "cluster"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.cluster_name = params["name"]
        self.update_owner = None
        self.planned = []
        self._deleting = _NOT_DELETED

    def describe_target(self):
        return "EKS cluster '%s'" % self.cluster_name

    def describe(self):
        return self.client.describe_cluster(self.cluster_name)

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in ("role_arn", "subnets") if not self.params.get(option)]
            if missing:
                raise InputError(
                    "%s: required to create EKS cluster '%s', which does not exist in %s"
                    % (" and ".join(missing), self.cluster_name, self.client.region)
                )
        if self.params.get("state", "present") == "present":
            self.check_ipv6_cidrs(record)
        return record

    def check_ipv6_cidrs(self, record):
        """EKS takes IPv6 public_access_cidrs (its default is 0.0.0.0/0 and ::/0 there) on IPv6 clusters only."""
        if record is not None:
            family = (record.get("kubernetesNetworkConfig") or {}).get("ipFamily") or "ipv4"
        else:
            family = (self.params.get("kubernetes_network_config") or {}).get("ip_family") or "ipv4"
        ipv6 = [cidr for cidr in self.params.get("public_access_cidrs") or [] if ":" in cidr]
        if ipv6 and family != "ipv6":
            raise InputError(
                "public_access_cidrs: %s are IPv6 CIDR blocks, which EKS accepts only on clusters whose "
                "kubernetes_network_config.ip_family is ipv6 (EKS cluster '%s' is %s)"
                % (", ".join(ipv6), self.cluster_name, family)
            )

    state = staticmethod(cluster_state)
    output = staticmethod(cluster_output)

    def review(self, record, current, changes):
        """Refuse impossible changes before anything is written, and complete partial ones for the diff."""
        changes = self.review_tags(current, changes)
        refusals = []
        for option, review in (("access_config", self.review_access), ("encryption_config", self.review_encryption)):
            try:
                changes = review(current, changes)
            except ResourceError as error:  # every refusal named in one failure, as the engine does
                refusals.append(error)
                changes = {key: value for key, value in changes.items() if key != option}
        try:
            steps = plan_cluster_updates(current, changes, self.purge_tags)
        except ResourceError as error:
            refusals.append(error)
        if len(refusals) == 1:
            raise refusals[0]
        if refusals:
            refused = {}
            for error in refusals:
                refused.update(error.details.get("refused") or {})
            raise ResourceError("; and ".join(str(error) for error in refusals), refused=refused)
        self.planned = [step.describe() for step in steps]
        return changes

    def review_access(self, current, changes):
        """bootstrap_cluster_creator_admin_permissions is set at creation only: a different value is refused when EKS
        shows the current one, and left out when it does not (nothing to compare with)."""
        if "access_config" not in changes:
            return changes
        wanted, have = dict(changes["access_config"]), current.get("access_config") or {}
        key = "bootstrap_cluster_creator_admin_permissions"
        if key in wanted:
            if have.get(key) is not None and have[key] != wanted[key]:
                raise ReplaceRefused(
                    "access_config.%s: can only be set when EKS cluster '%s' is created (%r -> %r); delete and "
                    "re-create the cluster to change it" % (key, self.cluster_name, have[key], wanted[key]),
                    refused={"access_config.%s" % key: {"current": have[key], "desired": wanted[key]}},
                )
            wanted.pop(key)
        if wanted.get("authentication_mode") in (None, have.get("authentication_mode")):
            return {option: value for option, value in changes.items() if option != "access_config"}
        model.authentication_path(have.get("authentication_mode"), wanted["authentication_mode"])
        return dict(changes, access_config=dict(have, **wanted))

    def review_encryption(self, current, changes):
        """Encryption is associated once (AssociateEncryptionConfig) and can neither change nor be removed."""
        if "encryption_config" not in changes:
            return changes
        have = (current.get("encryption_config") or {}).get("key_arn")
        want = (changes["encryption_config"] or {}).get("key_arn")
        if have is not None:
            raise ReplaceRefused(
                "encryption_config: EKS cluster '%s' is encrypted with the KMS key %s; EKS cannot %s the encryption of "
                "a cluster once it is set" % (self.cluster_name, have, "remove" if want is None else "change"),
                refused={
                    "encryption_config": {
                        "current": current.get("encryption_config"),
                        "desired": changes["encryption_config"],
                    }
                },
            )
        return changes

    def review_create(self, desired):
        if not (desired.get("upgrade_policy") or {}).get("support_type"):
            self.warn(
                "upgrade_policy: not given, so EKS creates cluster '%s' with support type EXTENDED: when its Kubernetes "
                "version leaves standard support the cluster moves into extended support, which is billed extra; set "
                "upgrade_policy.support_type: STANDARD to have it upgraded automatically instead" % self.cluster_name
            )

    def create(self, desired):
        return self.client.create_cluster(cluster_create_payload(desired, new_token()))

    def update(self, record, changes, desired):
        if record.get("status") != model.CLUSTER_ACTIVE:
            record = self.wait_active(record)
        steps = plan_cluster_updates(cluster_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["arn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_cluster_config(self.cluster_name, step.payload)
        if step.kind == "encryption":
            return self.client.associate_encryption_config(self.cluster_name, step.payload["encryptionConfig"])
        return self.client.update_cluster_version(self.cluster_name, step.version)

    def review_delete(self, record, current):
        """A cluster with deletion protection is deleted only when the task says deletion_protection: false (the
        protection is lifted first); otherwise refused before any change, naming the option."""
        if not current.get("deletion_protection") or record.get("status") == model.CLUSTER_DELETING:
            return
        if self.params.get("deletion_protection") is False:
            self.planned = [LIFT_PROTECTION.describe()]
            return
        raise ResourceError(
            "deletion_protection: EKS cluster '%s' has deletion protection enabled, so EKS refuses to delete it; set "
            "deletion_protection: false in this task to lift the protection and delete the cluster" % self.cluster_name,
            refused={"deletion_protection": {"current": True, "desired": self.params.get("deletion_protection")}},
        )

    def lift_protection(self, record):
        """UpdateClusterConfig deletionProtection false, followed to its end: EKS refuses the delete before."""
        if record.get("status") != model.CLUSTER_ACTIVE:
            record = self.wait_active(record)
        update = self.follow_update(self.start(LIFT_PROTECTION))
        self.updates.append(update_summary(update))

    def delete(self, record):
        if record.get("status") == model.CLUSTER_DELETING:
            self._deleting = record
            return
        if record.get("deletionProtection") and self.params.get("deletion_protection") is False:
            self.lift_protection(record)
        try:
            # the delete was accepted: the cluster is deleting, whatever status the answer shows (moto answers the
            # record as it was); botocore's ClusterDeleted waiter judges only what DescribeCluster shows afterwards
            answer = self.client.delete_cluster(self.cluster_name) or record
            self._deleting = dict(answer, status=model.CLUSTER_DELETING)
        except ApiError as error:
            if not is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_active(self, record):
        def failed(value):
            if value is None:
                return "the cluster no longer exists"
            status = value.get("status")
            if status == model.CLUSTER_FAILED:
                return "status FAILED%s; delete it (state: absent) and create it again" % health_note(value)
            if status == model.CLUSTER_DELETING:
                return "the cluster is being deleted"
            if status not in model.CLUSTER_TRANSIENT and status != model.CLUSTER_ACTIVE:
                return "unexpected status %s" % status
            return None

        return self._wait(
            self.describe,
            lambda value: value.get("status") == model.CLUSTER_ACTIVE,
            failed,
            self.describe_target(),
            record,
            describe=lambda value: value and value.get("status"),
        )

    wait_ready = wait_active

    def wait_deleted(self, record):
        def failed(value):
            status = value.get("status") if value is not None else None
            if status == model.CLUSTER_FAILED:
                return "the deletion failed (status FAILED)%s" % health_note(value)
            if status in model.CLUSTER_NOT_DELETING:
                return "the deletion did not go through: the cluster is %s again%s" % (status, health_note(value))
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(
            self.describe,
            lambda value: value is None,
            failed,
            "the deletion of %s" % self.describe_target(),
            initial,
            describe=lambda value: value and value.get("status"),
        )


def refuse_launch_template_change(current, wanted, name):
    for key in ("id", "name"):
        if wanted.get(key) is not None and current.get(key) != wanted[key]:
            raise ReplaceRefused(
                "cannot change launch_template.%s of nodegroup '%s' in place (%r -> %r); only launch_template.version "
                "can change: delete and re-create the node group to use another template"
                % (key, name, current.get(key), wanted[key]),
                refused={"launch_template.%s" % key: {"current": current.get(key), "desired": wanted[key]}},
            )


class NodegroupAdapter(_ChildAdapter):
    kind = "nodegroup"
    noun = "the node group"
    ready_statuses = model.NODEGROUP_SETTLED
    failed_statuses = model.NODEGROUP_FAILED
    transient_statuses = model.NODEGROUP_TRANSIENT
    deleting_status = model.NODEGROUP_DELETING
    delete_failed_status = model.NODEGROUP_DELETE_FAILED
    create_needs = ("node_role", "subnets")

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.nodegroup_name = params["name"]
        self.update_owner = self.nodegroup_name
        self.force = bool(params.get("force"))

    def describe_target(self):
        return "EKS node group '%s' of cluster '%s'" % (self.nodegroup_name, self.cluster_name)

    def describe(self):
        return self.client.describe_nodegroup(self.cluster_name, self.nodegroup_name)

    def find(self):
        record = super().find()
        self.note_degraded(record)
        return record

    def note_degraded(self, record):
        """A DEGRADED node group is settled (updates are allowed): warn with its health issues."""
        if record is not None and record.get("status") == model.NODEGROUP_DEGRADED:
            self.warn(
                "%s is DEGRADED%s; it can still be updated (scaling or a new launch template version may fix it)"
                % (self.describe_target(), health_note(record) or " (no health issues reported)")
            )

    state = staticmethod(nodegroup_state)
    output = staticmethod(nodegroup_output)

    def review(self, record, current, changes):
        changes = self.review_tags(current, changes)
        if "launch_template" in changes:
            refuse_launch_template_change(
                current.get("launch_template") or {}, changes["launch_template"], self.nodegroup_name
            )
        if "version" in changes and current.get("version"):
            if parse_version(changes["version"]) < parse_version(current["version"], "the current version"):
                raise ResourceError(
                    "version: cannot downgrade node group '%s' from %s to %s"
                    % (self.nodegroup_name, current["version"], changes["version"])
                )
        self.planned = [
            step.describe() for step in plan_nodegroup_updates(current, changes, self.purge_tags, self.force)
        ]
        return changes

    def review_create(self, desired):
        self.cluster()

    def create(self, desired):
        return self.client.create_nodegroup(self.cluster_name, nodegroup_create_payload(desired, new_token()))

    def update(self, record, changes, desired):
        if record.get("status") not in model.NODEGROUP_SETTLED:
            record = self.wait_ready(record)
        steps = plan_nodegroup_updates(nodegroup_state(record), changes, self.purge_tags, self.force)
        return self.run_steps(record, steps, changes, record["nodegroupArn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_nodegroup_config(self.cluster_name, self.nodegroup_name, step.payload)
        return self.client.update_nodegroup_version(self.cluster_name, self.nodegroup_name, step.payload)

    def send_delete(self, record):
        return self.client.delete_nodegroup(self.cluster_name, self.nodegroup_name)

    def wait_ready(self, record):
        record = super().wait_ready(record)
        self.note_degraded(record)
        return record


class AddonAdapter(_ChildAdapter):
    """One managed add-on of a cluster, found by its name; addon_version 'latest' or 'default' is resolved first."""

    kind = "addon"
    update_owner_key = "addon"
    noun = "the add-on"
    ready_statuses = (model.ADDON_ACTIVE,)
    failed_statuses = model.ADDON_FAILED
    transient_statuses = model.ADDON_TRANSIENT
    deleting_status = model.ADDON_DELETING
    delete_failed_status = model.ADDON_DELETE_FAILED

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.addon_name = params["name"]
        self.update_owner = self.addon_name
        self.resolve_conflicts = params.get("resolve_conflicts")
        self._offered = None

    def describe_target(self):
        return "EKS add-on '%s' of cluster '%s'" % (self.addon_name, self.cluster_name)

    def describe(self):
        return self.client.describe_addon(self.cluster_name, self.addon_name)

    def offered(self):
        """[(version, default?)] DescribeAddonVersions offers for the cluster's Kubernetes version (read once)."""
        if self._offered is None:
            kubernetes_version = self.cluster().get("version")
            infos = self.client.describe_addon_versions(self.addon_name, kubernetes_version)
            self._offered = offered_versions(infos, kubernetes_version)
            if not self._offered:
                raise ResourceError(
                    "name: EKS offers no version of the add-on '%s' for Kubernetes %s (cluster '%s')"
                    % (self.addon_name, kubernetes_version, self.cluster_name)
                )
        return self._offered

    def resolve_version(self, wanted):
        """'latest' (the newest compatible version), 'default' (the one EKS marks as default for the cluster's
        Kubernetes version) or the version itself, checked against the compatible ones."""
        offered = self.offered()
        versions = sorted((version for version, _default in offered), key=addon_version_key)
        if wanted == "latest":
            return versions[-1]
        if wanted == "default":
            defaults = [version for version, default in offered if default]
            if not defaults:
                raise ResourceError(
                    "addon_version: EKS marks no default version of '%s' for Kubernetes %s; give a version (one of "
                    "%s) or latest" % (self.addon_name, self.cluster().get("version"), ", ".join(versions))
                )
            return max(defaults, key=addon_version_key)
        if wanted not in versions:
            raise ResourceError(
                "addon_version: %s of the add-on '%s' is not compatible with Kubernetes %s of cluster '%s'; the "
                "compatible versions are %s"
                % (wanted, self.addon_name, self.cluster().get("version"), self.cluster_name, ", ".join(versions))
            )
        return wanted

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            self.cluster()
        return record

    state = staticmethod(addon_state)
    output = staticmethod(addon_output)

    def review(self, record, current, changes):
        changes = self.review_tags(current, changes)
        if "addon_version" in changes:
            wanted = self.resolve_version(changes["addon_version"])
            if current.get("addon_version") and addon_version_key(wanted) < addon_version_key(current["addon_version"]):
                raise ResourceError(
                    "addon_version: EKS does not downgrade add-ons: %s cannot go from %s to %s"
                    % (self.describe_target(), current["addon_version"], wanted)
                )
        self.planned = [
            step.describe() for step in plan_addon_updates(current, changes, self.purge_tags, self.resolve_conflicts)
        ]
        return changes

    def review_create(self, desired):
        self.cluster()
        if desired.get("addon_version"):
            self.resolve_version(desired["addon_version"])

    def create(self, desired):
        payload = addon_create_payload(desired, new_token(), self.resolve_conflicts)
        return self.client.create_addon(self.cluster_name, payload)

    def update(self, record, changes, desired):
        if record.get("status") not in model.ADDON_UPDATABLE:
            record = self.wait_ready(record)
        steps = plan_addon_updates(addon_state(record), changes, self.purge_tags, self.resolve_conflicts)
        return self.run_steps(record, steps, changes, record["addonArn"])

    def start(self, step):
        return self.client.update_addon(self.cluster_name, self.addon_name, step.payload)

    def send_delete(self, record):
        return self.client.delete_addon(self.cluster_name, self.addon_name, preserve=self.params.get("preserve"))


class AccessEntryAdapter(_Adapter):
    """One access entry of a cluster, found by its principal ARN, with its access policy associations (all calls are
    synchronous in EKS: nothing to wait for)."""

    kind = "access_entry"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.cluster_name = params["cluster_name"]
        self.principal = params["principal_arn"]
        self.purge_policies = params.get("purge_access_policies", True)
        self.planned = []

    def describe_target(self):
        return "the EKS access entry of '%s' in cluster '%s'" % (self.principal, self.cluster_name)

    def describe(self):
        entry = self.client.describe_access_entry(self.cluster_name, self.principal)
        if entry is not None:
            policies = self.client.list_associated_access_policies(self.cluster_name, self.principal)
            entry = dict(entry, associatedAccessPolicies=policies)
        return entry

    def check_cluster(self):
        """The cluster must exist and use access entries: CONFIG_MAP has none (EKS refuses every access entry call)."""
        cluster = self.client.describe_cluster(self.cluster_name)
        if cluster is None:
            raise ResourceError(
                "cluster_name: no EKS cluster is named '%s' in %s; create it first (eks_cluster)"
                % (self.cluster_name, self.client.region)
            )
        mode = (cluster.get("accessConfig") or {}).get("authenticationMode") or model.CONFIG_MAP
        if mode == model.CONFIG_MAP:
            raise ResourceError(
                "cluster_name: EKS cluster '%s' has access_config.authentication_mode %s, which reads only the "
                "aws-auth ConfigMap and has no access entries; set it to API_AND_CONFIG_MAP or API (eks_cluster "
                "access_config) first" % (self.cluster_name, mode)
            )

    def find(self):
        present = self.params.get("state", "present") == "present"
        try:
            record = self.describe()
        except ApiError as error:
            if error.code != "InvalidRequestException":
                raise
            if not present:
                return None  # EKS refuses access entry calls on a CONFIG_MAP cluster: there is none to delete
            self.check_cluster()  # names the mode
            raise
        if record is None and present:
            self.check_cluster()
        return record

    state = staticmethod(access_entry_state)
    output = staticmethod(access_entry_output)

    def review(self, record, current, changes):
        changes = self.review_tags(current, changes)
        if "access_policies" in changes and not self.purge_policies:
            named = {item["policy_arn"] for item in changes["access_policies"]}
            kept = [item for item in current.get("access_policies") or [] if item["policy_arn"] not in named]
            merged = list(changes["access_policies"]) + kept
            if sorted(map(repr, merged)) == sorted(map(repr, current.get("access_policies") or [])):
                changes = {key: value for key, value in changes.items() if key != "access_policies"}
            else:
                changes = dict(changes, access_policies=merged)
        self.planned = [step.describe() for step in plan_access_entry_updates(current, changes, self.purge_tags)]
        return changes

    def create(self, desired):
        entry = self.client.create_access_entry(self.cluster_name, access_entry_create_payload(desired, new_token()))
        for step in plan_access_entry_updates(
            {"access_policies": []}, {"access_policies": desired.get("access_policies") or []}
        ):
            self.start(step)
        return self.describe() if desired.get("access_policies") else dict(entry, associatedAccessPolicies=[])

    def update(self, record, changes, desired):
        steps = plan_access_entry_updates(access_entry_state(record), changes, self.purge_tags)
        for step in steps:
            if step.kind == "tags":
                self.apply_tags(record["accessEntryArn"], step)
            else:
                self.start(step)
                self.updates.append(step.describe(status="Successful"))
        return self.describe()

    def start(self, step):
        if step.kind == "entry":
            return self.client.update_access_entry(self.cluster_name, self.principal, step.payload)
        if step.kind == "associate":
            return self.client.associate_access_policy(
                self.cluster_name, self.principal, step.payload["policyArn"], step.payload["accessScope"]
            )
        return self.client.disassociate_access_policy(self.cluster_name, self.principal, step.payload["policyArn"])

    def delete(self, record):
        try:
            self.client.delete_access_entry(self.cluster_name, self.principal)
        except ApiError as error:
            if not is_not_found(error):
                raise


class FargateProfileAdapter(_ChildAdapter):
    """One Fargate profile of a cluster, found by its name: created, tagged, deleted; never changed (immutable)."""

    kind = "fargate_profile"
    noun = "the Fargate profile"
    ready_statuses = (model.FARGATE_ACTIVE,)
    failed_statuses = (model.FARGATE_CREATE_FAILED, model.FARGATE_DELETE_FAILED)
    deleting_status = model.FARGATE_DELETING
    delete_failed_status = model.FARGATE_DELETE_FAILED
    create_needs = ("pod_execution_role_arn", "selectors")

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.profile_name = params["name"]

    def describe_target(self):
        return "EKS Fargate profile '%s' of cluster '%s'" % (self.profile_name, self.cluster_name)

    def describe(self):
        return self.client.describe_fargate_profile(self.cluster_name, self.profile_name)

    state = staticmethod(fargate_profile_state)
    output = staticmethod(fargate_profile_output)

    def review(self, record, current, changes):
        changes = self.review_tags(current, changes)
        self.planned = [step.describe() for step in model.plan_tag_updates(current, changes, self.purge_tags)]
        return changes

    def review_create(self, desired):
        self.cluster()

    def create(self, desired):
        return self.client.create_fargate_profile(
            self.cluster_name, fargate_profile_create_payload(desired, new_token())
        )

    def update(self, record, changes, desired):
        """Only the tags can change (the engine refuses the rest before)."""
        steps = model.plan_tag_updates(fargate_profile_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["fargateProfileArn"])

    def send_delete(self, record):
        return self.client.delete_fargate_profile(self.cluster_name, self.profile_name)
