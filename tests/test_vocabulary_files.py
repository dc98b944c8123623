"""The shipped vocabulary, a city's `--vocabulary` files, and near misses."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import polars as pl
import pytest
from pydantic import ValidationError

from dxparse import vocabulary
from dxparse.parsers.action_plan import common
from dxparse.vocabulary import VocabularyError, fold, merged, nearest, shipped
from tests.conftest import AP_SEED, DX_SEED, run_cli


def test_the_vocabulary_ships_as_package_data() -> None:
    folder = resources.files("dxparse.vocabulary")
    assert {"common.toml", "dx.toml", "action_plan.toml"} <= {p.name for p in folder.iterdir()}
    assert "担当部局" in shipped().action_plan.labels["department"].wordings
    assert shipped() is shipped()  # read once


def test_no_shipped_wording_names_two_labels() -> None:
    labels = common.labels()
    for name, label in shipped().action_plan.labels.items():
        for word in label.wordings:
            key = vocabulary.compact_key(word)
            assert [n for n in labels.labels if labels.matches(n, key)] == [name], word
    headers = [vocabulary.compact_key(w) for words in shipped().dx.headers.values() for w in words]
    assert len(headers) == len(set(headers))


def test_the_contract_lists_come_from_the_files() -> None:
    assert shipped().dx.statuses == vocabulary.DX_STATUSES
    assert vocabulary.AP_DIRECTIONS[-1] == "廃止"


# --- near misses -------------------------------------------------------------------------


def test_folding_drops_okurigana_and_kana_script() -> None:
    assert fold("取り組み項目") == fold("取組項目")
    assert fold("コメント") == fold("こめんと")


@pytest.mark.parametrize(
    ("printed", "known"),
    [
        ("取り組み項目", "取組項目"),
        ("担当部暑", "担当部署"),
        ("総合評", "総合評価"),
        ("コメソト", "コメント"),
    ],
)
def test_a_close_wording_names_the_nearest(printed: str, known: str) -> None:
    wordings = [w for label in shipped().action_plan.labels.values() for w in label.wordings]
    assert nearest(printed, wordings) == known


@pytest.mark.parametrize("printed", ["市民生活部", "担当", "令和元年度", ""])
def test_a_text_far_from_every_wording_names_none(printed: str) -> None:
    assert nearest(printed, ["担当部署", "取組項目", "総合評価"]) is None


# --- city files ---------------------------------------------------------------------------

CITY = """
[action_plan.labels.department]
wordings = ["所管部局"]

