"""Which metric a number is: the cue that governs it (METRICS.md, "Rules for hard cases").

Money and area take the metric of the nearest cue before them (or, failing that, right after
them); counts take it from their verb and their noun: "signed 41 enterprises" is a signing,
"41 enterprises settled in" are enterprises.  A cue mapped to None is a blocker: it governs
the number but makes it no figure (GDP, fiscal revenue, people, visits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from db.gazetteer.scan import StartScan
from monitor.extract.document import holds_any, lowered_text, needed_words
from monitor.extract.word_initial import cues_written_once, word_initial, word_matches
from monitor.extract.registry import load_registry

_REGISTRY = load_registry()
_ZH_MONEY = _REGISTRY.money_cues("zh")
_EN_MONEY = _REGISTRY.money_cues("en")


def _cue_regex(cues: dict[str, str | None], latin: bool) -> re.Pattern[str]:
    names = sorted(cues, key=len, reverse=True)
    if latin:
        body = "|".join(r"\b" + re.escape(n).replace(r"\ ", r"[\s-]+") + r"\b" for n in names)
        return re.compile(body, re.IGNORECASE)
    return re.compile("|".join(map(re.escape, names)))


_EN_MONEY = {re.sub(r"[\s-]+", " ", cue): metric for cue, metric in _EN_MONEY.items()}
_MONEY_CUES = {"zh": (_cue_regex(_ZH_MONEY, False), _ZH_MONEY), "en": (_cue_regex(_EN_MONEY, True), _EN_MONEY)}


def _english_cues_word_initial() -> re.Pattern[str] | None:
    """The English cues for the lowered text (word_initial.word_initial): with the flag and a \\b
    before each of them, the regex engine tried every cue at every position.  The cues that
    start alike are written with their shared start once, as the gazetteer writes its names
    (the same cues match): at an "i" the engine reads "investment" once, not once for each cue
    opening with it.  None unless every cue opens on a letter or digit, where \\b means "no
    letter or digit before"."""
    return cues_written_once(word_initial(_MONEY_CUES["en"][0])) if all(cue[:1].isalnum() for cue in _EN_MONEY) else None


_EN_MONEY_WORD_INITIAL = _english_cues_word_initial()


def _money_cues(text: str, start: int, end: int, lang: str) -> Iterator[re.Match[str]]:
    """The money cues of text[start:end]; English ones are matched in the lowered text (their
    group in lower case, which `_norm` makes of it anyway)."""
    if lang == "en" and _EN_MONEY_WORD_INITIAL is not None:
        return word_matches(_EN_MONEY_WORD_INITIAL, lowered_text(text), start, end)
    return _MONEY_CUES[lang][0].finditer(text, start, end)

_EN_SIGNED_WORTH = re.compile(r"\b(?:sign(?:s|ed|ing)?|contracted|deals?|agreements?)\b", re.IGNORECASE)
# "projects worth", "investment worth": what is worth it is an investment; "goods worth" is not
_EN_INVESTED_WORTH = re.compile(r"\b(?:projects?|investments?|deals?|agreements?|contracts?|programs?|programmes?)\s*,?\s+"
                                r"(?:(?:with\s+a\s+(?:total\s+)?(?:value|investment)\s+)?)$", re.IGNORECASE)

_NOT_PLANNING_AREA = {
    "zh": re.compile(r"建筑面积|已开发|开发面积|已建成|建成区|海域|半岛|岛屿|耕地|林地|绿地|水域|湖|校区|(?<!规划)(?<!规划建设)用地|土地|出让|征地|厂房|仓库|基地|农田|试验田|育种|种植|养殖|"
                     r"项目[^，,。；;]{0,3}占地"),
    "en": re.compile(r"\b(?:floor|buildings?|construction|sea|peninsula|island|farmland|forest|lake|land|plots?|factor(?:y|ies)|"
                     r"warehouses?|workshops?|base|bases|fields?|sites?|campus(?:es)?|set\s+aside|earmarked|reserved|allocated|"
                     # "with 5 square kilometers already developed": the part in use, not the planned area
                     r"developed|built(?:-up)?|in\s+use|under\s+development)\b",
                     re.IGNORECASE),
}


