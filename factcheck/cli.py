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
    from factcheck.services.users import create_user

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
    from factcheck.services.users import create_api_token, find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no user {email}.")
    click.echo(create_api_token(user, name))


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the seed article with its claims, sources, verdicts and links (idempotent)."""
    from factcheck.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    loaded = load_demo()
    click.echo("Loaded the demo article and its fact-checks." if loaded else "The demo data is already loaded.")
    for email, role, _ in DEMO_USERS:
        click.echo(f"  {role:<12} {email}  password: {DEMO_PASSWORD}")


def _describe(error: DomainError) -> str:
    details = "; ".join(f"{field}: {message}" for field, message in error.fields.items())
    return f"{error.message} {details}".strip()


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
