"""Scheduling, generating and replacing accessible formats (Perki 1/2021 Pasal 24, 47-48)."""

from __future__ import annotations

import shutil
import stat
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from terbuka.accessible import generators, registry, services
from terbuka.accessible.models import AccessibleEvent, AccessibleFile, AccessibleVersion
from terbuka.accessible.tests.conftest import KIND, Sources, publish_flood_warning
from terbuka.core.files import walk
from terbuka.registry import services as registry_services
from terbuka.registry.models import InformationEntry

pytestmark = pytest.mark.django_db


def _generated(sources: Sources, run_on_commit: Any) -> None:
    """Source 1 public and its four formats made (the commit hooks run the task)."""
    sources.put(1)
    with run_on_commit():
        services.accessible_refresh(kind=KIND, pk=1)


Format = AccessibleFile.Format
Status = AccessibleFile.Status
Kind = AccessibleEvent.Kind


def _files(pk: int = 1) -> dict[str, AccessibleFile]:
    return {
        f.format: f
        for f in AccessibleFile.objects.filter(version__kind=KIND, version__object_id=pk)
    }


def _stored_names() -> set[str]:
    storage = AccessibleFile._meta.get_field("file").storage
    return set(walk(storage, "accessible"))


def test_refresh_schedules_four_pending_formats(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    version = AccessibleVersion.objects.get(kind=KIND, object_id=1)
    assert version.title == "Pengumuman banjir"
    assert version.text_sha256 == services.text_sha256("Pengumuman banjir", "Air naik.")
    assert {f: x.status for f, x in _files().items()} == dict.fromkeys(Format, Status.PENDING)
    assert list(AccessibleEvent.objects.values_list("kind", flat=True)) == [Kind.SCHEDULED]
    assert fake_generators == []  # nothing runs before the commit


def test_commit_generates_every_format(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    files = _files()
    assert {f: x.status for f, x in files.items()} == dict.fromkeys(Format, Status.READY)
    audio = files[Format.AUDIO]
    assert audio.file.read() == b"audio:Pengumuman banjir:Air naik."
    assert audio.size == len(b"audio:Pengumuman banjir:Air naik.")
    assert len(audio.sha256) == 64
    assert audio.generated_at is not None
    assert audio.duration_seconds == 1.5
    generated = AccessibleEvent.objects.filter(kind=Kind.GENERATED)
    assert sorted(generated.values_list("format", flat=True)) == sorted(Format.values)
    assert len(_stored_names()) == 4


def test_same_text_never_regenerates(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    with run_on_commit():
        services.accessible_refresh(kind=KIND, pk=1)
        services.accessible_refresh(kind=KIND, pk=1)
    assert len(fake_generators) == 4
    assert AccessibleVersion.objects.count() == 1
    assert AccessibleFile.objects.count() == 4
    assert AccessibleEvent.objects.filter(kind=Kind.SCHEDULED).count() == 1


def test_double_call_in_one_transaction_makes_one_set(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    sources.put(1)
    with run_on_commit(), transaction.atomic():
        services.accessible_refresh(kind=KIND, pk=1)
        services.accessible_refresh(kind=KIND, pk=1)
    assert AccessibleVersion.objects.count() == 1
    assert AccessibleFile.objects.count() == 4
    assert len(fake_generators) == 4


def test_changed_text_replaces_the_files(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    sources.put(1, text="Air surut.")
    with run_on_commit():
        services.accessible_refresh(kind=KIND, pk=1)
    version = AccessibleVersion.objects.get()
    assert version.text == "Air surut."
    assert _files()[Format.AUDIO].file.read() == b"audio:Pengumuman banjir:Air surut."
    storage = AccessibleFile._meta.get_field("file").storage
    names = _stored_names()
    assert len(names) == 4  # the old files were deleted after the commit
    assert all(storage.open(name).read().endswith(b"Air surut.") for name in names)
    replaced = AccessibleEvent.objects.get(kind=Kind.REPLACED)
    assert replaced.data["text_sha256"] == version.text_sha256
    assert AccessibleFile.objects.count() == 4


def test_changed_title_counts_as_changed_text(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    sources.put(1, title="Pengumuman banjir (pembaruan)")
    services.accessible_refresh(kind=KIND, pk=1)
    assert AccessibleEvent.objects.filter(kind=Kind.REPLACED).count() == 1


def test_old_files_stay_when_the_change_rolls_back(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    names = _stored_names()
    sources.put(1, text="Air surut.")

    def failing_write() -> None:
        with transaction.atomic():
            services.accessible_refresh(kind=KIND, pk=1)
            raise RuntimeError("the source's write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert _stored_names() == names
    assert AccessibleVersion.objects.get().text == "Air naik."


def test_source_not_public_is_left_alone(sources: Sources, fake_generators: Any) -> None:
    services.accessible_refresh(kind=KIND, pk=99)
    services.accessible_refresh(kind="unknown_kind", pk=1)
    assert not AccessibleVersion.objects.exists()
    assert not AccessibleEvent.objects.exists()


def test_missing_tools_mark_formats_unavailable(
    sources: Sources, run_on_commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without espeak-ng and lou_translate the other format is still made."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(
        generators,
        "large_print",
        lambda title, text, *, language: generators.Output(
            b"%PDF-1.7 test", "application/pdf", "pdf", "weasyprint"
        ),
    )
    _generated(sources, run_on_commit)
    files = _files()
    assert files[Format.AUDIO].status == Status.UNAVAILABLE
    assert files[Format.AUDIO].tool == "espeak-ng"
    assert files[Format.AUDIO].error == "espeak-ng: not installed on this server"
    assert files[Format.BRAILLE_BRF].status == Status.UNAVAILABLE
    assert files[Format.BRAILLE_BRF].tool == "lou_translate"
    assert files[Format.BRAILLE_TEXT].status == Status.UNAVAILABLE
    assert not files[Format.AUDIO].file
    assert files[Format.LARGE_PRINT].status == Status.READY
    assert AccessibleEvent.objects.filter(kind=Kind.UNAVAILABLE).count() == 3


def _script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "tool"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def _only_espeak(monkeypatch: pytest.MonkeyPatch, path: str, fake_generators: Any) -> None:
    """Real audio generation through a stand-in espeak-ng; the other formats stay fake."""
    monkeypatch.setattr(shutil, "which", lambda name: path if name == "espeak-ng" else None)
    monkeypatch.setitem(
        services.GENERATORS,
        Format.AUDIO,
        lambda v: generators.audio(generators.compose(v.title, v.text), language=v.language),
    )


def test_tool_failure_marks_the_format_failed(
    sources: Sources,
    fake_generators: Any,
    run_on_commit: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _only_espeak(monkeypatch, _script(tmp_path, "echo 'voice broken' >&2; exit 3"), None)
    _generated(sources, run_on_commit)
    audio = _files()[Format.AUDIO]
    assert audio.status == Status.FAILED
    assert audio.error == "espeak-ng: exit status 3: voice broken"
    assert not audio.file
    assert _files()[Format.LARGE_PRINT].status == Status.READY
    failed = AccessibleEvent.objects.get(kind=Kind.FAILED)
    assert (failed.format, failed.from_status, failed.to_status) == (
        Format.AUDIO,
        Status.PENDING,
        Status.FAILED,
    )
    assert len(_stored_names()) == 3  # nothing half-written for the audio


def test_tool_timeout_marks_the_format_failed(
    sources: Sources,
    fake_generators: Any,
    run_on_commit: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.TERBUKA_ACCESSIBLE_TIMEOUT = 0.5
    _only_espeak(monkeypatch, _script(tmp_path, "sleep 5"), None)
    _generated(sources, run_on_commit)
    audio = _files()[Format.AUDIO]
    assert audio.status == Status.FAILED
    assert audio.error == "espeak-ng: timed out after 0.5 seconds"


def test_garbage_output_is_not_kept(
    sources: Sources,
    fake_generators: Any,
    run_on_commit: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _only_espeak(monkeypatch, _script(tmp_path, "echo not-a-wav"), None)
    _generated(sources, run_on_commit)
    audio = _files()[Format.AUDIO]
    assert audio.status == Status.FAILED
    assert audio.error == "espeak-ng: did not write a WAV file"


def test_storage_failure_leaves_the_format_pending(
    sources: Sources, fake_generators: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails half-way rolls back: no row names a file, the task can run again."""
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    version = AccessibleVersion.objects.get()

    def broken_save(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(services, "save_to_field", broken_save)
    with pytest.raises(OSError, match="disk full"):
        services.accessible_generate(version_id=version.pk, digest=version.text_sha256)
    assert {f.status for f in _files().values()} == {Status.PENDING}
    assert not AccessibleEvent.objects.filter(kind=Kind.GENERATED).exists()


def test_outdated_task_does_nothing(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    version = AccessibleVersion.objects.get()
    old_digest = version.text_sha256
    sources.put(1, text="Air surut.")
    services.accessible_refresh(kind=KIND, pk=1)
    assert services.accessible_generate(version_id=version.pk, digest=old_digest) == {}
    assert services.accessible_generate(version_id=version.pk + 1000, digest=old_digest) == {}
    assert fake_generators == []


def test_generate_twice_makes_each_format_once(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    version = AccessibleVersion.objects.get()
    first = services.accessible_generate(version_id=version.pk, digest=version.text_sha256)
    second = services.accessible_generate(version_id=version.pk, digest=version.text_sha256)
    assert first == dict.fromkeys(Format, Status.READY)
    assert second == {}
    assert len(fake_generators) == 4


def test_retry_remakes_failed_and_unavailable_formats(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    AccessibleFile.objects.filter(format=Format.AUDIO).update(
        status=Status.UNAVAILABLE, file="", tool="espeak-ng"
    )
    with run_on_commit():
        assert services.accessible_retry(kind=KIND, pk=1) is True
    assert _files()[Format.AUDIO].status == Status.READY
    assert AccessibleEvent.objects.get(kind=Kind.RETRIED).data == {"formats": ["audio"]}
    with run_on_commit():
        assert services.accessible_retry(kind=KIND, pk=1) is False
    assert len(fake_generators) == 5


def test_rebuild_schedules_sources_without_formats(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    sources.put(1)
    sources.put(2, text="Jalan ditutup.")
    with run_on_commit():
        services.accessible_refresh(kind=KIND, pk=1)
    with run_on_commit():
        counts = services.accessible_rebuild(kind=KIND)
    assert counts == {"scheduled": 1, "current": 1, "not_public": 0}
    assert AccessibleFile.objects.filter(status=Status.READY).count() == 8
    del sources[2]
    assert services.accessible_rebuild(kind=KIND) == {
        "scheduled": 0,
        "current": 1,
        "not_public": 1,
    }


def test_rebuild_command_now(sources: Sources, fake_generators: Any, capsys: Any) -> None:
    sources.put(1)
    call_command("accessible_rebuild", "--kind", KIND, "--now")
    out = capsys.readouterr().out
    assert "1 scheduled, 0 already current, 0 not public." in out
    assert "4 files made, 0 failed, 0 unavailable" in out
    assert AccessibleFile.objects.filter(status=Status.READY).count() == 4


def test_rebuild_command_refuses_unknown_kind() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown kind 'nope'"):
        call_command("accessible_rebuild", "--kind", "nope")


def test_sweep_requeues_lost_pending_versions(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)  # its commit hook never ran: a lost task
    assert services.sweep(timezone.now()) == 0  # younger than one sweep interval
    later = timezone.now() + timedelta(hours=1)
    assert services.sweep(later) == 1
    assert {f.status for f in _files().values()} == {Status.READY}
    assert services.sweep(later) == 0


def test_events_are_append_only(sources: Sources, fake_generators: Any) -> None:
    sources.put(1)
    services.accessible_refresh(kind=KIND, pk=1)
    event = AccessibleEvent.objects.get()
    with pytest.raises(RuntimeError):
        event.save()


# --- A generator that raises something unforeseen ----------------------------------------------


def test_unexpected_error_fails_only_its_format(
    sources: Sources,
    fake_generators: Any,
    run_on_commit: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No format stays pending after a run, so the sweep never re-queues it for ever."""

    def broken(version: Any) -> generators.Output:
        raise KeyError("a bug")

    monkeypatch.setitem(services.GENERATORS, Format.BRAILLE_TEXT, broken)
    _generated(sources, run_on_commit)
    files = _files()
    assert files[Format.BRAILLE_TEXT].status == Status.FAILED
    assert files[Format.BRAILLE_TEXT].error == "unexpected error: KeyError"
    assert {files[f].status for f in Format if f != Format.BRAILLE_TEXT} == {Status.READY}
    failed = AccessibleEvent.objects.get(kind=Kind.FAILED)
    assert (failed.format, failed.to_status) == (Format.BRAILLE_TEXT, Status.FAILED)
    logged = [r for r in caplog.records if r.name == "terbuka.accessible.services"]
    assert [(r.levelname, r.exc_info is not None) for r in logged] == [("ERROR", True)]
    later = timezone.now() + timedelta(hours=1)
    assert services.sweep(later) == 0


def test_weasyprint_that_cannot_load_marks_large_print_unavailable(
    sources: Sources, fake_generators: Any, run_on_commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import raises ImportError
    monkeypatch.setitem(
        services.GENERATORS,
        Format.LARGE_PRINT,
        lambda v: generators.large_print(v.title, v.text, language=v.language),
    )
    _generated(sources, run_on_commit)
    large_print = _files()[Format.LARGE_PRINT]
    assert large_print.status == Status.UNAVAILABLE
    assert large_print.tool == "weasyprint"
    assert AccessibleEvent.objects.get(kind=Kind.UNAVAILABLE).format == Format.LARGE_PRINT
    assert services.sweep(timezone.now() + timedelta(hours=1)) == 0


# --- Forgetting a source that is no longer public (UU 27/2022 Pasal 16(2)) ------------------------


def test_forget_deletes_the_copy_and_its_files_after_commit(
    sources: Sources,
    fake_generators: Any,
    run_on_commit: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _generated(sources, run_on_commit)
    names = _stored_names()
    assert len(names) == 4
    del sources[1]
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.accessible_forget(kind=KIND, pk=1) is True
        assert _stored_names() == names  # until the commit
    assert not AccessibleVersion.objects.exists()
    assert not AccessibleFile.objects.exists()
    for callback in callbacks:
        callback()
    assert _stored_names() == set()
    forgotten = AccessibleEvent.objects.get(kind=Kind.FORGOTTEN)
    assert (forgotten.source_kind, forgotten.object_id, forgotten.version) == (KIND, 1, None)
    assert forgotten.data["formats"] == sorted(Format.values)
    assert AccessibleEvent.objects.filter(object_id=1).count() == 6  # the history stays
    assert services.accessible_forget(kind=KIND, pk=1) is False  # nothing left


def test_forget_keeps_the_files_when_the_withdrawal_rolls_back(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    names = _stored_names()
    del sources[1]

    @transaction.atomic
    def failing_withdrawal() -> None:
        services.accessible_forget(kind=KIND, pk=1)
        raise RuntimeError("the withdrawal failed")

    with pytest.raises(RuntimeError):
        failing_withdrawal()
    assert _stored_names() == names
    assert AccessibleFile.objects.filter(status=Status.READY).count() == 4


def test_forget_leaves_a_public_source_alone(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    with run_on_commit():
        assert services.accessible_forget(kind=KIND, pk=1) is False
    assert AccessibleFile.objects.filter(status=Status.READY).count() == 4
    assert len(_stored_names()) == 4


def test_public_again_after_forget_regenerates(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    _generated(sources, run_on_commit)
    del sources[1]
    with run_on_commit():
        services.accessible_forget(kind=KIND, pk=1)
    _generated(sources, run_on_commit)
    assert AccessibleFile.objects.filter(status=Status.READY).count() == 4
    assert len(_stored_names()) == 4
    assert len(fake_generators) == 8


def test_rebuild_forgets_sources_no_longer_public(
    sources: Sources, fake_generators: Any, run_on_commit: Any
) -> None:
    sources.put(1)
    sources.put(2, text="Jalan ditutup.")
    with run_on_commit():
        services.accessible_rebuild(kind=KIND)
    del sources[2]
    with run_on_commit():
        counts = services.accessible_rebuild(kind=KIND)
    assert counts == {"scheduled": 0, "current": 1, "not_public": 1}
    assert list(AccessibleVersion.objects.values_list("object_id", flat=True)) == [1]
    assert len(_stored_names()) == 4


def test_rebuild_keeps_versions_of_an_unregistered_kind(
    sources: Sources, fake_generators: Any, run_on_commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind whose app is not loaded says nothing about whether its sources are public."""
    _generated(sources, run_on_commit)
    monkeypatch.delitem(registry._loaders, KIND)
    with run_on_commit():
        assert services.accessible_rebuild(kind=KIND)["not_public"] == 1
    assert AccessibleVersion.objects.exists()
    assert len(_stored_names()) == 4


# --- A serta-merta entry withdrawn and published again -------------------------------------------


def _serta_merta(body: Any, unit: Any, officer: Any, run_on_commit: Any) -> InformationEntry:
    with run_on_commit():
        return publish_flood_warning(body, unit, officer)


def test_withdrawn_serta_merta_entry_loses_its_copy_and_files(
    body: Any,
    unit: Any,
    unit_officer: Any,
    fake_generators: Any,
    run_on_commit: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    entry = _serta_merta(body, unit, unit_officer, run_on_commit)
    assert len(_stored_names()) == 4
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.entry_withdraw(entry=entry, actor=unit_officer, reason="Siaga dicabut.")
        assert len(_stored_names()) == 4  # until the commit
    assert not AccessibleVersion.objects.filter(kind="serta_merta", object_id=entry.pk).exists()
    assert not AccessibleFile.objects.exists()
    assert _stored_names() == set()
    assert AccessibleEvent.objects.filter(
        source_kind="serta_merta", object_id=entry.pk, kind=Kind.FORGOTTEN
    ).exists()


def test_serta_merta_entry_published_again_regenerates(
    body: Any, unit: Any, unit_officer: Any, fake_generators: Any, run_on_commit: Any
) -> None:
    entry = _serta_merta(body, unit, unit_officer, run_on_commit)
    with run_on_commit():
        entry = registry_services.entry_withdraw(
            entry=entry, actor=unit_officer, reason="Siaga dicabut."
        )
    with run_on_commit():
        registry_services.entry_publish(entry=entry, actor=unit_officer)
    version = AccessibleVersion.objects.get(kind="serta_merta", object_id=entry.pk)
    assert version.text == "Status siaga banjir di bantaran Sungai Cibanten."
    assert {f.status for f in version.files.all()} == {Status.READY}
    assert len(_stored_names()) == 4
    assert len(fake_generators) == 8
