"""Maps the repository's source folders onto the ``samverka`` namespace.

``platform`` is also a standard-library module, so the folder at the repository
root must never be importable as ``platform``: it has no ``__init__.py`` and is
installed as ``samverka.platform``.
"""

from setuptools import find_namespace_packages, setup

PARTS = {
    "samverka.platform": "platform",
    "samverka.tenants": "tenants",
    "samverka.jobs": "jobs",
    # Development e-ID provider, mail catcher and demo data: never imported by the production app.
    "samverka.devtools": "devtools",
}


def _packages():
    found = []
    for name, folder in PARTS.items():
        found.append(name)
        subpackages = find_namespace_packages(where=folder, exclude=["*__pycache__*"])
        found += [f"{name}.{sub}" for sub in subpackages]
    return found


setup(
    packages=_packages(),
    package_dir=PARTS,
    include_package_data=True,
    package_data={"": ["templates/**/*", "static/**/*", "translations/**/*", "data/**/*"]},
)