_SPACES = re.compile(r"[\s-]+")


def _norm(cue: str) -> str:
    return _SPACES.sub(" ", cue).lower()


def money_metric(text: str, before: tuple[int, int], after: tuple[int, int], lang: str) -> tuple[bool, str | None]:
    """(found, metric) for a money amount: the last cue in `before`, else the first in `after`.

    `found` False means no cue at all, so the caller may let a list item inherit the metric
    of the amount before it ("分别完成税收195.36亿元、43.31亿元").
    """
    cues = _MONEY_CUES[lang][1]
    head = match = None  # the last two cues before the number
    for found in _money_cues(text, before[0], before[1], lang):
        head, match = match, found
    if match is None:
        match = next(_money_cues(text, after[0], after[1], lang), None)
    if not match:
        return False, None
    cue = match.group() if lang == "zh" else _norm(match.group())
    if cue.startswith("worth"):
        if head and _norm(head.group()) != "worth" and not text[head.end():match.start()].strip():
            return True, cues[_norm(head.group())]  # "imports and exports worth 12.7 billion yuan"
        if not _EN_INVESTED_WORTH.search(text, max(0, match.start() - 40), match.start()):
            return True, None  # "goods worth 12.6 billion yuan have been sold": no investment
        if _EN_SIGNED_WORTH.search(text, max(0, before[1] - 80), before[1]):
            return True, "investment_signed"  # "signed investment deals worth 25 billion yuan"
    return True, cues[cue]


# what may stand between two coordinated cues: a conjunction, then maybe a modifier of the next
# ("营收、税收和工业产值", "revenue, tax revenue and industrial output value")
_CUE_GAP = re.compile(r"\s*(?:(?:[、,，/]|和|及|与|以及)\s*[\u4e00-\u9fff]{0,3}|"
                      r"(?:,|,?\s*\band|\bas\s+well\s+as)\s+(?:[a-z-]+\s+)?)?\s*", re.IGNORECASE)


def coordinated_money_cues(text: str, start: int, end: int, lang: str) -> tuple[list[str | None], int]:
    """The metrics of the last run of coordinated money cues in text[start:end] ("revenue, tax
    revenue and output value", "营收、税收和产值"), and where the run ends."""
    cues = _MONEY_CUES[lang][1]
    run = _last_run(text, _money_cues(text, start, end, lang), _CUE_GAP)
    if not run:
        return [], start
    return [cues[m.group() if lang == "zh" else _norm(m.group())] for m in run], run[-1].end()


def _last_run(text: str, matches: Iterable[re.Match[str]], gap: re.Pattern[str]) -> list[re.Match[str]]:
    """The last run of matches joined by nothing but `gap` ("A, B and C")."""
    run: list[re.Match[str]] = []
    for match in matches:
        if run and gap.fullmatch(text, run[-1].end(), match.start()):
            run.append(match)
        else:
            run = [match]
    return run


_AREA_VERB_EN = re.compile(r"\b(?:cover(?:s|ing)?|occup(?:y|ies|ying)|span(?:s|ning)?)\s+(?:an?\s+(?:total\s+)?area\s+of\s+)?"
                           r"(?:about\s+|around\s+|some\s+|nearly\s+|more\s+than\s+|over\s+)?$", re.IGNORECASE)


_AREA_TAIL_END = re.compile(r"[,;.，；。]")


def area_metric(text: str, before: tuple[int, int], after: tuple[int, int], lang: str) -> str | None:
    """Areas in park news are park areas unless the words around say floor space or a place."""
    regex = _NOT_PLANNING_AREA[lang]
    tail = _AREA_TAIL_END.split(text[after[0]:after[1] + 20], maxsplit=1)[0]
    end = before[1]
    if lang == "en" and (verb := _AREA_VERB_EN.search(text, max(before[0], end - 40), end)):
        end = verb.start()  # "a laboratory campus covering 35 hectares": what is covered comes before the verb
    if regex.search(text, max(before[0], end - 12), end) or regex.search(tail):
        return None
    return "planning_area"


