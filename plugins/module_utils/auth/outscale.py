# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OUTSCALE OKS authentication headers (no signature).

One scheme per request, in the vendor CLI's order of preference: ``AccessToken``/``RefreshToken`` (JWT), then
``AccessKey``/``SecretKey``, then ``Authorization: Basic``; ``X-OTP-Code`` goes with any of them. The API hands
out fresh tokens in ``Access-Token``/``Refresh-Token`` response headers: the response hook keeps them for the
following requests.
"""

from __future__ import annotations

import base64

try:
    from requests.auth import AuthBase
except ImportError:
    AuthBase = object

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret

AUTH_HEADERS = ("AccessToken", "RefreshToken", "AccessKey", "SecretKey", "Authorization", "X-OTP-Code")


def basic_authorization(username, password) -> str:
    credentials = ("%s:%s" % (username, password)).encode("utf-8")
    return "Basic " + base64.b64encode(credentials).decode("ascii")


def outscale_headers(
    access_key=None, secret_key=None, username=None, password=None, access_token=None, refresh_token=None, otp_code=None
) -> dict:
    """The authentication headers for one request. Raises ValueError when no scheme is complete."""
    if access_token:
        headers = {"AccessToken": access_token}
        if refresh_token:
            headers["RefreshToken"] = refresh_token
    elif access_key and secret_key:
        headers = {"AccessKey": access_key, "SecretKey": secret_key}
    elif username and password:
        headers = {"Authorization": basic_authorization(username, password)}
    else:
        raise ValueError("OKS needs an access token, an access key with its secret key, or a login with its password")
    if otp_code:
        headers["X-OTP-Code"] = str(otp_code)
    return headers


class OutscaleAuth(AuthBase):
    """Adds the OKS authentication headers to every request and learns the tokens the API returns."""

    def __init__(
        self,
        access_key=None,
        secret_key=None,
        username=None,
        password=None,
        access_token=None,
        refresh_token=None,
        otp_code=None,
    ):
        self.access_key = access_key
        self.username = username
        self._secret_key = secret_key
        self._password = password
        self._access_token = access_token
        self._refresh_token = refresh_token
        self._otp_code = otp_code
        self.headers()  # fail now, not at the first request, when no scheme is complete

    @property
    def scheme(self) -> str:
        return next(iter(self.headers()))

    def __repr__(self):
        return "OutscaleAuth(scheme=%r, otp_code=%s)" % (self.scheme, "<set>" if self._otp_code else None)

    def headers(self) -> dict:
        return outscale_headers(
            self.access_key,
            self._secret_key,
            self.username,
            self._password,
            self._access_token,
            self._refresh_token,
            self._otp_code,
        )

    def update_tokens(self, response, *args, **kwargs):
        """Response hook: keep fresh ``Access-Token``/``Refresh-Token`` for the next requests."""
        access_token = response.headers.get("Access-Token")
        refresh_token = response.headers.get("Refresh-Token")
        if access_token and refresh_token:
            register_secret(access_token)
            register_secret(refresh_token)
            self._access_token = access_token
            self._refresh_token = refresh_token

    def forget_tokens(self):
        """Drop the tokens (the API rejected them) so the next request falls back to keys or login."""
        self._access_token = None
        self._refresh_token = None

    def __call__(self, request):
        for name in AUTH_HEADERS:
            request.headers.pop(name, None)
        request.headers.update(self.headers())
        if self.update_tokens not in request.hooks["response"]:
            request.register_hook("response", self.update_tokens)
        return request
