# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Huawei modules hand the resource engine: the registered-cluster adapter, its spec, the option checks.

How a registered kubeconfig is compared, although HSS never returns it: HSS reads the client certificate's
expiry out of the kubeconfig it is given (its config-analyze call shows it does) and returns it as
certificate_expiration_date, next to the API server address (server). The module compares a fingerprint of
those two, computed the same way from the kubeconfig the task gives and from the list entry
(kubeconfig_fingerprint, made with kubeconfig.fingerprint: the diff shows it, never the kubeconfig). A rotated
kubeconfig carries a new client certificate, hence a new expiry and a new fingerprint, and is sent with PUT.
A kubeconfig without a client certificate (token credentials) is compared by server only: send a rotated one
with force_kubeconfig_update, or by changing current_expiration_date.
"""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils import huawei_client, kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import ResourceError, ResourceSpec, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import WaitFailed, status_waiter, wait_for

KIND = "registered cluster"

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    create_keys=("name",),
    update_keys=("kubeconfig_fingerprint", "current_expiration_date"),
    create_only=("provider", "server", "image_repo"),
)

FORCED = "(sent again: force_kubeconfig_update)"


# --- the kubeconfig the task gives -----------------------------------------------------------------------

def _millis(moment):
    return int(moment.timestamp() * 1000) if moment is not None else None


class KubeconfigFacts:
    """The parts of a kubeconfig the module compares: its API server and its credentials' expiry."""

    def __init__(self, text, server, certificate_expiry, credentials_expiry):
        self.text = text
        self.server = server
        self.certificate_expiry = certificate_expiry  # ms, from the client certificate only (what HSS can read)
        self.credentials_expiry = credentials_expiry  # ms, the certificate's or the one recorded by our modules


def _current_user(config):
    context = kubeconfig.current_context(config) or {}
    user_name = (context.get("context") or {}).get("user")
    for entry in config.get("users") or []:
        if entry.get("name") == user_name:
            return entry.get("user") or {}
    return {}


def _register_kubeconfig_secrets(text, config):
    register_secret(text)
    user = _current_user(config)
    for key in ("client-key-data", "token", "password"):
        register_secret(user.get(key))


def kubeconfig_facts(text, source):
    """KubeconfigFacts of text; KubeconfigError naming source when it is not a kubeconfig."""
    if not isinstance(text, str) or not text.strip():
        raise KubeconfigError("%s is empty" % source)
    config = kubeconfig.parse(text, source=source)
    _register_kubeconfig_secrets(text, config)
    context = kubeconfig.current_context(config)
    if context is None:
        raise KubeconfigError("%s has no context: set current-context or give it one context" % source)
    described = kubeconfig.describe(config)
    certificate = kubeconfig.certificate_not_after(_current_user(config).get("client-certificate-data"))
    return KubeconfigFacts(text, described.get("server"), _millis(certificate),
                           _millis(kubeconfig.expiry_of(config, context)))


def read_kubeconfig(params):
    """KubeconfigFacts of the option kubeconfig (content) or kubeconfig_path (a file), or None when neither is set."""
    if params.get("kubeconfig"):
        return kubeconfig_facts(params["kubeconfig"], "the content of kubeconfig")
    path = params.get("kubeconfig_path")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except OSError as error:
        raise KubeconfigError("kubeconfig_path: cannot read %s (%s)" % (path, error.strerror or error)) from None
    except UnicodeDecodeError:
        raise KubeconfigError("kubeconfig_path: %s is not UTF-8 text" % path) from None
    return kubeconfig_facts(text, "kubeconfig_path %s" % path)


def credential_fingerprint(server, certificate_expiry):
    """The fingerprint compared for the kubeconfig: the API server and the client certificate's expiry (ms)."""
    marker = "-" if certificate_expiry is None else str(certificate_expiry)
    return kubeconfig.fingerprint("server=%s\ncertificate_expiration_date=%s" % (server or "", marker))


# --- option checks made before any API call ----------------------------------------------------------------

