"""Site configuration: ``pipeline.toml`` and the environment, checked when they are read.

``load_config(root)`` gives the :class:`Config` every stage reads; its ``check`` and
``build`` tables are typed settings (:class:`CheckSettings`, :class:`BuildSettings`)."""

from pipeline.config.build_settings import BelowThreshold, BuildSettings
from pipeline.config.check_settings import CheckSettings, Override
from pipeline.config.environment import Environment, read_environment
from pipeline.config.site import CONFIG_NAME, Config, load_config

__all__ = [
    "CONFIG_NAME",
    "BelowThreshold",
    "BuildSettings",
    "CheckSettings",
    "Config",
    "Environment",
    "Override",
    "load_config",
    "read_environment",
]
