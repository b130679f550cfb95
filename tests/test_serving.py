"""gunicorn's hooks (factcheck.serving), as scripts/serve loads them."""

import gc

from factcheck import serving


def test_a_worker_that_has_loaded_the_app_freezes_it_out_of_the_collectors_sight():
    gc.unfreeze()
    try:
        serving.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 1000  # the modules and objects loaded so far, at least
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
