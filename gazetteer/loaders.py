"""One cached loader per gazetteer file; rows are validated and bad rows named."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources

import regex

from pipeline.errors import GazetteerError


def _path(name: str):
    return resources.files(__package__).joinpath(name)


def read_csv(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a gazetteer CSV; a row missing a required value raises GazetteerError."""
    with _path(name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        if None in row:
            # csv puts surplus fields under None: an unquoted comma split a value
            raise GazetteerError(f"{name} line {i}: more fields than the header; quote a value that holds a comma")
        for col in required:
            if not (row.get(col) or "").strip():
                raise GazetteerError(f"{name} line {i}: empty {col!r}")
    return rows


def read_jsonl(name: str) -> list[dict]:
    out = []
    with _path(name).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GazetteerError(f"{name} line {i}: {exc}") from exc
    return out


def labelled_rows(name: str, column: str, labels, required: tuple[str, ...]):
    """(line, label, row) of a CSV whose `column` names one of `labels`; any other value raises GazetteerError."""
    for i, row in enumerate(read_csv(name, required=(column, *required)), start=2):
        label = row[column].strip()
        if label not in labels:
            raise GazetteerError(f"{name} line {i}: unknown {column} {label!r}")
        yield i, label, row


def read_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a text list."""
    with _path(name).open(encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


def _compile(name: str, i: int, pattern: str) -> regex.Pattern:
    try:
        return regex.compile(pattern, regex.MULTILINE)
    except regex.error as exc:
        raise GazetteerError(f"{name} row {i}: bad pattern {pattern!r}: {exc}") from exc


@lru_cache(maxsize=None)
def boilerplate() -> dict[str, tuple[regex.Pattern, ...]]:
    """Page-furniture patterns by kind: `tail` (cut to the end), `line`, `inline`."""
    rows = read_csv("boilerplate.csv", required=("kind", "pattern"))
    out: dict[str, list] = {"tail": [], "line": [], "inline": []}
    for i, row in enumerate(rows, start=2):
        if row["kind"] not in out:
            raise GazetteerError(f"boilerplate.csv line {i}: unknown kind {row['kind']!r}")
        out[row["kind"]].append(_compile("boilerplate.csv", i, row["pattern"]))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def tone_marks() -> dict[str, str]:
    """Old-style → modern tone placement for syllable-final oa/oe/uy (lower case; capitals derived)."""
    table = {}
    for row in read_csv("tone_marks.csv", required=("old", "new")):
        table[row["old"]] = row["new"]
        table[row["old"].capitalize()] = row["new"].capitalize()
        table[row["old"].upper()] = row["new"].upper()
    return table


@lru_cache(maxsize=None)
def lookalikes() -> dict[str, str]:
    """Characters replaced before anything else reads the text (look-alikes, odd spaces, invisibles)."""
    table = {}
    for row in read_csv("lookalikes.csv", required=("char",)):
        char = row["char"].encode("ascii", "backslashreplace").decode("unicode_escape") if row["char"].startswith("\\u") else row["char"]
        repl = row["replacement"]
        table[char] = repl
    return table


@lru_cache(maxsize=None)
def sentence_cues() -> regex.Pattern:
    """The tokeniser's gate: any cue word, or a digit."""
    words = read_lines("sentence_cues.txt")
    if not words:
        raise GazetteerError("sentence_cues.txt: no cue words (the gate would pass nothing)")
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"\d|(?<!\p{{L}})(?:{alts})(?!\p{{L}})", regex.IGNORECASE)


@lru_cache(maxsize=None)
def award_vocabulary() -> dict[str, dict[str, str]]:
    """award_id → its row of the contract's vocabulary (name_vi, kind, level, issuer, has_classes)."""
    rows = read_csv("award_vocabulary.csv", required=("award_id", "name_vi"))
    return {row["award_id"]: row for row in rows}


