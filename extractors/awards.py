"""Award facts: which award, to how many of which kind, from whom, in which status.

A sentence is read in five steps (`find_awards` is the pure function on one
sentence; the component adds an article-wide pass):

1. Mentions: surface forms of `gazetteer/award_forms.csv` (one id each) and
   generic heads of `award_patterns.jsonl` ("Bằng khen", "Cờ thi đua", "Huân
   chương", "khen thưởng"…) whose id depends on the issuer; the class ("hạng
   Nhì và hạng Ba", "các hạng") and a trailing issuer ("của UBND tỉnh",
   "cấp thành phố", "của Nhà nước Lào") are read right after each mention.
2. Chains: mentions joined only by "," / "và" share one count and one issuer
   ("Huân chương Lao động các hạng, Bằng khen của Thủ tướng Chính phủ cho 11
   tập thể, cá nhân").
3. Counts, in this order: after the chain through a link ("cho 07 tập thể");
   a number written before the award ("trao 13 Huân chương …"); a count that is
   the subject of a receiving clause before it ("08 tập thể được Chính phủ tặng
   thưởng Cờ thi đua"). Class breakdowns "(3 hạng nhất, 1 hạng nhì)" add rows.
4. Issuer of generic heads: trailing "của …", then the chain, then "thừa ủy
   quyền của …", then an issuer right before the giving verb ("UBND tỉnh tặng").
   What is still open is decided over the whole article (`resolve_article`).
5. Status (proposals), presenter, recipients, prize money, achievement year.

Figures that are not award counts (budgets, ratios "02/20", years, decision
numbers, targets) never become counts: a count needs a kind word right after
its number and a link to an award in the same clause.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick
import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import Award

from . import numbers, officials
from .base import article_of, doc_text, get_records, register, sentences, set_records

log = logging.getLogger(__name__)

NAME = "thidua_awards"
ASSIGNS = register(NAME)

_FIELDS = ("n_collectives", "n_individuals", "n_households", "n_mixed")
_RECIPIENT_FIELD = {"ca_nhan": "n_individuals", "tap_the": "n_collectives", "ho_gia_dinh": "n_households"}
# how far (characters) a count may sit from its award
_FORWARD_GAP = 70
_BACKWARD_GAP = 220
# a verb or "danh hiệu" this close before a title of persons makes it an award
_GOVERNOR_GAP = 45
# a personal name: 2–5 capitalised syllables ("A", "Y" stand alone in names of the highlands)
_SYLLABLE = r"(?:\p{Lu}\p{Ll}+|[AY](?!\p{L}))"
_NAME_RUN = rf"(?<![\p{{L}}\d]){_SYLLABLE}(?:[ \t]+{_SYLLABLE}){{1,4}}"
# "Huân chương ITXALA": an order not in the gazetteer, named after its head
_UNLISTED_NAME = regex.compile(r"[ \t]+[“\"]?(?:\p{Lu}[\p{L}\-]*)(?:[ \t]+\p{Lu}[\p{L}\-]*){0,3}[”\"]?")
_QUOTED = regex.compile(r"\s*[“\"][^”\"]{1,80}[”\"]")
_SEMICOLON = regex.compile(r";")
_SPACES = regex.compile(r"\s+")
_OPT_SPACES = regex.compile(r"\s*")
_GLUED_BEFORE = regex.compile(r"[/\d.,]$")
_UNTIL_PUNCT = regex.compile(r"[^,;:]*")
_UNTIL_COMMA_CUT = regex.compile(r"^\s*[^,;]*,?")
_TRAILING_JUNK = regex.compile(r"[^\p{L}\d)]+$")
_TRAILING_NUMBER = regex.compile(r"\d+$")
_PROPER = regex.compile(r"\p{Lu}|\d")
_FULL_NAME = regex.compile(_NAME_RUN)
_NAME_AFTER = regex.compile(r"\s+" + _NAME_RUN)
_YEAR = regex.compile(r"(?<![\d/.\-])((?:19|20)\d\d)(?![\d/])")
_PARENTHESES = regex.compile(r"\([^)]*(?:\)|$)")


def _blank_parentheses(text: str) -> str:
    """Parenthesised asides ("(huyện X)", "(cũ)") blanked, offsets kept."""
    return _PARENTHESES.sub(lambda m: " " * len(m.group(0)), text)


# ---------------------------------------------------------------- vocabulary


def _alt(words, flags: str = "") -> str:
    """Alternation of literal phrases, longest first, spaces tolerant of runs of white space."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        parts.append(r"\s+".join(regex.escape(t) for t in w.split()))
    if not parts:  # an empty group would match everywhere
        raise ValueError("empty word list")
    return f"(?{flags}:" + "|".join(parts) + ")" if flags else "(?:" + "|".join(parts) + ")"


def _form_regex(surface: str) -> str:
    """A surface form as a pattern: case as data says for abbreviations, spacing and hyphens tolerant, quotes optional."""
    tokens = regex.split(r"[\s\-–]+", surface.strip())
    out = []
    for tok in tokens:
        tok = tok.strip("“”\"'")
        if tok:
            out.append(regex.escape(tok))
    body = r"[\s\-–]*[“”\"']?[\s\-–]*".join(out) if any(c in surface for c in "“”\"") else r"[\s\-–]+".join(out)
    if not any(c.islower() for c in surface) and " " not in surface.strip():
        return f"(?-i:{body})"  # "HCLĐ", "NGƯT": an abbreviation is matched as written
    return body


def _mention_pattern(surfaces: list[str]) -> regex.Pattern:
    """The alternation of award forms, in the given order, at word boundaries."""
    alts = "|".join(_form_regex(s) for s in surfaces)
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alts})(?![\p{{L}}\d])", regex.IGNORECASE)


_KEY_MARKS = regex.compile(r"[“”\"'\-–]")


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """A form as looked up: quotes and dashes as spaces, spaces collapsed, casefolded (cached: forms recur)."""
    return " ".join(_KEY_MARKS.sub(" ", text).split()).casefold()


@dataclass(frozen=True)
class _Rules:
    forms: tuple  # every form's surface, longest first: the order of the alternation
    giai_re: list
    form_of: dict
    head_of: dict
    head_id: dict
    needs_count: frozenset
    adjacent_only: frozenset
    verb_heads: frozenset
    verb_gap_re: regex.Pattern
    continued_head_re: regex.Pattern
    elided_before_re: regex.Pattern
    not_target_re: regex.Pattern
    count_descriptor_re: regex.Pattern
    proposal_basis_re: regex.Pattern
    history_re: regex.Pattern
    sentence_breakdown_re: regex.Pattern
    proposed_after_re: regex.Pattern
    past_re: regex.Pattern
    award_unit_re: regex.Pattern
    dative_verb_re: regex.Pattern
    cumulative_re: regex.Pattern
    continued_tail_re: regex.Pattern
    direct_count: frozenset
    not_after: dict
    context: dict
    exclude: frozenset
    issuers: tuple
    issuer_intro: regex.Pattern
    on_behalf: regex.Pattern
    on_behalf_name: dict
    kind_re: regex.Pattern
    kind_of: dict
    filler_re: regex.Pattern
    qualifier_re: regex.Pattern
    qualifier_of: dict
    vague_re: regex.Pattern
    subject_before_re: regex.Pattern
    not_count_after_re: regex.Pattern
    target_re: regex.Pattern
    number_re: regex.Pattern
    number_finder: ahocorasick.Automaton | None  # where number words stand; None when `number_re` must scan alone
    number_end_re: regex.Pattern
    first_re: regex.Pattern
    first_finder: ahocorasick.Automaton | None  # None when a first word is not all letters and digits
    forms_of: dict
    alone_ok: frozenset
    alone_as_object: frozenset
    class_tok: str
    class_of: dict
    class_re: regex.Pattern
    breakdown_re: regex.Pattern
    class_more_re: regex.Pattern
    class_list_re: regex.Pattern
    kind_list_re: regex.Pattern
    head_recipients: dict
    give_re: regex.Pattern
    present_re: regex.Pattern
    receive_re: regex.Pattern
    link_re: regex.Pattern
    link_tail_re: regex.Pattern
    link_near_re: regex.Pattern
    subject_clause_re: regex.Pattern
    link_filler_re: regex.Pattern
    list_intro_re: regex.Pattern
    issuer_filler_re: regex.Pattern
    proposed_re: regex.Pattern
    decided_re: regex.Pattern
    prize_re: regex.Pattern
    year_re: regex.Pattern
    honorific_name_re: regex.Pattern
    person_recipient_re: regex.Pattern
    collective_recipient_re: regex.Pattern
    org_head_re: regex.Pattern
    admin_unit_re: regex.Pattern
    title_re: regex.Pattern
    title_governor_re: regex.Pattern
    title_not_given_re: regex.Pattern
    name_run_re: regex.Pattern
    not_name: frozenset
    places: frozenset
    vocabulary: dict
    class_words: tuple
    unlisted_lower_re: regex.Pattern
    named_in_quotes: frozenset
    unlisted_heads: dict
    phrase_stop_re: regex.Pattern
    kind_join_re: regex.Pattern
    item_join_re: regex.Pattern
    chain_joiner_re: regex.Pattern
    direct_gap_re: regex.Pattern
    breakdown_intro_re: regex.Pattern
    passive_tail_re: regex.Pattern
    name_before_verb_re: regex.Pattern
    elided_subject_re: regex.Pattern
    listed_name_re: regex.Pattern
    item_split_re: regex.Pattern
    unit_end_re: regex.Pattern
    trailing_place_re: regex.Pattern
    past_year_re: regex.Pattern
    kind_of_id: dict
    foreign_kind: dict
    level_of_id: dict
    article_kinds: frozenset
    aggregates: frozenset


