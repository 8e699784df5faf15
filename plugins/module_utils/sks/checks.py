# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS option checks, made before any call: each raises InputError naming the option, or returns the options
normalised for comparison."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import duration_seconds
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.model import (
    CCM_ADDON,
    KARPENTER_ADDON,
    OIDC_FIELDS,
    ROTATIONS,
    VERSION_PATTERN,
    is_uuid,
)

LABEL_KEY = re.compile(r"^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]{0,61}[a-z0-9A-Z])?$")
LOWERCASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
NODEPOOL_CREATE_REQUIRED = ("instance_type", "size", "disk_size")
# A Go duration (time.ParseDuration), as kubelet's imageMinimumGCAge and the audit webhook's initial backoff are.
GO_DURATION = re.compile(r"^([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$")
FEATURE_GATE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _check_length(option, value, low=1, high=255):
    if value is not None and not low <= len(value) <= high:
        raise InputError("%s must be %d to %d characters long, got %d" % (option, low, high, len(value)))


def _check_labels(option, labels):
    for key, value in (labels or {}).items():
        if not LABEL_KEY.match(str(key)):
            raise InputError(
                "%s: %r is not a valid label key (letters, digits, '-', '_', '.', an optional "
                "DNS prefix and '/', at most 63 characters in the name)" % (option, key)
            )
        if not isinstance(value, str):
            raise InputError("%s: the value of %r must be a string, got %s" % (option, key, type(value).__name__))


def _check_ids(option, values):
    for value in values or []:
        if not is_uuid(value):
            raise InputError(
                "%s: %r is not an id (a UUID such as 8561ee34-09f0-42da-a765-abde807f944b)" % (option, value)
            )


def _check_cluster_id(params):
    if params.get("id") and not is_uuid(params["id"]):
        raise InputError("id: %r is not an SKS cluster id (a UUID)" % params["id"])


def check_oidc(oidc):
    """oidc: client_id and issuer_url required, every string 1-255 characters, issuer_url an https URL."""
    if oidc is None:
        return None
    cleaned = {key: value for key, value in oidc.items() if value not in (None, "", {})}
    for key in ("client_id", "issuer_url"):
        if not cleaned.get(key):
            raise InputError("oidc.%s is required when oidc is set" % key)
    for key in OIDC_FIELDS:
        if key != "required_claim":
            _check_length("oidc.%s" % key, cleaned.get(key))
    issuer = urlsplit(cleaned["issuer_url"])
    if issuer.scheme != "https" or not issuer.netloc:
        raise InputError("oidc.issuer_url must be an https:// URL, got %r" % cleaned["issuer_url"])
    for claim, value in (cleaned.get("required_claim") or {}).items():
        if not isinstance(value, str) or not claim:
            raise InputError("oidc.required_claim must map claim names to strings; %r does not" % claim)
    return cleaned


def _check_duration(option, value, high=None):
    if value is None:
        return
    if not GO_DURATION.match(value):
        raise InputError("%s must be a duration such as 10s, 2m or 1h30m, got %r" % (option, value))
    if high is not None:
        _check_length(option, value, high=high)


def check_audit(audit):
    """audit: the compared settings (enabled, endpoint, initial_backoff) and the bearer token apart.

    Returns (audit without the token, token or None)."""
    if audit is None:
        return None, None
    token = audit.get("bearer_token")
    settings = {key: value for key, value in audit.items() if key != "bearer_token" and value is not None}
    settings.setdefault("enabled", True)
    endpoint = settings.get("endpoint")
    if endpoint is not None:
        _check_length("audit.endpoint", endpoint, high=2000)
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError("audit.endpoint must be an http:// or https:// URL, got %r" % endpoint)
    if token is not None:
        _check_length("audit.bearer_token", token, high=2000)
    _check_duration("audit.initial_backoff", settings.get("initial_backoff"), high=10)
    return settings, token


def check_feature_gates(gates):
    if gates is None:
        return None
    for gate in gates:
        if not isinstance(gate, str) or not FEATURE_GATE.match(gate):
            raise InputError(
                "feature_gates: %r is not a Kubernetes feature gate name (letters and digits, such as "
                "InPlacePodVerticalScaling)" % (gate,)
            )
    return sorted(set(gates))


def cluster_params(params):
    """The cluster module's options, checked and normalised for comparison."""
    params = dict(params)
    if params.get("rotate_credentials") and params.get("state") == "absent":
        raise InputError("rotate_credentials: credentials can only be rotated with state=present")
    if params.get("rotate_credentials"):
        unknown = [item for item in params["rotate_credentials"] if item not in ROTATIONS]
        if unknown:
            raise InputError(
                "rotate_credentials: %s not one of %s" % (", ".join(map(repr, unknown)), ", ".join(sorted(ROTATIONS)))
            )
        params["rotate_credentials"] = list(dict.fromkeys(params["rotate_credentials"]))
    params["feature_gates"] = check_feature_gates(params.get("feature_gates"))
    params["audit"], params["audit_bearer_token"] = check_audit(params.get("audit"))
    if not params.get("name") and not params.get("id"):
        raise InputError("one of name or id is required")
    _check_cluster_id(params)
    _check_length("name", params.get("name"))
    _check_length("description", params.get("description"), low=0)
    _check_labels("labels", params.get("labels"))
    if params.get("version") is not None and not VERSION_PATTERN.match(params["version"]):
        raise InputError("version must look like 1.31.2 (MAJOR.MINOR.PATCH), got %r" % params["version"])
    params["oidc"] = check_oidc(params.get("oidc"))
    if params.get("addons") is not None:
        params["addons"] = sorted(set(params["addons"]))
        if KARPENTER_ADDON in params["addons"] and CCM_ADDON not in params["addons"]:
            raise InputError(
                "addons: %s needs %s; add it to addons or remove %s" % (KARPENTER_ADDON, CCM_ADDON, KARPENTER_ADDON)
            )
    return params