def _short(name: str) -> str:
    """"Tỉnh Hà Giang" → "Hà Giang", "Thành phố Cần Thơ" → "Cần Thơ"."""
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@lru_cache(maxsize=None)
def admin_units() -> list[dict]:
    """Provinces (63 pre-2025, 34 post-2025) and pre-2025 districts, with canonical short names.

    Each unit: level, name (full), short, province (pre-2025 short name, None for
    post-2025 units), province_2025 (short), unit_type, aliases (tuple).
    """
    units = []
    for i, row in enumerate(read_csv("provinces.csv", required=("level", "name", "short_name")), start=2):
        level = row["level"]
        if level not in ("province_2025", "province_pre2025", "district_pre2025"):
            raise GazetteerError(f"provinces.csv line {i}: unknown level {level!r}")
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        units.append({
            "level": level,
            "name": row["name"],
            "short": row["short_name"],
            "unit_type": row["unit_type"],
            "province": row["short_name"] if level == "province_pre2025" else (_short(row["old_province"]) if row["old_province"] else None),
            "province_2025": _short(row["new_province"]),
            "aliases": aliases,
        })
    return units


@lru_cache(maxsize=None)
def province_aliases() -> dict[str, str]:
    """Extra written forms of pre-2025 provinces (`province_aliases.csv`) → the province's short name.

    provinces.csv stays the reference's copy; forms seen in news that it lacks live here.
    """
    known = {u["short"] for u in admin_units() if u["level"] == "province_pre2025"}
    out = {}
    for i, row in enumerate(read_csv("province_aliases.csv", required=("form", "province")), start=2):
        if row["province"] not in known:
            raise GazetteerError(f"province_aliases.csv line {i}: {row['province']!r} is no pre-2025 province of provinces.csv")
        out[row["form"].strip()] = row["province"]
    return out


@lru_cache(maxsize=None)
def province_2025_of() -> dict[str, str]:
    """Pre-2025 province short name → post-2025 province short name (Resolution 202/2025/QH15)."""
    return {u["short"]: u["province_2025"] for u in admin_units() if u["level"] == "province_pre2025"}


_PLACE_LABELS = {"PROVINCE_TYPE", "PROVINCE_BODY", "DISTRICT_TYPE", "DISTRICT_BODY", "UPGRADED_TYPE", "NEEDS_TYPE", "FORMER_AFTER"}


@lru_cache(maxsize=None)
def place_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """label → ((form, unit_type), …): the words written around place names (`place_words.csv`).

    PROVINCE_TYPE/BODY and DISTRICT_TYPE/BODY are written before a name ("tỉnh",
    "Huyện ủy"); a district word carries the unit type it names. UPGRADED_TYPE
    lists the types a district may have changed between; NEEDS_TYPE names forms
    that count only after a type word; FORMER_AFTER marks a unit merged away.
    """
    unit_types = {u["unit_type"] for u in admin_units() if u["level"] == "district_pre2025"}
    province_forms = {f for u in admin_units() if u["level"] == "province_pre2025" for f in (u["short"], *u["aliases"])}
    out: dict[str, list[tuple[str, str]]] = {label: [] for label in _PLACE_LABELS}
    for i, label, row in labelled_rows("place_words.csv", "label", _PLACE_LABELS, ("form",)):
        form, unit_type = row["form"].strip(), (row.get("unit_type") or "").strip()
        if label.startswith("DISTRICT") or label == "UPGRADED_TYPE":
            if unit_type not in unit_types:
                raise GazetteerError(f"place_words.csv line {i}: unit_type {unit_type!r} is none of {sorted(unit_types)}")
        if label == "NEEDS_TYPE" and form not in province_forms:
            raise GazetteerError(f"place_words.csv line {i}: {form!r} is no province form of provinces.csv")
        out[label].append((form, unit_type))
    return {label: tuple(forms) for label, forms in out.items()}


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    """Vietnamese family names (`surnames.txt`), each one capitalised syllable."""
    names = read_lines("surnames.txt")
    for name in names:
        if not regex.fullmatch(r"\p{Lu}\p{Ll}*", name):
            raise GazetteerError(f"surnames.txt: {name!r} is not one capitalised syllable")
    return frozenset(names)


@lru_cache(maxsize=None)
def honorifics() -> tuple[str, ...]:
    """Words written before a person's name ("ông", "đồng chí", "Đại tá"), as `honorifics.txt` spells them."""
    return tuple(read_lines("honorifics.txt"))


