# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS EKS connection options (declared in module_utils/eks/cloud.py, resolved by eks/credentials.py).

Use it before managedk8s.clusters.common in extends_documentation_fragment.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the EKS API.
      - Defaults to E(AWS_URL), then E(AWS_ENDPOINT_URL_EKS), then E(AWS_ENDPOINT_URL), then C(endpoint_url) of the
        selected profile, then C(https://eks.{region}.amazonaws.com) (C(amazonaws.com.cn) for C(cn-) regions).
    type: str
    aliases: [endpoint_url, aws_endpoint_url]
  access_key:
    description:
      - AWS access key id, used with O(secret_key).
      - When not set, the first place that holds any key is used (it must hold both); E(AWS_ACCESS_KEY_ID) and
        E(AWS_SECRET_ACCESS_KEY) (with E(AWS_SESSION_TOKEN)); then the selected profile of the shared files, in the
        AWS CLI's order; role, SSO and web identity settings (C(role_arn), C(credential_source), C(sso_session), ...);
        C(aws_access_key_id) and C(aws_secret_access_key) in the credentials file (E(AWS_SHARED_CREDENTIALS_FILE) or
        C(~/.aws/credentials), section C([name])); C(credential_process); the same keys in the config file
        (E(AWS_CONFIG_FILE) or C(~/.aws/config), section C([profile name]) or C([default])); last, instance and
        container roles.
      - Role, SSO and web identity profiles, and instance or container roles, need the Python library botocore on the
        controller; everything else works without it.
      - When O(profile) is set, the environment variables are skipped, as the AWS CLI does with C(--profile).
    type: str
    aliases: [aws_access_key_id]
  secret_key:
    description:
      - AWS secret access key, used with O(access_key), from the same place as O(access_key).
      - This value is secret; it is never logged or returned.
    type: str
    aliases: [aws_secret_access_key]
  session_token:
    description:
      - AWS session token of temporary credentials, from the same place as O(access_key) (E(AWS_SESSION_TOKEN),
        C(aws_session_token) in the profile, C(SessionToken) of a C(credential_process)).
      - This value is secret; it is never logged or returned.
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - Name of the profile to use in the shared files C(~/.aws/config) and C(~/.aws/credentials).
      - Defaults to E(AWS_PROFILE), then E(AWS_DEFAULT_PROFILE), then V(default). A profile named by this option or
        by those variables must exist.
      - A C(credential_process) is run without a shell; it must print JSON with C(Version) 1, C(AccessKeyId),
        C(SecretAccessKey) and optionally C(SessionToken) and C(Expiration). Its output is never shown.
    type: str
    aliases: [aws_profile]
  region:
    description:
      - AWS region of the EKS API, also used to sign requests.
      - Defaults to E(AWS_REGION), then E(AWS_DEFAULT_REGION), then C(region) of the selected profile. Required.
    type: str
    aliases: [aws_region]
notes:
  - O(ca_path) defaults to E(AWS_CA_BUNDLE), then C(ca_bundle) in the selected profile of the AWS config file.
"""
