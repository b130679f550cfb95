"""gunicorn's hooks for factcheck's workers (`gunicorn -c python:factcheck.serving`, as scripts/serve runs it)."""

import gc


def post_worker_init(worker) -> None:
    """Once a worker has loaded the app, its modules, mappers and compiled templates move out of the cyclic
    collector's sight (gc.freeze): they live as long as the worker, yet every full collection walked them all,
    about 100 ms each, once in a hundred workspace requests (bench/load.py). Collections then walk only what
    requests made."""
    gc.freeze()
