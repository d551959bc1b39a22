"""The ``ckan opendataplan`` command."""

from __future__ import annotations

import click

from ckanext.opendataplan.demo import loader

__all__ = ["opendataplan"]


@click.group(short_help="Open-data plans: demo data and maintenance.")
def opendataplan() -> None:
    pass


@opendataplan.group(short_help="The demo plans from the seed documents.")
def demo() -> None:
    pass


@demo.command("load", short_help="Create or update the demo data (idempotent).")
def demo_load() -> None:
    for kind, names in loader.load_all().items():
        click.echo(f"{kind}: {len(names)} ({', '.join(names)})")
