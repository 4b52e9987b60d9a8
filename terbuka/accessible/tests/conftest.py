from __future__ import annotations

import shutil
from typing import Any

import pytest

from terbuka.accessible import generators, registry, services
from terbuka.accessible.models import AccessibleFile
from terbuka.accessible.registry import Source
from terbuka.registry.models import InformationEntry

KIND = "notice"

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (Debian: espeak-ng)"
)
needs_louis = pytest.mark.skipif(
    shutil.which("lou_translate") is None,
    reason="lou_translate is not installed (Debian: liblouis-bin)",
)
needs_opusenc = pytest.mark.skipif(
    shutil.which("opusenc") is None, reason="opusenc is not installed (Debian: opus-tools)"
)


def publish_flood_warning(
    body: Any,
    unit: Any,
    officer: Any,
    *,
    summary: str = "Status siaga banjir di bantaran Sungai Cibanten.",
) -> InformationEntry:
    """Publish a serta-merta DIP entry (a flood warning): a registered source of the formats."""
    from terbuka.registry import services as registry_services
    from terbuka.registry.tests.factories import make_entry

    entry = make_entry(
        actor=officer,
        body=body,
        unit=unit,
        title="Peringatan dini banjir",
        summary=summary,
        info_class="serta_merta",
        legal_category="p10",
    )
    return registry_services.entry_publish(entry=entry, actor=officer)


class Sources(dict[int, Source]):
    """Public sources of the test kind, by id; delete one to make it "not public"."""

    def put(self, pk: int, *, title: str = "Pengumuman banjir", text: str = "Air naik.") -> Source:
        source = Source(KIND, pk, title, text, "id", f"/pengumuman/{pk}/")
        self[pk] = source
        return source


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> Sources:
    store = Sources()
    monkeypatch.setitem(registry._loaders, KIND, store.get)
    monkeypatch.setitem(registry._listers, KIND, lambda: list(store))
    return store


@pytest.fixture
def fake_generators(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Fast generators recording (format, text) per call."""
    calls: list[tuple[str, str]] = []

    def make(file_format: str) -> Any:
        def generate(version: Any) -> generators.Output:
            calls.append((file_format, version.text))
            data = f"{file_format}:{version.title}:{version.text}".encode()
            return generators.Output(data, "text/plain; charset=utf-8", "txt", "fake", 1.5)

        return generate

    monkeypatch.setattr(services, "GENERATORS", {f: make(f) for f in AccessibleFile.Format})
    return calls


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run commit hooks (and so the immediate task backend) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
