"""The command about the instruments kept in a repository: notices."""

from __future__ import annotations

import click

from policydiff.cli.base import cli, handle_errors, parse_date, repo_of


@cli.command("notices")
@click.option("--json", "as_json", is_flag=True, help="Print the instruments as JSON (keys: README).")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="The day to judge what is in force on (default: today).")
@click.pass_context
@handle_errors
def notices_command(ctx: click.Context, as_json: bool, today: str | None) -> None:
    """List the instruments (notices, decisions) kept in the repository: number, date and title;
    the documents and provisions each part changed; the parts not yet applied; and those not
    yet in force. An amendment kept the old way (events/NNN-amend/notice.yaml) is listed as an
    instrument of its own, named SLUG/NNN-amend. Exit 2 when there is no documents/ folder."""
    import datetime as dt

    from policydiff.app import instrument_list as instruments

    day = parse_date(today) or dt.date.today()
    found = instruments.list_instruments(repo_of(ctx), day)
    click.echo(instruments.as_json(found, day) if as_json else instruments.text(found, day), nl=False)
