# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Huawei Cloud connection options (declared in module_utils/huawei/cloud.py, resolved by huawei/credentials.py).

Use it before managedk8s.clusters.common in extends_documentation_fragment.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the Huawei Cloud HSS API, where the multi-cloud cluster registry lives.
      - Defaults to E(HW_HSS_ENDPOINT) (what the collection's AWX credential type sets), then the first URL of
        E(HUAWEICLOUD_SDK_REGION_HSS_<REGION>) (the SDK's override, for example
        E(HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4)), then the region's endpoint in the SDK's region table (most are
        C(https://hss.{region}.myhuaweicloud.com); V(eu-west-101) is C(https://hss.eu-west-101.myhuaweicloud.eu)). A
        region outside that table needs one of these two.
    type: str
  access_key:
    description:
      - Huawei Cloud access key (AK), used with O(secret_key).
      - When no credentials are given as options, the first place that holds any is used (it must hold a complete
        set); E(HUAWEICLOUD_SDK_AK) and E(HUAWEICLOUD_SDK_SK) (with E(HUAWEICLOUD_SDK_SECURITY_TOKEN)), the SDK's
        variables; E(HW_ACCESS_KEY) and E(HW_SECRET_KEY) (with E(HW_SECURITY_TOKEN)), or E(HW_AUTH_TOKEN), the
        Terraform provider's variables; C(ak) and C(sk) (with C(security_token)) in the C([basic]) section of the SDK's
        credentials file, E(HUAWEICLOUD_SDK_CREDENTIALS_FILE) or C(~/.huaweicloud/credentials).
      - Mutually exclusive with O(auth_token).
    type: str
  secret_key:
    description:
      - Huawei Cloud secret key (SK), used with O(access_key), from the same place as O(access_key).
      - This value is secret; it is never logged or returned.
    type: str
  security_token:
    description:
      - Security token of temporary credentials, from the same place as O(access_key)
        (E(HUAWEICLOUD_SDK_SECURITY_TOKEN), E(HW_SECURITY_TOKEN) or C(security_token)).
      - This value is secret; it is never logged or returned.
    type: str
  auth_token:
    description:
      - An IAM token (C(X-Auth-Token)) to use instead of an access key. Defaults to E(HW_AUTH_TOKEN) when no access key is found before it.
      - This value is secret; it is never logged or returned.
    type: str
  project_id:
    description:
      - Id of the Huawei Cloud project (of the region) that owns the registry.
      - Defaults to E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID), then C(project_id) in the C([basic]) section
        of the credentials file.
      - When none is found, it is asked of IAM as the SDK does, as the project named after O(region)
        (C(GET /v3/projects?name={region})) at E(HUAWEICLOUD_SDK_IAM_ENDPOINT), else
        C(https://iam.{region}.myhuaweicloud.com) for the regions the SDK lists, else C(https://iam.myhuaweicloud.com).
        Exactly one project must be found. O(region) is then required.
    type: str
  region:
    description:
      - Huawei Cloud region, such as V(cn-north-4). Defaults to E(HW_REGION_NAME).
      - Required unless O(endpoint) is set, and to find O(project_id) when it is not given.
    type: str
"""