# ---- counts -------------------------------------------------------------------------------

_ZH_VERBS = {
    # 签约落地 / signed and settled: what was signed (METRICS.md), tried before "signed" and "landed"
    "signed_landed": "签约落地|签约落户|签约入驻|签约进驻",
    "landed": "落地|落户|入驻|进驻|引进|引入|招引|新引入|新增|注册|集聚|聚集|设立|入园",
    "signed": "签约|签订|签署|签下",
    "started": "开工|动工|开建|启动",
    "completed": "竣工|投产|建成|完工|投用|投入运营|投入使用",
    "blocked": "对接|走访|储备|谋划|洽谈|参会|参加|考察|拜访|培育|接待|惠及|带动|享受",
}
_EN_VERBS = {
    "signed_landed": r"signed\s+(?:and|&)\s+(?:settled|landed|registered)",
    "landed": r"landed|landing|(?:(?<=to\s)|(?<=will\s)|(?<=would\s))land|settle[sd]?|settling|moved\s+in(?:to)?|located|introduc(?:e[sd]?|ing)|attract(?:s|ed|ing)?|added|"
              r"opened|register(?:ed|ing)?|established(?!\s+(?:cooperation|partnerships?|ties|relations|contacts))(?:\s+operations)?|based|operating|set\s+up|brought\s+in|gathered",
    "signed": r"sign(?:s|ed|ing)?|contracted|inked",
    # ("started operation" / "began production" is a project finished: completed, below)
    "started": r"start(?:ed|ing)?\s+construction|broke\s+ground|began\s+construction|commenced(?:\s+construction)?(?!\s+(?:operations?|production))|"
               r"started(?!\s+(?:operations?|production))|"
               r"launch(?:ed|ing)?|construction\s+(?:began|started|commenced)\s+on|kicked\s+off",
    # "put 12 projects into operation": the verb's second half follows the noun phrase
    "completed": r"complet(?:e|ed|ing)(?!\s+(?:an?\s+)?investment)|(?:put\s+)?into\s+(?:operation|production|use)|commissioned|"
                 r"(?:started|began|begun|commenced)\s+(?:operations?|production)",
    "blocked": r"docking|docked|enjoy(?:ed|ing)?|used|using|benefit(?:ed|ing|s)?\s+from|applied\s+for|visit(?:ed|ing)?|established\s+(?:cooperation|partnerships?|ties|relations|contacts)|cooperat(?:e|ed|ing)|partnered|attend(?:ed|ing)?|served|serving|trained|met|contacted|reserving|reserved",
}


def _verb_regex(verbs: dict[str, str], latin: bool) -> re.Pattern[str]:
    body = "|".join(f"(?P<{kind}>{alternatives})" for kind, alternatives in verbs.items())
    return re.compile(r"\b(?:" + body + r")\b" if latin else body, re.IGNORECASE if latin else 0)


_VERBS = {"zh": _verb_regex(_ZH_VERBS, False), "en": _verb_regex(_EN_VERBS, True)}
# The Chinese verbs' branches are named groups, which keep the regex engine from skipping ahead to
# their first characters, and the English ones open on \b, which it tries at every position: both
# scanned from those characters instead.
_VERB_SCANS = {lang: StartScan(regex) for lang, regex in _VERBS.items()}
_VERB_WORDS = {lang: needed_words(regex.pattern) for lang, regex in _VERBS.items()}

