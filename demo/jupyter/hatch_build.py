"""Wheel build hook: refuses to build a widget without its front end (``preview_overlay/jupyter.js``,
copied in from the repository's ``dist/`` by ``npm run build:python``)."""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        bundle = Path(self.root, "preview_overlay", "jupyter.js")
        if not bundle.is_file():
            raise FileNotFoundError(f"{bundle} is missing: run `npm run build:python` in the repository")