def check_cluster_params(params, facts):
    """The options normalised for the API (dates in ms, DNS list as 'a;b', server resolved); ValueError otherwise."""
    options = dict(params)
    huawei_client.check_name(params.get("name"))
    present = params.get("state", "present") == "present"
    if params.get("enterprise_project_id") is not None:
        huawei_client.check_enterprise_project_id(params["enterprise_project_id"])
    for option in ("image_repo", "organization", "anp_proxy", "hostguard_proxy", "container_name", "image_repo_username"):
        if params.get(option) is not None:
            huawei_client.check_text(params[option], option)
    if params.get("image_repo_password") is not None and not params["image_repo_password"]:
        raise ValueError("image_repo_password: must not be empty")
    if params.get("dns_config") is not None:
        options["dns_config"] = huawei_client.check_dns_config(params["dns_config"])
    if params.get("dns_policy") == "none" and not params.get("dns_config"):
        raise ValueError("dns_policy=none ignores the cluster's DNS settings and needs dns_config (one to %d DNS server "
                         "IP addresses separated by semicolons)" % huawei_client.DNS_SERVERS_MAX)
    for option in ("current_expiration_date", "certificate_expiration_date"):
        options[option] = huawei_client.to_millis(params.get(option), option)
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise ValueError("wait_timeout: must be 0 or more seconds")
    if params.get("wait_for_connection") and not params.get("wait", True):
        raise ValueError("wait_for_connection=true waits, which wait=false forbids; set wait=true or leave "
                         "wait_for_connection out")
    if not present:
        return options
    if params.get("server"):
        options["server"] = huawei_client.check_server(params["server"])
    elif facts is not None and facts.server:
        options["server"] = huawei_client.check_server(facts.server, option="the kubeconfig's cluster server")
    else:
        raise ValueError("server: the kubeconfig's current context names no cluster server; set server to the "
                         "cluster's API server URL")
    certificate = facts.certificate_expiry if facts is not None else None
    given = options.get("certificate_expiration_date")
    if given is not None and certificate is not None and given != certificate:
        raise ValueError("certificate_expiration_date: the kubeconfig's client certificate expires at %s (%d); HSS "
                         "reads that date from the kubeconfig, so leave certificate_expiration_date out (it is meant "
                         "for kubeconfigs without a client certificate)"
                         % (huawei_client.millis_to_iso(certificate), certificate))
    return options


def desired_state(options, facts):
    """What the engine compares, in option names (the kubeconfig as its fingerprint)."""
    desired = {key: options.get(key) for key in ("name", "provider", "server", "image_repo", "current_expiration_date")}
    desired["kubeconfig_fingerprint"] = credential_fingerprint(options["server"], facts.certificate_expiry)
    return {key: value for key, value in desired.items() if value is not None}


# --- the adapter ---------------------------------------------------------------------------------------------

def _status(entry):
    return entry.get("status") if entry else None


