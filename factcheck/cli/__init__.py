"""The flask commands of shared/DESIGN.md."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from factcheck.errors import DomainError

users_cli = AppGroup("users", help="Manage staff accounts and API tokens.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["factchecker", "editor", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default=None, help="Display name (default: the part of the e-mail before @).")
def create_user_command(email: str, role: str, password: str, name: str | None) -> None:
    """Create a staff account."""
    from factcheck.services.accounts.users import create_user

    try:
        user = create_user(email, role, password, name)
    except DomainError as error:
        raise click.ClickException(_describe(error)) from error
    click.echo(f"Created {user.role} {user.email}.")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="API token", help="What the token is for.")
def create_token_command(email: str, name: str) -> None:
    """Print a new API token for EMAIL, once, on its own line."""
    from factcheck.services.accounts.users import create_api_token

    click.echo(create_api_token(_existing_user(email), name))


def _existing_user(email: str):
    from factcheck.services.accounts.users import find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no user {email}.")
    return user


@users_cli.command("password")
@click.argument("email")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True)
def set_password_command(email: str, password: str) -> None:
    """Set EMAIL's password (asks when omitted); their sessions end and their API tokens are revoked."""
    from factcheck.services.accounts.users import set_password

    try:
        set_password(None, _existing_user(email), password)
    except DomainError as error:
        raise click.ClickException(_describe(error)) from error
    click.echo(f"Set a new password for {email}; their sessions and API tokens are ended.")


@users_cli.command("disable")
@click.argument("email")
def disable_user_command(email: str) -> None:
    """Disable EMAIL: they cannot sign in, their sessions end and their API tokens are revoked."""
    from factcheck.services.accounts.users import set_active

    set_active(None, _existing_user(email), False)
    click.echo(f"Disabled {email}.")


@users_cli.command("enable")
@click.argument("email")
def enable_user_command(email: str) -> None:
    """Let a disabled EMAIL sign in again (their old API tokens stay revoked)."""
    from factcheck.services.accounts.users import set_active

    set_active(None, _existing_user(email), True)
    click.echo(f"Enabled {email}.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the seed article with its claims, sources, verdicts and links (idempotent)."""
    from factcheck.cli.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    loaded = load_demo()
    click.echo("Loaded the demo article and its fact-checks." if loaded else "The demo data is already loaded.")
    for email, role, _ in DEMO_USERS:
        click.echo(f"  {role:<12} {email}  password: {DEMO_PASSWORD}")


@click.command("check-links")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 64),
              help="How many URLs to visit at once.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 120),
              help="Seconds allowed for each URL.")
@with_appcontext
def check_links_command(concurrency: int, timeout: float) -> None:
    """Visit every source URL; record its link status and list the broken and changed ones."""
    from collections import Counter

    from factcheck.services.library.snapshots import check_links

    results = check_links(concurrency=concurrency, timeout=timeout)
    for result in results:
        if result.broken:
            status = f"{result.status} {result.http_status}" if result.http_status else result.status
            click.echo(f"broken   {result.url}  ({status}{': ' + result.message if result.message else ''})")
        if result.changed:
            click.echo(f"changed  {result.url}  (differs from its last snapshot)")
    tally = Counter("broken" if r.broken else r.status for r in results)
    click.echo(f"Checked {len(results)} sources: {tally['ok']} ok, {tally['redirected']} redirected, "
               f"{tally['broken']} broken, {sum(r.changed for r in results)} changed since their snapshot.")


@click.command("generate")
@click.option("--claims", "claims", type=click.IntRange(min=1), required=True, help="How many claims to add.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same data.")
@with_appcontext
def generate_command(claims: int, seed: int) -> None:
    """Fill the database with realistic synthetic data at scale, for benchmarks."""
    import time

    from factcheck.cli.generator import generate

    started = time.perf_counter()
    counts = generate(claims, seed)
    click.echo(f"Generated {counts.claims} claims in {counts.articles} articles, {counts.claimants} claimants, "
               f"{counts.sources} sources, {counts.evidence} evidence rows, {counts.links} links, "
               f"{counts.revisions} verdict revisions, {counts.events} audit events "
               f"in {time.perf_counter() - started:.1f} s.")


@click.command("import")
@click.argument("source")
@click.option("--as", "email", default=None, help="Import as this staff member (default: the first admin).")
@with_appcontext
def import_command(source: str, email: str | None) -> None:
    """Import an article from a .txt or .html file, or from an http(s) URL."""
    from factcheck.services.articles.importing import import_article, importing_user
    from factcheck.services.text.sentences import split_sentences

    try:
        article = import_article(importing_user(email), source)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Imported article {article.id}: {article.title}")
    click.echo(f"  {len(article.text):,} characters, {len(split_sentences(article.text)):,} sentences")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (and run no schedule).")
@click.option("--no-schedule", is_flag=True, help="Run jobs only; another worker runs the schedule.")
@with_appcontext
def worker_command(burst: bool, no_schedule: bool) -> None:
    """Run background jobs from the Redis queue (REDIS_URL), and the nightly link check (LINK_CHECK_SCHEDULE)."""
    from flask import current_app

    from factcheck.job_queue import work

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set. Without Redis the web process runs jobs itself "
                                   "and needs no worker; set REDIS_URL for the web app and the worker alike.")
    work(current_app._get_current_object(), burst=burst, schedule=not no_schedule)


def _describe(error: DomainError) -> str:
    details = "; ".join(f"{field}: {message}" for field, message in error.fields.items())
    return f"{error.message} {details}".strip()


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(generate_command)
    app.cli.add_command(import_command)
    app.cli.add_command(check_links_command)
    app.cli.add_command(worker_command)