_ZH_NOUN = re.compile(r"项目|企业|公司|市场主体|经营主体|机构|总部")
# A bare classifier right after a noun phrase that names something else (品种, 高校, 航线):
# the number counts that, not projects; verbs and fillers (落地, 达到, 共) may stand there.
# What may stand between a verb and the bare classifier count it governs ("现已落地16个",
# "共引进各类…"): anything else is a noun of its own ("引进高校和科研院所26家", "建成实验室32个").
_ZH_VERB_TO_NUMBER = re.compile(r"(?:\s|了|的|各类|各种|新|共|共计|总计|合计|累计|达到|达|增至|增加到|增长到|有|为|超过|超|逾|约|近|突破|已|现|将|可)*")
_ZH_NOUN_BEFORE = re.compile(r"(项目|企业|公司|市场主体|经营主体|机构|总部)(?:总数|数量)?" + _ZH_VERB_TO_NUMBER.pattern + r"$")
# The clause before "其中" counted something that is no project or enterprise ("品种超过400个，")
_ZH_WHOLE_BEFORE = re.compile(r"(?P<word>[\u4e00-\u9fff]{2})(?:" + _ZH_VERB_TO_NUMBER.pattern
                              + r")\d[\d.]*\s*[万亿]?\s*[余多]?[个家项][，,]\s*$")
_ZH_LIST_ITEM = re.compile(r"[个家户项宗][、和及与]\s*$")  # "分别开工项目21个、12个": the head's noun
# "新增国家级专精特新“小巨人”企业3家": a certification of enterprises already there, not new ones.
# Designations an enterprise is certified with (高新技术企业, 专精特新“小巨人”): counts of them are no park's enterprises
_ZH_DESIGNATIONS = "高新技术|专精特新|小巨人|瞪羚|独角兽|规上|规模以上|科技型"
_ZH_DESIGNATION = re.compile(rf"(?:新增|新认定|认定|评为|获评|入选)[^，,；;。]{{0,8}}?(?:{_ZH_DESIGNATIONS})")
#: The noun class of enterprises counted by a designation (high-tech, 专精特新): never the park's enterprises,
#: and no part of a whole told before either.
DESIGNATED = "designated"
_EN_DESIGNATED = re.compile(r"\b(?:high[\s-]tech|hi[\s-]tech|high\s+and\s+new\s+technology|specialized|sophisticated|"
                            r"little\s+giant|unicorn|gazelle|above[\s-]designated[\s-]size|above[\s-]scale|"
                            r"technology[\s-]based|sci[\s-]tech|listed|publicly[\s-]traded)\b", re.IGNORECASE)
# "亿元以上项目", "营收超10亿元的企业": enterprises or projects counted by a bar of size they clear
_ZH_SIZE_CLASS = re.compile(r"(?:万元|亿元|万美元|亿美元)(?:以上|级)?(?:的)?(?:重点|重大|产业|工业|规上|大)?$")
# "36 enterprises with annual revenue above 1 billion yuan": the same, in English
# (each one's revenue, output or sales: "26 projects with a total investment of more than …" is their sum)
EN_SIZE_BAR = (r"(?:each\s+)?(?:with|whose|having)\s+(?:an?\s+)?(?:annual\s+|yearly\s+)?(?:operating\s+|industrial\s+)?"
               r"(?:revenue|output(?:\s+value)?|sales|income|tax(?:es|\s+revenue)?|turnover|registered\s+capital)\s+"
               r"(?:of\s+|is\s+|are\s+|each\s+)?(?:above|over|exceeding|more\s+than|topping|at\s+least|in\s+excess\s+of)\s+"
               r"(?:US\$|\$|RMB\s?)?")