def _finder(words) -> ahocorasick.Automaton | None:
    """An automaton of lower-case words (the value of each is its length); None for no words."""
    words = set(words)
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, len(w))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    pats = loaders.award_patterns()
    words = loaders.award_words
    vocab = loaders.award_vocabulary()

    form_of: dict[str, dict] = {}
    for form in loaders.award_forms():
        form_of.setdefault(_key(form["surface"]), form)
    head_of = {_key(e["pattern"]): e["id"] for e in pats["HEAD"] if not e.get("regex")}
    surfaces = [f["surface"] for f in loaders.award_forms()] + [e["pattern"] for e in pats["HEAD"] if not e.get("regex")]
    ordered = sorted(set(surfaces), key=len, reverse=True)
    # the first word of every form: a cheap scan finds where the full alternation is worth trying
    first_of = {x: regex.split(r"[\s\-–,]+", x.strip().strip("“”\"'"))[0].casefold() for x in ordered}
    firsts = set(first_of.values())
    first_re = regex.compile(r"(?<![\p{L}\d])" + _alt(firsts, "i") + r"(?![\p{L}\d])")
    # the same words as an automaton over lower-cased text, boundaries checked after: one pass over the text
    # (an alternation of 70 literals tries each at every position). Exact only for words of letters and digits
    # (see `_first_words`); any other word in the gazetteer sends the scan back to `first_re`
    first_finder = _finder(firsts) if all(c.isalpha() or c.isdecimal() for w in firsts for c in w) else None
    # ... and, for each first word, the forms that can start where it stands (see `_forms_starting`)
    forms_of = {w: tuple(x for x in ordered if w.startswith(first_of[x]) or first_of[x].startswith(w)) for w in firsts}
    giai_re = [(regex.compile(e["pattern"], regex.IGNORECASE), e["id"]) for e in pats["HEAD"] if e.get("regex")]

    head_id: dict[tuple[str, str], str] = {(e["pattern"], e["level"]): e["id"] for e in pats["HEAD_ID"]}
    # kinds whose id needs an issuer the sentence may not give: decided over the article
    ids_of_kind: dict[str, set[str]] = {}
    kinds_of_id: dict[str, set[str]] = {}
    for (kind, level), aid in head_id.items():
        if level not in ("foreign", "default") and aid != "other":
            ids_of_kind.setdefault(kind, set()).add(aid)
            kinds_of_id.setdefault(aid, set()).add(kind)
    kind_of_id = {aid: next(iter(k)) for aid, k in kinds_of_id.items() if len(k) == 1}
    levels_of_id: dict[str, set[str]] = {}
    for (kind, level), aid in head_id.items():
        if level not in ("foreign", "default") and aid != "other":
            levels_of_id.setdefault(aid, set()).add(level)
    level_of_id = {aid: next(iter(lv)) for aid, lv in levels_of_id.items() if len(lv) == 1}
    context: dict[str, list] = {}
    for e in pats["CONTEXT"]:
        context.setdefault(e["id"], []).append((regex.compile(e["pattern"], regex.IGNORECASE), bool(e.get("require"))))

    issuers = tuple((e["compiled"], e["id"], bool(e.get("first"))) for e in pats["ISSUER"])
    kinds = {e["pattern"].casefold(): e["id"] for e in pats["KIND"]}
    quals = {e["pattern"].casefold(): e["id"] for e in pats["QUALIFIER"]}
    classes = {e["pattern"]: e["id"] for e in pats["CLASS"] if e["id"] != "các hạng"}
    class_tok = "(?:" + "|".join(regex.escape(t) for t in sorted(classes, key=len, reverse=True)) + r")(?![\p{L}\d])"
    word_tok = "(?:" + "|".join(regex.escape(t) for t in sorted(classes, key=len, reverse=True) if not t.isdigit()) + r")(?![\p{L}\d])"
    kind_alt = _alt(kinds, "i")
    class_word = _alt(words("CLASS_WORD"), "i")
    count_join = _alt(words("COUNT_JOIN"))
    all_classes = _alt([e["pattern"] for e in pats["CLASS"] if e["id"] == "các hạng"], "i")
    # "hạng Nhì và hạng Ba", "hạng Nhất, Nhì, Ba", "các hạng"; a class word is never a kind's number ("hạng Ba, 3 cá nhân")
    class_re = regex.compile(
        rf"[\s,]*(?P<all>{all_classes})|[\s,]*{class_word}\s+(?P<first>{class_tok})"
        rf"(?P<more>(?:\s*(?:,|&|{count_join})\s*(?:{class_word}\s+{class_tok}|{word_tok})(?!\s*{kind_alt}))*)"
    )
    number = numbers.number_pattern()
    breakdown_re = regex.compile(rf"(?P<n>{number})\s+(?:{kind_alt}\s+)?{class_word}\s+(?P<c>{class_tok})")

    honorifics = list(loaders.read_lines("honorifics.txt")) + list(words("PERSON_MARKER"))
    titles = [r["name_vi"] for r in loaders.read_csv("titles.csv", required=("name_vi",))]
    places = set()
    for unit in loaders.admin_units():
        places.add(unit["short"])
        places.update(unit["aliases"])

    def phrase_re(label: str) -> regex.Pattern:
        """Phrases of a label at word boundaries; punctuation entries (":", "(") match as they are."""
        wordy = [w for w in words(label) if w[0].isalnum()]
        marks = [w for w in words(label) if not w[0].isalnum()]
        parts = [r"(?<![\p{L}\d])" + _alt(wordy, "i") + r"(?![\p{L}\d])"] if wordy else []
        parts += [_alt(marks)] if marks else []
        return regex.compile("|".join(parts))

    def regex_or_phrase(label: str) -> regex.Pattern:
        parts = [e["pattern"] if e.get("regex") else _alt([e["pattern"]]) for e in pats[label]]
        return regex.compile(r"(?<![\p{L}\d])(?:" + "|".join(parts) + r")(?![\p{L}\d])", regex.IGNORECASE)

    return _Rules(
        forms=tuple(ordered),
        giai_re=giai_re,
        form_of=form_of,
        head_of=head_of,
        head_id=head_id,
        needs_count=frozenset(words("NEEDS_COUNT")),
        adjacent_only=frozenset(words("ADJACENT_ISSUER_ONLY")),
        verb_heads=frozenset(words("VERB_HEAD")),
        verb_gap_re=regex.compile(r"[\s“\"]*(?:" + _alt(words("AWARD_UNIT"), "i") + r"[\s“\"]*)?"),
        not_target_re=regex_or_phrase("NOT_TARGET"),
        elided_before_re=regex.compile(r"(?:[,;]\s*(?:" + _alt(words("ELIDED_SUBJECT"), "i") + r"\s+)?|(?<![\p{L}\d])"
                                       + _alt(words("ELIDED_SUBJECT"), "i") + r"\s+)$"),
        count_descriptor_re=regex.compile(r"\s+" + _alt(words("COUNT_DESCRIPTOR"), "i") + r"(?=\s*,)"),
        continued_head_re=regex.compile(r"\s*(?:" + _alt(words("COUNT_JOIN")) + r"\s+)?"),
        continued_tail_re=regex.compile(r"\s*(?:" + _alt(words("CONTINUED_TAIL"), "i") + r")(?![\p{L}\d])"),
        direct_count=frozenset(words("DIRECT_COUNT")),
        not_after={kind: regex.compile(r"(?<![\p{L}\d])" + _alt([e["pattern"] for e in pats["NOT_AFTER"] if e["id"] == kind], "i") + r"\s*$")
                   for kind in {e["id"] for e in pats["NOT_AFTER"]}},
        context=context,
        exclude=frozenset(words("EXCLUDE")),
        issuers=issuers,
        issuer_intro=regex.compile(r"\s*[“”\"']?\s*(?:" + "|".join(e["pattern"] for e in pats["ISSUER_INTRO"]) + ")", regex.IGNORECASE),
        on_behalf=regex.compile("|".join(e["pattern"] for e in pats["ON_BEHALF"])),
        on_behalf_name={e["pattern"].casefold(): e["id"] for e in pats["ON_BEHALF_NAME"]},
        kind_re=regex.compile(rf"{kind_alt}(?![\p{{L}}\d])"),
        kind_of=kinds,
        filler_re=regex.compile(_alt(words("FILLER"), "i") + r"\s+"),
        qualifier_re=regex.compile(r"(?<![\p{L}\d])" + _alt(quals, "i") + r"\s*$"),
        qualifier_of=quals,
        vague_re=regex.compile(r"(?<![\p{L}\d])" + _alt(words("VAGUE"), "i") + r"\s*$"),
        subject_before_re=regex.compile(r"(?:^|[,;:(\-–]|(?<![\p{L}\d])" + _alt(words("SUBJECT_BEFORE"), "i") + r")\s*$"),
        not_count_after_re=regex.compile(r"[^,;.]{0,20}?(?<![\p{L}\d])" + _alt(words("NOT_COUNT_AFTER"), "i") + r"(?![\p{L}\d])"),
        target_re=phrase_re("TARGET"),
        number_re=regex.compile(number, regex.IGNORECASE),
        number_finder=_finder(numbers.number_words()),
        number_end_re=regex.compile(rf"(?:{number})\s*$", regex.IGNORECASE),
        first_re=first_re,
        first_finder=first_finder,
        forms_of=forms_of,
        alone_ok=frozenset(e["pattern"].casefold() for e in pats["NUMBER_WORD"] if e.get("alone", True) is True),
        alone_as_object=frozenset(e["pattern"].casefold() for e in pats["NUMBER_WORD"] if e.get("alone") == "as_object"),
        class_tok=class_tok,
        class_of=classes,
        class_re=class_re,
        class_list_re=regex.compile(rf"\s+(?P<first>{word_tok})(?P<more>(?:\s*(?:,|&|{count_join})\s*{word_tok}(?!\s*{kind_alt}))+)"),
        breakdown_re=breakdown_re,
        head_recipients={e["pattern"]: e["id"] for e in pats["HEAD_RECIPIENTS"]},
        kind_list_re=regex.compile(rf"\s*(?:các|những)?\s*(?P<k>{kind_alt})(?:\s*(?:,|{count_join})\s*(?:các\s+|những\s+)?(?P<k>{kind_alt}))+(?![\p{{L}}\d])"),
        class_more_re=regex.compile(rf"\s*(?:[,;]\s*)?(?:{count_join}\s+)?{class_word}\s+(?P<c>{class_tok})\s*(?:"
                                    + _alt([w for w in words("LINK") if w[0].isalnum()], "i") + r"|:)\s*"),
        give_re=phrase_re("GIVE"),
        present_re=phrase_re("PRESENT"),
        receive_re=phrase_re("RECEIVE"),
        link_re=phrase_re("LINK"),
        link_tail_re=regex.compile(r"(?:" + phrase_re("LINK").pattern + r")\s*(?:" + _alt(words("LINK_FILLER"), "i") + r"\s+)*(?:" + _alt(quals, "i") + r"\s+)?$"),
        # a link, then at most two lower-case words (an honorific): what follows is given something
        link_near_re=regex.compile(r"(?<![\p{L}\d])" + _alt([w for w in words("LINK") if w[0].isalnum()], "i") + r"(?:\s+\p{Ll}+){0,2}\s*$"),
        # "… 20 cá nhân (có thành tích xuất sắc) được tặng …": an item that heads its own receiving clause
        subject_clause_re=regex.compile(r"[^,;.]{0,40}?(?<![\p{L}\d])" + _alt(words("SUBJECT_RECEIVE")) + r"(?![\p{L}\d])"),
        link_filler_re=regex.compile(r"(?:" + _alt(words("LINK_FILLER"), "i") + r"\s+)*"),
        list_intro_re=regex.compile(r"[\s,]*(?:" + _alt(words("LIST_INTRO"), "i") + r")[\s:]*"),
        issuer_filler_re=regex.compile(r"(?:\s+(?:" + _alt([e["pattern"] for e in pats["ISSUER_FILLER"] if not e.get("regex")], "i") + "|"
                                       + "|".join(e["pattern"] for e in pats["ISSUER_FILLER"] if e.get("regex")) + r"))*\s*$", regex.IGNORECASE),
        proposed_re=regex_or_phrase("PROPOSED"),
        decided_re=regex_or_phrase("DECIDED"),
        proposal_basis_re=regex_or_phrase("PROPOSAL_BASIS"),
        history_re=regex_or_phrase("HISTORY_CUE"),
        past_re=regex_or_phrase("PAST"),
        dative_verb_re=regex.compile(r"(?<![\p{L}\d])" + _alt(words("GIVE"), "i") + r"\s*$"),
        award_unit_re=regex.compile(r"(?<=\d|\p{L})\s+" + _alt(words("AWARD_UNIT"), "i") + r"\s*[“\"]?\s*$"),
        cumulative_re=regex.compile(r"^\W*" + regex_or_phrase("CUMULATIVE").pattern, regex.IGNORECASE),
        proposed_after_re=regex.compile(r"[^;]*?" + regex_or_phrase("PROPOSED_AFTER").pattern, regex.IGNORECASE),
        sentence_breakdown_re=regex.compile(r"^\W*" + regex_or_phrase("SENTENCE_BREAKDOWN").pattern, regex.IGNORECASE),
        prize_re=regex.compile(r"(?<![\p{L}\d])" + _alt(words("PRIZE_CUE"), "i") + r"\s*:?\s*"),
        year_re=regex.compile("|".join(e["pattern"] for e in pats["YEAR_CUE"]), regex.IGNORECASE),
        honorific_name_re=regex.compile(r"(?<![\p{L}\d])" + _alt(honorifics, "i") + r"\.?\s+(?P<name>" + _NAME_RUN + ")"),
        person_recipient_re=regex.compile(r"^\s*" + _alt(words("PERSON_RECIPIENT"), "i") + r"(?![\p{L}\d])"),
        collective_recipient_re=regex.compile(r"^\s*" + _alt(words("COLLECTIVE_RECIPIENT"), "i") + r"(?![\p{L}\d])"),
        org_head_re=regex.compile(r"^\s*" + _alt(words("ORG_HEAD")) + r"(?![\p{L}\d])"),
        admin_unit_re=regex.compile(r"(?<![\p{L}\d])" + _alt(words("ADMIN_HEAD")) + r"\s*(?:\p{Lu}\p{L}*|\d+)(?:[ \t]+(?:\p{Lu}\p{L}*|\d+))*"),
        title_governor_re=phrase_re("TITLE_GOVERNOR"),
        title_not_given_re=phrase_re("TITLE_NOT_GIVEN"),
        title_re=regex.compile(r"^\s*(?:" + _alt(titles, "i") + r")(?![\p{L}\d])"),
        name_run_re=regex.compile(_NAME_RUN),
        not_name=frozenset(words("NOT_NAME")),
        places=frozenset(places),
        vocabulary=vocab,
        class_words=tuple(e["pattern"] for e in pats["CLASS"] if e["id"] == "các hạng") + tuple(words("CLASS_WORD")),
        unlisted_lower_re=regex.compile(r"[ \t]+\p{Ll}+(?:[ \t]+\p{L}+){0,2}(?=\s+" + _alt(words("UNLISTED_NAME_END")) + r"\s)"),
        named_in_quotes=frozenset(words("NAMED_IN_QUOTES")),
        unlisted_heads={e["pattern"]: bool(e.get("lower")) for e in pats["UNLISTED_HEAD"]},
        phrase_stop_re=regex.compile(r"[;()]|\s" + _alt(words("PHRASE_STOP")) + r"\s|$"),
        kind_join_re=regex.compile(r"\s*(?:,|/|" + _alt(words("COUNT_JOIN")) + r")\s*"),
        item_join_re=regex.compile(r"\s*(?:,|" + _alt(words("COUNT_JOIN")) + r")\s*"),
        chain_joiner_re=regex.compile(r"^[\s,]*(?:" + _alt(words("CHAIN_JOIN")) + r"[\s,]*)?(?:" + _alt(words("CHAIN_SKIP"), "i") + r"\s*)?[“\"]?\s*$"),
        direct_gap_re=regex.compile(r"\s*(?::\s*)?(?:" + _alt(words("DIRECT_LINK"), "i") + r"\s+)*"),
        breakdown_intro_re=regex.compile(r"\s*(?:\((?P<par>[^)]*)\)|[,:]?\s*" + _alt(words("BREAKDOWN_INTRO")) + r"\s*:?(?P<rest>[^;]*))"),
        passive_tail_re=regex.compile(r"(?<![\p{L}])" + _alt(words("PASSIVE")) + r"(?![\p{L}])[^,;]*$"),
        name_before_verb_re=regex.compile(rf"({_NAME_RUN})(?:\s+(?:" + _alt(words("PRESENTER_FILLER"), "i") + "|(?:" + "|".join(e["pattern"] for e in pats["ON_BEHALF"]) + r")[^,]*?))?\s*$"),
        elided_subject_re=regex.compile(r"^\s*" + _alt(words("ELIDED_SUBJECT"), "i") + r"?\s*$"),
        listed_name_re=regex.compile(rf"(?:^|,|(?<!\p{{L}})" + _alt(words("LIST_AND")) + rf")\s*({_NAME_RUN})(?!\s*\p{{Lu}})(?P<dash>\s*[-–,])?"),
        item_split_re=regex.compile(r"\s*,\s*|\s+" + _alt(words("LIST_AND")) + r"\s+"),
        unit_end_re=regex.compile(r"\s+" + _alt(words("UNIT_END")) + r"(?!\p{L})"),
        trailing_place_re=regex.compile(r"(?:\s+" + _alt(words("PLACE_PREFIX")) + r")?\s+(" + _NAME_RUN + r"|\p{Lu}\p{Ll}*)\s*$"),
        past_year_re=regex.compile(r"\s*\((?:" + _alt(words("YEAR_WORD"), "i") + r"\s+)?((?:19|20)\d\d)\)"),
        kind_of_id=kind_of_id,
        foreign_kind={kind: aid for (kind, level), aid in head_id.items() if level == "foreign"},
        level_of_id=level_of_id,
        article_kinds=frozenset(k for k, ids in ids_of_kind.items() if len(ids) > 1),
        aggregates=frozenset(aid for aid, row in vocab.items() if row.get("kind") == "aggregate"),
    )