_DATE_LABELS = {"TIME_OF_DAY", "DAY", "WEEKDAY", "RANGE_JOIN", "DOCUMENT", "TARGET", "PERIOD", "STAMP_LABEL"}


@lru_cache(maxsize=None)
def date_words() -> dict[str, tuple[str, ...]]:
    """label → words of `date_words.csv`: cues before a date, weekdays, range joins, document and
    target words, the labels of a publication stamp."""
    out: dict[str, list[str]] = {label: [] for label in _DATE_LABELS}
    for _, label, row in labelled_rows("date_words.csv", "label", _DATE_LABELS, ("form",)):
        out[label].append(row["form"].strip())
    for label, forms in out.items():
        if not forms:
            raise GazetteerError(f"date_words.csv: no row for {label} (an empty group would match everything)")
    return {label: tuple(forms) for label, forms in out.items()}


# --- awards ---

_AWARD_LABELS = {
    # label: (needs "pattern", what "id" must be)
    "NUMBER_WORD": (True, None), "MONEY_UNIT": (True, "int"), "CURRENCY": (True, None),
    "KIND": (True, "field"), "FILLER": (True, None), "QUALIFIER": (True, "qualifier"), "VAGUE": (True, None),
    "SUBJECT_BEFORE": (True, None), "NOT_COUNT_AFTER": (True, None), "TARGET": (True, None),
    "CLASS": (True, "class"), "HEAD": (True, "text"), "HEAD_ID": (True, "award_id"), "NEEDS_COUNT": (True, None),
    "ADJACENT_ISSUER_ONLY": (True, None), "DIRECT_COUNT": (True, None), "NOT_AFTER": (True, "text"), "CONTEXT": (True, "text"), "EXCLUDE": (True, None),
    "VERB_HEAD": (True, None), "CONTINUED_TAIL": (True, None), "PROPOSAL_BASIS": (True, None), "HISTORY_CUE": (True, None),
    "SENTENCE_BREAKDOWN": (True, None), "PROPOSED_AFTER": (True, None), "PAST": (True, None), "AWARD_UNIT": (True, None),
    "CUMULATIVE": (True, None), "HEAD_RECIPIENTS": (True, "recipient"), "COUNT_DESCRIPTOR": (True, None), "NOT_TARGET": (True, None),
    "FOREIGN": (True, None), "ISSUER": (True, "text"), "ISSUER_INTRO": (True, None), "ON_BEHALF": (True, None),
    "ON_BEHALF_NAME": (True, "text"), "GIVE": (True, None), "PRESENT": (True, None), "RECEIVE": (True, None),
    "LINK": (True, None), "LIST_INTRO": (True, None), "LINK_FILLER": (True, None), "ISSUER_FILLER": (True, None),
    "PROPOSED": (True, None), "DECIDED": (True, None), "PRIZE_CUE": (True, None), "YEAR_CUE": (True, None),
    "PERSON_MARKER": (True, None), "PERSON_RECIPIENT": (True, None), "COLLECTIVE_RECIPIENT": (True, None),
    "ORG_HEAD": (True, None), "TITLE_GOVERNOR": (True, None), "TITLE_NOT_GIVEN": (True, None),
    "UNLISTED_NAME_END": (True, None), "NAMED_IN_QUOTES": (True, None), "UNLISTED_HEAD": (True, None),
    "PHRASE_STOP": (True, None), "COUNT_JOIN": (True, None), "CHAIN_JOIN": (True, None), "CHAIN_SKIP": (True, None),
    "DIRECT_LINK": (True, None), "BREAKDOWN_INTRO": (True, None), "PASSIVE": (True, None),
    "PRESENTER_FILLER": (True, None), "ELIDED_SUBJECT": (True, None), "LIST_AND": (True, None),
    "UNIT_END": (True, None), "PLACE_PREFIX": (True, None), "YEAR_WORD": (True, None),
    "SUBJECT_RECEIVE": (True, None), "CLASS_WORD": (True, None), "ADMIN_HEAD": (True, None), "NOT_NAME": (True, None),
}
_COUNT_FIELDS = {"n_collectives", "n_individuals", "n_households", "n_mixed"}
_AWARD_CLASSES = {"Nhất", "Nhì", "Ba", "các hạng"}


