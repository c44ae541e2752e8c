"""The event rules' words live in one table, read by one loader that the user's files can extend."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.glossary import GLOSSARY

from dateline.data import tsv_rows
from dateline.errors import ConfigError
from dateline.events.vocabulary import TABLE, read_vocabulary, words
from dateline.settings import Config

EVENTS = Path(__file__).resolve().parents[1] / "src" / "dateline" / "events"
# Named literals that are codes, not words: record keys, date precisions, the mode codes of modes.tsv.
CODES = {"RECORD_ORDER", "DATE_PRECISIONS", "WAR_MODES"}


def test_every_list_in_the_table_is_read_whole_and_by_a_rule():
    table: dict[str, set[str]] = {}
    for name, word in tsv_rows(TABLE):
        table.setdefault(name, set()).add(word)
    code = "".join(p.read_text(encoding="utf-8") for p in EVENTS.glob("*.py"))
    read = set(re.findall(r'\bwords\("([a-z_]+)"\)', code))
    assert read == set(table)  # no list a rule asks for is missing, none in the table is unread
    for name, expected in table.items():
        assert words(name) == frozenset(expected)


def test_a_user_file_extends_a_list(tmp_path):
    extra = tmp_path / "my_words.tsv"
    extra.write_text("# my own\nlight_verbs\tunleash\n", encoding="utf-8")
    lists = read_vocabulary((str(extra),))
    assert "unleash" in lists["light_verbs"] and "unleash" not in words("light_verbs")
    assert lists["light_verbs"] > words("light_verbs") and lists["speech_verbs"] == words("speech_verbs")


def test_a_user_file_with_an_unknown_list_or_bad_row_is_refused(tmp_path):
    misspelt = tmp_path / "misspelt.tsv"
    misspelt.write_text("ligth_verbs\tunleash\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ligth_verbs"):
        read_vocabulary((str(misspelt),))
    bad = tmp_path / "bad.tsv"
    bad.write_text("light_verbs unleash\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.tsv"):
        read_vocabulary((str(bad),))
    with pytest.raises(ConfigError, match="absent.tsv"):
        read_vocabulary((str(tmp_path / "absent.tsv"),))


def test_the_setting_reaches_the_rules(tmp_path, monkeypatch):
    extra = tmp_path / "extra.tsv"
    extra.write_text("light_verbs\tunleash\n", encoding="utf-8")
    monkeypatch.setenv("DATELINE_VOCABULARY_FILES", str(extra))
    assert Config.load().vocabulary_files == (str(extra),)
    # the lists are read once, at import: a fresh interpreter shows the rule module's list extended
    check = "from dateline.events.triggers import LIGHT_VERBS; print('unleash' in LIGHT_VERBS)"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                         env={**os.environ, "DATELINE_VOCABULARY_FILES": str(extra)}, check=True)
    assert out.stdout.strip() == "True"


def _word_lists(tree: ast.Module):
    """(line, name or None, strings) of every set, tuple or list literal of more than five strings."""
    names = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            for node in ast.walk(statement.value):
                names[id(node)] = statement.targets[0].id
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(strings) > 5:
                yield node.lineno, names.get(id(node)), strings


def test_no_rule_module_holds_a_word_list():
    found = []
    for path in sorted(EVENTS.glob("*.py")):
        for line, name, strings in _word_lists(ast.parse(path.read_text(encoding="utf-8"))):
            labels = all(s in GLOSSARY or s.isupper() for s in strings)  # dependency labels, type codes
            if not labels and name not in CODES:
                found.append(f"{path.name}:{line} {name or '(inline)'} {strings[:3]}...")
    assert not found, "word lists belong in data/events/vocabulary.tsv: " + "; ".join(found)


def test_the_cli_refuses_a_bad_vocabulary_file_before_reading_any_article(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app

    misspelt = tmp_path / "misspelt.tsv"
    misspelt.write_text("ligth_verbs\tunleash\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "-"], input="Troops crossed the river.\n",
                                env={"DATELINE_VOCABULARY_FILES": str(misspelt)})
    assert result.exit_code == 2 and "misspelt.tsv" in result.output and "ligth_verbs" in result.output
