"""`/api/v1/auth`: personal API tokens and the signed-in user."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.models import ApiToken
from terbuka.accounts.schemas import ErrorOut, MeOut, TokenCreatedOut, TokenObtainIn, TokenOut
from terbuka.accounts.selectors import api_token_list_for_user
from terbuka.accounts.services import api_token_obtain, api_token_revoke
from terbuka.core.exceptions import NotFound

router = Router(tags=["auth"])


@router.post(
    "/token",
    response={201: TokenCreatedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Obtain an API token",
)
def token_obtain(request: HttpRequest, payload: TokenObtainIn) -> Status[dict[str, str]]:
    """Exchange e-mail, password and (when MFA is enrolled) `otp` for a new token.

    Errors: 401 `invalid_credentials`, `otp_required`, `otp_invalid`; 403 `email_unverified`
    (the address was never confirmed) or `mfa_enrolment_required` (an officer without TOTP
    while staff MFA is required); 429 `too_many_attempts` (5 failures per 5 minutes per
    e-mail address, 10 per minute per client address, shared with the sign-in form).
    """
    raw = api_token_obtain(
        request=request,
        email=payload.email,
        password=payload.password,
        otp=payload.otp,
        name=payload.name or "",
    )
    return Status(201, {"token": raw})


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=TokenAuth(), summary="Current user")
def me(request: HttpRequest) -> dict[str, str]:
    user = request.auth  # type: ignore[attr-defined]
    return {"email": user.email, "full_name": user.full_name}


@router.get(
    "/tokens", response={200: list[TokenOut], 401: ErrorOut}, auth=TokenAuth(), summary="My tokens"
)
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(api_token_list_for_user(request.auth))  # type: ignore[attr-defined]


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut},
    auth=TokenAuth(),
    summary="Revoke one of my tokens",
)
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    token = api_token_list_for_user(request.auth).filter(pk=token_id).first()  # type: ignore[attr-defined]
    if token is None:
        raise NotFound(_("Token tidak ditemukan."))
    api_token_revoke(token=token, actor=request.auth)  # type: ignore[attr-defined]
    return Status(204, None)
