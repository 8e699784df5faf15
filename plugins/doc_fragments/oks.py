# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OUTSCALE OKS connection options (declared in module_utils/oks/cloud.py, resolved by oks/credentials.py).

Use it before managedk8s.clusters.common in extends_documentation_fragment.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the OKS API.
      - When not set, the first of E(OSC_ENDPOINT_OKS), E(OKS_ENDPOINT), C(endpoints.oks) of the profile in the
        OUTSCALE config file, and C(endpoint) of the profile in C(~/.oks_cli/config.json);
        otherwise C(https://api.{region}.oks.outscale.com/api/v2).
      - A value without a scheme gets the profile's C(protocol), E(OSC_PROTOCOL) or C(https).
    type: str
  access_key:
    description:
      - OUTSCALE access key, used with O(secret_key).
      - When no credentials are given as options, the first place that holds any is used, in this order
        (the same place must hold a complete set); E(OSC_ACCESS_KEY) and E(OSC_SECRET_KEY), or E(OSC_LOGIN) and
        E(OSC_PASSWORD); E(OKS_ACCESS_KEY) and E(OKS_SECRET_KEY), or E(OKS_USERNAME) and E(OKS_PASSWORD) (the OKS CLI's
        variables); the selected profile of the OUTSCALE config file, E(OSC_CONFIG_FILE) or C(~/.osc/config.json)
        (C(access_key) and C(secret_key), or C(login) and C(password)); the selected profile of the OKS CLI's
        C(~/.oks_cli/config.json) (C(access_key) and C(secret_key), or C(username) and C(password)).
      - When O(profile) is set, the environment variables are skipped.
    type: str
  secret_key:
    description:
      - OUTSCALE secret key, used with O(access_key). It is looked up in the same places as O(access_key), from the same place.
      - This value is secret; it is never logged or returned.
    type: str
  username:
    description:
      - OUTSCALE account login (email), used with O(password) to authenticate without an access key.
      - Looked up like O(access_key); E(OSC_LOGIN), then E(OKS_USERNAME), then C(login) in the OUTSCALE config file,
        then C(username) in C(~/.oks_cli/config.json).
    type: str
  password:
    description:
      - Password of O(username). Looked up like O(access_key); E(OSC_PASSWORD), then E(OKS_PASSWORD), then C(password)
        in the profile files.
      - This value is secret; it is never logged or returned.
    type: str
  access_token:
    description:
      - An OKS access token, to authenticate with a token instead of a key or a password. Never read from the environment.
      - The fresh tokens the API returns are used for the following requests. When the API refuses the tokens
        (expired or invalid), they are dropped and the request is sent once more with an access key or a login, when
        one is found.
      - This value is secret; it is never logged or returned.
    type: str
  refresh_token:
    description:
      - The refresh token that goes with O(access_token).
      - This value is secret; it is never logged or returned.
    type: str
  otp_code:
    description:
      - One-time password for accounts with multi-factor authentication. Defaults to E(OKS_OTP_CODE).
      - This value is secret; it is never logged or returned.
    type: str
  region:
    description:
      - OUTSCALE region of the OKS API.
      - Defaults to E(OSC_REGION), then E(OKS_REGION), then C(region) of the profile in the OUTSCALE config file,
        then C(region_name) of the profile in C(~/.oks_cli/config.json), then V(eu-west-2).
      - Must be V(eu-west-2) or V(cloudgouv-eu-west-1) unless O(endpoint) is set (or found).
    type: str
  profile:
    description:
      - Name of the profile to read in the OUTSCALE config file (E(OSC_CONFIG_FILE) or C(~/.osc/config.json)) and in
        C(~/.oks_cli/config.json).
      - Defaults to E(OSC_PROFILE), then E(OKS_PROFILE) (the OKS CLI's selector), then V(default). A profile named by
        this option, E(OSC_PROFILE) or E(OKS_PROFILE) must exist.
      - When set, credentials in environment variables are ignored.
      - A profile of C(~/.oks_cli/config.json) with C(jwt) set to V(true) makes the module authenticate with the
        tokens the API hands out after the first request, as the OKS CLI does; without it, every request carries the
        access key or the login.
    type: str
"""