[dx.headers]
outlook = ["今後の予定"]
"""


def _edited(folder: Path, seed: Path, old: str, new: str) -> Path:
    text, count = re.subn(rf"(?m)(?:^|(?<=\s)){old}(?=\s|$)", new, seed.read_text("utf-8"))
    assert count >= 4
    path = folder / f"city_{seed.name}"
    path.write_text(text, "utf-8")
    return path


def _extract(tmp_path: Path, *args: str) -> dict[str, pl.DataFrame]:
    out = tmp_path / "out"
    result = run_cli("extract", *args, "-o", str(out), "--no-progress")
    assert result.exit_code in (0, 1), result.output
    return {
        name: pl.read_parquet(out / f"{name}.parquet")
        for name in ("ap_initiatives", "dx_measures", "extraction_issues")
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_city_file_adds_its_wordings_in_every_worker(tmp_path: Path, jobs: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    _edited(inputs, AP_SEED, "担当部署", "所管部局")
    _edited(inputs, DX_SEED, "今後の展開", "今後の予定")
    city = tmp_path / "city.toml"
    city.write_text(CITY, "utf-8")

    without = _extract(tmp_path / "a", str(inputs), "--jobs", jobs)
    assert without["ap_initiatives"]["department"].null_count() == 5
    assert without["dx_measures"].height == 0
    issues = without["extraction_issues"]
    assert {"label_not_found", "no_progress_table"} <= set(issues["code"])
    # Which header was not recognised: the issue row's raw.
    assert "今後の予定" in issues.filter(pl.col("code") == "unknown_header")["raw"].to_list()

    with_city = _extract(tmp_path / "b", str(inputs), "--jobs", jobs, "--vocabulary", str(city))
    seeds = _extract(tmp_path / "c", str(AP_SEED), str(DX_SEED), "--jobs", jobs)
    for name in ("ap_initiatives", "dx_measures"):
        got = with_city[name].drop("document_id")
        assert got.equals(seeds[name].drop("document_id")), name
    assert with_city["ap_initiatives"]["department"].null_count() == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[action_plan.labels.department]\nwordings = [1]\n", "action_plan.labels.department"),
        ("[action_plan.labels.department]\nwordings = ['担当者']\n", "already a wording of staff"),
        ("[action_plan.labels.departmnet]\nwordings = ['所管部局']\n", "departmnet: no such label"),
        (
            "[dx.headers]\nitem = ['詳細']\n",
            "dx.headers.item: '詳細' is already a wording of detail",
        ),
        ("[dx.patterns]\nyear = 'x'\n", "dx.patterns"),
        ("[action_plan]\nyes = ['無']\n", "'無' is in both"),
        ("wordings = [", "not a TOML file"),
        (None, "cannot read"),
    ],
)
def test_a_bad_city_file_is_a_usage_error(tmp_path: Path, text: str | None, says: str) -> None:
    city = tmp_path / "city.toml"
    if text is not None:  # None: no such file
        city.write_text(text, "utf-8")
    result = run_cli(
        "extract", str(AP_SEED), "-o", str(tmp_path / "out"), "--vocabulary", str(city)
    )
    assert result.exit_code == 2
    assert f"{city}: " in result.output
    assert says in result.output
    assert not (tmp_path / "out").exists()


def test_two_city_files_that_give_one_wording_to_two_fields_conflict(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text("[action_plan.labels.department]\nwordings = ['所管']\n", "utf-8")
    second.write_text("[action_plan.labels.staff]\nwordings = ['所管']\n", "utf-8")
    with pytest.raises(VocabularyError, match=r"b\.toml: action_plan\.labels\.staff: '所管'"):
        merged((str(first), str(second)))


def test_the_readme_example_file_validates_and_adds_its_wordings(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S)
    assert example is not None
    city = tmp_path / "city.toml"
    city.write_text(example.group(1), "utf-8")
    extended = merged((str(city),))
    assert "所管部局" in extended.action_plan.labels["department"].wordings
    assert "今後の予定" in extended.dx.headers["outlook"]
    assert "拡充" in extended.action_plan.directions


def test_a_city_file_is_used_only_for_its_run(tmp_path: Path) -> None:
    city = tmp_path / "city.toml"
    city.write_text(CITY, "utf-8")
    result = run_cli(
        "extract", str(AP_SEED), "-o", str(tmp_path / "out"), "--vocabulary", str(city)
    )
    assert result.exit_code in (0, 1), result.output
    assert vocabulary.active() is shipped()


def test_the_shipped_files_are_validated_on_load() -> None:
    folder = resources.files("dxparse.vocabulary")
    data = {
        name: tomllib.loads(folder.joinpath(f"{name}.toml").read_text("utf-8"))
        for name in ("common", "dx", "action_plan")
    }
    assert vocabulary.Vocabulary.model_validate(data) == shipped()
    data["dx"]["outlook"]["拡張"] = ["拡張"]  # no such category in the contract
    with pytest.raises(ValidationError, match=r"dx\.outlook: unknown"):
        vocabulary.Vocabulary.model_validate(data)
    data["dx"]["outlook"].pop("拡張")
    data["action_plan"]["patterns"]["title"] = "(unclosed"
    with pytest.raises(ValidationError, match="not a regular expression"):
        vocabulary.Vocabulary.model_validate(data)