_EN_ABOVE_SIZE = re.compile(r"\s+(?:above|over)[\s-]+(?:(?:the\s+)?designated[\s-]+size|scale)\b", re.IGNORECASE)
_EN_SIZE_CLASS = re.compile(r"\s+" + EN_SIZE_BAR + r"\d", re.IGNORECASE)
# "高新技术企业", "规上工业企业", "科技型中小企业": a designation, maybe with the sector it is given in
_ZH_DESIGNATED = re.compile(rf"(?:{_ZH_DESIGNATIONS}|高新|创新型)[”\"」』]?(?:的)?(?:工业|制造业?|服务业?|中小型?|商贸|批零|住餐)?$")
# "新增…“小巨人”企业5家，总数增至25家": the total of the designation just counted
_ZH_DESIGNATED_TOTAL = re.compile(rf"(?:{_ZH_DESIGNATIONS})[^，,。；;]{{0,12}}?企业[^，,。；;]{{0,8}}?[，,]\s*(?:其)?(?:总数|总量|数量)")
_ZH_RESEARCH = re.compile(r"(?:科研|研究|教育|培训|学术|创新)$")
# (the regexes of zh_count, en_count and en_bare_count_verb compiled once: re's cache of the
# patterns written in a call costs a lookup per number)
_ZH_COORDINATION = re.compile(r"[、和与及]")
_ZH_CLAUSE_ENDS = re.compile(r"\s*(?:[，,；;。、)）]|$)")
_ZH_PART_OPENING = re.compile(r"\s*其中")
_ZH_NOT_COUNTED = re.compile(r"^[^，,；;。]{0,3}(?:负责人|代表|人|家次|个百分点|个月|批次)")
_EN_NOUN = re.compile(
    r"\b(?P<project>projects?|agreements?|contracts?|deals)\b|"
    # "16 universities signed cooperation agreements", "26 units … signed contracts": partners
    # (and the "units" of Chinese officialese, 单位) count only as signings
    r"\b(?P<partner>universities|colleges|units|research\s+institutes|institutes)\b|"
    r"\b(?P<enterprise>enterprises?|compan(?:y|ies)|firms?|businesses|market\s+(?:entities|players|participants)|headquarters|hospitals|"
    r"(?:commercial\s+)?organi[sz]ations|entities|(?:medical|financial|health\s*care)\s+institutions)\b",
    re.IGNORECASE,
)
_EN_NOUN_SCAN = StartScan(_EN_NOUN)  # its branches open on \b: searched from their first letters
_EN_NOUN_WORDS = needed_words(_EN_NOUN.pattern)
_EN_NP_COORDINATED = re.compile(r"\s*(?:[A-Za-z-]+\s+){1,3}and\s+(?:[A-Za-z-]+\s+){1,3}")
_EN_AND = re.compile(r"\band\b")
_EN_NOT_MODIFIER = re.compile(r"[\d,;()]")
_EN_NP_STOP = re.compile(r"\b(?:of|in|to|and|with|were|was|have|has|had|are|is|for|on|at|from|by|that|which)\b", re.IGNORECASE)

EN_ASIDE = re.compile(r",\s*(?:with|including|worth|totall?ing)\b(?:[^,;.]|(?<=\d)\.(?=\d)){0,80},", re.IGNORECASE)
# "… signed deals and 80 firms moved in …": after the verb's own object an "and" opens a
# clause whose subject is the number, when a verb follows its noun phrase
_EN_NEW_SUBJECT = re.compile(r"\b[a-z]{3,}\s+and\s+(?:then\s+|another\s+|some\s+)?$")
_EN_PREDICATE_NEXT = re.compile(r"\s+(?:(?:have|has|had|were|was|are|is|also|already|now|all|been)\s+){0,3}[a-z]+(?:ed|en)\b")
_EN_AFTER_STOP = re.compile(r",(?!\s*(?:Ltd|Inc|LTD|Limited)\b)|;")

# (noun class, verb class) -> metric: a project's verb names the metric (registry `count_verb`);
# an enterprise that lands or is just counted is an enterprise, one signed or started a project
_PROJECT_METRIC = {metric.count_verb: metric.id for metric in _REGISTRY.metrics if metric.count_verb}
_COUNT_METRIC = {
    **{("project", verb): metric for verb, metric in _PROJECT_METRIC.items()},
    **{("enterprise", verb): metric for verb, metric in _PROJECT_METRIC.items() if verb != "landed"},
    ("enterprise", "landed"): "enterprises", ("enterprise", None): "enterprises",
    ("project", "signed_landed"): _PROJECT_METRIC["signed"], ("enterprise", "signed_landed"): "enterprises",
    ("partner", "signed"): _PROJECT_METRIC["signed"],
}