def _norm_form(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


@lru_cache(maxsize=None)
def award_forms() -> tuple[dict, ...]:
    """Every surface form of award_forms.csv: surface, award_id, ref_id, kind, has_classes, recipients.

    A form claimed by two different award ids, or a row whose award_id is not in
    the contract's vocabulary, raises GazetteerError naming the line.
    """
    name = "award_forms.csv"
    vocab = award_vocabulary()
    owner: dict[str, tuple[str, int]] = {}
    out = []
    for i, row in enumerate(read_csv(name, required=("award_id", "ref_id", "name_vi")), start=2):
        if row["award_id"] not in vocab:
            raise GazetteerError(f"{name} line {i}: award_id {row['award_id']!r} is not in award_vocabulary.csv")
        variants = row.get("variants") or ""
        if "||" in variants or variants.startswith("|") or variants.endswith("|"):
            raise GazetteerError(f"{name} line {i}: empty alternative in variants")
        recipients = frozenset(r for r in (row.get("recipients") or "").split("|") if r)
        for surface in [row["name_vi"], *(v for v in variants.split("|") if v)]:
            key = _norm_form(surface)
            seen = owner.get(key)
            if seen and seen[0] != row["award_id"]:
                raise GazetteerError(f"{name} line {i}: form {surface!r} already belongs to {seen[0]} (line {seen[1]})")
            owner[key] = (row["award_id"], i)
            out.append({"surface": surface, "award_id": row["award_id"], "ref_id": row["ref_id"], "kind": row.get("kind") or "",
                        "issuer": row.get("issuer") or "",
                        "has_classes": (row.get("has_classes") or "").strip().lower() == "true", "recipients": recipients})
    return tuple(out)


@lru_cache(maxsize=None)
def award_patterns() -> dict[str, tuple[dict, ...]]:
    """award_patterns.jsonl grouped by label, in file order (ISSUER rules are ordered).

    Each entry is {"label", "pattern", "id"?, ...}; "regex": true marks a pattern
    that is a regular expression (compiled here once, so a bad one fails at load).
    """
    name = "award_patterns.jsonl"
    vocab = award_vocabulary()
    ref_ids = {f["ref_id"] for f in award_forms()}
    out = labelled_patterns(name, _AWARD_LABELS)
    for label, entries in out.items():
        want = _AWARD_LABELS[label][1]
        for entry in entries:
            i, pattern, value = entry["line"], entry["pattern"], entry.get("id")
            bad = (
                (want == "int" and not isinstance(value, int))
                or (want == "field" and value not in _COUNT_FIELDS)
                or (want == "qualifier" and value not in {"more_than", "about"})
                or (want == "class" and value not in _AWARD_CLASSES)
                or (want == "award_id" and value not in vocab)
                or (want == "text" and not (isinstance(value, str) and value.strip()))
                or (want == "recipient" and value not in ("tap_the", "ca_nhan", "ho_gia_dinh"))
            )
            if bad:
                raise GazetteerError(f"{name} line {i}: bad id {value!r} for label {label}")
            if label in ("NEEDS_COUNT", "NAMED_IN_QUOTES") and pattern not in vocab:
                raise GazetteerError(f"{name} line {i}: {pattern!r} is not an award_id of the vocabulary")
            if label == "EXCLUDE" and pattern not in ref_ids:
                raise GazetteerError(f"{name} line {i}: {pattern!r} is not a ref_id of award_forms.csv")
    heads = {e["id"] for e in out["HEAD"]}
    levels = {e["id"] for e in out["ISSUER"]} | {"default"}
    for e in out["HEAD_ID"]:
        if e["pattern"] not in heads or e.get("level") not in levels:
            raise GazetteerError(f"{name} line {e['line']}: HEAD_ID needs a HEAD kind and an ISSUER level, got {e['pattern']!r}/{e.get('level')!r}")
    for label in ("ADJACENT_ISSUER_ONLY", "VERB_HEAD", "DIRECT_COUNT", "NOT_AFTER", "UNLISTED_HEAD", "HEAD_RECIPIENTS"):
        for e in out[label]:
            if (e["id"] if label == "NOT_AFTER" else e["pattern"]) not in heads:
                raise GazetteerError(f"{name} line {e['line']}: {label} names unknown head kind {e['pattern']!r}")
    for label in ("NUMBER_WORD", "KIND", "CLASS", "ISSUER", "GIVE", "LINK"):
        if not out[label]:
            raise GazetteerError(f"{name}: no {label} entries (the awards extractor would match nothing)")
    return {label: tuple(entries) for label, entries in out.items()}


def award_words(label: str) -> tuple[str, ...]:
    """The plain patterns of one label of award_patterns.jsonl."""
    return tuple(e["pattern"] for e in award_patterns()[label])


@lru_cache(maxsize=None)
def number_words() -> tuple[str, ...]:
    return award_words("NUMBER_WORD")


@lru_cache(maxsize=None)
def money_units() -> dict[str, int]:
    return {e["pattern"].casefold(): e["id"] for e in award_patterns()["MONEY_UNIT"]}


@lru_cache(maxsize=None)
def currency_words() -> tuple[str, ...]:
    return award_words("CURRENCY")


# --- themes ---

def labelled_patterns(name: str, labels, flags: int = 0) -> dict[str, list[dict]]:
    """A {label, pattern, …} JSONL file (spaCy patterns.jsonl style) grouped by label, in file order.

    Labels starting with "_" are comments. An unknown label or an empty pattern
    raises GazetteerError naming file and line; `"regex": true` patterns are
    compiled once here (key `compiled`), so a bad one fails at load. Each entry
    gets its `line`.
    """
    out: dict[str, list[dict]] = {label: [] for label in labels}
    for i, entry in enumerate(read_jsonl(name), start=1):
        label = entry.get("label", "")
        if label.startswith("_"):
            continue
        if label not in out:
            raise GazetteerError(f"{name} line {i}: unknown label {label!r}")
        pattern = entry.get("pattern")
        if not isinstance(pattern, str) or not pattern.strip():
            raise GazetteerError(f"{name} line {i}: empty pattern")
        if entry.get("regex"):
            try:
                entry = dict(entry, compiled=regex.compile(pattern, flags))
            except regex.error as exc:
                raise GazetteerError(f"{name} line {i}: bad pattern {pattern!r}: {exc}") from exc
        out[label].append(dict(entry, line=i))
    return out


_THEME_LABELS = ("CUE", "COLON_CUE", "COLON_PLURAL", "UNQUOTED_STOP", "QUOTE", "GAP_FORBID", "NOT_THEME_TEXT",
                 "LIST_JOIN", "LAUNCH", "LAUNCH_AGENT", "YEAR", "PERIOD_SUFFIX")
_THEME_REGEX_ONLY = ("UNQUOTED_STOP", "NOT_THEME_TEXT", "YEAR", "PERIOD_SUFFIX")
_QUOTE_ROLES = {"open", "close", "both"}
_QUOTE_FAMILIES = {"double", "single"}


@lru_cache(maxsize=None)
def theme_patterns() -> dict[str, tuple[dict, ...]]:
    """theme_patterns.jsonl grouped by label, in file order (see `labelled_patterns`).

    CUE rows carry a contract `kind`; QUOTE rows a single-character pattern with a
    `role` (open/close/both) and a `family` (double/single). Every label must have
    at least one row: an empty CUE or QUOTE list would make the extractor find
    nothing without saying why.
    """
    from pipeline.schema import TABLES  # the contract's kinds, kept in one place

    kinds = next(c.isin for c in TABLES["themes"] if c.name == "kind")
    name = "theme_patterns.jsonl"
    out = labelled_patterns(name, _THEME_LABELS, regex.IGNORECASE)
    for e in out["CUE"]:
        if e.get("kind") not in kinds:
            raise GazetteerError(f"{name} line {e['line']}: kind {e.get('kind')!r} is not one of the contract's {kinds}")
    for e in out["QUOTE"]:
        if len(e["pattern"]) != 1 or e.get("role") not in _QUOTE_ROLES or e.get("family") not in _QUOTE_FAMILIES:
            raise GazetteerError(f"{name} line {e['line']}: a QUOTE is one character with a role {sorted(_QUOTE_ROLES)} "
                                 f"and a family {sorted(_QUOTE_FAMILIES)}")
    for label in _THEME_REGEX_ONLY:
        for e in out[label]:
            if not e.get("regex"):
                raise GazetteerError(f"{name} line {e['line']}: {label} patterns are regular expressions (add \"regex\": true)")
    for label, entries in out.items():
        if not entries:
            raise GazetteerError(f"{name}: no {label} entries")
    colon = {e["pattern"] for e in out["COLON_CUE"]} - {e["pattern"] for e in out["CUE"]}
    if colon:
        raise GazetteerError(f"{name}: COLON_CUE {sorted(colon)} must also be CUE rows (they take their kind from there)")
    for e in out["YEAR"]:
        if e["compiled"].groups < 1:
            raise GazetteerError(f"{name} line {e['line']}: a YEAR pattern needs a group holding the year")
    return {label: tuple(entries) for label, entries in out.items()}


# --- officials ---

_OFFICIAL_LABELS = ("HEAD", "ORG_BEFORE_HEAD", "PREFIX", "FORMER", "CONNECTOR", "STOP", "ORG_PHRASE", "NAMED_ORG", "ORG_CONTINUE", "SEPARATOR", "ADDRESS", "GROUP", "ON_BEHALF",
                    "BYLINE", "DECEASED", "HISTORICAL", "PLACE", "RANK", "ROLE_PRESENTER", "ROLE_SPEAKER", "ROLE_RECIPIENT",
                    "ROLE_ATTENDEE", "ROLE_ATTENDEE_AFTER", "ROLE_SPEAKER_BEFORE", "ROLE_GIVEN", "NOT_LAST", "EXPAND")


@lru_cache(maxsize=None)
def official_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """official_words.csv by label: (pattern, value) pairs; `value` is the expansion of an EXPAND row, else a note.

    An unknown label, an empty pattern, an EXPAND row without expansion or a label
    with no rows (the extractor would find nothing) raises GazetteerError.
    """
    name = "official_words.csv"
    out: dict[str, list[tuple[str, str]]] = {label: [] for label in _OFFICIAL_LABELS}
    for i, label, row in labelled_rows(name, "label", out, ("pattern",)):
        value = (row.get("value") or "").strip()
        if label == "EXPAND" and not value:
            raise GazetteerError(f"{name} line {i}: EXPAND row without its expansion")
        out[label].append((" ".join(row["pattern"].split()), value))
    for label in ("HEAD", "CONNECTOR", "STOP"):
        if not out[label]:
            raise GazetteerError(f"{name}: no {label} rows (the officials extractor would find no post)")
    return {label: tuple(rows) for label, rows in out.items()}


@lru_cache(maxsize=None)
def abbreviation_expansions() -> dict[str, str]:
    """Abbreviation → its general expansion (the first row of abbreviations.csv that names it)."""
    out: dict[str, str] = {}
    for row in read_csv("abbreviations.csv", required=("abbr", "expansion")):
        out.setdefault(row["abbr"].strip(), row["expansion"].strip())
    return out


@lru_cache(maxsize=None)
def vietnamese_syllable() -> regex.Pattern:
    """One written Vietnamese syllable without its tone mark: initial? nucleus final? (lower case, NFC).

    The encoding detector scores a decoding by how many of its words are such syllables.
    """
    parts: dict[str, list[str]] = {"initial": [], "nucleus": [], "final": []}
    for _, part, row in labelled_rows("vietnamese_syllables.csv", "part", parts, ("value",)):
        parts[part].append(row["value"].strip())
    for part, values in parts.items():
        if not values:
            raise GazetteerError(f"vietnamese_syllables.csv: no {part} rows")

    def alts(values: list[str]) -> str:
        return "|".join(regex.escape(v) for v in sorted(values, key=len, reverse=True))

    return regex.compile(f"(?:{alts(parts['initial'])})?(?:{alts(parts['nucleus'])})(?:{alts(parts['final'])})?")
