"""The desk's job pages: progress polled by htmx until the job is done, a plain page that refreshes itself,
and who may see a job."""

from factcheck.job_queue import wait_for_jobs
from factcheck.models import JobStatus
from factcheck.services.core.jobs import create_job, run_attempt
from tests.factories import make_user
from tests.fixtures.page_server import page_server  # noqa: F401 (a fixture)


def queued_job(app, owner_email: str, **arguments) -> int:
    """A job recorded but not handed to any runner, so a test sees it waiting."""
    from factcheck.services.accounts.users import find_user

    with app.app_context():
        return create_job(find_user(owner_email), "import_url", **arguments).id


def test_a_waiting_job_polls_every_second_as_a_fragment(app, client, auth):
    user = auth.login_as("factchecker")
    job_id = queued_job(app, user.email, url="https://news.example/a")
    response = client.get(f"/desk/jobs/{job_id}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert f'data-hx-get="/desk/jobs/{job_id}" data-hx-trigger="every 1s" data-hx-swap="outerHTML"' in html
    assert "Waiting" in html and "Waiting for a worker" in html and '<progress class="job__progress"' in html


def test_without_javascript_the_job_page_refreshes_itself_until_done(app, client, auth, page_server):
    user = auth.login_as("factchecker")
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    job_id = queued_job(app, user.email, url=page_server.url("/article.txt"))
    page = client.get(f"/desk/jobs/{job_id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page and "<h1>Job" in page
    with app.app_context():
        assert run_attempt(job_id).value == JobStatus.SUCCEEDED
    page = client.get(f"/desk/jobs/{job_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and "data-hx-trigger" not in page
    assert "Done" in page and "Open the article" in page


def test_a_job_shows_its_last_failed_attempt_while_it_waits_to_retry(app, client, auth):
    user = auth.login_as("factchecker")
    job_id = queued_job(app, user.email, url="http://127.0.0.1:9/")
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    with app.app_context():
        assert run_attempt(job_id).value == "retry"
    html = client.get(f"/desk/jobs/{job_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Attempt 1 of 3 failed; trying again in 0 s" in html
    assert "Last attempt: The page could not be fetched: could not fetch http://127.0.0.1:9/" in html
    assert "data-hx-trigger" in html  # still polling


def test_only_the_owner_and_editors_see_a_job(app, client, auth):
    with app.app_context():
        owner = make_user(role="factchecker")
    job_id = queued_job(app, owner.email, url="https://news.example/a")
    auth.login_as("factchecker")
    assert client.get(f"/desk/jobs/{job_id}").status_code == 403
    assert f"/desk/jobs/{job_id}" not in client.get("/desk/jobs").get_data(as_text=True)
    auth.logout()
    auth.login_as("editor")
    assert client.get(f"/desk/jobs/{job_id}").status_code == 200
    assert client.get("/desk/jobs/999999").status_code == 404


def test_my_jobs_are_listed_with_their_state(app, client, auth, page_server):
    user = auth.login_as("factchecker")
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    queued = queued_job(app, user.email, url="https://news.example/waiting")
    token_page = client.get("/desk/articles/import").get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/desk/articles/import", data={"csrf_token": token, "url": page_server.url("/missing")},
                content_type="multipart/form-data")
    wait_for_jobs(app)
    html = client.get("/desk/jobs").get_data(as_text=True)
    assert f'href="/desk/jobs/{queued}"' in html and "https://news.example/waiting" in html
    assert "Waiting" in html and "Failed" in html and "answered 404" in html


def test_the_api_shows_a_job_to_its_owner_and_editors(app, client, page_server):
    from factcheck.services.accounts.users import create_api_token

    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    with app.app_context():
        owner, other, editor = make_user(), make_user(), make_user(role="editor")
        owner_email = owner.email
        tokens = {name: create_api_token(user, "jobs") for name, user in
                  (("owner", owner), ("other", other), ("editor", editor))}
    job_id = queued_job(app, owner_email, url=page_server.url("/article.txt"))
    with app.app_context():
        run_attempt(job_id)

    def get(who):
        return client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {tokens[who]}"})

    answer = get("owner").json
    assert (answer["status"], answer["attempts"], answer["progress"]) == ("succeeded", 1, 100)
    assert answer["kind"] == "import_url" and set(answer["result"]) == {"article_id", "title"}
    assert get("editor").status_code == 200 and get("other").status_code == 403
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 401
