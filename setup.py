"""Ships the built-in templates inside the wheel.

The templates live once, in the top-level templates/ folder, where maintainers look for them.
A wheel carries them as notice_gen/templates/builtin/ (what templates.SHIPPED finds in an
installed package); a source checkout or an editable install reads templates/ directly.
Everything else about the package is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self.copy_tree("templates", str(Path(self.build_lib, "notice_gen", "templates", "builtin")))


setup(cmdclass={"build_py": BuildWithTemplates})