# ---------------------------------------------------------------- reading one sentence


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    award_id: str | None = None
    kind: str | None = None          # generic head kind ("bang_khen") when the id depends on the issuer
    level: str | None = None         # issuer level once known
    issuer: str | None = None        # issuer as written
    explicit: bool = False           # issuer written right after the award
    classes: list = field(default_factory=list)
    recipients_kind: frozenset = frozenset()
    award_kind: str = ""              # the form's kind in award_forms.csv (huan_chuong, bang_khen…)
    title_like: bool = False         # a danh hiệu that also precedes names ("NSND Lê Văn E")
    dropped: bool = False            # an award word that gives no row (still blocks counts)


@dataclass(slots=True)
class _Count:
    start: int
    end: int
    values: dict
    qualifier: str
    used: bool = False


@dataclass(slots=True)
class _Fact:
    """One row with what the article-wide pass still needs to know."""

    award: Award
    kind: str | None
    resolved: bool
    unit: str          # rows of one chain sharing one count carry the same unit
    level: str | None = None  # the issuer's level when the sentence said it ("Thủ tướng … khen thưởng" → chinh_phu)


def _issuer_level(text: str, mode: str = "first") -> tuple[str, int, int] | None:
    """The issuer named in `text`: (level, start, end).

    mode "first": the leftmost issuer (a rule marked `first`, foreign states, wins
    outright: "của Nhà nước Lào"); mode "end": the longest one ending the text
    ("… Bộ trưởng Bộ Quốc phòng" before "đã ký quyết định tặng"). Ties go to the
    earlier rule of the data file.
    """
    R = _rules()
    best = None
    for order, (pattern, level, priority) in enumerate(R.issuers):
        if mode == "end":
            if pattern.search(text) is None:  # one scan says there is no match at all: no overlapped scan
                continue
            for m in pattern.finditer(text, overlapped=True):
                if m.end() == len(text) and (best is None or (m.start(), order) < best[0]):
                    best = ((m.start(), order), (level, m.start(), m.end()))
            continue
        m = pattern.search(text)
        if m is None:
            continue
        if priority:
            return level, m.start(), m.end()
        if best is None or (m.start(), order) < best[0]:
            best = ((m.start(), order), (level, m.start(), m.end()))
    return best[1] if best else None


def _issuer_ending(pre: str) -> tuple[str, str] | None:
    """An issuer that ends `pre`, past fillers ("đã ký quyết định") and a place ("… UBND TP Cần Thơ")."""
    R = _rules()
    pre = pre[-160:]  # an issuer stands right before its verb; a long clause need not be searched whole
    pre = pre[: R.issuer_filler_re.search(pre).start()]
    place = R.trailing_place_re.search(pre)
    if place and _is_place(place.group(1)):
        pre = pre[: place.start()]
    pre = pre.rstrip()
    found = _issuer_level(pre, mode="end")
    if not found:
        return None
    level, s, e = found
    return pre[s:e], level


def _parse_classes(text: str, pos: int) -> tuple[list[str], int]:
    R = _rules()
    m = R.class_re.match(text, pos)
    if not m:
        return [], pos
    if m.group("all"):
        listed = R.class_list_re.match(text, m.end())  # "các hạng Nhất, Nhì, Ba": the classes it lists
        if not listed:
            return ["các hạng"], m.end()
        m = listed
    found = [R.class_of[m.group("first")]]
    for tok in regex.findall(R.class_tok, m.group("more") or ""):
        cls = R.class_of.get(tok)
        if cls and cls not in found:
            found.append(cls)
    return found, m.end()


def _trailing_issuer(text: str, pos: int, limit: int) -> tuple[str, str, int] | None:
    """"… của UBND tỉnh, Chủ tịch UBND tỉnh", "… cấp thành phố": (level, issuer as written, end)."""
    R = _rules()
    m = R.issuer_intro.match(text, pos, limit)
    if not m:
        return None
    s = R.phrase_stop_re.search(text, m.end(), min(limit, m.end() + 80))
    phrase_end = s.start() if s else min(limit, m.end() + 80)
    phrase = text[m.end():phrase_end].rstrip(" ,.")
    found = _issuer_level(phrase)
    if not found:
        return None
    level, start, end = found
    if level == "foreign":
        return level, phrase.strip(), m.end() + len(phrase)
    return level, phrase[start:end], m.end() + end


_WORD = regex.compile(r"[\p{L}\d]+")


@lru_cache(maxsize=64)
def _lowered(text: str) -> str | None:
    """`text` lower-cased, when that is its case folding character for character (None otherwise: a few
    non-Vietnamese letters), so that an automaton of lower-case words over it finds what a case-insensitive
    pattern finds in `text`, at the same offsets. Cached: a sentence naming an award is scanned twice."""
    low = text.lower()
    return low if len(low) == len(text) and low == text.casefold() else None


def _first_words(text: str) -> list[tuple[int, str]]:
    """(start, casefolded word) of every word of `text` that is the first word of an award form: `first_re`'s matches.

    An automaton finds every occurrence of the words in lower-cased text, overlapping ones included, and a hit is
    kept if it is a whole word (`[\\p{L}\\d]` of the patterns is `isalpha() or isdecimal()`). These are exactly
    `first_re`'s matches because the words are letters and digits only (`_rules` checks): a whole-word hit has a
    non-letter on each side, which no longer word and no earlier match running over it could contain, so the
    pattern's scan reaches it and takes it as it is. Whole-word hits never overlap, so ordered by end they are
    ordered by start. Where lower-casing is not case folding or changes the length (a few non-Vietnamese
    letters), `first_re` itself is used.
    """
    R = _rules()
    low = _lowered(text)
    if R.first_finder is None or low is None:
        return [(m.start(), m.group(0).casefold()) for m in R.first_re.finditer(text)]
    n = len(low)
    out = []
    for last, length in R.first_finder.iter(low):
        s, e = last - length + 1, last + 1
        if s and (low[s - 1].isalpha() or low[s - 1].isdecimal()):
            continue
        if e < n and (low[e].isalpha() or low[e].isdecimal()):
            continue
        out.append((s, low[s:e]))
    return out


