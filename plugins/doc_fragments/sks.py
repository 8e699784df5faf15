# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Exoscale SKS connection options (declared in module_utils/sks/cloud.py, resolved by sks/credentials.py).

Use it before managedk8s.clusters.common in extends_documentation_fragment.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the Exoscale API v2 of one zone.
      - Defaults to E(EXOSCALE_API_ENDPOINT), then C(https://api-{zone}.exoscale.com/v2).
      - The C(endpoint) of an account in C(exoscale.toml) is not used, as it names one zone only.
    type: str
  api_key:
    description:
      - Exoscale API key, used with O(api_secret).
      - When not set, as the exo CLI does, the environment when it holds both a key and a secret (the key from the
        first of E(EXOSCALE_API_KEY), E(EXOSCALE_KEY), E(CLOUDSTACK_KEY), E(CLOUDSTACK_API_KEY) that is set, the
        secret from the first of E(EXOSCALE_API_SECRET), E(EXOSCALE_SECRET), E(EXOSCALE_SECRET_KEY),
        E(CLOUDSTACK_SECRET), E(CLOUDSTACK_SECRET_KEY) that is set); else C(key) and C(secret) (or C(secretCommand))
        of the selected account in the C(exoscale.toml) of the exo CLI, that is E(EXOSCALE_CONFIG), else the first
        that exists of C($XDG_CONFIG_HOME/exoscale/exoscale.toml) (C(~/.config/exoscale/exoscale.toml); on macOS
        C(~/Library/Application Support/exoscale/exoscale.toml); C(~/.exoscale/exoscale.toml) when
        E(SNAP_USER_COMMON) is set), C(~/.exoscale/exoscale.toml), C(~/exoscale.toml) and C(exoscale.toml) in the
        current directory.
      - When O(profile) is set, the environment variables are skipped.
    type: str
  api_secret:
    description:
      - Exoscale API secret, used with O(api_key), from the same place as O(api_key).
      - An account's C(secretCommand) in C(exoscale.toml) is run to print the secret when the account has no C(secret).
      - This value is secret; it is never logged or returned.
    type: str
  zone:
    description:
      - Exoscale zone of the SKS clusters.
      - Defaults to E(EXOSCALE_ZONE), then C(defaultZone) of the selected account in C(exoscale.toml), then V(ch-gva-2).
      - Must be one of V(at-vie-1), V(at-vie-2), V(bg-sof-1), V(ch-dk-2), V(ch-gva-2), V(de-fra-1), V(de-muc-1),
        V(hr-zag-1) unless O(endpoint) is set (or E(EXOSCALE_API_ENDPOINT)).
    type: str
  profile:
    description:
      - Name of the account to use in C(exoscale.toml).
      - Defaults to E(EXOSCALE_ACCOUNT), then the file's C(defaultAccount). An account named by this option or by
        E(EXOSCALE_ACCOUNT) must exist.
      - When set, credentials in environment variables are ignored.
    type: str
"""
