"""Desk page for importing an article from a URL (fetched by a background job) or an uploaded HTML or text file."""

from flask_babel import gettext as _
from flask import redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import URLField
from wtforms.validators import Length, Optional

from factcheck.errors import DomainError
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Job
from factcheck.security import access
from factcheck.job_queue import enqueue
from factcheck.services.articles.importing import import_document
from factcheck.services.core.jobs import checked_url
from factcheck.web.context import acting_user, is_htmx
from factcheck.web.desk import bp
from factcheck.web.desk.jobs import to_job


class ImportForm(FlaskForm):
    url = URLField(_l("Web address"), validators=[Optional(), Length(max=2048)],
                   render_kw={"placeholder": "https://", "inputmode": "url", "autocomplete": "off"})
    file = FileField(_l("Or an HTML or text file"), render_kw={"accept": ".html,.htm,.xhtml,.txt,text/html,text/plain"})


def _import(form: ImportForm):
    """The job fetching the URL when one was given, else the article imported from the file."""
    url = (form.url.data or "").strip()
    upload = form.file.data
    if url:  # fetched by a job, never inside this request
        return enqueue(acting_user(), "import_url", url=checked_url(url))
    if upload and upload.filename:
        return import_document(acting_user(), upload.filename, upload.read())
    form.url.errors = [_("Give a web address or choose a file.")]
    return None


@bp.route("/articles/import", methods=["GET", "POST"])
@access("staff")
def import_article():
    form = ImportForm()
    if request.method == "GET" and request.args.get("url"):  # "try again" from a failed import
        form.url.data = request.args["url"][:2048]
    error, status = None, 422
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                article = _import(form)
            except DomainError as failure:  # shown on the form, beside what was typed
                error, status = failure.message, failure.status
            else:
                if isinstance(article, Job):
                    return to_job(article)
                if article is not None:
                    location = url_for("desk.article", article_id=article.id)
                    if is_htmx():
                        return "", 200, {"HX-Redirect": location}
                    return redirect(location, code=303)
        return render_template("desk/imports/new.html", form=form, error=error), status
    return render_template("desk/imports/new.html", form=form, error=None)
