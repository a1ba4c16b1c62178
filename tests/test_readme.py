"""The README never lies: its configuration example loads, and its commands exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.alerts import build_channel
from monitor.cli import COMMANDS, cli
from monitor.config import parse_config

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_configuration_example_is_valid():
    block = re.search(r"```toml\n(.*?)```", README, re.S)
    assert block, "README has a TOML example"
    config = parse_config(tomllib.loads(block.group(1)))
    assert config.schedule.cron == "0 */4 * * *"
    assert set(config.alerts) == {"log", "email", "apprise", "feed"}
    for kind, settings in config.alerts.items():
        assert build_channel(kind, settings).kind == kind
    assert config.crawl.start_urls["hainan_gov_zh"]


@pytest.mark.parametrize("name", sorted(set(re.findall(r"`hainan-monitor (\w+)", README))))
def test_every_command_the_readme_names_exists(name):
    assert name in COMMANDS
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
