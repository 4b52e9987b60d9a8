from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class ErrorOut(Schema):
    error: ErrorBody


class TokenObtainIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=4096)
    otp: str | None = Field(None, max_length=32, description="TOTP code, when MFA is enrolled.")
    name: str | None = Field(None, max_length=100, description="A label for the new token.")


class TokenCreatedOut(Schema):
    token: str = Field(..., description="Shown once; send it as `Authorization: Bearer <token>`.")


class MeOut(Schema):
    email: str
    full_name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