@lru_cache(maxsize=1)
def _all_forms() -> regex.Pattern:
    """The alternation of every award form (slow to compile: the scan by first word rarely needs it)."""
    return _mention_pattern(list(_rules().forms))


@lru_cache(maxsize=None)
def _forms_starting(word: str) -> regex.Pattern:
    """The alternation of only the forms that can start where the first word `word` stands.

    A form matching at a word's start begins with its own first word, so one of the two words is a prefix of
    the other; the forms keep their order, so this alternation finds what `_all_forms()` would. It holds a
    few forms (80 at most, of 467), which matters because most words the scan finds start no form ("tỉnh" of
    "tỉnh Anh hùng"). Compiled on first use: a worker compiles only the words its articles contain.
    """
    R = _rules()
    forms = R.forms_of.get(word)
    return _mention_pattern(list(forms)) if forms else _all_forms()


def _mention_at(text: str, pos: int) -> regex.Match | None:
    """An award form starting at `pos`, tried with the forms of the word there only (see `_forms_starting`)."""
    R = _rules()
    word = _WORD.match(text, pos)
    if word is None:  # every form starts with a letter
        return None
    low = word.group(0).casefold()
    if low in R.forms_of:
        return _forms_starting(low).match(text, pos)
    if not _starts_with_first(low):  # no form's first word begins the word: no form starts here
        return None
    return _all_forms().match(text, pos)  # a first word glued to more letters ("Huânchương": a quoted form's loose spacing)


@lru_cache(maxsize=8192)
def _starts_with_first(word: str) -> bool:
    return any(word.startswith(first) for first in _rules().forms_of)


def _mentions(text: str) -> list[_Mention]:
    R = _rules()
    spans: list[_Mention] = []
    pos = 0
    for start, word in _first_words(text):
        if start < pos:
            continue
        m = _forms_starting(word).match(text, start)
        if m is None:
            continue
        pos = m.end()
        key = _key(m.group(0))
        form = R.form_of.get(key)
        mention = _Mention(m.start(), m.end())
        if form is not None:
            if form["ref_id"] in R.exclude:
                mention.dropped = True
            mention.award_id = form["award_id"]
            mention.recipients_kind = form["recipients"]
            mention.award_kind = form["kind"]
            head_kind = R.kind_of_id.get(form["award_id"]) or form["kind"]
            said = R.issuer_intro.search(m.group(0))
            if said and (head_kind, "default") in R.head_id or said and head_kind in R.article_kinds:
                # a listed "của …" form is read on to its whole issuer: "Bằng khen của Bộ Tư lệnh Quân khu 7" is
                # not "Bằng khen của Bộ" but a military region's
                trail = _trailing_issuer(text, m.start() + said.start(), len(text))
                if trail and R.head_id.get((head_kind, trail[0])) and trail[2] > m.end():
                    mention.award_id = R.head_id[(head_kind, trail[0])]
                    mention.issuer = trail[1] if mention.award_id == "other" else None
                    mention.recipients_kind = frozenset()
                    pos = mention.end = trail[2]
            if mention.award_id == "other" and mention.issuer is None:  # "Bằng khen của LĐLĐ tỉnh" → "LĐLĐ tỉnh"
                mention.issuer = m.group(0)[said.end():].strip() if said and said.end() < len(m.group(0)) else form["issuer"] or None
            mention.title_like = form["kind"] in ("danh_hieu_vinh_du", "danh_hieu_thi_dua")
            has_classes = form["has_classes"]
        else:
            mention.kind = R.head_of.get(key)
            if mention.kind is None:
                continue
            guard = R.not_after.get(mention.kind)
            if guard and guard.search(text, max(0, m.start() - 30), m.start()):
                continue
            has_classes = mention.kind in R.unlisted_heads
        if has_classes:
            low = m.group(0).casefold()
            inside = min((i for i in (low.find(w.casefold()) for w in R.class_words) if i >= 0), default=-1)
            classes, end = _parse_classes(text, m.start() + inside if inside >= 0 else m.end())
            if classes:
                mention.classes, mention.end = classes, max(end, m.end())
        spans.append(mention)
    for pattern, kind in R.giai_re:
        for m in pattern.finditer(text):
            ok = True
            for ctx, required in R.context.get(kind, ()):
                if bool(ctx.search(text)) != required:
                    ok = False
            if ok:
                tok = m.group(0).split()[-1]
                cls = R.class_of.get(tok) or R.class_of.get(tok.capitalize())
                spans.append(_Mention(m.start(), m.end(), kind=kind, classes=[cls] if cls else []))
    spans.sort(key=lambda x: (x.start, -x.end))
    out: list[_Mention] = []
    for mention in spans:  # overlaps: the earlier, longer one wins
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    for i, mention in enumerate(out):
        limit = out[i + 1].start if i + 1 < len(out) else len(text)
        _read_after(text, mention, limit)
    return out


def _read_after(text: str, mention: _Mention, limit: int) -> None:
    """What follows a generic head and belongs to it: an unlisted order's name, a quoted name, the issuer."""
    R = _rules()
    pos = mention.end
    named = False
    if mention.kind in R.unlisted_heads and not mention.classes:
        cap = _UNLISTED_NAME.match(text, pos, limit)
        low = R.unlisted_lower_re.match(text, pos, limit)
        if cap:
            pos, named = cap.end(), True
        elif R.unlisted_heads[mention.kind] and low:
            pos, named = low.end(), True
    quoted = _QUOTED.match(text, pos, limit)
    if quoted and (mention.kind or mention.award_id in R.named_in_quotes):
        pos = quoted.end()
    if mention.kind:
        trail = _trailing_issuer(text, pos, limit)
        if trail:
            mention.level, mention.issuer, mention.explicit = trail[0], trail[1], True
            pos = max(pos, min(trail[2], limit))
        elif named:
            mention.level = "named"
    if mention.kind or mention.award_id in R.named_in_quotes:
        mention.end = max(mention.end, pos)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SEMICOLON.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _number_at(text: str, pos: int, as_object: bool = False) -> regex.Match | None:
    """A number at pos. A word that is also "year" or "fourth" ("năm", "tư") is a number alone only as the object
    of a link ("cho năm tập thể") or at the start of the sentence ("Năm tập thể …"); after "trong", "mỗi" it is a year."""
    R = _rules()
    m = R.number_re.match(text, pos)
    if not m:
        return None
    value = m.group(0)
    if not value[0].isdigit():
        tokens = value.casefold().split()
        if len(tokens) == 1 and tokens[0] not in R.alone_ok:
            if not (tokens[0] in R.alone_as_object and (as_object or not text[:pos].strip(" \t\n“\"'("))):
                return None
    return m


def _counts(text: str, award_starts: frozenset = frozenset()) -> list[_Count]:
    """Count groups: "71 tập thể, 58 cá nhân và 33 hộ gia đình", "hơn 4.000 tập thể, cá nhân, hộ gia đình".

    A kind word that begins an award's name ("16 tập thể lao động xuất sắc", "1.780 cá nhân và tập thể lao động
    tiên tiến") belongs to the award: the group stops before it.
    """
    R = _rules()
    out: list[_Count] = []
    pos = 0
    for m in _numbers(text):
        if m.start() < pos or not _kind_after(text, m.end(), award_starts):
            continue  # most numbers of a sentence (years, dates, amounts) count no kind: no group starts there
        link = R.link_tail_re.search(text, max(0, m.start() - 30), m.start())
        group = _count_group(text, m.start(), as_object=link is not None, award_starts=award_starts)
        if group is None:
            continue
        out.append(group)
        pos = group.end
    return out


_DIGIT_RUN = re.compile(r"\d+")


def _numbers(text: str) -> list[regex.Match]:
    """`number_re.finditer(text)`, with the pattern tried only where a number can start.

    Every alternative of the pattern opens with a digit not preceded by one, or with a number word; so a match
    starts only at the start of a run of digits (the stdlib `\\d` is `regex`'s: Unicode decimal digits) or where
    a number word stands, found in lower-cased text by an automaton. Trying those places in order, from the end
    of each match, is what `finditer` does, minus the places where nothing can match. Where lower-casing is not
    case folding or changes the length (a few non-Vietnamese letters), `finditer` itself is used.
    """
    R = _rules()
    low = _lowered(text)
    if R.number_finder is None or low is None:
        return list(R.number_re.finditer(text))
    starts = {m.start() for m in _DIGIT_RUN.finditer(text)}
    starts.update(last - length + 1 for last, length in R.number_finder.iter(low))
    out = []
    pos = 0
    for p in sorted(starts):
        if p < pos:
            continue
        m = R.number_re.match(text, p)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


def _kind_after(text: str, pos: int, award_starts: frozenset = frozenset()) -> regex.Match | None:
    """The kind word a number ending at `pos` counts ("12 tập thể", "3 đồng chí"), past spaces and a filler word;
    None when the word there begins an award's name."""
    R = _rules()
    ws = _SPACES.match(text, pos)
    if not ws:
        return None
    p = ws.end()
    fill = R.filler_re.match(text, p)
    if fill:
        p = fill.end()
    if p in award_starts:
        return None
    return R.kind_re.match(text, p)


def _count_group(text: str, start: int, as_object: bool = False, award_starts: frozenset = frozenset()) -> _Count | None:
    """One count group from `start`. As the object of a link ("cho 10 tập thể, …") the group ends before an
    item that is the subject of its own receiving clause ("…, 20 cá nhân được tặng Bằng khen")."""
    R = _rules()
    values: dict[str, int] = {}
    qualifier = "exact"
    before = text[max(0, start - 20):start]
    if R.vague_re.search(before):
        return None
    q = R.qualifier_re.search(before)
    group_start = start
    if q:
        qualifier = R.qualifier_of[" ".join(q.group(0).split()).casefold()]
        group_start = start - len(before) + q.start()
    pos, first = start, True
    end = None
    void = False
    while True:
        num = _number_at(text, pos, as_object=as_object or not first)
        if not num:
            break
        value = numbers.parse_int(num.group(0))
        if value is None:
            break
        kind = _kind_after(text, num.end(), award_starts)
        if not kind:
            break
        fields = [R.kind_of[" ".join(kind.group(0).split()).casefold()]]
        p = kind.end()
        while True:  # one number over several kinds: "11 tập thể, cá nhân"
            more = R.kind_join_re.match(text, p)
            if not more or more.end() in award_starts:
                break
            k2 = R.kind_re.match(text, more.end())
            if not k2 or text[more.end()].isupper():
                break  # "hai đoàn viên, Ban Bí thư …": a capital begins a name, not a kind
            fields.append(R.kind_of[" ".join(k2.group(0).split()).casefold()])
            p = k2.end()
        desc = R.count_descriptor_re.match(text, p)  # "20 tập thể xuất sắc, 3 cá nhân": a word of praise between items
        if desc:
            p = desc.end()
        fld = fields[0] if len(set(fields)) == 1 else "n_mixed"
        if fld in values and not void:
            if as_object and R.subject_clause_re.match(text, p):
                break  # "cho 10 tập thể, 21 tập thể được tặng …": the next item heads its own clause
            void = True  # "15 giáo viên, 40 học sinh": two numbers of one kind, no sure count; the list is read to its end
        if R.not_count_after_re.match(text, p):
            return None if first else _Count(group_start, end, values, qualifier)
        if as_object and not first and R.subject_clause_re.match(text, p):
            break
        values[fld] = values.get(fld, value)
        end = p
        first = False
        nxt = R.item_join_re.match(text, p)
        if not nxt:
            break
        pos = nxt.end()
    if not values:
        return None
    return _Count(group_start, end, {} if void else values, qualifier)


