"""`news-warehouse build` as a process: how it ends."""

import os
import subprocess
import sys


def test_a_build_exits_without_collecting_what_it_leaves_behind(tmp_path):
    # The interpreter's last collection walks every object a build leaves (a second after a large one):
    # the build command freezes them out of it, after its own work is done.
    script = (
        "import atexit, gc; from pipelines import cli; "
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0)); "  # runs after the CLI's own
        "cli.run_build = lambda **options: True; cli.print_summary = lambda folder: 0; "
        "print('frozen before:', gc.get_freeze_count() > 0); "
        "raise SystemExit(cli.main(['build', '--quiet']))"
    )
    env = {**os.environ, "WAREHOUSE_DIR": str(tmp_path / "warehouse"), "SEEDS_DIR": str(tmp_path / "seeds")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split("\n")[:2] == ["frozen before: False", "frozen at exit: True"]
