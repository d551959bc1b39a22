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
@click.option(
    "--set",
    "demo_set",
    type=click.Choice(sorted(loader.SETS)),
    default="national",
    show_default=True,
    help="national: the portal of `make portal`; regional: the region's portal of "
    "`make federation`.",
)
@click.option(
    "--organizations-only",
    is_flag=True,
    help="Only the set's institutions (`make federation`: the region's, on the national "
    "portal, to own what it harvests).",
)
def demo_load(demo_set: str, organizations_only: bool) -> None:
    if organizations_only:
        names = loader.load_organizations(loader.reader(demo_set))
        click.echo(f"organizations: {len(names)} ({', '.join(names)})")
        return
    for kind, names in loader.load_all(demo_set).items():
        click.echo(f"{kind}: {len(names)} ({', '.join(names)})")


@opendataplan.command(
    "rebuild", short_help="Reindex plans, commitments and inventories; renew cached figures."
)
@click.option("--background", is_flag=True, help="Queue it for CKAN's job worker instead.")
def rebuild_command(background: bool) -> None:
    """What a change of completion bands or priority weights requires, by hand."""
    import ckan.plugins.toolkit as tk

    from ckanext.opendataplan.progress import rebuild
    from ckanext.opendataplan.summary import keep

    if background:
        job = tk.enqueue_job(keep.rebuild_committed, title="opendataplan: rebuild the summary")
        click.echo(f"queued: job {job.id}")
        job = tk.enqueue_job(rebuild.rebuild, title="opendataplan: rebuild")
        click.echo(f"queued: job {job.id}")
        return
    click.echo(f"commitments summarised: {keep.rebuild_committed()}")
    click.echo(f"reindexed: {rebuild.rebuild()}")


@opendataplan.command(
    "warm", short_help="Compute the overview, late activities and scorecards now (cached)."
)
def warm_command() -> None:
    """What the job worker does after each change; by hand after Redis lost its data."""
    import time

    from ckanext.opendataplan.pages import figures

    started = time.perf_counter()
    figures.warm()
    languages = figures.page_languages()
    click.echo(
        f"computed the country-wide pages in {len(languages)} languages "
        f"({' '.join(languages)}) in {time.perf_counter() - started:.2f} s"
    )


@opendataplan.command(
    "remind", short_help="Email the people responsible what is due, overdue or stalled."
)
@click.option("--dry-run", is_flag=True, help="Print the emails instead of sending them.")
@click.pass_context
def remind_command(ctx: click.Context, dry_run: bool) -> None:
    """For cron, once a day: one email per person, each reminder sent once."""
    import datetime as dt

    from ckanext.opendataplan.accountability import reminders

    # the texts are in the portal's default language, the links absolute
    with ctx.meta["flask_app"].test_request_context():
        result = reminders.run(dt.date.today(), dry_run, click.echo)
    count = sum(len(email.reminders) for email in result.emails)
    verb = "would send" if dry_run else "sent"
    sent = len(result.emails) - len(result.failed)
    click.echo(f"{verb} {sent} emails ({count} reminders)")
    if result.failed:
        click.echo(f"not sent (the server refused): {', '.join(result.failed)}", err=True)
        ctx.exit(1)


@opendataplan.command(
    "federation-check",
    short_help="Read another portal's plans (its datapackage.json) and say what is wrong.",
)
@click.argument("url")
@click.pass_context
def federation_check_command(ctx: click.Context, url: str) -> None:
    """Reads the five tables as a harvest would, writing nothing: their rows, or the
    first problem with its file, row and column."""
    from ckanext.opendataplan.federation import reader

    with ctx.meta["flask_app"].test_request_context():
        try:
            source = reader.read(url)
        except reader.SourceError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)
    counts = ", ".join(f"{table} {len(rows)}" for table, rows in source.tables.items())
    click.echo(f"{source.portal.get('title', '')} <{source.portal.get('path', '')}>")
    click.echo(f"licence: {source.licence.get('name', '')}; rows: {counts}")
