"""Sharded check and build: ``--shard K/N`` shares, ``build --merge`` joining the shards, and
the N shards giving exactly what one check and one build give (byte for byte for the site)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policydiff import __version__
from policydiff.app.check import check, render
from policydiff.errors import PolicyDiffError, UsageError
from policydiff.importing.markdown import parse_markdown
from policydiff.site import search
from policydiff.storage.repo import Repository
from policydiff.storage.shard import Shard, parse_shard, shard_of
from tests.conftest import FIXTURES
from tests.test_check import broken
from tests.test_cli import run
from tests.test_notices_command import NID, make_repo

BUILTIN = Path(__file__).parent.parent / "documents"


# --------------------------------------------------------------------------- the share


def test_every_slug_is_in_exactly_one_shard() -> None:
    slugs = [f"doc-{k}" for k in range(500)] + ["prc-constitution", "甲条例", NID]
    for count in (1, 2, 3, 4, 7):
        shards = [Shard(k, count) for k in range(1, count + 1)]
        for slug in slugs:
            assert [s.index for s in shards if s.holds(slug)] == [shard_of(slug, count)]
    sizes = [sum(shard_of(s, 4) == k for s in slugs) for k in range(1, 5)]
    assert sum(sizes) == len(slugs) and min(sizes) > 100  # about a quarter each


def test_the_share_is_the_sha256_of_the_slug() -> None:
    digest = hashlib.sha256(b"prc-constitution").digest()
    assert int.from_bytes(digest[:8], "big") == 13171562717167892417
    assert [shard_of("prc-constitution", n) for n in (1, 2, 3, 4)] == [1, 2, 3, 2]
    assert [shard_of(NID, n) for n in (2, 3, 4)] == [2, 1, 2]


def test_the_share_is_the_same_in_every_process() -> None:
    """Not Python's hash(): another process, with another hash seed, puts each slug in the same shard."""
    slugs = [f"doc-{k}" for k in range(50)] + ["甲条例"]
    code = "import sys; from policydiff.storage.shard import shard_of; print([shard_of(s, 4) for s in sys.argv[1:]])"
    here = str([shard_of(s, 4) for s in slugs])
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code, *slugs], env=env, capture_output=True, text=True, check=True)
        assert done.stdout.strip() == here


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0/4", "--shard '0/4': K must be between 1 and 4"),
        ("5/4", "--shard '5/4': K must be between 1 and 4"),
        ("a/b", "--shard 'a/b': write K/N, shard K of N (e.g. 1/4)"),
        ("1/0", "--shard '1/0': N must be at least 1"),
        ("1", "--shard '1': write K/N, shard K of N (e.g. 1/4)"),
        ("-1/4", "--shard '-1/4': write K/N, shard K of N (e.g. 1/4)"),
    ],
)
def test_a_bad_shard_is_a_usage_error(tmp_path: Path, spec: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_shard(spec)
    assert caught.value.message == message
    shutil.copytree(BUILTIN, tmp_path / "documents")
    for command in ("check", "build"):
        assert run(tmp_path, command, "--shard", spec) == (2, "", f"policydiff: {message}\n")
    assert not (tmp_path / "site").exists()


def test_good_shards() -> None:
    assert parse_shard("3/4") == Shard(3, 4)
    assert parse_shard("1/1") == Shard(1, 1)
    assert str(Shard(2, 8)) == "2/8"


# --------------------------------------------------------------------------- check


def problem_repo(tmp_path: Path) -> Path:
    """jia and yi (shard 3 of 4) amended by a decision kept in notices/ (shard 2), yi's part broken
    so that it no longer applies; the built-in documents; broken documents from tests/fixtures/check,
    each under its case's name; a document folder without document.yaml."""
    (tmp_path / "repo").mkdir()
    root = make_repo(tmp_path / "repo")
    part = root / "notices" / NID / "part-2.yaml"
    part.write_text(part.read_text("utf-8").replace("address: 第三条", "address: 第九条"), "utf-8")
    for doc in BUILTIN.iterdir():
        shutil.copytree(doc, root / "documents" / doc.name)
    for case in ("dangling", "dup-id", "schema", "wording", "replay"):
        folder = shutil.copytree(broken(tmp_path / "cases", case) / "documents" / "demo", root / "documents" / case)
        yaml = folder / "document.yaml"
        yaml.write_text(yaml.read_text("utf-8").replace("\nslug: demo\n", f"\nslug: {case}\n"), "utf-8")
    (root / "documents" / "missing").mkdir()
    return root


def test_the_shards_find_together_what_one_check_finds(tmp_path: Path) -> None:
    repo = Repository(problem_repo(tmp_path))
    whole = check(repo, jobs=1)
    assert len({p.file.split("/")[1] for p in whole}) == 7  # 5 documents, the instrument, the empty folder
    for count in (1, 2, 3, 4):
        found = [check(repo, jobs=1, shard=Shard(k, count)) for k in range(1, count + 1)]
        assert sorted(set().union(*found)) == whole
    cross = [p for p in whole if p.file == f"notices/{NID}/part-2.yaml"]
    # Found by yi's check (shard 3 of 4), though the instrument is shard 2's, whose check is clean.
    assert [p.code for p in cross] == ["PD402", "PD501"]
    assert check(repo, jobs=1, shard=Shard(3, 4)) == cross
    assert check(repo, jobs=1, shard=Shard(2, 4)) == []


def test_a_shard_exits_on_its_own_problems(tmp_path: Path) -> None:
    root = problem_repo(tmp_path)
    repo = Repository(root)
    codes = []
    for k in range(1, 5):
        code, out, _ = run(root, "check", "--shard", f"{k}/4", "-j", "1")
        problems = check(repo, jobs=1, shard=Shard(k, 4))
        assert (code, out) == (1 if problems else 0, render(problems, "text"))
        codes.append(code)
    assert codes == [1, 0, 1, 1]  # shard 2 (the decision, prc-constitution, cqu-materials-…) has none
    assert run(root, "check", "--shard", "3/4", "--format", "github", "-j", "1") == (
        1,
        f"::error file=notices/{NID}/part-2.yaml,line=13,col=5,title=PD402::item 二: address is 第九条 in "
        "notice.yaml; the wording says 第三条\n"
        f"::error file=notices/{NID}/part-2.yaml,line=13,col=5,title=PD501::event 001-amend does not replay: "
        "item 二: 第九条 not found; the document has 第一条、第二条、第三条\n",
        "policydiff check: 2 problems in 1 file\n",
    )


# --------------------------------------------------------------------------- build and merge


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "random"}