def _verb(text: str, span: tuple[int, int], lang: str, last: bool) -> str | None:
    """The class of the first (or last) count verb of text[span]: the scan stops at the first, and
    is not started in a span without any of the verbs' words (most spans between a number and
    its noun hold a word or two, or none)."""
    if not holds_any(text, span[0], span[1], _VERB_WORDS[lang]):
        return None
    match = None
    for match in _VERB_SCANS[lang].finditer(text, span[0], span[1]):
        if not last:
            break
    return match.lastgroup if match else None


def zh_count(text: str, clause: tuple[int, int], start: int, end: int, classifier: str) -> tuple[str | None, str]:
    """(metric, noun class) of a Chinese count "N个/家/项" inside `clause`.

    The noun is after the classifier ("27个项目") or right before the number ("签约项目28个");
    a bare classifier after a verb ("现已落地16个") counts projects (个/项) or enterprises (家).
    """
    if _ZH_NOT_COUNTED.match(text, end, clause[1]):
        return None, ""
    np_end = end
    noun = None
    tail = text[end:min(clause[1], end + 14)]
    after = _ZH_NOUN.search(tail)
    if after and not _ZH_COORDINATION.search(tail, 0, after.start()):
        noun, np_end = after.group(), end + after.end()
        np_verb = _verb(text, (end, end + after.start()), "zh", last=True)
        noun_at = end + after.start()
    else:
        np_verb = None
        before = _ZH_NOUN_BEFORE.search(text[clause[0]:start])
        if before:
            noun, noun_at = before.group(1), clause[0] + before.start(1)
        elif not _ZH_CLAUSE_ENDS.match(text[end:clause[1]] or "。"):
            return None, ""  # "4个园区", "3个百分点": counts of something else
        elif not _ZH_LIST_ITEM.search(text, max(clause[0], start - 3), start):
            governing = list(_VERB_SCANS["zh"].finditer(text, clause[0], start))
            if governing and not _ZH_VERB_TO_NUMBER.fullmatch(text, governing[-1].end(), start):
                return None, ""  # "引进药械品种300余个": the count of a noun that is no project
    if noun == "机构" and _ZH_RESEARCH.search(text, max(0, noun_at - 4), noun_at):
        return None, ""  # "集聚科研机构26家": research institutes are no enterprises
    if noun == "企业" and _ZH_DESIGNATED.search(text, max(0, noun_at - 8), noun_at):
        return None, DESIGNATED  # "高新技术企业总数达2500家": a designation's count, not the park's enterprises
    if noun and _ZH_SIZE_CLASS.search(text, max(clause[0], noun_at - 10), noun_at):
        return None, DESIGNATED  # "亿元以上项目30个", "营收超10亿元的企业36家": a class by size, not all of them
    if noun is None and _ZH_DESIGNATED_TOTAL.search(text, max(0, clause[0] - 40), start):
        return None, DESIGNATED
    if noun is None and _ZH_PART_OPENING.match(text, clause[0], start) and _whole_is_other(text, clause[0]):
        return None, ""  # "引进药械品种超过400个，其中今年新增引进86个": a part of another noun's count
    noun_class = "project" if (noun == "项目" or (noun is None and classifier in "个项宗")) else "enterprise"
    if noun_class == "enterprise" and _ZH_DESIGNATION.search(text, clause[0], start):
        return None, noun_class
    verb = np_verb or _verb(text, (clause[0], start), "zh", last=True) or _verb(text, (np_end, clause[1]), "zh", last=False)
    if verb == "blocked":
        return None, noun_class
    return _COUNT_METRIC.get((noun_class, verb)), noun_class


def _whole_is_other(text: str, clause_start: int) -> bool:
    """Whether the clause before `clause_start` counted a noun that is no project or enterprise."""
    whole = _ZH_WHOLE_BEFORE.search(text, max(0, clause_start - 40), clause_start)
    if not whole:
        return False
    word = whole["word"]
    return not (_ZH_NOUN.search(word) or _VERBS["zh"].search(word))


