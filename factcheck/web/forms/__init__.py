"""Flask-WTF forms, one module per area of the site, and what any of their fields may need."""


def search_as_you_type(field, url: str, target: str, swap: str = "outerHTML") -> None:
    """Ask `url` for matches after a pause in typing into `field`; the matches replace `target` (or, with
    swap="innerHTML", fill it)."""
    field.render_kw = {**(field.render_kw or {}), "data-hx-get": url, "data-hx-trigger": "input changed delay:300ms",
                       "data-hx-target": target, "data-hx-swap": swap, "autocomplete": "off",
                       "aria-controls": target.lstrip("#")}