def _cli(root: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "policydiff", "--root", str(root), *args]
    return subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate()
    return process.returncode, out, err


def tree(root: Path) -> dict[str, bytes]:
    """Every file below *root*, by its path relative to it."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def sharded(root: Path, out: Path, count: int, *extra: str) -> list[Path]:
    """Build the *count* shards of *root* in as many processes side by side; their folders."""
    folders = [out.parent / f"{out.name}-shard-{k}" for k in range(1, count + 1)]
    running = [_cli(root, "build", "--shard", f"{k}/{count}", "-o", str(f), "--quiet", "-j", "1", *extra)
               for k, f in enumerate(folders, 1)]  # fmt: skip
    for k, process in enumerate(running, 1):
        code, stdout, err = _finish(process)
        assert (code, stdout.startswith(f"built shard {k}/{count}: ")) == (0, True), err
    return folders


def merge(root: Path, folders: list[Path], out: Path) -> tuple[int, str, str]:
    return run(root, "build", "--merge", *map(str, folders), "-o", str(out))


def single(root: Path, out: Path, *extra: str) -> None:
    code, stdout, err = _finish(_cli(root, "build", "-o", str(out), "--quiet", "-j", "1", *extra))
    assert (code, stdout.startswith("built ")) == (0, True), err


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    shutil.copytree(BUILTIN, tmp_path / "repo" / "documents")
    return tmp_path / "repo"


def test_four_shards_merged_are_one_build_byte_for_byte(builtin: Path, tmp_path: Path) -> None:
    single(builtin, tmp_path / "single")
    folders = sharded(builtin, tmp_path / "site", 4)
    manifests = [json.loads((f / ".policydiff-shard.json").read_text("utf-8")) for f in folders]
    assert [m["documents"] for m in manifests] == [
        ["fjwy-network-ideology", "seed003-part8", "seed004-part6"],
        ["cqu-materials-network-ideology", "prc-constitution"],
        [],
        ["datong-network-ideology"],
    ]
    assert [m["shard"] for m in manifests] == ["1/4", "2/4", "3/4", "4/4"]
    assert not any((f / "index.html").exists() or (f / "notices").exists() for f in folders)
    out = tmp_path / "merged"
    assert merge(builtin, folders, out) == (
        0, f"merged 4 shards: 62 pages for 6 documents in {out}/ (62 pages written, 0 deleted)\n", ""
    )  # fmt: skip
    assert tree(out) == tree(tmp_path / "single")
    assert merge(builtin, folders[::-1], out) == (
        0, f"merged 4 shards: 62 pages for 6 documents in {out}/ (0 pages written, 0 deleted)\n", ""
    )  # fmt: skip


def test_an_instrument_of_documents_in_other_shards(builtin: Path, tmp_path: Path) -> None:
    """The decision is shard 1 of 3, the two documents it amends shards 2 and 3: its page, made by
    the merge from their histories, is the single build's."""
    make_repo(builtin)
    assert [shard_of(name, 3) for name in (NID, "jia", "yi")] == [1, 2, 3]
    single(builtin, tmp_path / "single")
    assert (tmp_path / "single" / "notices" / f"{NID}.html").is_file()
    code, out, err = merge(builtin, sharded(builtin, tmp_path / "site", 3), tmp_path / "merged")
    assert (code, out.split(" in ")[0], err) == (0, "merged 3 shards: 81 pages for 8 documents", "")
    assert tree(tmp_path / "merged") == tree(tmp_path / "single")