def _chains(text: str, mentions: list[_Mention]) -> list[list[int]]:
    """Indices of mentions joined only by connectors ("A, B và C")."""
    R = _rules()
    chains: list[list[int]] = []
    for i, m in enumerate(mentions):
        if chains and R.chain_joiner_re.match(text[mentions[chains[-1][-1]].end:m.start]) and ";" not in text[mentions[chains[-1][-1]].end:m.start]:
            chains[-1].append(i)
        else:
            chains.append([i])
    return chains


def _clause_of(clauses, pos: int) -> tuple[int, int]:
    for s, e in clauses:
        if s <= pos <= e:
            return s, e
    return clauses[-1]


def _forward_count(text, mentions, chain, counts, clause, limit) -> _Count | None:
    R = _rules()
    last = mentions[chain[-1]]
    lo = last.end
    hi = min(limit, clause[1])
    # a count right after the award, as headlines write it ("Tặng Bằng khen 25 tập thể"); heads that are verbs
    # also over a filler ("khen thưởng đột xuất 5 tập thể")
    gap = R.direct_gap_re if any(mentions[i].kind in R.direct_count for i in chain) else _OPT_SPACES
    d = gap.match(text, lo)
    for c in counts:
        if not c.used and c.start == d.end() and c.start < hi:
            return c
    # the first link that a count follows: "cho 07 tập thể", "cho các tập thể, cá nhân (05 tập thể, 12 cá nhân)", ": 12 tập thể"
    for link in R.link_re.finditer(text, lo, min(hi, lo + _FORWARD_GAP)):
        p = R.link_filler_re.match(text, _OPT_SPACES.match(text, link.end()).end()).end()
        for c in counts:
            if not c.used and p <= c.start <= p + 2 and c.start < hi:
                return None if _unfinished(text, c, counts) else c
    return None


def _class_counts(text, count: _Count, counts, limit: int) -> list[tuple[str, _Count]]:
    """Classes named after a count, each with its own: "hạng Nhất cho 73 cán bộ, hạng Nhì cho 88 cán bộ và hạng Ba cho …"."""
    R = _rules()
    out = []
    pos = count.end
    while True:
        m = R.class_more_re.match(text, pos, limit)
        more = next((c for c in counts if not c.used and c.start == m.end()), None) if m else None
        if more is None:
            return out
        more.used = True
        out.append((R.class_of[m.group("c")], more))
        pos = more.end


def _continued_counts(text, clauses, count: _Count, counts, mentions) -> list[_Count]:
    """Clauses after ";" that are only a count ("; 14 cá nhân", "; 79 tập thể thuộc Bộ Quốc phòng"): more of the same award.

    A clause counts only when it names no award, has no verb of giving, receiving or proposing, and nothing
    but a belonging phrase ("thuộc …", "của …") follows its count.
    """
    R = _rules()
    out = []
    at = next(i for i, (s, e) in enumerate(clauses) if s <= count.start <= e)
    for s, e in clauses[at + 1:]:
        if any(s <= m.start < e for m in mentions):
            break
        head = R.continued_head_re.match(text, s)
        more = next((c for c in counts if not c.used and c.start == head.end()), None)
        if more is None:
            break
        tail = text[more.end:e]
        if tail.strip(" \t\n.,…") and not R.continued_tail_re.match(tail):
            break
        if any(r.search(text, s, e) for r in (R.give_re, R.receive_re, R.proposed_re)):
            break
        more.used = True
        out.append(more)
    return out


def _unfinished(text, count: _Count, counts) -> bool:
    """"120 bác sĩ, 300 điều dưỡng": the list of the count goes on with a kind we do not know, so its total is unknown."""
    R = _rules()
    join = R.item_join_re.match(text, count.end)
    num = _number_at(text, join.end(), as_object=True) if join and join.end() > count.end else None
    word = regex.match(r"\s+(?=\p{Ll})", text[num.end():]) if num else None
    if not word or _mention_at(text, num.end() + word.end()):
        return False  # "… cho 1 cá nhân và 2 Huân chương …", "… và 289 bằng khen": an award, not a kind
    return not any(c.start == join.end() for c in counts)


def _backward_count(text, mentions, chain, counts, clause) -> _Count | None:
    R = _rules()
    first = mentions[chain[0]]
    candidates = [c for c in counts if c.end <= first.start and c.start >= clause[0]]
    if not candidates:
        return None
    c = candidates[-1]
    if c.used:
        return None
    between = text[c.end:first.start]
    if len(between) > _BACKWARD_GAP:
        return None
    if _unfinished(text, c, counts):
        return None
    if any(c.end <= m.start < first.start for m in mentions):
        return None
    if not (R.receive_re.search(between) or R.give_re.search(between) or R.proposed_re.search(between)):
        return None
    if not R.subject_before_re.search(text[clause[0]:c.start]):
        return None
    return c


def _dative_count(text, mentions, chain, counts, clause) -> _Count | None:
    """"trao tặng 24 gia đình liệt sĩ Huân chương Độc lập": the count between the verb and the award it is given."""
    R = _rules()
    first = mentions[chain[0]]
    c = next((c for c in reversed(counts) if c.end <= first.start and c.start >= clause[0]), None)
    if c is None or c.used or any(c.end <= m.start < first.start for m in mentions if m is not first):
        return None
    between = text[c.end:first.start]
    if len(between.split()) > 3 or regex.search(r"[\d,;:()]", between) or R.give_re.search(between) or R.receive_re.search(between):
        return None
    verb = R.dative_verb_re.search(text, clause[0], c.start)
    return c if verb else None


def _number_before(text, mention: _Mention, clause) -> tuple[int, str, int] | None:
    """"trao 13 Huân chương …": (value, qualifier, start) of a number written right before the award."""
    R = _rules()
    before = text[clause[0]:mention.start]
    unit = R.award_unit_re.search(before)  # "trao 24 danh hiệu Bà mẹ Việt Nam anh hùng"
    if unit:
        before = before[:unit.start()]
    m = R.number_end_re.search(before)
    if not m:
        return None
    num = _number_at(before, m.start())
    if not num:
        return None
    value = numbers.parse_int(num.group(0))
    if value is None or (num.group(0).isdigit() and 1900 <= value <= 2100):
        return None
    head = before[:m.start()]
    if R.vague_re.search(head) or _GLUED_BEFORE.search(head):
        return None
    qualifier = "exact"
    q = R.qualifier_re.search(head)
    if q:
        qualifier = R.qualifier_of[" ".join(q.group(0).split()).casefold()]
    return value, qualifier, clause[0] + m.start()


def _kind_for_number(text, mention: _Mention, limit: int) -> str:
    """Which kind a bare "13 Huân chương" counts: the award's recipients, or who follows "cho"."""
    R = _rules()
    if len(mention.recipients_kind) == 1:
        return _RECIPIENT_FIELD.get(next(iter(mention.recipients_kind)), "n_mixed")
    if mention.kind in R.head_recipients:  # a Cờ thi đua goes to collectives only
        return _RECIPIENT_FIELD[R.head_recipients[mention.kind]]
    tail = _blank_parentheses(text[mention.end:limit])
    link = R.link_re.search(tail)
    if link and link.start() < _FORWARD_GAP:
        rest = tail[link.end():]
        kinds = R.kind_list_re.match(rest)  # "cho các tập thể và cá nhân": several kinds
        if kinds and len({R.kind_of[" ".join(k.split()).casefold()] for k in kinds.captures("k")}) > 1:
            return "n_mixed"
        one = R.kind_re.match(rest, regex.match(r"\s*(?:(?:các|những)\s+)?", rest).end())
        if one and R.kind_of[" ".join(one.group(0).split()).casefold()] != "n_mixed":
            return R.kind_of[" ".join(one.group(0).split()).casefold()]  # "cho các cựu chiến binh": the kind named
        if R.person_recipient_re.match(rest):
            return "n_individuals"
        if R.collective_recipient_re.match(rest):
            return "n_collectives"
    return "n_mixed"


def _breakdown(text, mention: _Mention, limit: int) -> list[tuple[str, int]]:
    """"(3 hạng nhất, 1 hạng nhì, 9 hạng ba)" or ", trong đó 2 hạng Nhì": (class, count) pairs."""
    R = _rules()
    m = R.breakdown_intro_re.match(text, mention.end, limit)
    if not m:
        return []
    region = m.group("par") if m.group("par") is not None else m.group("rest")
    out = []
    for b in R.breakdown_re.finditer(region):
        value = numbers.parse_int(b.group("n"))
        if value is not None:
            out.append((R.class_of[b.group("c")], value))
    return out


def _status(text, mention: _Mention, clause, mentions=(), before: str | None = None) -> str:
    """Proposed when a proposal cue ("đề nghị", "xét tặng", "sẽ") comes before the award with no decision after it.

    A clause after ";" with no verb or cue of its own is an item of the sentence's list ("… đề nghị tặng Bằng khen
    cho 5 tập thể; Chiến sĩ thi đua cấp tỉnh cho 16 cá nhân"): its status is the sentence's. A sentence that
    opens a breakdown ("Trong đó", "Cụ thể") with no cue of its own takes `before`, the previous sentence's.
    """
    R = _rules()
    window = text[clause[0]:mention.start]
    if clause[0] > 0:
        own = list(window)
        for m in mentions:  # an award word ("khen thưởng") is not the clause's verb
            if m.end > clause[0] and m.start < mention.start:
                own[max(0, m.start - clause[0]):m.end - clause[0]] = " " * (min(m.end, mention.start) - max(m.start, clause[0]))
        own = "".join(own)
        # "…đề nghị … tặng Cờ thi đua cho 2 đơn vị; tặng Bằng khen cho …": the same verb again, its subject left out, goes on
        # with the list; another verb ("; trao Giấy khen …") starts an act of its own
        earlier = [g.group(0).casefold() for g in R.give_re.finditer(text, 0, clause[0])]
        gives = [g for g in R.give_re.finditer(own)
                 if not (_elided_subject(text, clause[0] + g.start()) and earlier and g.group(0).casefold() == earlier[-1])]
        if not gives and not any(r.search(own) for r in (R.proposed_re, R.decided_re, R.receive_re)):
            window = text[:mention.start]
    said = _said_status(window)
    if said is None and before and R.sentence_breakdown_re.match(text) and not _active_giving(window):
        return before  # "… đề nghị khen thưởng 22 tập thể, cá nhân. Trong đó, 1 tập thể nhận …": the breakdown of a proposal
    lead = text[:mention.start].strip(" \t-–•*+")
    if said is None and before and (not lead or R.give_re.fullmatch(lead)) and not any(
            r.search(text, mention.start) for r in (R.give_re, R.receive_re, R.proposed_re, R.decided_re)):
        # "… Đề nghị tặng Cờ thi đua cho 1 tập thể. Bằng khen của Thủ tướng cho 7 cá nhân." / "- Tặng Cờ thi đua cho 15 Sở.":
        # a list item with no verb, or only the list's verb, goes on with the sentence before
        return before
    return said or "awarded"


