"""One write, one transaction: commit on success, roll back on any error."""

from factcheck.i18n import lazy_gettext as _l
import functools
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from factcheck.errors import Conflict, StaleVersion
from factcheck.extensions import db


def transactional(write: Callable) -> Callable:
    """Run a service write in its own transaction; a concurrent save becomes a Conflict."""

    @functools.wraps(write)
    def run(*args, **kwargs):
        try:
            result = write(*args, **kwargs)
            db.session.commit()
            return result
        except StaleDataError as error:
            db.session.rollback()
            raise StaleVersion(_l('Someone else saved this claim first. Reload to see their version.')) from error
        except IntegrityError as error:
            db.session.rollback()
            raise Conflict(_l('This would duplicate something that already exists.')) from error
        except BaseException:
            db.session.rollback()
            raise

    return run
