"""Check that the English catalogue translates every Indonesian source string.

Run as `python -m terbuka.core.i18ncheck` (`make test` does). It extracts the messages afresh
into a temporary copy of the catalogue and compares them with gettext's `msgcmp`, which fails
on any msgid that is missing, untranslated or fuzzy in `locale/en`. It also fails when the
committed `.mo` file does not match its `.po` file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

IGNORE = [".venv/*", "var/*", "bench/*", "*/tests/*", "node_modules/*", "static/*"]


def main() -> int:
    django.setup()
    root = Path(settings.BASE_DIR)
    committed = root / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not committed.exists():
        print(f"i18n: {committed} is missing; run `make messages`.")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        # Extract from a tree of symlinks so makemessages writes only into the temporary
        # catalogue, never into the committed one.
        src = Path(tmp) / "src"
        (src / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
        for name in ("terbuka", "templates", "config"):
            (src / name).symlink_to(root / name)
        settings.LOCALE_PATHS = [str(src / "locale")]
        cwd = Path.cwd()
        os.chdir(src)
        try:
            call_command(
                "makemessages", locale=["en"], ignore_patterns=IGNORE, symlinks=True, verbosity=0
            )
        finally:
            os.chdir(cwd)
        shutil.copy(src / "locale" / "en" / "LC_MESSAGES" / "django.po", Path(tmp) / "ref.pot")
        result = subprocess.run(  # noqa: S603 - our own paths only
            ["msgcmp", str(committed), str(Path(tmp) / "ref.pot")],  # noqa: S607 - gettext tool, fixed arguments
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        print("i18n: the English catalogue is incomplete:")
        print(result.stderr[-6000:])
        print("Run `make messages` and translate every entry in locale/en/LC_MESSAGES/django.po.")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        fresh_mo = Path(tmp) / "django.mo"
        subprocess.run(  # noqa: S603 - our own paths only
            ["msgfmt", "-o", str(fresh_mo), str(committed)],  # noqa: S607 - gettext tool
            check=True,
        )
        mo = committed.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != fresh_mo.read_bytes():
            print("i18n: django.mo does not match django.po; run `make messages`.")
            return 1
    print("i18n: English catalogue complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