def _active_giving(window: str) -> bool:
    """A giver named in `window` acts ("Trong đó, Chủ tịch nước tặng …"); not "được tặng", nor a list item with no
    giver ("Theo đó, truy tặng Huân chương …")."""
    R = _rules()
    cue = R.sentence_breakdown_re.match(window)
    lo = cue.end() if cue else 0
    return any(not R.passive_tail_re.search(window, max(0, g.start() - 40), g.start()) and _PROPER.search(window, lo, g.start())
               for g in R.give_re.finditer(window))


def _said_status(window: str) -> str | None:
    """The status the cues of `window` say: the last proposal cue unless a decision follows it; None without any cue."""
    R = _rules()
    window = R.proposal_basis_re.sub(lambda m: " " * len(m.group(0)), window)
    last = None
    for last in R.proposed_re.finditer(window):
        pass
    if last is None:
        return "awarded" if R.decided_re.search(window) else None
    if R.decided_re.search(window, last.end()):
        return "awarded"
    return "proposed"


def _is_place(run: str) -> bool:
    return run in _rules().places


def _clean_name(run: str) -> str | None:
    """A capitalised run as a personal name: leading place names stripped, titles refused."""
    R = _rules()
    syll = run.split()
    for k in range(len(syll) - 2, 0, -1):  # "Nghệ An Thái Thanh Quý" → "Thái Thanh Quý"
        if _is_place(" ".join(syll[:k])):
            syll = syll[k:]
            break
    if len(syll) < 2 or len(syll) > 5 or _is_place(" ".join(syll)):
        return None
    if syll[0] in R.not_name or " ".join(syll[:2]) in R.not_name:
        return None
    return " ".join(syll)


def _people(text: str, lo: int, hi: int, known: tuple[str, ...]) -> list[tuple[int, str]]:
    """Personal names in text[lo:hi]: after an honorific, names the officials extractor found, and runs after titles."""
    R = _rules()
    found: dict[int, str] = {}
    for name in known:
        i = text.find(name, lo, hi)
        while i >= 0:
            found[i] = name
            i = text.find(name, i + 1, hi)
    for m in R.honorific_name_re.finditer(text, lo, hi):
        name = _clean_name(m.group("name"))
        if name:
            found.setdefault(m.start("name") + m.group("name").find(name), name)
    return sorted(found.items())


def _presenter(text, mention: _Mention, clause, sentence_presenter: str | None, known) -> str | None:
    R = _rules()
    window_lo = clause[0]
    verbs = list(R.present_re.finditer(text, window_lo, mention.start))
    if not verbs:
        return None
    verb = verbs[-1]
    before = text[window_lo:verb.start()]
    if R.passive_tail_re.search(before):
        return None  # passive: "được Chủ tịch nước trao tặng"
    # a name right before the verb: "Thủ tướng Phạm Minh Chính trao", "… Nghệ An Thái Thanh Quý đã trao"
    tail = R.name_before_verb_re.search(before)
    if tail and not R.link_near_re.search(before, max(0, tail.start(1) - 30), tail.start(1)):
        name = _clean_name(tail.group(1))
        if name:
            return name
    # who is given something ("… cho mẹ Võ Thị Đào và truy tặng …") does not present
    people = [(i, n) for i, n in _people(text, window_lo, verb.start(), known)
              if not R.link_near_re.search(text, max(window_lo, i - 30), i)]
    if people:
        return people[-1][1]
    bare = R.on_behalf.sub("", before)
    bare = bare if bare == before else _UNTIL_COMMA_CUT.sub("", bare, count=1)
    if not bare.strip(" ,") or R.elided_subject_re.match(bare):
        return sentence_presenter  # "…; (thừa ủy quyền của …,) trao …": the clause goes on with the same presenter
    return None


def _on_behalf(text: str, pos: int) -> tuple[str, str] | None:
    """"thừa ủy quyền của Thủ tướng Chính phủ" before pos: (display name, level)."""
    R = _rules()
    best = None
    for m in R.on_behalf.finditer(text, 0, pos):
        best = m
    if best is None:
        return None
    phrase = _UNTIL_PUNCT.match(text, best.end()).group(0).strip()
    found = _issuer_level(phrase)
    if not found:
        return None
    level, s, e = found
    said = phrase[s:e]
    return R.on_behalf_name.get(said.casefold(), said), level


def _issuer_before(text, mention: _Mention, clause) -> tuple[str, str] | None:
    """An issuer right before the last giving verb: "UBND tỉnh tặng", "được Chính phủ tặng thưởng".

    A verb whose subject is left out ("Tổng Liên đoàn tặng 4 Cờ thi đua cho 4 tập thể, tặng Bằng khen cho …";
    "… đề nghị Chính phủ tặng Bằng khen cho 1 cá nhân, tặng Cờ thi đua cho 4 tập thể") has the issuer of the verb before it.
    """
    R = _rules()
    verbs = list(R.give_re.finditer(text, 0, mention.start))
    lo = clause[0]
    while verbs:
        verb = verbs.pop()
        if verb.start() < lo:
            return None
        found = _issuer_ending(text[lo:verb.start()])
        if found or not _elided_subject(text, verb.start()):
            return found
        lo = 0
    return None


def _elided_subject(text: str, pos: int) -> bool:
    """The verb at pos has no subject of its own: ", " / "; " or "và", "đồng thời" stand right before it."""
    return bool(_rules().elided_before_re.search(text, 0, pos))


def _recipient_items(region: str, known: tuple[str, ...] = ()) -> list[str]:
    """Named recipients in a list: people (honorific + name, "Name - title"), units ("Bộ Tài chính", "huyện Bắc Quang")."""
    R = _rules()
    region = _blank_parentheses(region)
    out: list[str] = []
    for part in region.split(";"):
        part = part.strip(" .,")
        if not part:
            continue
        # "… các đơn vị: Quân khu 1" → what follows the colon
        if ":" in part:
            part = part.rsplit(":", 1)[1].strip()
        # a known name followed by a verb of speaking is the subject of the next clause ("…, Tổng Bí thư A nhấn mạnh")
        people_in_part = [(part.find(n), n) for n in known
                          if n in part and not officials.opens_with_speech(part[part.find(n) + len(n):])]
        for m in R.honorific_name_re.finditer(part):
            name = _clean_name(m.group("name"))
            if name and not any(n == name for _, n in people_in_part):
                people_in_part.append((m.start(), name))
        for m in R.listed_name_re.finditer(part):
            name = _clean_name(m.group(1))
            # a bare name in a list counts when a title follows it ("A - Giám đốc …") or the list names people
            if name and (m.group("dash") or people_in_part) and not any(n == name for _, n in people_in_part):
                people_in_part.append((m.start(1), name))
        if people_in_part:
            out.extend(n for _, n in sorted(people_in_part))
            continue
        prev_org = None
        after_unit = False  # the item before named a unit: a bare place next is its address
        for item in R.item_split_re.split(part):
            item = _TRAILING_JUNK.sub("", item).strip()
            lead = R.collective_recipient_re.match(item)
            if lead and lead.group(0).strip()[0].islower() and R.org_head_re.match(item[lead.end():]):
                item = item[lead.end():].strip()  # "tập thể Bộ Chỉ huy …": the unit, not its kind
            if not item:
                continue
            if prev_org and regex.fullmatch(r"\d+", item):
                out.append(_TRAILING_NUMBER.sub(item, prev_org))
                continue
            if R.title_re.match(item):
                runs = list(R.name_run_re.finditer(item))
                name = _clean_name(runs[-1].group(0)) if runs and runs[-1].end() == len(item) else None
                if name:
                    out.append(name)
                prev_org = None
                continue
            if R.person_recipient_re.match(item):
                prev_org = None
                continue
            org = R.org_head_re.match(item)
            if org and _PROPER.search(item, org.end()):
                unit = R.unit_end_re.split(item)[0]
                out.append(unit)
                prev_org = unit if _TRAILING_NUMBER.search(unit) else None
                after_unit = True
                continue
            admin = R.admin_unit_re.search(item)
            if admin and not (after_unit and admin.start() == 0):  # "Trường X, huyện Y": Y is where X is
                out.append(admin.group(0))  # "Đảng bộ, chính quyền và nhân dân huyện X": the unit is the recipient
            after_unit = after_unit and bool(admin) and admin.start() == 0
            prev_org = None
    seen, uniq = set(), []
    for r in out:
        r = " ".join(r.split())  # a blanked "(ĐH)" leaves a run of spaces inside the name
        if r not in seen:
            seen.add(r)
            uniq.append(r)
    return uniq


def _recipients(text, mentions, chain, idx_next_clause_start, count: _Count | None, known) -> list[str]:
    R = _rules()
    last = mentions[chain[-1]]
    # a list that names awards ("… khen thưởng, gồm Huân chương …, Bằng khen") names no recipients
    hi = min([idx_next_clause_start] + [m.start for m in mentions if m.start >= last.end])
    if count is not None and count.start >= last.end:  # "cho 11 tập thể gồm A, B …"
        intro = R.list_intro_re.match(text, count.end)
        if intro and intro.end() > count.end:
            return _recipient_items(text[intro.end():hi], known)
        return []
    link = next((x for x in R.link_re.finditer(text, last.end, hi) if x.group(0) != "("), None)
    intro = R.list_intro_re.match(text, last.end)
    if intro and intro.end() > last.end and (not link or intro.end() <= link.start()):
        return _recipient_items(text[intro.end():hi], known)
    if link and link.start() - last.end <= _FORWARD_GAP:
        return _recipient_items(text[link.end():hi], known)
    return []


def _recipients_before(text, mentions, chain, lo, known) -> list[str]:
    """Passive voice: "ông Hồ Sáu (huyện X) được nhận Huân chương …", "A - Giám đốc Sở …; B … được trao tặng …"."""
    R = _rules()
    first = mentions[chain[0]]
    window = text[lo:first.start]
    receive = None
    for receive in R.receive_re.finditer(window):
        pass
    if receive is None or len(window) - receive.end() > 40:
        return []
    head = window[:receive.start()]
    active = None
    for active in R.give_re.finditer(head):
        pass
    start = active.end() if active else 0
    region = head[start:]
    if _counts(region):
        return []
    return _recipient_items(region, known)


def _year(text: str, pos: int, hi: int) -> int | None:
    m = _rules().year_re.search(text, pos, hi)
    return int(m.group("year")) if m else None


def _prize(text: str, pos: int, hi: int) -> int | None:
    R = _rules()
    cue = R.prize_re.search(text, pos, hi)
    if not cue:
        return None
    money = numbers.find_money(text, cue.end(), hi)
    if money and money[1] - cue.end() <= 3:
        return money[0]
    return None


def _resolve(mention: _Mention) -> str | None:
    R = _rules()
    if mention.award_id:
        return mention.award_id
    if mention.level == "named":
        return None
    if mention.level:
        return R.head_id.get((mention.kind, mention.level))
    return None


