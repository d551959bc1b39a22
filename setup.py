"""Packaging for ckanext-opendataplan.

The translation catalogs live in the top-level ``i18n/`` folder of the source tree;
the wheel carries them inside the package as ``ckanext/opendataplan/i18n``.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-opendataplan",
    version="0.1.0",
    description=(
        "Open-data plans, commitments, progress reports and public-data inventories "
        "on a CKAN portal, with progress pages in Arabic, French and English"
    ),
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=find_namespace_packages(include=["ckanext.*"], exclude=["ckanext.*.tests*"])
    + ["ckanext.opendataplan.i18n"],
    package_dir={"ckanext.opendataplan.i18n": "i18n"},
    package_data={
        "ckanext.opendataplan": [
            "config_declaration.yaml",
            "schemas/*.yaml",
            "templates/**/*.html",
            "assets/*",
            "migration/opendataplan/*.ini",
            "migration/opendataplan/*.mako",
            "demo/*.yaml",
            "demo/regional/*.yaml",
            "demo/about/*.md",
        ],
        "ckanext.opendataplan.i18n": ["*.pot", "*/LC_MESSAGES/*.po", "*/LC_MESSAGES/*.mo"],
    },
    include_package_data=False,
    install_requires=[
        "ckanext-scheming>=3.1",
        "openpyxl>=3.1",
        "weasyprint>=66",
        "python-docx>=1.1",
    ],
    entry_points={
        "ckan.plugins": [
            "opendataplan = ckanext.opendataplan.plugin:OpenDataPlanPlugin",
            # needs ckanext-harvest's `harvest` plugin (README: Federation: harvesting)
            "opendataplan_harvester ="
            " ckanext.opendataplan.federation.harvester:OpenDataPlanHarvester",
        ],
        "babel.extractors": [
            "opendataplan_scheming = ckanext.opendataplan.i18n_extract:extract_scheming"
        ],
    },
)
