"""The product as a user meets it: `make dev`, the UI in a real (headless) browser, the new-files sensor.

One scenario, in a sandbox (temporary DAGSTER_HOME, SEEDS_DIR copied from seeds/, empty WAREHOUSE_DIR):
the lineage page shows the assets; "Materialize all" clicked in the UI builds the warehouse; an article
dropped into the watched folder is picked up by `new_files_sensor`, which annotates just that document;
a second "Materialize all" changes nothing, yet every table asset still shows its columns, a preview
and its path; the report opens in one click from its asset page.

Needs Debian's chromium at /usr/bin/chromium (`make test` installs it); nothing here downloads a browser.
Screenshots land in SCREENSHOTS_DIR when set (`make screenshots` sets docs/screenshots/, the README
shows them), else in the test's tmp_path.
"""

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from browser import launch_chromium
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright
from ui_helpers import ACTIVE, DagsterDev, wait_for

SHOWN_ASSETS = ["source_files", "documents", "entities", "figures", "warehouse_duckdb"]

# Every wait is bounded, and tied to the state of the runs (polled over GraphQL), never to a page
# showing something within a fixed short time: a busy CI box can take minutes to start a run.
UI_READY_S = 180
RUN_START_S = 600  # a queued run starts once the other run holding the `warehouse` pool is done
FIRST_BUILDS_S = 900  # the UI run and the sensor's first run, serialised by the pool
SENSOR_REQUEST_S = 120  # sensor interval is 5 s
SENSOR_RUN_S = 600
TABLE_ASSETS = ["source_files", "documents", "entities", "entity_mentions", "figures", "date_mentions"]

NEW_ARTICLE_NAME = "005_rotterdam_hydrogen.txt"
NEW_ARTICLE = """\
Rotterdam Opens Europe's Largest Hydrogen Import Terminal
Shipping companies expect the berth to cut emissions across the North Sea.
By Maria Jansen
Published March 14, 2025
The Port of Rotterdam opened a hydrogen import terminal on Friday, the largest of its kind in Europe.
Dutch Prime Minister Dick Schoof said the Netherlands would invest 1.2 billion euros in pipelines \
linking the terminal to industrial users in Germany and Belgium.
Shell and Gasunie will operate the terminal, which is designed to handle 4.6 million tonnes of \
ammonia a year by 2030, according to the port authority.
Environmental groups in Amsterdam welcomed the project but warned that most hydrogen shipped to \
Rotterdam would still be produced from natural gas.
"""


@pytest.fixture
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def dagster_dev(tmp_path) -> DagsterDev:
    server = DagsterDev(tmp_path / "sandbox", sensor_interval=5)
    try:
        server.start()
        yield server
    except BaseException:
        print(f"--- tail of dagster dev output ({server.log_path}) ---\n{server.log_tail()}")
        raise
    finally:
        server.stop()


