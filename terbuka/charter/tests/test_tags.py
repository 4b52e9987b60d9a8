from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from terbuka.charter.templatetags.charter_tags import fee


@pytest.mark.parametrize(
    ("language", "amount", "text"),
    [
        ("id", 500, "Rp500"),
        ("id", 1000, "Rp1.000"),
        ("id", 1250000, "Rp1.250.000"),
        ("en", 1000, "Rp1,000"),
        ("en", 1250000, "Rp1,250,000"),
    ],
)
def test_fee_groups_thousands_in_the_page_language(language: str, amount: int, text: str) -> None:
    with translation.override(language):
        assert fee(amount) == text


@pytest.mark.parametrize(("language", "text"), [("id", "Gratis"), ("en", "Free")])
def test_fee_zero_is_free(language: str, text: str) -> None:
    with translation.override(language):
        assert fee(0) == text
        assert fee(None) == text


def test_fee_in_a_template() -> None:
    template = Template("{% load charter_tags %}{{ amount|fee }}")
    with translation.override("en"):
        assert template.render(Context({"amount": 5000})) == "Rp5,000"
