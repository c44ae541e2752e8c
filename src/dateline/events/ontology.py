"""The PLOVER event ontology, its CAMEO side, the trigger lexicon and mappings from other schemes, as data.

Tables live in ``dateline/data/events`` (see docs/ontology.md); a user codebook (YAML) adds event
types and triggers on top of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
POS = ("VERB", "NOUN")
PLACE = "@PLACE"  # context token: a place mention (GPE/LOC/FAC) in the trigger's phrase
SEED_WEIGHT = 0.5  # weight of triggers seeded from a custom type's example sentences
DEFAULT_WEIGHT = 0.6  # weight of codebook trigger words given without one


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a lemma that signals (type, mode) when its particle and context hold."""

    type: str
    mode: str | None
    cameo: str | None
    pos: str
    particle: str | None
    context: tuple[str, ...]
    weight: float
    lemma: str = ""
    origin: str = "builtin"


@dataclass
class EventType:
    """A PLOVER (or codebook) event type: definition, modes with their CAMEO codes, quad class."""

    name: str
    definition: str
    modes: dict[str, str | None] = field(default_factory=dict)
    cameo: str | None = None
    quad: int | None = None
    intensity: float | None = None
    examples: tuple[str, ...] = ()
    custom: bool = False


@dataclass(frozen=True)
class CameoCode:
    """A CAMEO event code with its Goldstein value and the PLOVER type and mode it converts to."""

    code: str
    name: str
    goldstein: float
    type: str | None
    mode: str | None


def _rows(name: str, width: int) -> list[list[str]]:
    """Tab-separated rows of ``data/events/<name>`` padded to width cells, without blanks and ``#`` comments."""
    text = resources.files("dateline.data").joinpath("events", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row[:width] + [""] * (width - len(row)) for row in rows]


def _trigger_files() -> list[str]:
    """Names of the built-in trigger tables, sorted."""
    folder = resources.files("dateline.data").joinpath("events")
    return sorted(p.name for p in folder.iterdir() if re.fullmatch(r"triggers_\w+\.tsv", p.name))


def _opt(value: str) -> str | None:
    """A table cell, with "" and "-" read as None."""
    value = value.strip()
    return None if value in ("", "-") else value


