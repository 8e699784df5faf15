# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the core needs to know of one cloud, declared once in that cloud's own cloud.py.

The core never names a cloud: modules, inventory plugins and the shared option code receive a Cloud and ask it.
"""

from __future__ import annotations

import copy

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import parse_error
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import add_secret_keys


class Cloud:
    """One cloud: its name, its credential options and their constraints, its client factory, its error parser.

    credential_options: argument_spec entries (each with an explicit no_log); endpoint_aliases: extra names of the
    common endpoint option; required_together, mutually_exclusive, required_by: AnsibleModule constraints between
    the credential options; secret_keys: field and header names whose values the redaction masks, beyond the common
    ones; client_factory(params, warn=None) -> the cloud's API client; error_parser: a core.errors.ErrorParser.
    """

    def __init__(
        self,
        name,
        title,
        credential_options,
        endpoint_aliases=(),
        required_together=(),
        mutually_exclusive=(),
        required_by=None,
        secret_keys=(),
        client_factory=None,
        error_parser=parse_error,
    ):
        self.name = name
        self.title = title
        self._credential_options = credential_options
        self.endpoint_aliases = list(endpoint_aliases)
        self._constraints = {
            "required_together": [list(group) for group in required_together],
            "mutually_exclusive": [list(group) for group in mutually_exclusive],
            "required_by": dict(required_by or {}),
        }
        self.client_factory = client_factory
        self.error_parser = error_parser
        add_secret_keys(*secret_keys)

    def credential_options(self):
        return copy.deepcopy(self._credential_options)

    def constraints(self):
        """A new dict of AnsibleModule keyword arguments: required_together, mutually_exclusive, required_by."""
        return copy.deepcopy(self._constraints)

    def client(self, params, warn=None):
        return self.client_factory(params, warn=warn)

    def __repr__(self):
        return "Cloud(%r)" % self.name
