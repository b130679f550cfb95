"""The flask commands of shared/DESIGN.md."""

from flask import Flask


def register(app: Flask) -> None:
    pass
