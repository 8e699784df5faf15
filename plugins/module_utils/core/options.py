# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs shared by the modules: connection options of a cloud, waiting, kubeconfig delivery.

The doc fragments under plugins/doc_fragments/ document exactly these options; a unit test compares them.
Credentials have no default and no env fallback here: each cloud's credentials.resolve() applies the vendor's
precedence (options, then environment variables, then config files).
"""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError


def public(**extra):
    """A string option whose name looks secret but whose value is not (an access key id)."""
    return dict(type="str", no_log=False, **extra)


def secret(**extra):
    return dict(type="str", no_log=True, **extra)


def plain(**extra):
    return dict(type="str", **extra)


def common_argument_spec(cloud):
    """The connection options every cloud has: endpoint, validate_certs, ca_path, request_timeout, retries."""
    endpoint = plain()
    if cloud.endpoint_aliases:
        endpoint["aliases"] = list(cloud.endpoint_aliases)
    return {
        "endpoint": endpoint,
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path", "aliases": ["ca_bundle"]},
        "request_timeout": {"type": "int", "default": 30},
        "retries": {"type": "int", "default": 5},
    }


def connection_argument_spec(cloud):
    """A new argument_spec fragment: the common connection options plus the credentials of cloud (a core.cloud.Cloud)."""
    spec = common_argument_spec(cloud)
    spec.update(cloud.credential_options())
    return spec


def wait_argument_spec(default_timeout=900):
    """wait and wait_timeout (seconds), documented by the managedk8s.clusters.wait fragment."""
    return {
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "int", "default": default_timeout},
    }


def kubeconfig_argument_spec():
    """The options of every kubeconfig module, documented by the managedk8s.clusters.kubeconfig fragment."""
    return {
        "dest": {"type": "path", "required": True},
        "force": {"type": "bool", "default": False},
        "renew_before": {"type": "int", "default": 3600},
        "return_content": {"type": "bool", "default": False},
        "mode": {"type": "raw", "default": "0600"},
        "merge": {"type": "bool", "default": False},
        "backup": {"type": "bool", "default": False},
    }


DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def duration_seconds(option, value):
    """Seconds in a duration option: a whole number of seconds (86400) or a number and a unit (30m, 12h, 1d, 1w).

    The same forms on every cloud's module; each converts the seconds to what its API takes. None stays None.
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    number, unit = (text[:-1], text[-1]) if text[-1:] in DURATION_UNITS else (text, "s")
    if not number.isdigit() or int(number) <= 0 or isinstance(value, bool):
        raise InputError(
            "%s: %r is not a duration: give seconds (86400) or a number followed by s, m, h, d or w (12h, 7d)"
            % (option, value)
        )
    return int(number) * DURATION_UNITS[unit]