def test_a_merge_over_an_older_site_deletes_what_is_gone(builtin: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged"
    single(builtin, out)  # with fjwy-network-ideology and its instrument page
    shutil.rmtree(builtin / "documents" / "fjwy-network-ideology")
    single(builtin, tmp_path / "single")
    code, stdout, err = merge(builtin, sharded(builtin, tmp_path / "site", 2), out)
    assert (code, err) == (0, "")
    assert stdout.endswith(" deleted)\n") and not stdout.endswith(" 0 deleted)\n")
    assert tree(out) == tree(tmp_path / "single")


def test_a_shard_rebuilt_renders_only_what_changed(builtin: Path, tmp_path: Path) -> None:
    folder = sharded(builtin, tmp_path / "site", 2)[1]
    code, out, err = run(builtin, "build", "--shard", "2/2", "-o", str(folder), "--quiet")
    assert (code, out, err) == (
        0, f"built shard 2/2: 35 pages for 3 documents in {folder}/ (0 rendered, 3 unchanged; 0 pages written, 0 deleted)\n", ""
    )  # fmt: skip


def test_the_merge_refuses_shards_that_are_not_one_whole(builtin: Path, tmp_path: Path) -> None:
    s1, s2, s3, s4 = sharded(builtin, tmp_path / "site", 4)
    (t1,) = sharded(builtin, tmp_path / "three", 1)
    out = tmp_path / "merged"
    cases = [
        ([s1, s2, s4], "shard 3/4 missing: a merge needs all 4"),
        ([s1, s3], "shards 2/4, 4/4 missing: a merge needs all 4"),
        ([s1, s2, s2, s3, s4], f"shard 2/4 is given twice: {s2} and {s2}"),
        ([s1, s2, t1, s3, s4], f"{t1} is shard 1/1, {s1} is shard 1/4: not one split"),
        ([s1, tmp_path], f"{tmp_path} is not a shard of a site (no .policydiff-shard.json: build --shard K/N)"),
    ]
    for folders, message in cases:
        assert merge(builtin, folders, out) == (2, "", f"policydiff: {message}\n")
    manifest = s2 / ".policydiff-shard.json"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace(f'"tool": "{__version__}"', '"tool": "0.0.1"'), "utf-8")
    message = f"{s2}: shard 2/4 was built by policydiff 0.0.1, this is {__version__}"
    assert merge(builtin, [s1, s2, s3, s4], out) == (2, "", f"policydiff: {message}\n")
    manifest.write_text(text, "utf-8")
    (builtin / "documents" / "seed003-part8" / "document.yaml").open("a", encoding="utf-8").write("# edited\n")
    message = f"{s1}: shard 1/4 was built from another state of the repository"
    assert merge(builtin, [s1, s2, s3, s4], out) == (2, "", f"policydiff: {message}\n")
    assert not out.exists()