def en_count(text: str, clause: tuple[int, int], start: int, end: int, sentence_end: int) -> tuple[str | None, str]:
    """(metric, noun class) of an English number followed by a counted noun ("27 projects")."""
    stop = min(sentence_end, end + 60)
    if not holds_any(text, end, stop, _EN_NOUN_WORDS):
        return None, ""  # most numbers count no noun: a find for each of its words costs less than the scan
    tail = text[end:stop]
    noun = _EN_NOUN_SCAN.search(tail)
    if not noun:
        return None, ""
    modifiers = tail[:noun.start()]
    # "185 pharmaceutical and medical device enterprises": one "and" may join two modifiers
    coordinated = _EN_NP_COORDINATED.fullmatch(modifiers) is not None \
        and not _EN_NP_STOP.search(_EN_AND.sub(" ", modifiers))
    if len(modifiers.split()) > (6 if coordinated else 4) or _EN_NOT_MODIFIER.search(modifiers) \
            or (_EN_NP_STOP.search(modifiers) and not coordinated):
        return None, ""
    while True:  # "27 Guangdong enterprise projects": the head is the last noun
        following = _EN_NOUN.match(tail, noun.end() + 1)
        if not following or tail[noun.end()] != " ":
            break
        noun = following
    noun_class = noun.lastgroup
    if noun_class == "enterprise" and _EN_DESIGNATED.search(tail, 0, noun.start()):
        return None, DESIGNATED  # "420 national high-tech enterprises": a designation's count, not the park's
    np_end = end + noun.end()
    if _EN_SIZE_CLASS.match(text, np_end) or (noun_class == "enterprise" and _EN_ABOVE_SIZE.match(text, np_end)):
        # "36 enterprises with annual revenue above 1 billion yuan", "146 enterprises above designated size": a class by size
        return None, DESIGNATED
    verb = _verb(text, (end, end + noun.start()), "en", last=True) or _en_count_verb(text, clause, start, np_end, sentence_end)
    if verb == "blocked":
        return None, noun_class
    metric = _COUNT_METRIC.get((noun_class, verb))
    if noun_class == "partner" and metric is None:
        return None, ""  # "including 12 universities": partners not signed are no count of ours
    return metric, noun_class


def _en_count_verb(text: str, clause: tuple[int, int], start: int, np_end: int, sentence_end: int) -> str | None:
    """The verb of an English count whose noun phrase holds none: the last before it in its
    clause, else the first after the phrase ("9 projects, with a total investment of …, were
    signed"), which also wins when an "and" before the number opens a clause of its own."""
    aside = EN_ASIDE.match(text, np_end)
    verb_from = aside.end() if aside else np_end
    stop = _EN_AFTER_STOP.search(text, verb_from, min(sentence_end, verb_from + 100))
    after = (verb_from, stop.start() if stop else min(sentence_end, verb_from + 100))
    before_verb = _verb(text, (clause[0], start), "en", last=True)
    if not before_verb:
        return _verb(text, after, "en", last=False)
    if _EN_NEW_SUBJECT.search(text, clause[0], start) and _EN_PREDICATE_NEXT.match(text, verb_from):
        # "18 units signed deals and 95 firms settled in the zone": 95's own verb
        return _verb(text, after, "en", last=False) or before_verb
    return before_verb


_VERB_GAP_EN = re.compile(r"\s*(?:,|,?\s*\band\b)\s*", re.IGNORECASE)


def coordinated_verbs_before(text: str, start: int) -> list[str]:
    """The classes of the English count verbs coordinated right before `start` ("signed and
    started 30 and 12 projects respectively": signed, started)."""
    run = _last_run(text, _VERBS["en"].finditer(text, max(0, start - 80), start), _VERB_GAP_EN)
    if not run or text[run[-1].end():start].strip():
        return []
    return [match.lastgroup for match in run]


def count_metric(noun_class: str, verb: str | None) -> str | None:
    return _COUNT_METRIC.get((noun_class, verb))


_EN_WORD_BEFORE = re.compile(r"\b(\w+)\s+(?:(?:now|already|also)\s+)?$")


def en_bare_count_verb(text: str, start: int) -> str | None:
    """The verb right before a bare English number ("have now landed 16"), if any."""
    match = _EN_WORD_BEFORE.search(text[max(0, start - 30):start])
    if not match:
        return None
    verb = _VERBS["en"].fullmatch(match.group(1))
    return verb.lastgroup if verb else None


