"""Every FORMS_* setting is declared once (pipelines/core/settings.py) and read through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.core import settings

REPO = Path(__file__).resolve().parents[1]
SETTINGS_MODULE = REPO / "pipelines" / "core" / "settings.py"
# A FORMS_ name written as a string: a read or a default that bypasses the declarations.
NAME_LITERAL = re.compile(r"""["']FORMS_[A-Z_]+["']""")


def test_readme_settings_table_is_the_declared_one() -> None:
    assert settings.markdown_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_no_module_names_a_setting_outside_the_declarations() -> None:
    spelled = {str(path.relative_to(REPO)): NAME_LITERAL.findall(path.read_text())
               for path in (REPO / "pipelines").rglob("*.py") if path != SETTINGS_MODULE}
    assert {path: names for path, names in spelled.items() if names} == {}


def test_every_setting_is_read_somewhere() -> None:
    """A declared setting nothing reads would be a promise the code does not keep."""
    source = "\n".join(path.read_text() for path in (REPO / "pipelines").rglob("*.py")
                       if path != SETTINGS_MODULE)
    constants = {name for name, value in vars(settings).items()
                 if isinstance(value, settings.Setting)}
    assert {f"settings.{name}" for name in constants if f"settings.{name}." not in source} \
        == set()
    assert {s.name for s in settings.ALL} == {vars(settings)[c].name for c in constants}


@pytest.mark.parametrize(("setting", "value", "on"), [
    (settings.EXPORTS, None, True), (settings.EXPORTS, "0", False),
    (settings.EXPORTS, "no", True), (settings.FROM_FRAGMENTS, None, False),
    (settings.FROM_FRAGMENTS, "1", True), (settings.FROM_FRAGMENTS, "yes", False),
])
def test_a_switch_flips_only_on_its_other_spelling(
        monkeypatch: pytest.MonkeyPatch, setting: settings.Setting, value: str | None,
        on: bool) -> None:
    if value is None:
        monkeypatch.delenv(setting.name, raising=False)
    else:
        monkeypatch.setenv(setting.name, value)
    assert setting.switched_on() is on


def test_a_blank_limit_is_the_default_and_a_wrong_one_names_the_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.FILE_SECONDS.name, " ")
    assert settings.FILE_SECONDS.limit() == 600.0
    monkeypatch.setenv(settings.FILE_SECONDS.name, "-1")
    with pytest.raises(ValueError, match=settings.FILE_SECONDS.name):
        settings.FILE_SECONDS.limit()