def _target_before(text: str, lo: int, hi: int) -> bool:
    """A pledge cue in text[lo:hi] ("phấn đấu", "chỉ tiêu"); "kết quả thực hiện chỉ tiêu" reports, it pledges nothing."""
    R = _rules()
    window = R.not_target_re.sub(lambda m: " " * len(m.group(0)), text[lo:hi])
    return bool(R.target_re.search(window))


def _list_item(text: str) -> bool:
    """A sentence that is an item of a list: led (past a bullet) by a giving verb or by an award's name."""
    R = _rules()
    lead = len(text) - len(text.lstrip(" \t-–•*+"))
    return bool(R.give_re.match(text, lead) or _mention_at(text, lead))


def sentence_status(text: str) -> str | None:
    """What a sentence's cues say of its awards ("proposed", "awarded"), None when it says nothing."""
    return _said_status(text)


def _facts(text: str, offset: int = 0, known: tuple[str, ...] = (), year: int | None = None,
           status_before: str | None = None, mentions: list[_Mention] | None = None) -> list[_Fact]:
    """Award rows of one sentence (issuer of some generic heads still open: `resolved` False).

    `mentions`: the sentence's `_mentions`, when the caller has read them already.
    """
    R = _rules()
    if mentions is None:
        mentions = _mentions(text)
    if not mentions:
        return []
    clauses = _clauses(text)
    counts = [c for c in _counts(text, frozenset(m.start for m in mentions))
              if not _target_before(text, _clause_of(clauses, c.start)[0], c.start)]
    chains = _chains(text, mentions)

    # issuers: trailing (read), chain, on behalf, right before the verb
    for chain in chains:
        for i in chain:  # a listed form says its issuer too: "Cờ thi đua và Bằng khen của Chính phủ"
            m = mentions[i]
            if m.award_id and not m.level and R.level_of_id.get(m.award_id):
                m.level, m.explicit = R.level_of_id[m.award_id], True
        explicit = [mentions[i] for i in chain if mentions[i].explicit]
        for i in chain:
            m = mentions[i]
            if m.award_id or m.explicit:
                continue
            later = [x for x in explicit if x.start > m.start]
            if later:
                lvl = later[0].level
                if R.head_id.get((m.kind, lvl)) or lvl == "foreign":
                    m.level, m.issuer = lvl, later[0].issuer
    behalf: dict[int, tuple[str, str] | None] = {}
    for i, m in enumerate(mentions):
        behalf[i] = _on_behalf(text, m.start)
        if m.award_id or m.level or m.kind is None:
            continue
        clause = _clause_of(clauses, m.start)
        if m.kind in R.adjacent_only:  # "được UBND tỉnh khen thưởng": the head is itself the verb
            lo = max(clause[0], mentions[i - 1].end if i else 0)
            adj = _issuer_ending(text[lo:m.start])
            if adj and R.head_id.get((m.kind, adj[1])):
                m.issuer, m.level = adj
            continue
        if behalf[i] and R.head_id.get((m.kind, behalf[i][1])):
            m.issuer, m.level = behalf[i][0], behalf[i][1]
            continue
        if clause[0] > 0 and not R.give_re.search(text, clause[0], m.start) and not R.receive_re.search(text, clause[0], m.start):
            clause = (0, clause[1])  # "X tặng Cờ thi đua cho 1 tập thể; Bằng khen cho 3 tập thể": the list goes on with X's verb
        before = _issuer_before(text, m, clause)
        if before and R.head_id.get((m.kind, before[1])):
            m.issuer, m.level = before
    for i, m in enumerate(mentions):  # a listed order given by a foreign state is a foreign order
        if m.award_id and R.foreign_kind.get(m.award_kind):
            limit = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
            trail = _trailing_issuer(text, m.end, limit)
            if trail and trail[0] == "foreign":
                m.award_id, m.issuer = R.foreign_kind[m.award_kind], trail[1]
                continue
            before = _issuer_before(text, m, _clause_of(clauses, m.start))  # only when the trail says no state
            if before and before[1] == "foreign":
                m.award_id, m.issuer = R.foreign_kind[m.award_kind], before[0]
    for m, after in zip(mentions, mentions[1:]):
        if m.kind in R.verb_heads and R.verb_gap_re.fullmatch(text, m.end, after.start):
            m.dropped = True  # "khen thưởng Cờ thi đua …", "tuyên dương danh hiệu Anh hùng …": the verb of the award that follows
    for m in mentions:
        past = R.past_year_re.match(text, m.end)
        if year and past and int(past.group(1)) < year:
            m.dropped = True  # "Huân chương Lao động hạng Ba (1995)": an award of the unit's history
        if _target_before(text, _clause_of(clauses, m.start)[0], m.start):
            m.dropped = True  # "phấn đấu có 50 tập thể được tặng …": a pledge, not a fact
        if m.kind in R.adjacent_only and not m.level:
            m.dropped = True
        if m.kind in R.unlisted_heads and m.level == "named":
            m.dropped = True  # an order we do not know, not said to be foreign
        if m.title_like and _NAME_AFTER.match(text, m.end):
            m.dropped = True  # "NSND Lê Văn E": the title of a person, not an award given here
    for ci, chain in enumerate(chains):
        head = mentions[chain[0]]
        window = (max(0, head.start - _GOVERNOR_GAP), head.start)
        not_given = R.title_not_given_re.search(text, *window)
        # a count given through a link governs the title as well as a verb does: "; Chiến sĩ thi đua cấp tỉnh cho 16 cá nhân"
        limit = mentions[chains[ci + 1][0]].start if ci + 1 < len(chains) else len(text)
        counted = (_forward_count(text, mentions, chain, counts, _clause_of(clauses, head.start), limit)
                   or (head.award_kind == "danh_hieu_thi_dua" and _number_before(text, head, _clause_of(clauses, head.start))))
        if head.title_like and (not_given or not (R.title_governor_re.search(text, *window) or counted)):
            for i in chain:
                if mentions[i].title_like:
                    mentions[i].dropped = True  # "thăm 15 Mẹ Việt Nam Anh hùng": people, not an award

    # counts: forward, number before, backward
    assigned: dict[int, tuple[dict, str]] = {}
    continued: dict[int, list[_Count]] = {}
    said_until: dict[int, int] = {}  # where the evidence of a count split by ";" ends
    class_more: dict[int, list[tuple[str, _Count]]] = {}
    for ci, chain in enumerate(chains):
        if all(mentions[i].dropped for i in chain):
            continue
        clause = _clause_of(clauses, mentions[chain[0]].start)
        nxt = chains[ci + 1] if ci + 1 < len(chains) else None
        limit = mentions[nxt[0]].start if nxt else len(text)
        c = _forward_count(text, mentions, chain, counts, clause, limit)
        if c:
            c.used = True
            assigned[ci] = (dict(c.values), c.qualifier, c)
            if len(chain) == 1 and mentions[chain[0]].classes:
                class_more[ci] = _class_counts(text, c, counts, limit)
            for more in _continued_counts(text, clauses, c, counts, mentions):
                values = assigned[ci][0]
                tail = text[more.end:_clause_of(clauses, more.start)[1]]
                if not tail.strip(" \t\n.,…") and not set(values) & set(more.values) and more.qualifier == c.qualifier:
                    values.update(more.values)  # "cho 6 tập thể; 14 cá nhân": one count split by ";"
                    said_until[ci] = _clause_of(clauses, more.start)[1]
                else:
                    continued.setdefault(ci, []).append(more)
    for ci, chain in enumerate(chains):
        if ci in assigned or all(mentions[i].dropped for i in chain):
            continue
        clause = _clause_of(clauses, mentions[chain[0]].start)
        if len(chain) == 1:
            nb = _number_before(text, mentions[chain[0]], clause)
            if nb and R.history_re.search(text, 0, mentions[chain[0]].start):
                nb = None  # "Trải qua 50 năm xây dựng …, trường đã được tặng 2 Huân chương": its history, not the event
            if nb and not any(c.start <= nb[2] < c.end for c in counts):
                nxt = chains[ci + 1] if ci + 1 < len(chains) else None
                limit = min(mentions[nxt[0]].start if nxt else len(text), clause[1])
                fld = _kind_for_number(text, mentions[chain[0]], limit)
                assigned[ci] = ({fld: nb[0]}, nb[1], None)
                continue
        c = _backward_count(text, mentions, chain, counts, clause) or _dative_count(text, mentions, chain, counts, clause)
        if c:
            c.used = True
            assigned[ci] = (dict(c.values), c.qualifier, c)

    facts: list[_Fact] = []
    presenter_so_far = None
    prev_end = 0
    vocab = R.vocabulary
    for ci, chain in enumerate(chains):
        first = mentions[chain[0]]
        clause = _clause_of(clauses, first.start)
        nxt = chains[ci + 1] if ci + 1 < len(chains) else None
        next_start = mentions[nxt[0]].start if nxt else len(text)
        next_clause_start = _clause_of(clauses, next_start)[0] if nxt and _clause_of(clauses, next_start)[0] > first.start else len(text)
        presenter = _presenter(text, first, clause, presenter_so_far, known)
        if presenter:
            presenter_so_far = presenter
        if all(mentions[i].dropped for i in chain):
            prev_end = mentions[chain[-1]].end
            continue
        values, qualifier, count = assigned.get(ci, ({}, "exact", None))
        if R.cumulative_re.match(text):
            values, qualifier = {}, "exact"  # "Đến nay, toàn tỉnh có 2.800 mẹ được …": the stock of all years, not the event's
        recipients = _recipients(text, mentions, chain, next_clause_start, count, known)
        if not recipients and count is None:
            recipients = _recipients_before(text, mentions, chain, prev_end, known)
            if recipients and values:
                values = {}  # "Ông X được tặng 5 Huân chương …": medals of the people named, not a number of recipients
        status = _status(text, first, clause, mentions, status_before)
        if (status == "awarded" and R.proposed_after_re.match(text, mentions[chain[-1]].end, clause[1])
                and not R.past_re.search(text, clause[0], first.start)):
            status = "proposed"  # "Lễ trao Huân chương … cho X sẽ diễn ra …": a preview
        hi = min(next_start, clause[1])
        prize = _prize(text, mentions[chain[-1]].end, hi)
        year = _year(text, first.start, clause[1])
        ev_s, ev_e = clause[0], max(clause[1], said_until.get(ci, 0))
        while ev_s < ev_e and text[ev_s].isspace():
            ev_s += 1
        while ev_e > ev_s and text[ev_e - 1] in " \t\n;":
            ev_e -= 1
        rows = []
        for i in chain:
            m = mentions[i]
            if m.dropped:
                continue
            award_id = _resolve(m)
            if award_id is None and m.explicit:
                continue  # an issuer we read but that names no one id ("Bằng khen các cấp")
            kind = m.kind or R.kind_of_id.get(award_id)
            resolved = award_id is not None or m.kind not in R.article_kinds
            if award_id is None:
                award_id = R.head_id.get((m.kind, "default"))
                if award_id is None and m.kind not in R.article_kinds:
                    continue
            said_level = m.level if resolved and R.head_id.get((kind, m.level)) not in (None, "other") else None
            for cls in (m.classes or [None]):
                a = Award(
                    award_id=award_id or "other",
                    award_name="",
                    award_class=cls,
                    issuer=m.issuer if award_id == "other" else None,
                    qualifier=qualifier,
                    recipients=list(recipients),
                    presenter=presenter,
                    on_behalf_of=behalf[i][0] if behalf.get(i) else None,
                    status=status,
                    achievement_year=year,
                    prize_value_vnd=prize,
                    evidence=text[ev_s:ev_e],
                    char_start=offset + ev_s,
                    char_end=offset + ev_e,
                    extractor=NAME,
                )
                for fld, v in values.items():
                    setattr(a, fld, v)
                rows.append(_Fact(a, kind, resolved, f"{offset}:{ci}", said_level))
        # class breakdown rows: "13 Huân chương … (3 hạng nhất, 1 hạng nhì, 9 hạng ba)"
        if len(chain) == 1 and values:
            fld = next(iter(values))
            for cls, v in _breakdown(text, mentions[chain[0]], hi):
                if rows:
                    b = replace(rows[0].award, award_class=cls, n_collectives=None, n_individuals=None, n_households=None, n_mixed=None, recipients=list(recipients))
                    setattr(b, fld, v)
                    rows.append(_Fact(b, rows[0].kind, rows[0].resolved, f"{offset}:{ci}:{cls}"))
        # more classes with their own counts: "… hạng Nhất cho 73 cán bộ, hạng Nhì cho 88 cán bộ"
        for cls, more in class_more.get(ci, []):
            if rows:
                b = replace(rows[0].award, award_class=cls, n_collectives=None, n_individuals=None, n_households=None,
                            n_mixed=None, qualifier=more.qualifier, recipients=[])
                for fld, v in more.values.items():
                    setattr(b, fld, v)
                rows.append(_Fact(b, rows[0].kind, rows[0].resolved, f"{offset}:{ci}:{cls}", rows[0].level))
        # counts that go on after ";" for the same award: "cho 14 cá nhân thuộc Bộ Công an; 79 tập thể thuộc Bộ Quốc phòng"
        base = [r for r in rows if r.unit == f"{offset}:{ci}"]
        for k, more in enumerate(continued.get(ci, [])):
            more_end = _clause_of(clauses, more.start)[1]
            while more_end > ev_s and text[more_end - 1] in " \t\n;.":
                more_end -= 1
            for r in base:
                b = replace(r.award, n_collectives=None, n_individuals=None, n_households=None, n_mixed=None,
                            qualifier=more.qualifier, recipients=[], evidence=text[ev_s:more_end], char_end=offset + more_end)
                for fld, v in more.values.items():
                    setattr(b, fld, v)
                rows.append(_Fact(b, r.kind, r.resolved, f"{offset}:{ci}:+{k}", r.level))
        for r in rows:
            r.award.award_name = vocab.get(r.award.award_id, {}).get("name_vi", r.award.award_id)
            if r.award.issuer is None and r.award.award_id != "other":
                r.award.issuer = vocab.get(r.award.award_id, {}).get("issuer") or None
        facts.extend(rows)
        prev_end = mentions[chain[-1]].end
    return facts