MONEY_METRICS = _REGISTRY.where(unit="money")


def unit_of(metric: str, amount_unit: str) -> str:
    """METRICS.md unit of a figure: counts are counts even when read from "4.7 thousand"."""
    if metric == "planning_area":
        return "km2"
    if metric in MONEY_METRICS:
        return amount_unit if amount_unit in ("CNY", "USD") else "CNY"
    return "count"


_RATE_HEADING = re.compile(r"增速|增长|增幅|同比|环比|比重|占比|%|％|\b(?:growth|rate|share|percent|change)\b", re.IGNORECASE)
_AREA_HEADING = re.compile(r"规划面积|总面积|\b(?:planning\s+)?area\b", re.IGNORECASE)


def heading_metric(heading: str, lang: str) -> str | None:
    """The metric a table column's heading names ("营业收入（亿元）", "签约项目（个）", "Tax revenue
    (100 million yuan)"); None for a rate, a share or anything no metric counts."""
    if _RATE_HEADING.search(heading):
        return None
    found, metric = money_metric(heading, (0, len(heading)), (0, 0), lang)
    if found:
        return metric
    if _AREA_HEADING.search(heading):
        return None if _NOT_PLANNING_AREA[lang].search(heading) else "planning_area"
    if lang == "zh":
        noun = _ZH_NOUN.search(heading)
        noun_class = None if noun is None else "project" if noun.group() == "项目" else "enterprise"
    else:
        noun = _EN_NOUN.search(heading)
        noun_class = None if noun is None else noun.lastgroup
    if noun_class not in ("project", "enterprise"):
        return None
    return _COUNT_METRIC.get((noun_class, _verb(heading, (0, len(heading)), lang, last=False)))


def count_metric_for_verb(previous_metric: str, verb: str) -> str:
    """A bare number after a verb ("have now landed 16") counts what the count before it did."""
    noun_class = "enterprise" if previous_metric == "enterprises" else "project"
    return _COUNT_METRIC.get((noun_class, verb)) or previous_metric


def has_own_verb(text: str, clause: tuple[int, int], start: int, lang: str) -> bool:
    """Whether a list item names its own action (then it does not inherit the head's metric)."""
    return _VERB_SCANS[lang].search(text, clause[0], start) is not None


_EN_AUXILIARY = re.compile(r"\s*(?:(?:have|has|had|were|are|was|is|will\s+be)\s+)?(?:(?:now|already|since|also|all|both)\s+)?"
                           r"(?:been\s+)?", re.IGNORECASE)


def en_verb_after(text: str, position: int, anywhere: bool = False) -> str | None:
    """The kind of the count verb at `position`, past auxiliaries ("have been put into
    production" → completed); with `anywhere`, of the first count verb from there on."""
    if anywhere:
        verb = _VERBS["en"].search(text, position)
    else:
        verb = _VERBS["en"].match(text, _EN_AUXILIARY.match(text, position).end())
    return verb.lastgroup if verb else None


def names_counted_noun(phrase: str, lang: str = "en") -> bool:
    """Whether a phrase names projects or enterprises, the things counts count."""
    return (_ZH_NOUN if lang == "zh" else _EN_NOUN).search(phrase) is not None


def en_phrase_metric(phrase: str, strict: bool = False) -> str | None:
    """The metric a noun phrase names: "landed enterprises", "projects signed since …".  Projects
    without a verb are taken as landed, unless `strict` (then None: "the projects reached 30"
    says not which)."""
    noun = _EN_NOUN.search(phrase)
    noun_class = noun.lastgroup if noun else "enterprise"
    verb = _VERBS["en"].search(phrase)
    kind = verb.lastgroup if verb and verb.lastgroup != "blocked" else None
    metric = _COUNT_METRIC.get((noun_class, kind))
    if metric or strict:
        return metric
    return "enterprises" if noun_class == "enterprise" else "projects_landed"
