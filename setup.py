"""Building a wheel also fetches the front-end packages of vendor.json from npm (checked by sha512)."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _vendoring():
    # The module alone, not the package: coopmap's dependencies are not installed in pip's build environment.
    spec = importlib.util.spec_from_file_location("coopmap_vendoring", HERE / "src" / "coopmap" / "vendoring.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithVendor(build_py):
    def run(self):
        vendoring = _vendoring()
        if getattr(self, "editable_mode", False):  # an editable install reads src/coopmap/ itself
            vendoring.vendor(log=print)
            super().run()
            return
        super().run()
        vendoring.vendor(Path(self.build_lib) / "coopmap" / "vendor", log=print)


setup(cmdclass={"build_py": BuildWithVendor})