def test_the_merge_refuses_an_unfinished_shard(builtin: Path, tmp_path: Path) -> None:
    folders = sharded(builtin, tmp_path / "site", 2)
    build = folders[0] / ".policydiff-build.json"
    build.write_text(build.read_text("utf-8").replace('"digest": "', '"digest": null, "was": "', 1), "utf-8")
    message = f"{folders[0]}: shard 1/2 is incomplete (fjwy-network-ideology was not built): build it again"
    assert merge(builtin, folders, tmp_path / "merged") == (2, "", f"policydiff: {message}\n")
    code, out, _ = run(builtin, "build", "--shard", "1/2", "-o", str(folders[0]), "--quiet")
    assert (code, out.split("(")[1]) == (0, "1 rendered, 2 unchanged; 0 pages written, 0 deleted)\n")
    assert merge(builtin, folders, tmp_path / "merged")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--merge", "--shard", "1/2", "a"],
            "--merge takes no --shard, --full, --search or --allow-problems: give them to the shards",
        ),
        (
            ["--merge", "--full", "a"],
            "--merge takes no --shard, --full, --search or --allow-problems: give them to the shards",
        ),
        (["--merge"], "--merge needs the folders of the shards to join: build --merge DIR... -o OUT"),
        (["a"], "unexpected argument a: only build --merge takes folders (the shards)"),
    ],
)
def test_merge_usage(builtin: Path, args: list[str], message: str) -> None:
    assert run(builtin, "build", *args) == (2, "", f"policydiff: {message}\n")


def test_a_sharded_build_refuses_its_shards_problems_only(tmp_path: Path) -> None:
    root = problem_repo(tmp_path)
    code, out, err = run(root, "build", "--shard", "3/4", "-o", str(tmp_path / "s3"), "--quiet", "-j", "1")
    assert (code, out) == (1, "")
    assert err.endswith(
        "policydiff: not built: 2 problems (policydiff check lists them; --allow-problems builds anyway)\n"
    )
    code, out, err = run(root, "build", "--shard", "2/4", "-o", str(tmp_path / "s2"), "--quiet", "-j", "1")
    assert (code, err) == (0, "")
    assert (
        out
        == f"built shard 2/4: 30 pages for 2 documents in {tmp_path / 's2'}/ (2 rendered, 0 unchanged; 30 pages written, 0 deleted)\n"
    )


def test_with_search_the_merge_indexes_the_whole_site_once(builtin: Path, tmp_path: Path) -> None:
    if not search.available():
        pytest.skip("Pagefind is not installed (the search extra)")
    single(builtin, tmp_path / "single", "--search")
    folders = sharded(builtin, tmp_path / "site", 2, "--search")
    assert not any((f / "pagefind").exists() for f in folders)  # the shards skip it
    code, out, err = merge(builtin, folders, tmp_path / "merged")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith(f"indexed for search in {tmp_path / 'merged' / 'pagefind'}/ (")
    assert tree(tmp_path / "merged") == tree(tmp_path / "single")
    other = sharded(builtin, tmp_path / "plain", 2)
    message = f"{other[1]}: shard 2/2 was built without --search"
    assert merge(builtin, [folders[0], other[1]], tmp_path / "mixed") == (2, "", f"policydiff: {message}\n")