class ClusterAdapter:
    """find/state/create/update/delete/wait for one registration, found by its unique name."""

    def __init__(self, client, name, options=None, facts=None, wait_for_connection=False, force_kubeconfig_update=False,
                 wait_timeout=300, check_mode=False, warn=None, sleep=None):
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
        return pick_one(self.client.clusters_named(self.name), self.name, KIND,
                        describe=lambda entry: entry.get("cluster_id"))

    def registered_fingerprint(self, entry):
        """The fingerprint of the registered kubeconfig, as far as the list entry shows it."""
        compare_certificate = self.facts is None or self.facts.certificate_expiry is not None
        certificate = entry.get("certificate_expiration_date") if compare_certificate else None
        return credential_fingerprint(entry.get("server"), certificate)

    def fingerprint_of(self, entry):
        if self.force and self.facts is not None:
            return FORCED
        return self.registered_fingerprint(entry)

    def state(self, entry):
        state = {
            "name": entry.get("cluster_name"),
            "provider": entry.get("provider"),
            "server": entry.get("server"),
            "image_repo": entry.get("image_repo"),
            "current_expiration_date": entry.get("current_expiration_date"),
            "kubeconfig_fingerprint": self.fingerprint_of(entry),
        }
        return {key: value for key, value in state.items() if value is not None}

    def output(self, entry):
        info = huawei_client.cluster_info(entry)
        info["kubeconfig_fingerprint"] = self.registered_fingerprint(entry)
        return info

    # --- changes ---
    def _expiry_defaults(self):
        """current and certificate expiration dates to send: the options, else the kubeconfig's credentials' expiry."""
        current = self.options.get("current_expiration_date") or self.facts.credentials_expiry
        certificate = (self.options.get("certificate_expiration_date") or self.facts.certificate_expiry
                       or self.facts.credentials_expiry)
        return current, certificate

    def create(self, desired):
        current, certificate = self._expiry_defaults()
        options = dict(self.options, current_expiration_date=current, certificate_expiration_date=certificate)
        payload = huawei_client.create_payload(options, self.facts.text)
        cluster_id = create_or_adopt(lambda: self.client.create_cluster(payload), self._id_of_registration)
        entry = self.client.get_cluster(cluster_id)
        if entry is not None:
            return entry
        return {"cluster_id": cluster_id, "cluster_name": self.name, "provider": options.get("provider"),
                "server": options.get("server"), "image_repo": options.get("image_repo"), "status": "not_connect",
                "current_expiration_date": current, "certificate_expiration_date": certificate}

    def _id_of_registration(self):
        """After a create POST with an unknown outcome: the id of the registration if it appeared, else None."""
        found = self.find()
        return found["cluster_id"] if found else None

    def update(self, entry, changes, desired):
        cluster_id = entry["cluster_id"]
        send_kubeconfig = "kubeconfig_fingerprint" in changes
        current = desired.get("current_expiration_date")
        if current is None and send_kubeconfig:
            current = self.facts.credentials_expiry
        payload = huawei_client.update_payload(self.facts.text if send_kubeconfig else None, current)
        self.client.update_cluster(cluster_id, payload)
        updated = self.client.get_cluster(cluster_id) or dict(entry, current_expiration_date=current)
        recorded = self.registered_fingerprint(updated)
        if send_kubeconfig and recorded != credential_fingerprint(updated.get("server"), self.facts.certificate_expiry):
            self.warn("HSS accepted the new kubeconfig of '%s' but still reports certificate_expiration_date %s, not the "
                      "client certificate's expiry %s: the next run will send the kubeconfig again"
                      % (self.name, updated.get("certificate_expiration_date"), self.facts.certificate_expiry))
        return updated

    def delete(self, entry):
        self.client.delete_cluster(entry["cluster_id"])

    # --- waiting ---
    def _connection_failure(self, entry):
        if entry is None:
            return "the registration of '%s' disappeared from the list" % self.name
        if _status(entry) != huawei_client.CONNECTION_FAILED:
            return None
        return ("HSS could not connect to cluster '%s' (%s) through its anp-agent: the list reports status %s for "
                "server %s (agent version %s). Check that the API server is reachable from the agent and that the "
                "kubeconfig's credentials are valid, then run again (the module asks HSS to re-check the connection)."
                % (self.name, entry.get("cluster_id"), _status(entry), entry.get("server"), entry.get("version") or "none"))

    def wait_ready(self, entry):
        """With wait_for_connection: ask HSS to re-check, then wait until the status is connect_success."""
        if not self.wait_for_connection or self.check_mode or _status(entry) == huawei_client.CONNECTED:
            return entry
        cluster_id = entry["cluster_id"]
        self.client.synchronize_status([cluster_id])
        ready, unexpected = status_waiter(_status, (huawei_client.CONNECTED,), transient=huawei_client.CONNECTING)

        def failed(value):
            return self._connection_failure(value) or unexpected(value)

        try:
            return wait_for(lambda: self.client.get_cluster(cluster_id), ready, failed, timeout=self.wait_timeout,
                            what="the connection of cluster '%s' (%s)" % (self.name, cluster_id), describe=_status,
                            **self.wait_options)
        except WaitFailed as error:
            message = self._connection_failure(error.last) or str(error)
            raise ResourceError(message, cluster_id=cluster_id, connection_status=_status(error.last),
                                server=(error.last or {}).get("server")) from None

    def wait_deleted(self, entry):
        cluster_id = entry["cluster_id"]
        wait_for(lambda: self.client.get_cluster(cluster_id), lambda value: value is None, timeout=self.wait_timeout,
                 what="cluster '%s' (%s) to leave the registry" % (self.name, cluster_id), describe=_status,
                 **self.wait_options)


# --- the info flow -----------------------------------------------------------------------------------------

def cluster_facts(client, name=None, cluster_id=None, page_size=huawei_client.LIST_LIMIT):
    """{"changed": False, "clusters": [...]}: every registered cluster, or those with this name or id."""
    entries = client.list_clusters(cluster_id=cluster_id or None, limit=page_size)
    if cluster_id:
        entries = [entry for entry in entries if entry.get("cluster_id") == cluster_id]
    if name:
        entries = [entry for entry in entries if entry.get("cluster_name") == name]
    return {"changed": False, "clusters": [huawei_client.cluster_info(entry) for entry in entries]}