class Ontology:
    """Event types, modes, CAMEO codes (QuadClass, Goldstein), triggers and scheme mappings."""

    def __init__(self) -> None:
        self.types: dict[str, EventType] = {}
        self.cameo: dict[str, CameoCode] = {}
        self._quads: dict[str, int] = {}
        self._aliases: dict[tuple[str, str], str] = {}
        self._triggers: dict[tuple[str, str], list[Trigger]] = {}
        self._mappings: dict[str, dict[str, tuple[str | None, str | None]]] = {}
        self._fixes: dict[tuple[str, str], str] = {}
        self._spelling: dict[str, set[str]] = {}
        self._ize_exceptions: set[str] = set()
        self.intents: dict[str, tuple[str, str]] = {}  # announced type -> (verbal type, CAMEO)

    # --- lookups -------------------------------------------------------------------------------

    def cameo_for(self, type: str, mode: str | None = None) -> str | None:
        """The closest CAMEO code of (type, mode); the type's default when the mode is None or unknown."""
        event_type = self.types.get(type.upper())
        if event_type is None:
            return None
        mode = self.normalise_mode(type, mode)
        if mode is not None and mode in event_type.modes:
            return event_type.modes[mode]
        return event_type.cameo

    def normalise_mode(self, type: str, mode: str | None) -> str | None:
        """The mode name for a mode or one of its aliases ("strike-hun" -> "hunger"); None if unknown."""
        if not mode:
            return None
        key = mode.strip().lower()
        modes = self.types[type.upper()].modes if type.upper() in self.types else {}
        return key if key in modes else self._aliases.get((type.upper(), key))

    def quad_class(self, cameo: str) -> int:
        """QuadClass of a CAMEO code: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
        root = cameo.strip()[:2]
        if root not in self._quads:
            raise ValueError(f"not a CAMEO code: {cameo!r}")
        return self._quads[root]

    def goldstein(self, cameo: str) -> float:
        """Goldstein value of a CAMEO code (a code not listed takes its longest listed prefix's value)."""
        code = cameo.strip()
        for end in range(len(code), 1, -1):
            if code[:end] in self.cameo:
                return self.cameo[code[:end]].goldstein
        raise KeyError(f"no Goldstein value for CAMEO code {cameo!r}")

    def plover_for_cameo(self, cameo: str) -> tuple[str, str | None] | None:
        """The PLOVER (type, mode) a CAMEO code converts to, by its longest listed prefix; None if none."""
        code = cameo.strip()
        for end in range(len(code), 1, -1):
            entry = self.cameo.get(code[:end])
            if entry is not None:
                return (entry.type, entry.mode) if entry.type else None
        return None

    def lemma(self, form: str, lemma: str, pos: str) -> str:
        """The lemma to look triggers up by: spaCy's, corrected for the forms in lemma_fixes.tsv."""
        return self._fixes.get((form.lower(), pos.upper()), lemma.lower())

    def triggers_for(self, lemma: str, pos: str | None = None) -> list[Trigger]:
        """Triggers of a lemma (any part of speech when pos is None), highest weight first."""
        key = lemma.lower()
        poses = (pos.upper(),) if pos else POS
        found: list[Trigger] = []
        for p in poses:
            found += self._triggers.get((key, p), [])
            fixed = self._fixes.get((key, p))
            if fixed and fixed != key:
                found += self._triggers.get((fixed, p), [])
        return sorted(found, key=lambda t: (-t.weight, -len(t.context), t.type))

    def trigger_lemmas(self, pos: str | None = None) -> set[str]:
        """Every lemma that has a trigger (of that part of speech when given)."""
        return {lemma for lemma, p in self._triggers if pos is None or p == pos.upper()}

    def mapping(self, scheme: str) -> dict[str, str]:
        """Labels of another scheme -> PLOVER type (or penta class for "penta"); unmapped labels left out."""
        table = self._scheme(scheme)
        return {key: value for key, (value, _mode) in table.items() if value}

    def map_label(self, scheme: str, label: str) -> tuple[str, str | None] | None:
        """The (PLOVER type, mode) of another scheme's label; None when it has no PLOVER type."""
        value, mode = self._scheme(scheme).get(label, (None, None))
        return (value, mode) if value else None

    def labels(self, scheme: str) -> set[str]:
        """Every label of a scheme the tables list, mapped or deliberately not."""
        return set(self._scheme(scheme))

    def schemes(self) -> list[str]:
        """Names of the schemes ``mapping`` knows."""
        return sorted(self._mappings)

    def _scheme(self, scheme: str) -> dict[str, tuple[str | None, str | None]]:
        """The table of one scheme, or a ValueError naming the known ones."""
        if scheme not in self._mappings:
            raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(self.schemes())}")
        return self._mappings[scheme]

    # --- building ------------------------------------------------------------------------------

    def add_trigger(self, lemma: str, trigger: Trigger) -> None:
        """Add a trigger under a lemma and under its other spellings (British/American)."""
        context = tuple(sorted({v for word in trigger.context for v in self.spellings(word)}))
        for form in self.spellings(lemma.lower()):
            entry = Trigger(trigger.type, trigger.mode, trigger.cameo, trigger.pos, trigger.particle,
                            context, trigger.weight, form, trigger.origin)
            bucket = self._triggers.setdefault((form, trigger.pos), [])
            if entry not in bucket:
                bucket.append(entry)

    def spellings(self, word: str) -> set[str]:
        """A word and its British/American spelling variants (spelling.tsv pairs, -ize -> -ise rule)."""
        forms = {word} | self._spelling.get(word, set())
        if word not in self._ize_exceptions:
            for us, gb in (("ization", "isation"), ("ize", "ise"), ("yze", "yse")):
                if word.endswith(us) and len(word) > len(us) + 2:
                    forms.add(word[: -len(us)] + gb)
                    break
        return forms


def _load_builtin() -> Ontology:
    """The ontology from the shipped tables alone."""
    onto = Ontology()
    for row in _rows("spelling.tsv", 2):
        if row[0] == "ize_exceptions":
            onto._ize_exceptions = set(row[1].split("|"))
            continue
        onto._spelling.setdefault(row[0], set()).add(row[1])
        onto._spelling.setdefault(row[1], set()).add(row[0])
    for form, pos, lemma in _rows("lemma_fixes.tsv", 3):
        onto._fixes[(form, pos)] = lemma
    for code, quad, goldstein, type_, mode, name in _rows("cameo.tsv", 6):
        onto.cameo[code] = CameoCode(code, name, float(goldstein), _opt(type_), _opt(mode))
        if _opt(quad):
            onto._quads[code] = int(quad)
    for name, quad, intensity, definition in _rows("types.tsv", 4):
        onto.types[name] = EventType(name, definition, quad=int(quad), intensity=float(intensity))
    for type_, mode, cameo, aliases, _description in _rows("modes.tsv", 5):
        event_type = onto.types[type_]
        if _opt(mode) is None:
            event_type.cameo = _opt(cameo)
            continue
        event_type.modes[mode] = _opt(cameo)
        for alias in filter(None, aliases.split("|")):
            onto._aliases[(type_, alias.lower())] = mode
    for announced, verbal, cameo in _rows("intents.tsv", 3):
        onto.intents[announced] = (verbal, cameo)
    for scheme, key, value, mode, _note in _rows("mappings.tsv", 5):
        onto._mappings.setdefault(scheme, {})[key] = (_opt(value), _opt(mode))
    for name in _trigger_files():
        for lemma, pos, particle, context, type_, mode, cameo, weight in _rows(name, 8):
            words = tuple(w for w in context.split("|") if _opt(w))
            trigger = Trigger(type_, _opt(mode), _opt(cameo), pos, _opt(particle), words, float(weight),
                              lemma, name)
            onto.add_trigger(lemma, trigger)
    return onto


