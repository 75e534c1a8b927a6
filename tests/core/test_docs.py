"""The README and the Slack app manifest keep up with the code: every setting, CLI command and `/pr`
subcommand is documented, and the manifest has the fields Slack requires."""

from __future__ import annotations

from pathlib import Path

import yaml

import handlers  # noqa: F401  (registers every /pr subcommand)
from bot.cli import app
from bot.config import Settings
from handlers.registry import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def setting_names() -> list[str]:
    return [field.alias or name.upper() for name, field in Settings.model_fields.items()]


def test_every_setting_is_in_readme_and_env_example() -> None:
    names = setting_names()
    assert "PRBOT_DB" in names and "SLACK_BOT_TOKEN" in names
    assert [n for n in names if f"`{n}`" not in README] == []
    assert [n for n in names if f"\n{n}=" not in ENV_EXAMPLE and not ENV_EXAMPLE.startswith(f"{n}=")] == []


def test_every_cli_command_is_in_readme() -> None:
    names = {cmd.name for cmd in app.registered_commands} | {g.name for g in app.registered_groups}
    assert {"parse", "run"} <= names
    assert sorted(n for n in names if f"prbot {n}" not in README) == []


def test_every_slash_subcommand_is_in_readme() -> None:
    assert {"help", "partners"} <= set(COMMANDS)
    assert sorted(name for name in COMMANDS if f"/pr {name}" not in README) == []


def test_quick_start_is_two_commands() -> None:
    assert "./dev run" in README and "./dev test" in README
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()


def test_manifest_has_what_slack_requires() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-app-manifest.yml").read_text())
    assert manifest["display_information"]["name"]
    assert manifest["features"]["bot_user"]["display_name"]
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {"/pr"} and commands["/pr"]["description"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "chat:write.public", "app_mentions:read"} <= scopes
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert "app_mention" in settings["event_subscriptions"]["bot_events"]
