"""Upload the built site: rsync it to a target, or commit it to a gh-pages branch."""

import shutil
import subprocess
import tempfile
from pathlib import Path

GIT_IDENTITY = (
    "-c",
    "user.name=Condition journal",
    "-c",
    "user.email=journal@localhost",
)


class DeployError(Exception):
    """The upload failed; the message says which step and why."""


def _run(command, cwd=None):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        step = " ".join(command[:2])
        raise DeployError(
            f"{step} failed: {done.stderr.strip() or done.stdout.strip()}"
        )
    return done.stdout


def rsync(output, target):
    """Mirror ``output`` to ``target`` (a folder or ``host:path``), deleting extras."""
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed")
    _run(["rsync", "--archive", "--compress", "--delete", f"{output}/", target])


def gh_pages(output, repository, branch="gh-pages", message="Publish the journal"):
    """Commit ``output`` as the whole of ``branch`` in ``repository`` and push it.

    Returns False when the branch already held exactly this site (no commit).
    """
    with tempfile.TemporaryDirectory(prefix="journal-deploy-") as work:
        try:
            clone = ["git", "clone", "--quiet", "--depth", "1", "--branch", branch]
            _run([*clone, repository, work])
        except DeployError:
            _run(["git", "init", "--quiet", work])
            _run(["git", "checkout", "--quiet", "--orphan", branch], cwd=work)
            _run(["git", "remote", "add", "origin", repository], cwd=work)
        for item in Path(work).iterdir():
            if item.name == ".git":
                continue
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
        shutil.copytree(output, work, dirs_exist_ok=True)
        (Path(work) / ".nojekyll").touch()  # serve folders starting with _ as they are
        _run(["git", "add", "--all"], cwd=work)
        if not _run(["git", "status", "--porcelain"], cwd=work).strip():
            return False
        _run(["git", *GIT_IDENTITY, "commit", "--quiet", "-m", message], cwd=work)
        _run(["git", "push", "--quiet", "origin", f"HEAD:{branch}"], cwd=work)
    return True
