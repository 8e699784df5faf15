# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OUTSCALE OKS authentication headers (no signature).

One scheme per request, in the vendor CLI's order of preference: ``AccessToken``/``RefreshToken`` (JWT), then
``AccessKey``/``SecretKey``, then ``Authorization: Basic``; ``X-OTP-Code`` goes with any of them.

The API hands out fresh tokens in ``Access-Token``/``Refresh-Token`` response headers to every login. As oks-cli
does (utils.py: build_headers, save_tokens, handle_jwt_error), they are used only when JWT is enabled (the
profile's ``jwt`` flag) or tokens were given; a 401 to a request that carried tokens (an expired or invalid JWT)
drops them, and the request is sent once more with the access key or the login, when there is one.
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
        use_jwt=False,
    ):
        self.access_key = access_key
        self.username = username
        self._secret_key = secret_key
        self._password = password
        self._access_token = access_token
        self._refresh_token = refresh_token
        self._otp_code = otp_code
        self.use_jwt = bool(use_jwt or access_token)
        self.retried = 0
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
        """Response hook: keep fresh ``Access-Token``/``Refresh-Token`` for the next requests (with JWT enabled)."""
        if not self.use_jwt:
            return
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

    def has_fallback(self) -> bool:
        return bool((self.access_key and self._secret_key) or (self.username and self._password))

    def retry_without_tokens(self, response, *args, **kwargs):
        """Response hook: a 401 to a request that carried tokens drops them; the request goes once more with the
        access key or login when there is one (oks-cli's handle_jwt_error), else the 401 stands."""
        request = response.request
        if response.status_code != 401 or "AccessToken" not in request.headers:
            return response
        if _json(response).get("otp_required"):
            return response
        self.forget_tokens()
        if not self.has_fallback():
            return response
        self.retried += 1
        response.close()
        again = request.copy()
        for name in AUTH_HEADERS:
            again.headers.pop(name, None)
        again.headers.update(self.headers())
        answer = response.connection.send(again, **kwargs)
        answer.history.append(response)
        answer.request = again
        return answer

    def __call__(self, request):
        for name in AUTH_HEADERS:
            request.headers.pop(name, None)
        request.headers.update(self.headers())
        if self.retry_without_tokens not in request.hooks["response"]:
            request.register_hook("response", self.retry_without_tokens)
        if self.update_tokens not in request.hooks["response"]:
            request.register_hook("response", self.update_tokens)
        return request


def _json(response):
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
