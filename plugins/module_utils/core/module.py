# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection does around its own work: options, failures, redaction.

Every module's main() is the same two lines:

    module = cloud_module(CLOUD, argument_spec(), wait=True, required_one_of=[...])
    run(module, tasks.cluster)

where CLOUD is the module's cloud declaration (<cloud>/cloud.py) and tasks.cluster(params, check_mode, warn) -> the
result dict is the module's work, in its cloud's tasks.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import http
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import (
    ApiError,
    KubeconfigError,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import (
    connection_argument_spec,
    wait_argument_spec,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitError


def _with_connection_constraints(cloud, kwargs):
    for key, value in cloud.constraints().items():
        given = kwargs.get(key)
        if isinstance(value, dict):
            kwargs[key] = dict(value, **(given or {}))
        else:
            kwargs[key] = value + [item for item in given or [] if item not in value]
    return kwargs


def cloud_module(cloud, argument_spec, wait=False, **kwargs):
    """An AnsibleModule with the connection options of cloud (a core.cloud.Cloud) and their constraints merged in.

    kwargs are AnsibleModule's; their required_together, mutually_exclusive and required_by add to the cloud's.
    """
    spec = connection_argument_spec(cloud)
    if wait:
        spec.update(wait_argument_spec())
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    module = AnsibleModule(argument_spec=spec, **_with_connection_constraints(cloud, kwargs))
    problem = connection_option_problem(module.params) or version_option_problem(module.params)
    if problem:
        fail(module, problem)
    return module


# The options that hold a Kubernetes version, and what YAML makes of an unquoted one: 1.30 is the number 1.3, which
# Ansible turns into the text "1.3". No supported Kubernetes version has a one-digit minor.
VERSION_OPTIONS = ("version", "kubernetes_version")
UNQUOTED_VERSION = re.compile(r"^1\.[0-9]$")


def version_option_problem(params):
    """A Kubernetes version that can only be an unquoted YAML number (1.30 read as 1.3), or None."""
    for option in VERSION_OPTIONS:
        value = params.get(option)
        if isinstance(value, str) and UNQUOTED_VERSION.match(value):
            return (
                "%s: %r is not a Kubernetes version that exists; YAML reads an unquoted 1.%s0 as the number %s. "
                'Quote it: %s: "1.%s0" (or the version you meant, as a string)'
                % (option, value, value[-1], value, option, value[-1])
            )
    return None


def connection_option_problem(params):
    """What is wrong with the shared options (endpoint, request_timeout, retries, wait_timeout), or None."""
    endpoint = params.get("endpoint")
    if endpoint:
        try:
            parts = urlsplit(endpoint)
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.hostname or any(char.isspace() for char in endpoint):
            return (
                "endpoint: %r is not a URL; give the API's http:// or https:// URL, such as https://api.example.com"
                % endpoint
            )
    if params.get("request_timeout") is not None and params["request_timeout"] <= 0:
        return "request_timeout: must be a number of seconds above 0, got %s" % params["request_timeout"]
    if params.get("retries") is not None and params["retries"] < 0:
        return "retries: must be 0 (one attempt, no retry) or more, got %s" % params["retries"]
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        return "wait_timeout: must be 0 or more seconds, got %s" % params["wait_timeout"]
    return None


def fail(module, message, **extra):
    module.fail_json(msg=redact_text(message), **redact(extra))


def run(module, task, keep=()):
    """Run task(params, check_mode=, warn=) -> result dict, turning every known failure into a clean fail_json.

    Every value in the result is redacted except the keys in keep (content the user asked for explicitly).
    """
    if not http.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=http.REQUESTS_IMPORT_ERROR)
    try:
        result = task(module.params, check_mode=module.check_mode, warn=module.warn)
    except ApiError as error:
        fail(module, error.describe(), error=error.to_dict())
    except CredentialsError as error:
        fail(module, str(error))
    except ResourceError as error:
        fail(module, str(error), **error.details)
    except (WaitError, KubeconfigError) as error:
        fail(module, str(error))
    kept = {key: result.pop(key) for key in keep if key in result}
    result = redact(result)
    result.update(kept)
    module.exit_json(**result)