def query(server: DagsterDev, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(server.warehouse / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(sql, list(params)).fetchall()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_materialize_all_from_the_ui_then_the_sensor_loads_a_new_file(browser, dagster_dev, tmp_path, shots):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        scenario(page, dagster_dev, tmp_path, shots)
    except BaseException:
        try:
            page.screenshot(path=tmp_path / "failure.png")
        except Exception as error:  # the page may be gone; the log below matters more
            print(f"(no failure screenshot: {error})")
        print(f"--- runs ---\n{_safe_runs(dagster_dev)}")
        print(f"--- tail of dagster dev output ({dagster_dev.log_path}) ---\n{dagster_dev.log_tail()}")
        raise
    finally:
        page.close()


def scenario(page: Page, server: DagsterDev, work: Path, shots: Path) -> None:
    started = time.monotonic()

    def phase(name: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {name}")

    # --- 1. the asset graph ------------------------------------------------------------------
    # The daily 03:00 rebuild is not under test: a tick during the test would add an unexpected run.
    server.stop_schedule("daily_rerun")
    # A fresh instance greets a local user with a "Join the Dagster community" dialog; mark it
    # seen, and should it still appear, dismiss it the way a user would.
    server.graphql("mutation { setNuxSeen }")
    page.add_locator_handler(
        page.get_by_text("Join the Dagster community"), lambda: page.get_by_role("button", name="Skip").click()
    )
    launches: list[Response] = []  # the UI's LaunchPipelineExecution mutations, read once the wait is over
    page.on("response", lambda response: _is_launch(response) and launches.append(response))

    page.goto(f"{server.url}/asset-groups")
    materialize_all = page.get_by_role("button", name="Materialize all")
    expect(materialize_all).to_be_enabled(timeout=UI_READY_S * 1000)
    expand_all_groups(page)
    for asset in SHOWN_ASSETS:
        expect(page.get_by_text(asset, exact=True).first).to_be_visible()
    page.screenshot(path=shots / "asset-graph.png")
    phase("lineage page shows the assets")

    # --- 2. "Materialize all" ----------------------------------------------------------------
    materialize_all.click()
    wait_for("the UI to launch a run", lambda: launches or _confirm_launch(page), timeout=60, interval=0)
    [launched] = [response.json()["data"]["launchPipelineExecution"] for response in launches]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["id"]  # the UI asks for `run { id pipelineName }`
    expect(page.get_by_text(re.compile(rf"Launched run\s*{run_id[:8]}"))).to_be_visible()
    assert server.run(run_id).tags.get("dagster/from_ui") == "true"
    # A live run page keeps a renderer busy (~60% of a core), which slows the builds on a small
    # CI box: wait on the run's state over GraphQL, then look at the page once it has started.
    page.goto("about:blank")
    wait_for(f"run {run_id[:8]} to start", lambda: server.run(run_id).status not in {"QUEUED", "NOT_STARTED", "STARTING"}, RUN_START_S, 2)
    page.goto(f"{server.url}/runs/{run_id}")
    expect(page.get_by_text("RUN_START").first).to_be_visible()
    page.goto("about:blank")
    phase(f"UI launched run {run_id[:8]}")

    # The sensor's first evaluation (no cursor yet) requested a build of the same folder; the
    # `warehouse` pool interleaves the two runs' steps. Wait until both are done and nothing is queued.
    def first_builds_done():
        runs = server.runs()
        done = (
            run_id in {r.run_id for r in runs}
            and any(r.tags.get("trigger") == "new_files_sensor" for r in runs)
            and not any(r.status in ACTIVE for r in runs)
        )
        return runs if done else None

    runs = wait_for("the UI run and the sensor's first run to finish", first_builds_done, FIRST_BUILDS_S, 3)
    assert {r.run_id: r.status for r in runs} == {r.run_id: "SUCCESS" for r in runs}
    phase(f"first builds finished: {[(r.short, r.tags.get('trigger', 'ui')) for r in runs]}")

    page.goto(f"{server.url}/runs/{run_id}")
    expect(page.get_by_text("Success", exact=True).first).to_be_visible()
    expect(page.get_by_text("RUN_SUCCESS").first).to_be_visible()
    page.screenshot(path=work / "ui-run.png")
    page.goto("about:blank")

    assert query(server, "SELECT count(*) FROM documents") == [(5,)]
    assert query(server, "SELECT status, count(*) FROM source_files GROUP BY status") == [("loaded", 5)]
    [(entities,)] = query(server, "SELECT count(*) FROM entities")
    assert entities > 0
    documents_before = {doc_id for (doc_id,) in query(server, "SELECT doc_id FROM documents")}

    # --- 3. a new file in the watched folder -------------------------------------------------
    known = {r.run_id for r in runs}
    staged = work / NEW_ARTICLE_NAME  # written whole, then renamed in: the sensor never sees half a file
    staged.write_text(NEW_ARTICLE, encoding="utf-8")
    os.replace(staged, server.seeds / NEW_ARTICLE_NAME)
    phase("dropped a new article into SEEDS_DIR")

    new_runs = wait_for(
        "new_files_sensor to request a run for the new file",
        lambda: [r for r in server.runs() if r.run_id not in known],
        SENSOR_REQUEST_S,
    )
    assert len(new_runs) == 1, f"expected one run for one new file, got {new_runs}"
    [sensor_run] = new_runs
    assert sensor_run.tags.get("trigger") == "new_files_sensor", sensor_run
    assert sensor_run.tags.get("files") == "6", sensor_run
    server.wait_until_finished(sensor_run.run_id, SENSOR_RUN_S)
    assert [r.run_id for r in server.runs() if r.run_id not in known] == [sensor_run.run_id]
    phase(f"sensor run {sensor_run.short} succeeded")

    assert query(server, "SELECT count(*) FROM documents") == [(6,)]
    [(new_doc_id, status)] = query(
        server, "SELECT doc_id, status FROM source_files WHERE source_path = ?", NEW_ARTICLE_NAME
    )
    assert status == "loaded"
    documents_after = {doc_id for (doc_id,) in query(server, "SELECT doc_id FROM documents")}
    assert documents_after - documents_before == {new_doc_id} and documents_before <= documents_after
    [(mentions,)] = query(server, "SELECT count(*) FROM entity_mentions WHERE doc_id = ?", new_doc_id)
    assert mentions > 0
    annotation = server.materialization_metadata("article_mentions", sensor_run.run_id)
    assert annotation["documents_annotated"] == 1, annotation
    assert annotation["buckets_updated"] == 1, annotation  # the other documents' buckets were not touched

    page.goto(f"{server.url}/runs/{sensor_run.run_id}")
    expect(page.get_by_text("RUN_SUCCESS").first).to_be_visible()
    page.screenshot(path=work / "sensor-run.png")
    phase("warehouse gained exactly the new document")

    # --- 4. a rerun with nothing new still shows every table's columns, preview and path --------
    known |= {sensor_run.run_id}
    page.goto(f"{server.url}/asset-groups")
    expand_all_groups(page)
    launches.clear()
    page.get_by_role("button", name="Materialize all").click()
    wait_for("the UI to launch the rerun", lambda: launches or _confirm_launch(page), timeout=60, interval=0)
    rerun_id = launches[-1].json()["data"]["launchPipelineExecution"]["run"]["id"]
    page.goto("about:blank")
    server.wait_until_finished(rerun_id, SENSOR_RUN_S)
    for asset in TABLE_ASSETS:
        metadata = server.materialization_metadata(asset, rerun_id)
        assert metadata.get("rewritten") in (False, 0), (asset, metadata)
        assert metadata["dagster/row_count"] > 0 and metadata["preview"].startswith("|"), (asset, metadata)
        assert metadata["path"].endswith(f"{asset}.parquet"), (asset, metadata)
    phase(f"no-op rerun {rerun_id[:8]} kept row counts, previews and paths")

    page.goto(f"{server.url}/assets/figures")
    expect(page.get_by_text("the counted noun, lemmatised", exact=False).first).to_be_visible()
    page.screenshot(path=shots / "asset-columns.png")
    page.goto(f"{server.url}/assets/figures?view=events")
    expect(page.get_by_text("preview", exact=True).first).to_be_visible()
    expect(page.get_by_text("rewritten", exact=True).first).to_be_visible()
    # The UI shows a short preview inline and a long one behind "[Show Markdown]": open it as a user would.
    opener = page.get_by_text("[Show Markdown]")
    if opener.count():
        opener.first.click()
    expect(page.get_by_text("qualifier", exact=True).first).to_be_visible()
    page.screenshot(path=shots / "asset-preview-after-rerun.png")
    page.keyboard.press("Escape")
    page.goto(f"{server.url}/assets/figures?view=checks")
    expect(page.get_by_text("figures_are_well_formed").first).to_be_visible()
    page.screenshot(path=shots / "asset-checks.png")
    phase("asset page shows columns with descriptions, a preview and the checks")

    # --- 5. the report, one click from its asset -------------------------------------------------
    page.goto(f"{server.url}/assets/warehouse_report")
    report_link = page.get_by_role("link", name=f"127.0.0.1:{server.report_port}/report.html")
    with page.context.expect_page() as opened:
        report_link.first.click()
    report = opened.value
    report.set_viewport_size({"width": 1400, "height": 1000})
    expect(report.get_by_role("heading", level=1).first).to_be_visible()
    report.wait_for_function("window.report && window.report.ready", timeout=60_000)  # every chart drawn
    report.screenshot(path=shots / "report.png")
    report.close()
    phase("report opened from the UI in one click")


def expand_all_groups(page: Page) -> None:
    """With several groups the lineage graph starts collapsed; "Expand all groups" is ⌥E (also in the
    graph's settings menu, an unlabelled icon button). Press it again only if the first press was lost."""
    documents = page.get_by_text("documents", exact=True).first
    for attempt in range(2):
        page.keyboard.press("Alt+e")
        try:
            expect(documents).to_be_visible(timeout=15_000)
            return
        except AssertionError:
            if attempt:
                raise


def _is_launch(response: Response) -> bool:
    # The UI appends the operation name to the /graphql URL as a query string.
    return urlsplit(response.url).path.endswith("/graphql") and "LaunchPipelineExecution" in (
        response.request.post_data or ""
    )


def _confirm_launch(page: Page) -> bool:
    """If the UI asks for confirmation before launching, confirm; let the page process events."""
    confirm = page.get_by_role("dialog").get_by_role("button", name=re.compile(r"^(Launch|Materialize)"))
    if confirm.count() == 1 and confirm.is_visible():
        confirm.click()
    page.wait_for_timeout(250)
    return False


def _safe_runs(server: DagsterDev) -> str:
    try:
        return "\n".join(f"{r.short} {r.status} {r.tags}" for r in server.runs())
    except Exception as error:
        return f"(could not list runs: {error})"
