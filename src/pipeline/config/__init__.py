"""Site configuration: ``pipeline.toml`` and the environment, checked when they are read.

``load_config(root)`` gives the :class:`Config` every stage reads; its ``check`` and
``build`` tables are typed settings (:class:`CheckSettings`, :class:`BuildSettings`)."""

from pipeline.config.build_settings import BelowThreshold, BuildSettings
from pipeline.config.check_settings import CheckSettings, Override
from pipeline.config.environment import Environment, read_environment
from pipeline.config.layout import PRESETS, Layout, Pattern
from pipeline.config.site import Config, find_site_root, load_config
from pipeline.config.site_languages import CONFIG_NAME

__all__ = [
    "CONFIG_NAME",
    "PRESETS",
    "BelowThreshold",
    "BuildSettings",
    "CheckSettings",
    "Config",
    "Environment",
    "Layout",
    "Override",
    "Pattern",
    "find_site_root",
    "load_config",
    "read_environment",
]