# ---------------------------------------------------------------- the article


def _count_values(a: Award) -> tuple:
    return tuple((f, getattr(a, f)) for f in _FIELDS if getattr(a, f) is not None)


def resolve_article(facts: list[_Fact]) -> list[Award]:
    """Article-wide pass: open issuers, totals without a count, the same fact told twice.

    1. A generic head whose issuer the sentence did not say takes the one id of
       its kind the article names elsewhere; none → the kind's default; several →
       no row of its own (its mention is already counted).
    2. Totals and "tuyên dương" without an explicit count are no facts.
    3. Facts told twice are kept once: the same counts for the same awards; a
       count without a class when the same count is given with classes; a count
       of several kinds together when the same number is given with its kind.
    4. Rows with neither count nor recipients are kept once per award.
    5. Rows sharing one count get article-wide group ids; single rows none.
    """
    R = _rules()
    by_kind: dict[str, set[str]] = {}
    for f in facts:
        if f.kind and f.resolved and f.award.award_id != "other":
            by_kind.setdefault(f.kind, set()).add(f.award.award_id)
    # the levels of issuer the article speaks of, said with any award, even one that gives no row ("Thủ tướng
    # Chính phủ khen thưởng các tập thể …"): when they name one id of a bare head's kind, the bare head is that
    # ("Bộ trưởng … tặng Bằng khen" → a bare "Cờ thi đua" of that article is the ministry's)
    levels = {R.level_of_id[i] for ids in by_kind.values() for i in ids if i in R.level_of_id}
    levels |= {f.level for f in facts if f.level}
    kept: list[_Fact] = []
    for f in facts:
        if not f.resolved:
            ids = by_kind.get(f.kind, set())
            default = R.head_id.get((f.kind, "default"))
            said = {R.head_id[(f.kind, lv)] for lv in levels if R.head_id.get((f.kind, lv)) not in (None, "other")}
            if len(said) == 1 and not ids:
                default = next(iter(said))
            if len(ids) == 1:
                f.award.award_id = next(iter(ids))
            elif not ids and default:
                f.award.award_id = default
            else:
                log.debug("awards: %r left out, its issuer is one of %s", f.award.evidence[:80], sorted(ids))
                continue
            f.award.award_name = R.vocabulary.get(f.award.award_id, {}).get("name_vi", f.award.award_id)
            f.award.issuer = R.vocabulary.get(f.award.award_id, {}).get("issuer") or None
        if f.award.award_id in R.needs_count and not _count_values(f.award):
            continue
        kept.append(f)

    units: dict[str, list[_Fact]] = {}
    for f in kept:
        units.setdefault(f.unit, []).append(f)

    def signature(rows):
        a = rows[0].award
        return (tuple(sorted((r.award.award_id, r.award.award_class or "") for r in rows)), _count_values(a), a.qualifier, a.status)

    counted = [u for u in units.values() if _count_values(u[0].award)]
    drop: set[str] = set()
    seen: dict[tuple, list[_Fact]] = {}
    for u in counted:
        sig = signature(u)
        if sig in seen:
            first = seen[sig]
            for r in first:
                r.award.recipients = list(dict.fromkeys(r.award.recipients + u[0].award.recipients))
                r.award.presenter = r.award.presenter or u[0].award.presenter
            drop.add(u[0].unit)
        else:
            seen[sig] = u
    alive = [u for u in counted if u[0].unit not in drop]
    for u in alive:
        ids = {r.award.award_id for r in u}
        vals = set(_count_values(u[0].award))
        classless = all(r.award.award_class is None for r in u)
        for v in alive:
            if v is u or v[0].unit in drop or {r.award.award_id for r in v} != ids:
                continue
            vvals = set(_count_values(v[0].award))
            if classless and any(r.award.award_class for r in v) and vals <= vvals:
                drop.add(u[0].unit)  # "Huân chương Lao động cho 4 cá nhân" = "… hạng Nhì và hạng Ba cho 4 cá nhân"
            mixed = dict(vals).get("n_mixed")
            specific = {f: x for f, x in vvals if f != "n_mixed"}
            if mixed is not None and len(vals) == 1 and (mixed in specific.values() or (len(specific) > 1 and mixed == sum(specific.values()))):
                drop.add(u[0].unit)  # "Trao 13 Huân chương" = "13 … cho nguyên thủ trưởng"; "20 tập thể, cá nhân" = "8 tập thể, 12 cá nhân"
        if ids <= R.aggregates and any(v is not u and v[0].unit not in drop and not ({r.award.award_id for r in v} <= R.aggregates)
                                       and set(_count_values(v[0].award)) == vals for v in alive):
            drop.add(u[0].unit)  # a total that repeats one award's count is that award's fact

    out: list[Award] = []
    have: dict[tuple, Award] = {}
    for f in kept:
        if f.unit in drop:
            continue
        a = f.award
        if not _count_values(a):
            key = (a.award_id, a.award_class, tuple(a.recipients))
            if key in have:  # told again (caption, headline): what the repeat adds is kept
                first = have[key]
                first.presenter = first.presenter or a.presenter
                first.on_behalf_of = first.on_behalf_of or a.on_behalf_of
                continue
            if not a.recipients and any((x.award.award_id == a.award_id) for x in kept if x is not f and x.unit not in drop and (_count_values(x.award) or x.award.recipients)):
                continue
            have[key] = a
        out.append(a)

    group_of: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for f in kept:
        if f.unit not in drop and _count_values(f.award):
            sizes[f.unit] = sizes.get(f.unit, 0) + 1
    unit_of = {id(f.award): f.unit for f in kept}
    for a in out:
        unit = unit_of[id(a)]
        if sizes.get(unit, 0) > 1:
            a.group_id = group_of.setdefault(unit, f"g{len(group_of) + 1}")
        else:
            a.group_id = None
    return out


def find_awards(text: str, offset: int = 0, known_names: tuple[str, ...] = (), year: int | None = None) -> list[Award]:
    """Award rows of one sentence (offsets of the evidence shifted by `offset`).

    `known_names`: people the officials extractor found (presenters, recipients);
    `year`: the article's year, to tell awards of a unit's history "(1995)" from the event's.
    """
    return resolve_article(_facts(text, offset, tuple(known_names), year))


def known_people(officials) -> tuple[str, ...]:
    """Names the officials extractor found that read as personal names (longest first)."""
    names = set()
    for official in officials:
        name = getattr(official, "name", None) or ""
        if _FULL_NAME.fullmatch(name) and _clean_name(name) == name:
            names.add(name)
    return tuple(sorted(names, key=len, reverse=True))


def article_year(doc) -> int | None:
    """The year the article is about: its publication date, else the latest plausible year it writes."""
    article = article_of(doc)
    if article is not None and article.published:
        return article.published.year
    years = [int(y) for y in _YEAR.findall(doc_text(doc)) if int(y) <= 2100]
    return max(years) if years else None


def _status_before(texts: list[str], i: int, memo: dict[int, str | None]) -> str | None:
    """The status sentence i inherits: the last cue of the sentences before it, handed on through list items.

    An item of a list ("- Tặng Cờ thi đua cho 15 Sở.") that says nothing itself hands on the status it took,
    so the status before sentence i is the previous sentence's own, else (if that one is a list item) the
    status before it, else none. Read backwards from i, it usually stops at the sentence before; `memo`
    keeps the answers so a long list is walked once.
    """
    walked = []
    j = i
    while j > 0 and j not in memo:
        walked.append(j)
        said = sentence_status(texts[j - 1])
        if said:
            answer = said
            break
        if not _list_item(texts[j - 1]):
            answer = None
            break
        j -= 1
    else:
        answer = memo.get(j)  # None when j reached the first sentence
    for k in walked:
        memo[k] = answer
    return answer


class AwardExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        known = known_people(get_records(doc, "thidua_officials"))
        year = article_year(doc)
        facts: list[_Fact] = []
        texts = [sent.text for sent in sentences(doc)]
        said_before: dict[int, str | None] = {}
        for i, sent in enumerate(sentences(doc)):
            mentions = _mentions(sent.text)
            if mentions:  # most sentences name no award: the status chain is read only for those that do
                facts.extend(_facts(sent.text, sent.start, known, year, _status_before(texts, i, said_before), mentions))
        records = resolve_article(facts)
        set_records(doc, NAME, records, [(a.char_start, a.char_end) for a in records])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=["doc._.thidua_officials"])
def make_award_extractor(nlp: Language, name: str) -> AwardExtractor:
    return AwardExtractor(name)
