# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Huawei modules hand the resource engine: the registered-cluster adapter and its spec, with the waits for
the agent's connection and for the registration to leave the list."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Adapter, ResourceSpec, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed, status_waiter, wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import model

KIND = "registered cluster"

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    create_keys=("name",),
    update_keys=("kubeconfig_fingerprint", "current_expiration_date"),
    create_only=("provider", "server", "image_repo"),
)


class ClusterAdapter(Adapter):
    """find/state/create/update/delete/wait for one registration, found by its unique name."""

    def __init__(
        self,
        client,
        name,
        options=None,
        facts=None,
        wait_for_connection=False,
        force_kubeconfig_update=False,
        wait_timeout=300,
        check_mode=False,
        warn=None,
        sleep=None,
    ):
        self.client = client
        self.name = name
        self.options = options or {}
        self.facts = facts
        self.wait_for_connection = wait_for_connection
        self.force = force_kubeconfig_update
        self.wait_timeout = wait_timeout
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.wait_options = {"sleep": sleep} if sleep is not None else {}

    # --- lookup ---
    def find(self):
        return pick_one(
            self.client.clusters_named(self.name), self.name, KIND, describe=lambda entry: entry.get("cluster_id")
        )

    def registered_fingerprint(self, entry):
        """The fingerprint of the registered kubeconfig, as far as the list entry shows it.

        The client certificate's expiry the registration shows is its certificate_expiration_date, which HSS reads
        from the kubeconfig at registration; whether a PUT of a new kubeconfig updates it, the vendor does not say.
        So the expiry of the task's certificate also counts as registered when it is the registration's
        current_expiration_date and the task leaves that date to the module: the module sends the certificate's
        expiry there with every kubeconfig it sends (model.certificate_recorded).
        """
        compare_certificate = self.facts is None or self.facts.certificate_expiry is not None
        if not compare_certificate:
            return model.credential_fingerprint(entry.get("server"), None)
        certificate = entry.get("certificate_expiration_date")
        if self.facts is not None and model.certificate_recorded(
            entry, self.facts.certificate_expiry, self.options.get("current_expiration_date") is not None
        ):
            certificate = self.facts.certificate_expiry
        return model.credential_fingerprint(entry.get("server"), certificate)

    def fingerprint_of(self, entry):
        if self.force and self.facts is not None:
            return model.FORCED
        return self.registered_fingerprint(entry)

    def state(self, record):
        return model.entry_state(record, self.fingerprint_of(record))

    def output(self, record):
        info = model.cluster_info(record)
        info["kubeconfig_fingerprint"] = self.registered_fingerprint(record)
        return info

    # --- changes ---
    def _expiry_defaults(self):
        """current and certificate expiration dates to send: the options, else the kubeconfig's credentials' expiry."""
        current = self.options.get("current_expiration_date") or self.facts.credentials_expiry
        certificate = (
            self.options.get("certificate_expiration_date")
            or self.facts.certificate_expiry
            or self.facts.credentials_expiry
        )
        return current, certificate

    def create(self, desired):
        current, certificate = self._expiry_defaults()
        options = dict(self.options, current_expiration_date=current, certificate_expiration_date=certificate)
        payload = model.create_payload(options, self.facts.text)
        cluster_id = create_or_adopt(lambda: self.client.create_cluster(payload), self._id_of_registration)
        entry = self.client.get_cluster(cluster_id)
        if entry is not None:
            return entry
        return {
            "cluster_id": cluster_id,
            "cluster_name": self.name,
            "provider": options.get("provider"),
            "server": options.get("server"),
            "image_repo": options.get("image_repo"),
            "status": "not_connect",
            "current_expiration_date": current,
            "certificate_expiration_date": certificate,
        }

    def _id_of_registration(self):
        """After a create POST with an unknown outcome: the id of the registration if it appeared, else None."""
        found = self.find()
        return found["cluster_id"] if found else None

    def update(self, record, changes, desired):
        cluster_id = record["cluster_id"]
        send_kubeconfig = "kubeconfig_fingerprint" in changes
        current = desired.get("current_expiration_date")
        if current is None and send_kubeconfig:
            current = self.facts.credentials_expiry
        if current is None:
            current = record.get("current_expiration_date")
        if current is None:
            # UpdateMultiCloudClusterRequestBody (huaweicloudsdkhss) requires current_expiration_date in every PUT
            raise InputError(
                "current_expiration_date: HSS needs it with every update of cluster '%s', and neither the "
                "kubeconfig (no client certificate, no recorded expiry) nor the registration gives one; set "
                "current_expiration_date" % self.name
            )
        payload = model.update_payload(self.facts.text if send_kubeconfig else None, current)
        self.client.update_cluster(cluster_id, payload)
        updated = self.client.get_cluster(cluster_id) or dict(record, current_expiration_date=current)
        recorded = self.registered_fingerprint(updated)
        if send_kubeconfig and recorded != model.credential_fingerprint(
            updated.get("server"), self.facts.certificate_expiry
        ):
            self.warn(
                "HSS accepted the new kubeconfig of '%s' but still reports certificate_expiration_date %s, not the "
                "client certificate's expiry %s, and current_expiration_date is set by the task, so the registration "
                "cannot show which kubeconfig it holds: the next run will send the kubeconfig again. Leave "
                "current_expiration_date unset to have the certificate's expiry recorded there instead."
                % (self.name, updated.get("certificate_expiration_date"), self.facts.certificate_expiry)
            )
        return updated

    def delete(self, record):
        self.client.delete_cluster(record["cluster_id"])

    # --- waiting ---
    def _connection_failure(self, entry):
        if entry is None:
            return "the registration of '%s' disappeared from the list" % self.name
        if model.status_of(entry) != model.CONNECTION_FAILED:
            return None
        return (
            "HSS could not connect to cluster '%s' (%s) through its anp-agent: the list reports status %s for "
            "server %s (agent version %s). Check that the API server is reachable from the agent and that the "
            "kubeconfig's credentials are valid, then run again (the module asks HSS to re-check the connection)."
            % (
                self.name,
                entry.get("cluster_id"),
                model.status_of(entry),
                entry.get("server"),
                entry.get("version") or "none",
            )
        )

    def wait_ready(self, record):
        """With wait_for_connection: ask HSS to re-check, then wait until the status is connect_success."""
        if not self.wait_for_connection or self.check_mode or model.status_of(record) == model.CONNECTED:
            return record
        cluster_id = record["cluster_id"]
        self.client.synchronize_status([cluster_id])
        ready, unexpected = status_waiter(model.status_of, (model.CONNECTED,), transient=model.CONNECTING)

        def failed(value):
            return self._connection_failure(value) or unexpected(value)

        try:
            return wait_for(
                lambda: self.client.get_cluster(cluster_id),
                ready,
                failed,
                timeout=self.wait_timeout,
                what="the connection of cluster '%s' (%s)" % (self.name, cluster_id),
                describe=model.status_of,
                **self.wait_options,
            )
        except WaitFailed as error:
            message = self._connection_failure(error.last) or str(error)
            raise ResourceError(
                message,
                cluster_id=cluster_id,
                connection_status=model.status_of(error.last),
                server=(error.last or {}).get("server"),
            ) from None

    def wait_deleted(self, record):
        cluster_id = record["cluster_id"]
        wait_for(
            lambda: self.client.get_cluster(cluster_id),
            lambda value: value is None,
            timeout=self.wait_timeout,
            what="cluster '%s' (%s) to leave the registry" % (self.name, cluster_id),
            describe=model.status_of,
            **self.wait_options,
        )
