"""Desk pages: admins write the transparency pages (methodology, corrections policy, ownership, contact)."""

from flask_babel import gettext as _
from flask import flash, redirect, render_template, url_for

from factcheck.errors import ValidationError
from factcheck.security import access
from factcheck.services.site import transparency
from factcheck.services.text.markdown import render_markdown
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import add_errors
from factcheck.web.forms.transparency import TransparencyPageForm


@bp.route("/about")
@access("admin")
def transparency_pages():
    return render_template("desk/about/index.html", pages=transparency.all_pages())


def _edit_page(slug: str, form: TransparencyPageForm, status: int = 200):
    page = transparency.get_page(slug)
    return render_template("desk/about/edit.html", page=page, kind=transparency.KINDS[slug], form=form,
                           preview=render_markdown(form.body.data, shift=0), history=transparency.page_history(page),
                           max_body=transparency.MAX_BODY), status


@bp.route("/about/<slug>")
@access("admin")
def edit_transparency_page(slug: str):
    page = transparency.get_page(slug)
    return _edit_page(slug, TransparencyPageForm(formdata=None, title=page.title, body=page.body))


@bp.route("/about/<slug>", methods=["POST"])
@access("admin")
def save_transparency_page(slug: str):
    transparency.get_page(slug)  # 404 for a page that does not exist, before anything else
    form = TransparencyPageForm()
    if not form.validate_on_submit():
        return _edit_page(slug, form, 422)
    try:
        transparency.update_page(acting_user(), slug, title=form.title.data, body=form.body.data)
    except ValidationError as error:
        add_errors(form, error)
        return _edit_page(slug, form, 422)
    flash(_("Page saved: readers see it now."), "success")
    return redirect(url_for("desk.edit_transparency_page", slug=slug))
