"""Flask-WTF forms, one module per area of the site."""
