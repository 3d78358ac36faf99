"""Step output captured for the UI and still shown in the terminal, with no helper process (`pipelines.compute_logs`)."""

import json
import subprocess
import sys
import textwrap

import yaml
from paths import PROJECT_ROOT

from pipelines.compute_logs import ThreadMirroredComputeLogManager

CAPTURING = textwrap.dedent(
    """
    import json, os, sys, psutil
    from pipelines.compute_logs import ThreadMirroredComputeLogManager

    manager = ThreadMirroredComputeLogManager.from_config_value(None, {})
    print("before the capture", flush=True)
    with manager.capture_logs(["a-run", "compute_logs", "a-step"]):
        print("the lighthouse keeper counted gulls", flush=True)
        os.system("echo a child process wrote this")
        print("a warning about the tide", file=sys.stderr, flush=True)
        helpers = [child.name() for child in psutil.Process().children()]
    print(json.dumps({"helpers": helpers, "out": manager.get_captured_local_path(["a-run", "compute_logs", "a-step"], "out")}))
    """
)


def test_output_goes_to_the_captured_files_and_to_the_terminal_without_helper_processes(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CAPTURING],
        env={"DAGSTER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True, timeout=60,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["helpers"] == []  # Dagster's own manager runs `tail` and a watcher per stream
    assert report["out"].startswith(str(tmp_path / "storage"))  # where Dagster keeps them by default
    with open(report["out"]) as captured:
        assert captured.read().splitlines() == ["the lighthouse keeper counted gulls", "a child process wrote this"]
    assert done.stdout.splitlines()[:3] == ["before the capture", "the lighthouse keeper counted gulls", "a child process wrote this"]
    assert done.stderr.splitlines() == ["a warning about the tide"]


def test_a_capture_mirrors_only_its_own_output_when_the_file_holds_an_earlier_one(tmp_path, capfd):
    manager = ThreadMirroredComputeLogManager(base_dir=str(tmp_path))
    log_key = ["a-run", "compute_logs", "shared"]
    for line in ("first tide table", "second tide table"):
        with manager.capture_logs(log_key):
            print(line, flush=True)
    assert capfd.readouterr().out.splitlines() == ["first tide table", "second tide table"]


def test_the_shipped_dagster_yaml_names_this_manager():
    config = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())["compute_logs"]
    assert (config["module"], config["class"]) == (ThreadMirroredComputeLogManager.__module__, ThreadMirroredComputeLogManager.__name__)
