# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Samsung Cloud Platform SKE connection options (declared in module_utils/ske/cloud.py, resolved by ske/credentials.py).

Use it before managedk8s.clusters.common in extends_documentation_fragment.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the SKE API. SKE endpoints follow the pattern
        C(https://ske.{region}.{env}.samsungsdscloud.com), for example C(https://ske.kr-west1.e.samsungsdscloud.com).
      - When not set, the first of E(SCP_ENDPOINT), E(SCP_TF_ENDPOINT_OVERRIDE) (the vendor Terraform provider's
        variable) and C(endpoint-override) in C(~/.scpconf/config.json).
      - Without any of them, the endpoint is found as the vendor's SDK and Terraform provider find it, in the endpoint
        catalog C({auth-url}/endpoints) (service type C(scp-ske); of several, the one of the default region), with
        the auth URL and default region of a standard Terraform C(~/.scpconf/config.json) (C(auth-url),
        C(default-region)) or of E(SCP_TF_AUTH_URL) and E(SCP_TF_DEFAULT_REGION). One of these is required.
    type: str
  access_key:
    description:
      - Samsung Cloud Platform access key, used with O(secret_key).
      - When not set, the first place that holds any key is used (it must hold both); E(SCP_ACCESS_KEY) and
        E(SCP_SECRET_KEY) (with E(SCP_AUTH_TOKEN)); E(SCP_TF_ACCESS_KEY) and E(SCP_TF_SECRET_KEY) (with
        E(SCP_TF_AUTH_TOKEN)), the vendor Terraform provider's variables; C(access-key) and C(secret-key) (with
        C(auth-token)) in C(~/.scpconf/credentials.json).
    type: str
  secret_key:
    description:
      - Samsung Cloud Platform secret key, used with O(access_key), from the same place as O(access_key).
      - This value is secret; it is never logged or returned.
    type: str
  account_id:
    description:
      - Account id sent in C(Scp-AccountId) and signed with every request, the endpoint catalog's too, as the
        vendor's Go SDK does. May be empty (the vendor's Terraform provider always sends it empty).
      - Defaults to E(SCP_ACCOUNT_ID), then E(SCP_TF_ACCOUNT_ID), then C(account-id) in C(~/.scpconf/config.json),
        then an empty string.
    type: str
  auth_token:
    description:
      - Authentication token sent as C(X-Auth-Token) along with the signed request, for accounts that need one.
      - Taken from the same place as O(access_key) (E(SCP_AUTH_TOKEN), E(SCP_TF_AUTH_TOKEN) or C(auth-token)).
      - This value is secret; it is never logged or returned.
    type: str
  api_version:
    description:
      - Value of the C(Scp-API-Version) header, such as V(ske 1.3).
    type: str
    default: ske 1.3
"""
