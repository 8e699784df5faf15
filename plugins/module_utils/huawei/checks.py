# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option checks of the HSS modules, made before any API call: each raises InputError naming the option."""

from __future__ import annotations

import datetime
import ipaddress
import re
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.client import LIST_LIMIT_RANGE

NAME_LENGTH = (1, 64)
TEXT_LENGTH = 256
DNS_SERVERS_MAX = 3

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LATEST_MS = 253402300799999  # 9999-12-31T23:59:59.999Z

REGISTRATION_TEXT_OPTIONS = (
    "image_repo",
    "organization",
    "anp_proxy",
    "hostguard_proxy",
    "container_name",
    "image_repo_username",
)


def check_name(value, option="name"):
    low, high = NAME_LENGTH
    text = "" if value is None else str(value)
    if not low <= len(text) <= high or _CONTROL.search(text) or text != text.strip():
        raise InputError(
            "%s: %r is not a valid cluster name: %d to %d characters, no control characters and no "
            "leading or trailing spaces" % (option, value, low, high)
        )
    return text


def check_text(value, option, length=TEXT_LENGTH, spaces=False):
    """A free-form value the API stores as it is: at most length characters, no control characters."""
    text = str(value)
    if not text or len(text) > length or _CONTROL.search(text) or (not spaces and re.search(r"\s", text)):
        rule = "no control characters" if spaces else "no spaces or control characters"
        raise InputError("%s: %r is not valid: 1 to %d characters, %s" % (option, value, length, rule))
    return text


def check_server(value, option="server"):
    """An API server URL such as https://203.0.113.10:6443."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname or re.search(r"\s", text):
        raise InputError(
            "%s: %r is not an API server URL; write it like https://203.0.113.10:6443 or "
            "https://k8s.example.com" % (option, value)
        )
    if port is not None and not 1 <= port <= 65535:
        raise InputError("%s: the port of %r is out of range (1 to 65535)" % (option, value))
    return text


def check_dns_config(value, option="dns_config"):
    """One to three IP addresses separated by semicolons, returned in the API's form ('a;b')."""
    items = [item.strip() for item in str(value or "").split(";")]
    items = [item for item in items if item]
    if not items:
        raise InputError(
            "%s: give one to %d DNS server IP addresses separated by semicolons, such as "
            "10.0.0.10;10.0.0.11" % (option, DNS_SERVERS_MAX)
        )
    for item in items:
        try:
            ipaddress.ip_address(item)
        except ValueError:
            raise InputError(
                "%s: %r is not an IP address; give one to %d IP addresses separated by semicolons, such "
                "as 10.0.0.10;10.0.0.11" % (option, item, DNS_SERVERS_MAX)
            ) from None
    if len(items) > DNS_SERVERS_MAX:
        raise InputError(
            "%s: %d DNS servers given; Kubernetes accepts at most %d" % (option, len(items), DNS_SERVERS_MAX)
        )
    return ";".join(items)


def check_enterprise_project_id(value, option="enterprise_project_id"):
    """An enterprise project id, or all_granted_eps (every project the credentials may see: the vendor's own
    registration example sends it too)."""
    return check_text(value, option)


def check_list_limit(value, option="page_size"):
    low, high = LIST_LIMIT_RANGE
    if not isinstance(value, int) or not low <= value <= high:
        raise InputError("%s: %r is out of range; the HSS list API takes %d to %d" % (option, value, low, high))
    return value


def to_millis(value, option):
    """Milliseconds since the epoch from an integer (milliseconds), a string of digits, or an ISO 8601 date.

    A date without a time means midnight UTC; a time without an offset is UTC.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError("%s: %r is not a date" % (option, value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        moment = value
    elif isinstance(value, (int, float)) or re.match(r"^\s*\d+\s*$", str(value)):
        millis = int(value)
        if not 0 < millis <= _LATEST_MS:
            raise InputError("%s: %r is out of range for milliseconds since 1970-01-01" % (option, value))
        return millis
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(
                "%s: %r is not a date; give milliseconds since 1970-01-01 UTC (such as 1814079596667) or "
                "an ISO 8601 date (such as 2027-06-30 or 2027-06-30T12:00:00Z)" % (option, value)
            ) from None
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


def check_cluster_params(params, facts):
    """The options of huawei_multicloud_cluster normalised for the API (dates in ms, DNS list as 'a;b', server
    resolved from the kubeconfig's facts when not given)."""
    options = dict(params)
    check_name(params.get("name"))
    present = params.get("state", "present") == "present"
    if params.get("enterprise_project_id") is not None:
        check_enterprise_project_id(params["enterprise_project_id"])
    for option in REGISTRATION_TEXT_OPTIONS:
        if params.get(option) is not None:
            check_text(params[option], option)
    if params.get("image_repo_password") is not None and not params["image_repo_password"]:
        raise InputError("image_repo_password: must not be empty")
    if params.get("dns_config") is not None:
        options["dns_config"] = check_dns_config(params["dns_config"])
    if params.get("dns_policy") == "none" and not params.get("dns_config"):
        raise InputError(
            "dns_policy=none ignores the cluster's DNS settings and needs dns_config (one to %d DNS server "
            "IP addresses separated by semicolons)" % DNS_SERVERS_MAX
        )
    for option in ("current_expiration_date", "certificate_expiration_date"):
        options[option] = to_millis(params.get(option), option)
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise InputError("wait_timeout: must be 0 or more seconds")
    if params.get("wait_for_connection") and not params.get("wait", True):
        raise InputError(
            "wait_for_connection=true waits, which wait=false forbids; set wait=true or leave wait_for_connection out"
        )
    if not present:
        return options
    if params.get("server"):
        options["server"] = check_server(params["server"])
    elif facts is not None and facts.server:
        options["server"] = check_server(facts.server, option="the kubeconfig's cluster server")
    else:
        raise InputError(
            "server: the kubeconfig's current context names no cluster server; set server to the "
            "cluster's API server URL"
        )
    certificate = facts.certificate_expiry if facts is not None else None
    given = options.get("certificate_expiration_date")
    if given is not None and certificate is not None and given != certificate:
        raise InputError(
            "certificate_expiration_date: the kubeconfig's client certificate expires at %s (%d); HSS "
            "reads that date from the kubeconfig, so leave certificate_expiration_date out (it is meant "
            "for kubeconfigs without a client certificate)" % (model.millis_to_iso(certificate), certificate)
        )
    return options


def check_info_params(params):
    """The options of huawei_multicloud_cluster_info."""
    if params.get("name") is not None:
        check_name(params["name"])
    if params.get("cluster_id") is not None:
        check_text(params["cluster_id"], "cluster_id")
    if params.get("enterprise_project_id") is not None:
        check_enterprise_project_id(params["enterprise_project_id"])
    check_list_limit(params["page_size"])
