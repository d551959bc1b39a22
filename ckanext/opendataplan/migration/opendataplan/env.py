"""Alembic environment for the plugin's tables (those named opendataplan_*)."""

import os
from logging.config import fileConfig

from alembic import context
from ckan.model.meta import metadata
from sqlalchemy import engine_from_config, pool

config = context.config
fileConfig(config.config_file_name)
name = os.path.basename(os.path.dirname(__file__))


def include_object(object, object_name, type_, reflected, compare_to):  # noqa: ANN001, ANN201
    return object_name.startswith(name) if type_ == "table" else True


def _configure(**kwargs) -> None:  # noqa: ANN003
    context.configure(
        target_metadata=metadata,
        version_table=f"{name}_alembic_version",
        include_object=include_object,
        **kwargs,
    )


if context.is_offline_mode():
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