# --------------------------------------------------------------------------- 300 corpus documents


def corpus_repo(root: Path, count: int) -> Path:
    """*count* documents imported from the corpus fixtures (tests/fixtures/corpus, 39 files, taken
    in turn under new ids: c000, c001, …)."""
    repo = Repository(root)
    sources = sorted((FIXTURES / "corpus").rglob("*.md"))
    made = 0
    for k in range(count * 2):
        md = sources[k % len(sources)]
        try:
            doc, _ = parse_markdown(md.read_text("utf-8"), slug=f"c{made:03d}", name=str(md))
        except PolicyDiffError:  # a fixture with no body
            continue
        repo.create(doc)
        made += 1
        if made == count:
            return root
    raise AssertionError(f"only {made} documents")


def test_four_shards_of_300_corpus_documents_merged_are_one_build(tmp_path: Path) -> None:
    root = corpus_repo(tmp_path / "repo", 300)
    single(root, tmp_path / "single", "--allow-problems")
    folders = sharded(root, tmp_path / "site", 4, "--allow-problems")
    sizes = [len(json.loads((f / ".policydiff-shard.json").read_text("utf-8"))["documents"]) for f in folders]
    assert sum(sizes) == 300 and min(sizes) > 50
    code, out, err = merge(root, folders, tmp_path / "merged")
    assert (code, err) == (0, "")
    assert out.startswith("merged 4 shards: ") and " for 300 documents in " in out
    merged, whole = tree(tmp_path / "merged"), tree(tmp_path / "single")
    assert sorted(merged) == sorted(whole)
    assert merged == whole


# --------------------------------------------------------------------------- the workflow


def _workflow_runs(job: dict[str, object]) -> dict[str, str]:
    steps = job["steps"]
    assert isinstance(steps, list)
    return {step["name"]: step["run"] for step in steps if "run" in step}


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` step as the runner runs it: `bash -e {0}` in the checkout, with the job's env."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full = {**os.environ, **env, "PATH": path}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, check=False)


def test_the_sharded_workflow_s_own_steps_build_what_one_build_builds(builtin: Path, tmp_path: Path) -> None:
    """publish-sharded.yml's check, build and merge scripts, run with bash as the runner runs them:
    each matrix job in a checkout of its own, its folder carried (hidden files included, as the
    artifact is) to the merge job's `shards/shard-K`; the site is one `build --search`'s, byte for byte."""
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load(
        (Path(__file__).parent.parent / ".github/workflows/publish-sharded.yml").read_text()
    )
    shards = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(workflow["env"]["SHARDS"]) + 1))
    steps = _workflow_runs(workflow["jobs"]["shard"])
    for k in shards:
        checkout = shutil.copytree(builtin, tmp_path / f"runner-{k}")
        env = {"SHARDS": str(workflow["env"]["SHARDS"]), "SHARD": str(k)}
        for name in ("Check this shard's documents", "Build this shard's pages"):
            done = _bash(steps[name], checkout, env)
            assert done.returncode == 0, (name, done.stdout, done.stderr)
        shutil.copytree(checkout / "shard", tmp_path / "merge" / "shards" / f"shard-{k}")
    shutil.copytree(builtin / "documents", tmp_path / "merge" / "documents")
    merged = _bash(_workflow_runs(workflow["jobs"]["merge"])["Merge the shards into the site"], tmp_path / "merge", {})
    assert merged.returncode == 0, merged.stderr
    single(builtin, tmp_path / "single", "--search")
    assert tree(tmp_path / "merge" / "site") == tree(tmp_path / "single")
