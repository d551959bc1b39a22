"""The built wheel carries what the plugin needs at run time."""

from __future__ import annotations

import zipfile

from tests.wheel import build_wheel


def test_wheel_carries_catalogs_schemas_and_config_declaration(tmp_path):
    wheel = build_wheel(tmp_path, "--no-build-isolation")
    names = set(zipfile.ZipFile(wheel).namelist())

    package = "ckanext/opendataplan/"
    for lang in ("ar", "fr", "en"):
        assert f"{package}i18n/{lang}/LC_MESSAGES/ckanext-opendataplan.mo" in names
    assert f"{package}config_declaration.yaml" in names
    assert f"{package}schemas/presets.yaml" in names
    assert f"{package}schemas/plan.yaml" in names
    assert f"{package}schemas/commitment.yaml" in names
    assert f"{package}assets/webassets.yml" in names
    assert f"{package}templates/scheming/package/read.html" in names
    assert f"{package}demo/plans.yaml" in names
    assert f"{package}demo/organizations.yaml" in names
    assert not any(name.startswith("tests/") for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "opendataplan = ckanext.opendataplan.plugin:OpenDataPlanPlugin" in (
        zipfile.ZipFile(wheel).read(entry_points).decode()
    )