def _parse_trigger(item: object, type_: str, origin: str) -> tuple[str, list[Trigger]]:
    """A codebook trigger ("walk out", "breach/NOUN" or a mapping) -> its lemma and triggers."""
    if isinstance(item, str):
        item = {"lemma": item}
    if not isinstance(item, dict) or not item.get("lemma"):
        raise ConfigError(f"{origin}: a trigger of {type_} needs a lemma: {item!r}")
    text = str(item["lemma"]).strip().lower()
    pos = item.get("pos")
    if "/" in text:
        text, pos = text.rsplit("/", 1)
    words = text.split()
    lemma, particle = words[0], item.get("particle") or (" ".join(words[1:]) or None)
    context = item.get("context") or ()
    context = tuple(str(w).lower() for w in ([context] if isinstance(context, str) else context))
    weight = float(item.get("weight", DEFAULT_WEIGHT))
    if not 0.0 <= weight <= 1.0:
        raise ConfigError(f"{origin}: weight of trigger {lemma!r} must be between 0 and 1")
    poses = [str(pos).upper()] if pos else list(POS)
    mode, cameo = item.get("mode"), item.get("cameo")
    return lemma, [Trigger(type_, mode, str(cameo) if cameo else None, p, particle, context, weight, lemma,
                           origin) for p in poses]


def seed_lemmas(examples: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(lemma, pos) of the main word (the parse root, a VERB or NOUN, not "be"/"have") of each example."""
    nlp = _seed_nlp()
    seeds: list[tuple[str, str]] = []
    for doc in nlp.pipe(list(examples)):
        for sent in doc.sents:
            root = sent.root
            if root.pos_ in POS and root.lemma_.lower() not in ("be", "have", "say"):
                seed = (root.lemma_.lower(), root.pos_)
                if seed not in seeds:
                    seeds.append(seed)
    return seeds


@lru_cache(maxsize=1)
def _seed_nlp():
    """The spaCy English pipeline with parser and lemmatizer, for seeding triggers from examples."""
    from ..nlp import load_model
    return load_model(exclude=("ner",))


def _apply_codebook(onto: Ontology, path: Path) -> None:
    """Add the event types and triggers of a YAML codebook to the ontology."""
    import yaml

    origin = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{origin}: cannot read the codebook: {err}") from err
    entries = data.get("types") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: a codebook needs a 'types' list")
    for name in data.get("exclude") or []:  # built-in types the codebook replaces or switches off
        _exclude_type(onto, str(name).strip().upper())
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ConfigError(f"{origin}: every type needs a name: {entry!r}")
        name = str(entry["name"]).strip().upper()
        examples = tuple(str(s) for s in entry.get("examples") or ())
        event_type = onto.types.get(name)
        if event_type is None:
            if not entry.get("definition"):
                raise ConfigError(f"{origin}: new type {name} needs a one-sentence definition")
            cameo = str(entry["cameo"]) if entry.get("cameo") else None
            quad = entry.get("quad") or (onto._quads.get(cameo[:2]) if cameo else None)
            modes = entry.get("modes") or {}
            modes = {str(m): None for m in modes} if isinstance(modes, list) else {
                str(m): (str(c) if c else None) for m, c in modes.items()}
            event_type = EventType(name, str(entry["definition"]).strip(), modes, cameo,
                                   int(quad) if quad else None, None, examples, custom=True)
            onto.types[name] = event_type
        else:
            event_type.examples += examples
        words = entry.get("triggers") or []
        if not words and examples:
            words = [{"lemma": lemma, "pos": pos, "weight": SEED_WEIGHT} for lemma, pos in seed_lemmas(examples)]
        for item in words:
            lemma, triggers = _parse_trigger(item, name, origin)
            for trigger in triggers:
                if trigger.cameo is None:
                    trigger = Trigger(trigger.type, trigger.mode, onto.cameo_for(name, trigger.mode), trigger.pos,
                                      trigger.particle, trigger.context, trigger.weight, trigger.lemma,
                                      trigger.origin)
                onto.add_trigger(lemma, trigger)


def _exclude_type(onto: Ontology, name: str) -> None:
    """Remove a type and every trigger of it from the ontology."""
    onto.types.pop(name, None)
    onto.intents = {k: v for k, v in onto.intents.items() if name not in (k, v[0])}
    for key in list(onto._triggers):
        onto._triggers[key] = [t for t in onto._triggers[key] if t.type != name]


@lru_cache(maxsize=8)
def load_ontology(codebook: str | None = None) -> Ontology:
    """The ontology from the shipped tables, plus a user's YAML codebook when given (cached per path)."""
    onto = _load_builtin()
    if codebook:
        path = Path(codebook)
        if not path.is_file():
            raise ConfigError(f"{codebook}: no such codebook file")
        _apply_codebook(onto, path)
    return onto


def mapping(scheme: str) -> dict[str, str]:
    """Labels of another scheme -> PLOVER type (see ``Ontology.mapping``), from the built-in tables."""
    return load_ontology().mapping(scheme)
