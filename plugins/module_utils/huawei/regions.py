# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where HSS and IAM answer, region by region, as Huawei's Python SDK knows it.

HSS: the regions of huaweicloudsdkhss's region table (``HssRegion``), each with its endpoint; most are
``https://hss.{region}.myhuaweicloud.com``, but not all (eu-west-101 is on ``myhuaweicloud.eu``). A region outside
the table has no known endpoint: the SDK refuses it, and so do the modules (give ``endpoint`` or the SDK's
``HUAWEICLOUD_SDK_REGION_HSS_<REGION>``).

IAM, asked for the project id of a region when none is given: ``HUAWEICLOUD_SDK_IAM_ENDPOINT``, else
``https://iam.{region}.myhuaweicloud.com`` for the regions of huaweicloudsdkcore's IAM table, else the global
``https://iam.myhuaweicloud.com``.

The unit tests compare both tables with the installed SDK packages, every region.
"""

from __future__ import annotations

HSS_ENDPOINT_PATTERN = "https://hss.{region}.myhuaweicloud.com"

# regions whose HSS endpoint is not HSS_ENDPOINT_PATTERN's
_HSS_OTHER_ENDPOINTS = {
    "eu-west-101": "https://hss.eu-west-101.myhuaweicloud.eu",
}

HSS_REGIONS = (
    "cn-north-9",
    "cn-north-1",
    "cn-north-4",
    "cn-southwest-2",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-south-1",
    "cn-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "na-mexico-1",
    "af-south-1",
    "sa-brazil-1",
    "la-south-2",
    "cn-south-4",
    "la-north-2",
    "tr-west-1",
    "cn-north-2",
    "ap-southeast-4",
    "ae-ad-1",
    "me-east-1",
    "cn-east-5",
    "my-kualalumpur-1",
    "eu-west-101",
    "ru-moscow-1",
    "cn-north-12",
    "cn-southwest-3",
    "cn-north-11",
    "af-north-1",
    "ap-southeast-5",
)

IAM_ENDPOINT_ENV = "HUAWEICLOUD_SDK_IAM_ENDPOINT"
IAM_GLOBAL_ENDPOINT = "https://iam.myhuaweicloud.com"
IAM_ENDPOINT_PATTERN = "https://iam.{region}.myhuaweicloud.com"

# regions with an IAM endpoint of their own (IAM_ENDPOINT_PATTERN)
IAM_REGIONS = (
    "cn-north-2",
    "cn-north-4",
    "cn-north-1",
    "cn-east-2",
    "cn-east-3",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "af-south-1",
    "sa-brazil-1",
    "la-south-2",
    "na-mexico-1",
    "la-north-2",
    "cn-north-9",
    "eu-west-0",
    "my-kualalumpur-1",
    "ru-moscow-1",
    "me-east-1",
    "ap-southeast-4",
    "ae-ad-1",
    "cn-east-4",
    "cn-east-5",
    "tr-west-1",
    "cn-north-12",
)


def hss_endpoint(region):
    """The HSS endpoint of a region of the SDK's table, or None for a region outside it."""
    if region not in HSS_REGIONS:
        return None
    return _HSS_OTHER_ENDPOINTS.get(region) or HSS_ENDPOINT_PATTERN.format(region=region)


def iam_endpoint(region, override=None):
    """The IAM endpoint asked for a region's project: override (the SDK's variable), the region's, the global one."""
    if override:
        return override
    if region in IAM_REGIONS:
        return IAM_ENDPOINT_PATTERN.format(region=region)
    return IAM_GLOBAL_ENDPOINT
