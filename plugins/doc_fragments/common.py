# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every cloud shares (options.common_argument_spec).

List the cloud's own fragment (managedk8s.clusters.oks, .sks, .eks, .ske, .huawei) before this one: it documents
endpoint again with the cloud's lookup order and default, and the first fragment's description wins.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the cloud's API, for example a private endpoint, a proxy or a test emulator.
      - When not set, it is looked up in the cloud's environment variables and configuration files, then derived
        from the region or zone, as the cloud's own options describe.
      - A value without a scheme gets C(https://); a trailing V(/) is dropped.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API endpoint.
      - Set it to V(false) only for a test endpoint you trust.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust for the API endpoint, instead of the system's.
    type: path
    aliases: [ca_bundle]
  request_timeout:
    description:
      - Seconds to wait for each HTTP request to connect and answer before it is retried or fails.
    type: int
    default: 30
  retries:
    description:
      - How many times a failed API call is sent again, with exponential backoff (up to 15 seconds between two
        attempts) or as long as the API's C(Retry-After) says.
      - Only what is safe to send again is retried - reads, deletes, and calls the server certainly did not carry
        out - after a connection failure, a timeout, or an HTTP 429, 500, 502, 503 or 504 answer.
      - A host name that does not resolve and a TLS failure are never retried.
      - V(0) makes one attempt; an unreachable endpoint then fails at once instead of after about 15 seconds.
      - The failure names the host, the reason (such as connection refused) and how many attempts were made over
        how long.
    type: int
    default: 5
"""