def cluster_info_params(params):
    """The cluster info module's options, checked."""
    _check_cluster_id(params)
    return params


def _taints(taints):
    seen = set()
    result = []
    for taint in taints or []:
        key = taint.get("key")
        if not key or not LABEL_KEY.match(key):
            raise InputError("taints: %r is not a valid taint key" % key)
        if key in seen:
            raise InputError("taints: the key %r is given twice; a node pool has one taint per key" % key)
        seen.add(key)
        _check_length("taints[%s].value" % key, taint.get("value"))
        result.append({"key": key, "value": taint["value"], "effect": taint["effect"]})
    return sorted(result, key=lambda item: item["key"])


def nodepool_params(params):
    """The node pool module's options, checked and normalised (sorted id lists, taints sorted by key)."""
    params = dict(params)
    _check_length("name", params.get("name"))
    if params.get("name") and params["name"] != params["name"].lower():
        raise InputError("name: node pool names are lowercase only, got %r" % params["name"])
    _check_length("description", params.get("description"), low=0)
    if params.get("instance_prefix") is not None:
        _check_length("instance_prefix", params["instance_prefix"], high=30)
        if not LOWERCASE_NAME.match(params["instance_prefix"]):
            raise InputError(
                "instance_prefix must be lowercase letters, digits and '-', got %r" % params["instance_prefix"]
            )
    if params.get("size") is not None and params["size"] < 0:
        raise InputError("size must be at least 0, got %d" % params["size"])
    if params.get("disk_size") is not None and not 20 <= params["disk_size"] <= 51200:
        raise InputError("disk_size must be between 20 and 51200 (GiB), got %d" % params["disk_size"])
    _check_labels("labels", params.get("labels"))
    params["kubelet_image_gc"] = check_kubelet_image_gc(params.get("kubelet_image_gc"))
    if params.get("deploy_target"):
        _check_length("deploy_target", params["deploy_target"])
    if params.get("evict_nodes") is not None:
        if params.get("state") == "absent":
            raise InputError("evict_nodes: nodes can only be evicted with state=present")
        if any(not node for node in params["evict_nodes"]):
            raise InputError("evict_nodes must not hold empty names or ids")
    if params.get("taints") is not None:
        params["taints"] = _taints(params["taints"])
    for option, limit in (("security_groups", 16), ("anti_affinity_groups", 8), ("private_networks", 16)):
        if params.get(option) is not None:
            _check_ids(option, params[option])
            params[option] = sorted({value.lower() for value in params[option]})
            if len(params[option]) > limit:
                raise InputError("%s: at most %d, got %d" % (option, limit, len(params[option])))
    return params


def check_gc_thresholds(gc, option="kubelet_image_gc"):
    """kubelet refuses a low threshold that is not below the high one."""
    high, low = gc.get("high_threshold"), gc.get("low_threshold")
    if high is not None and low is not None and low >= high:
        raise InputError(
            "%s: low_threshold (%d) must be less than high_threshold (%d), as kubelet requires" % (option, low, high)
        )


def check_kubelet_image_gc(gc):
    if gc is None:
        return None
    gc = {key: value for key, value in gc.items() if value is not None}
    for key in ("high_threshold", "low_threshold"):
        if key in gc and not 0 <= gc[key] <= 100:
            raise InputError("kubelet_image_gc.%s must be a percentage between 0 and 100, got %d" % (key, gc[key]))
    _check_duration("kubelet_image_gc.min_age", gc.get("min_age"))
    check_gc_thresholds(gc)
    return gc


def check_nodepool_create(desired):
    """The options a new node pool needs, which an existing one does not."""
    for required in NODEPOOL_CREATE_REQUIRED:
        if desired.get(required) is None:
            raise InputError("%s is required to create node pool '%s'" % (required, desired.get("name")))
    if desired["size"] < 1:
        raise InputError(
            "size must be at least 1 to create node pool '%s', got %d (an existing node pool can be scaled to 0)"
            % (desired.get("name"), desired["size"])
        )


def kubeconfig_params(params):
    """The kubeconfig module's options, checked."""
    if not params["user"]:
        raise InputError("user must not be empty")
    if any(not group for group in params["groups"]):
        raise InputError("groups must not hold empty names")
    params["ttl"] = duration_seconds("ttl", params.get("ttl"))
    if params.get("ttl") is not None:
        if params["ttl"] <= 0:
            raise InputError("ttl must be more than 0 seconds, got %d" % params["ttl"])
        if params["ttl"] <= (params.get("renew_before") or 0):
            raise InputError(
                "ttl (%d) must be greater than renew_before (%d), or every run would fetch a new kubeconfig"
                % (params["ttl"], params["renew_before"])
            )
    return params
