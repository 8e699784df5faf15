# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the HSS registry's data means to the modules: the choices, the status vocabulary, the kubeconfig the task
gives, the payloads (options -> body), the state compared (entry -> option names) and the output.

How a registered kubeconfig is compared, although HSS never returns it: HSS reads the client certificate's
expiry out of the kubeconfig it is given at registration (its config-analyze call shows it does) and returns it as
certificate_expiration_date, next to the API server address (server). The module compares a fingerprint of
those two, computed the same way from the kubeconfig the task gives and from the list entry
(kubeconfig_fingerprint, made with kubeconfig.fingerprint: the diff shows it, never the kubeconfig). A rotated
kubeconfig carries a new client certificate, hence a new expiry and a new fingerprint, and is sent with PUT.
Whether HSS reads the expiry again from a kubeconfig sent with PUT, nothing of the vendor's says; the PUT body
requires current_expiration_date, and when the task does not set that date the module sends the certificate's
expiry in it, so either date of the entry can show the certificate (certificate_recorded).
A kubeconfig without a client certificate (token credentials) is compared by server only: send a rotated one
with force_kubeconfig_update, or by changing current_expiration_date.
"""

from __future__ import annotations

import datetime

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret

PROVIDERS = ("ali", "tencent", "azure", "aws", "self_built_hw", "self_built_idc")
IMAGE_REPO_TYPES = ("harbor", "quay", "jfrog", "other")
IMAGE_ARCHS = ("x86", "arm")
DNS_POLICIES = ("default", "clusterfirst", "clusterfirstwithhostnet", "none")

STATUSES = ("not_connect", "connect_success", "connect_fail", "connect_disruption")
CONNECTED = "connect_success"
CONNECTION_FAILED = "connect_fail"
CONNECTING = ("not_connect", "connect_disruption")

ALL_ENTERPRISE_PROJECTS = "all_granted_eps"

FORCED = "(sent again: force_kubeconfig_update)"

# Options sent with the registration only that HSS never returns: its list entry (MultiCloudClusterInfo of
# huaweicloudsdkhss) has cluster_id, cluster_name, provider, server, image_repo, status, version,
# current_expiration_date and certificate_expiration_date, nothing else, and no other call shows a registration.
# A registered cluster's values of these cannot be read, so they can be neither compared nor refused.
UNREADABLE_OPTIONS = (
    "image_repo_username",
    "image_repo_password",
    "organization",
    "image_repo_type",
    "image_arch",
    "anp_proxy",
    "hostguard_proxy",
    "container_name",
    "dns_policy",
    "dns_config",
)

# What a kubeconfig user may hold that only a client program can use: HSS's agent reads the kubeconfig and runs
# nothing, so it can use neither a credential plugin (exec, such as `aws eks get-token`) nor an auth-provider.
PROGRAM_CREDENTIALS = ("exec", "auth-provider")


def millis_to_iso(value):
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    moment = datetime.datetime.fromtimestamp(value / 1000.0, datetime.timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")


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


def check_registrable(config, source):
    """KubeconfigError when the current user's credentials need a program to run (exec, auth-provider)."""
    user = _current_user(config)
    found = [key for key in PROGRAM_CREDENTIALS if user.get(key)]
    if not found:
        return
    command = (user.get("exec") or {}).get("command") if isinstance(user.get("exec"), dict) else None
    what = (
        "runs the command %r to get its credentials" % command
        if command
        else "gets its credentials from %s" % (" and ".join(found))
    )
    raise KubeconfigError(
        "%s cannot be registered: its user %s, and HSS's agent runs no program, it only reads the kubeconfig. "
        "Register a kubeconfig whose user holds its credentials: a client certificate (client-certificate-data and "
        "client-key-data) or a long-lived bearer token (token), such as a Kubernetes service account's token; a "
        "token from eks_kubeconfig with auth=token expires within 15 minutes" % (source, what)
    )


def kubeconfig_facts(text, source):
    """KubeconfigFacts of text; KubeconfigError naming source when it is not a kubeconfig."""
    if not isinstance(text, str) or not text.strip():
        raise KubeconfigError("%s is empty" % source)
    config = kubeconfig.parse(text, source=source)
    _register_kubeconfig_secrets(text, config)
    context = kubeconfig.current_context(config)
    if context is None:
        raise KubeconfigError("%s has no context: set current-context or give it one context" % source)
    check_registrable(config, source)
    described = kubeconfig.describe(config)
    certificate = kubeconfig.certificate_not_after(_current_user(config).get("client-certificate-data"))
    return KubeconfigFacts(
        text, described.get("server"), _millis(certificate), _millis(kubeconfig.expiry_of(config, context))
    )


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


