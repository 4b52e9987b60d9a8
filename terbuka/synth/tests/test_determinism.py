from __future__ import annotations

import pytest

from terbuka.synth.tests.worlds import digest, generate_tiny

pytestmark = pytest.mark.django_db


def test_same_seed_gives_the_same_rows() -> None:
    generate_tiny()
    first = digest()
    output = generate_tiny("--replace")
    assert "Removed the synthetic world" in output
    assert digest() == first
    generate_tiny("--replace", "--seed=7")
    assert digest() != first