def certificate_recorded(entry, certificate_expiry, current_given):
    """Whether entry shows the client certificate expiring at certificate_expiry as the registered one.

    Either HSS read it from the kubeconfig (certificate_expiration_date), or the module recorded it as
    current_expiration_date when it sent the kubeconfig (only when the task does not set that date itself).
    """
    if certificate_expiry is None:
        return False
    if entry.get("certificate_expiration_date") == certificate_expiry:
        return True
    return not current_given and entry.get("current_expiration_date") == certificate_expiry


def credential_fingerprint(server, certificate_expiry):
    """The fingerprint compared for the kubeconfig: the API server and the client certificate's expiry (ms)."""
    marker = "-" if certificate_expiry is None else str(certificate_expiry)
    return kubeconfig.fingerprint("server=%s\ncertificate_expiration_date=%s" % (server or "", marker))


# --- payloads ------------------------------------------------------------------------------------------------

# option name -> create body field (the same names, except the kubeconfig)
CREATE_FIELDS = (
    ("name", "name"),
    ("provider", "provider"),
    ("server", "server"),
    ("image_repo", "image_repo"),
    ("image_repo_username", "image_repo_username"),
    ("image_repo_password", "image_repo_password"),
    ("organization", "organization"),
    ("image_repo_type", "image_repo_type"),
    ("current_expiration_date", "current_expiration_date"),
    ("certificate_expiration_date", "certificate_expiration_date"),
    ("image_arch", "image_arch"),
    ("anp_proxy", "anp_proxy"),
    ("hostguard_proxy", "hostguard_proxy"),
    ("container_name", "container_name"),
    ("dns_policy", "dns_policy"),
    ("dns_config", "dns_config"),
)


def create_payload(options, kubeconfig_text):
    """The POST body: the options that are set, under the API's names, and the kubeconfig as kube_config."""
    body = {field: options[option] for option, field in CREATE_FIELDS if options.get(option) not in (None, "")}
    body["kube_config"] = kubeconfig_text
    return body


def update_payload(kubeconfig_text=None, current_expiration_date=None, upgrade=None):
    """The PUT body; its kubeconfig field is named kubeconfig."""
    body = {}
    if current_expiration_date is not None:
        body["current_expiration_date"] = current_expiration_date
    if upgrade is not None:
        body["upgrade"] = bool(upgrade)
    if kubeconfig_text is not None:
        body["kubeconfig"] = kubeconfig_text
    return body


# --- state and output ----------------------------------------------------------------------------------------


def desired_state(options, facts):
    """What the engine compares, in option names (the kubeconfig as its fingerprint)."""
    desired = {key: options.get(key) for key in ("name", "provider", "server", "image_repo", "current_expiration_date")}
    desired["kubeconfig_fingerprint"] = credential_fingerprint(options["server"], facts.certificate_expiry)
    return {key: value for key, value in desired.items() if value is not None}


def entry_state(entry, fingerprint):
    """A data_list entry as the engine compares it, with fingerprint standing for the registered kubeconfig."""
    state = {
        "name": entry.get("cluster_name"),
        "provider": entry.get("provider"),
        "server": entry.get("server"),
        "image_repo": entry.get("image_repo"),
        "current_expiration_date": entry.get("current_expiration_date"),
        "kubeconfig_fingerprint": fingerprint,
    }
    return {key: value for key, value in state.items() if value is not None}


def status_of(entry):
    return entry.get("status") if entry else None


INFO_FIELDS = (
    "cluster_id",
    "provider",
    "server",
    "image_repo",
    "status",
    "version",
    "current_expiration_date",
    "certificate_expiration_date",
)


def cluster_info(entry):
    """A data_list entry in option names (cluster_name -> name), with the dates also in ISO 8601."""
    info = {"name": entry.get("cluster_name")}
    info.update({key: entry.get(key) for key in INFO_FIELDS})
    for key in ("current_expiration_date", "certificate_expiration_date"):
        info[key.replace("_date", "_time")] = millis_to_iso(entry.get(key))
    return info
