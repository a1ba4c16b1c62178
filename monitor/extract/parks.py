"""Park mentions and their roles: the annotation that park_rules.py binds numbers with.

Mentions are park names from the gazetteer, anaphors ("园区", "the park"), parks missing
from the gazetteer (named by their slug, PARKS.md) and places that are not parks (counties,
cities, the province, the Free Trade Port).  Each is resolved once per document: an anaphor
to the park it stands for (the park it describes, the park of its paragraph, the article's
lead park), and each mention gets its role: a source or organiser ("据海口国家高新区", "X
Management Committee"), a venue ("held at X"), a yardstick ("ranked first among the key
parks"), or a subject that may own the numbers around it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from db.gazetteer import StartScan, load_gazetteer
from monitor.extract.document import holds_any, lower_keeping_offsets, lowered_text, needed_words

PLACE = "<place>"


# Slots, not frozen: built many times per article, and a frozen dataclass's __init__ costs
# about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Ref:
    """A mention resolved to a park id (or PLACE).  `demoted`: a source, organiser, venue or
    comparison: named in the sentence, but not as the one whose figure it is."""

    start: int
    end: int
    park: str
    demoted: bool
    venue: bool = False
    anaphor: bool = False


#: How a figure's park was bound, strongest first.  Only the first two are alerted by default:
#: a park carried from earlier sentences is the article's guess, not the sentence's claim.
NAMED, ANAPHOR, CARRIED = "named", "anaphor", "carried"
ALERTABLE_BINDINGS = frozenset({NAMED, ANAPHOR})


@dataclass(slots=True)
class Owner:
    """A park a number belongs to (None: a place's or nobody's), how it was bound, and the
    name of the rule that bound it (printed by `extract --explain`)."""

    park: str | None
    binding: str
    rule: str


_ZH_CITIES = "海口|三亚|儋州|三沙|琼海|文昌|万宁|东方|五指山|定安|屯昌|澄迈|临高|昌江|乐东|陵水|保亭|琼中|白沙"
_OTHER_CITIES = "广州|深圳|东莞|珠海|佛山|长沙|北京|上海|天津|武汉|成都|杭州|南京|苏州|西安|重庆|厦门|福州|湛江"
_OTHER_CITIES_EN = ("Guangzhou|Shenzhen|Dongguan|Zhuhai|Foshan|Changsha|Beijing|Shanghai|Tianjin|Wuhan|Chengdu|"
                    "Hangzhou|Nanjing|Suzhou|Xi'an|Chongqing|Xiamen|Fuzhou|Zhanjiang")
_CITIES_EN = ("Haikou|Sanya|Danzhou|Sansha|Qionghai|Wenchang|Wanning|Dongfang|Wuzhishan|Ding'an|Tunchang|"
              "Chengmai|Lingao|Changjiang|Ledong|Lingshui|Baoting|Qiongzhong|Baisha")
_INDUSTRIES_ZH = ("旅游", "金融", "制造", "现代服务", "服务", "房地产", "建筑", "物流", "航运", "石化", "医药", "会展", "商贸",
                  "批发零售", "住宿餐饮", "交通运输", "文化", "体育", "农", "渔")
# "Haikou, meanwhile, attracted …": an adverb set off by commas after a subject at the start of its clause
_ASIDE_AFTER_SUBJECT = (r",\s+(?:meanwhile|however|also|too|in\s+turn|by\s+contrast|in\s+comparison|for\s+its\s+part|"
                        r"for\s+example|in\s+particular)\s*,")
# Every branch opens on a character of its own (a city spelt out, a look-behind after the first
# character), so the regex engine skips through the text to those characters.
_PLACES = {
    "zh": re.compile("|".join([
        *(rf"{city}(?:市|县)(?!场|民|委|长)" for city in _ZH_CITIES.split("|")),
        r"海南省|全省|全市|全县|全岛|全国|我国|我省|本省|两(?:个)?园区|海南自由贸易港|海南自贸港|"
        r"省(?:政府|委|人民政府|商务厅|发改委|统计局|发展和改革委员会)",
        # "三亚今年引进企业800家": a bare city as the subject of a time word or a verb
        *(rf"{city}(?=今年|去年|上半年|前\d|前[一二三四五六七八九十]|全年|年内|目前|累计|新增|实现|完成|引进|签约)"
          for city in _ZH_CITIES.split("|")),
        # "旅游业实现收入2000亿元": an industry opening a clause, its figure (not 工业总产值, a metric's name)
        *(rf"{word[0]}(?<![\u4e00-\u9fff]{word[0]}){word[1:]}业(?=实现|完成|营收|收入|营业收入|增加值)" for word in _INDUSTRIES_ZH),
    ])),
    # One alternation per leading word, so the regex engine can skip ahead on it.
    "en": re.compile(
        rf"\b(?:{_CITIES_EN})(?:\s+(?:City|County|city|county)\b|'s|"
        # "Haikou signed 68 projects …": a city as the subject of a verb
        r"(?=\s+(?:has|had|have|is|was|will|signed|attracted|introduced|registered|added|saw|recorded|achieved|plans?|"
        r"aims?|started|launched|kicked\s+off)\b|,\s+(?:a|an|the|which|home|[A-Z][\w-]*'s)\b|" + _ASIDE_AFTER_SUBJECT + r"))|"
        # "Hainan will attract…", "companies in Hainan": the province as subject or place (park names
        # holding "Hainan", "Hainan Ecological Software Park", are found first), not "Xiangke's Hainan base"
        r"\bHainan(?:\s+[Pp]rovince\b|'s|\b(?<=\bin\sHainan)(?!\s+[A-Z&]|-|\))|"
        r"(?=\s+(?:has|had|have|is|was|will|plans?|aims?|saw|sees|set|recorded|attracted|registered|added|achieved|"
        r"introduced|signed|approved|now|also|currently|already|as\s+a\s+whole)\b|" + _ASIDE_AFTER_SUBJECT + r"))|"
        r"\b[Tt]he\s+(?:province(?:'s)?|island)\b|\bon\s+Hainan\b|"
        rf"\b[Aa]cross\s+(?:Hainan|{_CITIES_EN}|the\s+(?:province|island|country|city|county))\b|"
        # the Free Trade Port, the island, the nation: a scope wider than any park
        r"\b(?:[Tt]he\s+)?Hainan\s+(?:Free\s+Trade\s+Port|FTP)\b|\b[Tt]he\s+(?:free\s+trade\s+port|FTP|whole\s+province)\b|"
        r"\bnationwide\b|"
        # "China's hydrogen industry output reached …": the nation's sector, not a park's
        r"\b(?:China|[Tt]he\s+(?:country|nation))'s(?=\s+(?:[\w-]+\s+){0,3}?(?:industry|industries|sector|economy|GDP|"
        r"exports|imports|(?:foreign\s+)?trade|output|market)\b)|"
        # "the two parks … combined": a joint figure is no single park's
        r"\b(?:[Tt]he\s+(?:two|three|four)|[Bb]oth)\s+(?:parks|zones)\b",
    ),
}
# Its branches open on \b, which the regex engine tries at every position: scanned from the
# characters a place can start with instead (the Chinese one opens on its characters already)
_PLACES_EN_SCAN = StartScan(_PLACES["en"])
# "set up offices in Haikou": a bare city after "in" is where something is, a place
_IN_CITY_EN = re.compile(rf"[Ii](?<!\w[Ii])n\s+(?P<city>{_CITIES_EN})\b")  # "\bin", opening on its letter: faster
_IN_CITY_EN_SCAN = StartScan(_IN_CITY_EN)  # from each "in" (found as a string) and each "I"
_ANAPHOR_NOUNS_ZH = "园区|产业园|开发区|新区|科技城|航天城|先行区|试验区|合作区"
_ANAPHORS = {
    # "(?:该|本)?(?:…)" spelt out as branches that each open on a character, which the regex engine
    # skips ahead to (an optional group first is tried at every position)
    "zh": re.compile(f"该(?:{_ANAPHOR_NOUNS_ZH})|本(?:{_ANAPHOR_NOUNS_ZH})|{_ANAPHOR_NOUNS_ZH}"),
    # "\bthe …" and "\bits …" in either case, searched in the text lowered one character for one
    # (`lower_keeping_offsets`, where "t" is only a T or a t, "s" an S or an s, and "ſ" stays): the
    # scan looks for "the", "its" and "itſ" as strings (StartScan), not at every "t" and "i" of the
    # text; the look-behind, right after the first letter, stands for the \b before it
    "en": StartScan(re.compile(
        r"t(?<!\wt)he(?i:\s+(?:(?:science\s+and\s+technology\s+city|sci-tech\s+city|business\s+district|cbd|"
        r"new\s+town)\b|(?:[\w-]+\s+)?(?:park|parks|zone|zones|tech\s+city|science\s+city|aerospace\s+city|new\s+district|"
        r"new\s+area|industrial\s+park|development\s+zone|harbor|harbour|district)\b))|i(?<!\wi)t[sſ](?i:\s+territory\b)"
    )),
}
_COUNTED_ZH = re.compile(r"(?:\d+|[一二三四五六七八九十两几多]+)\s*(?:个|家)(?:新|省级|重点)?$")
_PLURAL_ANAPHOR = re.compile(r"(?:parks|zones)$", re.IGNORECASE)
_KEY_PARKS = "key-parks"
_UNKNOWN_EN_KIND = (r"(?:Industrial\s+Park|Economic\s+Development\s+Zone|Development\s+Zone|"
                    r"High-[Tt]ech\s+Zone|Hi-[Tt]ech\s+Zone|Industrial\s+Zone|Logistics\s+Park|Science\s+Park|Technology\s+Park)")
# A word and the spaces after it taken whole (possessive "*+", "++"): a letter given back could
# never be followed by a space, nor a space by a word, so backing off only costs (a step per letter
# of every capitalised word of a text)
_NAME_WORD = r"[A-Z][\w'&-]*+\s++(?:(?:and|of|&)\s+)?"
# One to seven capitalised words before the kind, the first written out so the pattern opens on
# its capital (the look-behind, \b, checked after it): the regex engine skips ahead to capitals.
_UNKNOWN_EN = re.compile(
    r"([A-Z](?<!\w[A-Z])" + _NAME_WORD[len("[A-Z]"):] + "(?:" + _NAME_WORD + "){0,6}?" + _UNKNOWN_EN_KIND + r")\b"
    r"(?!\s+(?:[Pp]roject|Co\.|Company|Group|Ltd))"  # "the X Industrial Park Project": a project named after one
)
_UNKNOWN_EN_KINDS = re.compile(_UNKNOWN_EN_KIND)  # a text without one names no unknown park: not scanned for names
# "广州高新区" is Guangzhou's high-tech zone, not Haikou's: a weak name after another city is
# a park missing from the gazetteer.
_WEAK_OTHER_CITY = {
    "zh": re.compile(rf"(?:{_OTHER_CITIES})(?:市|国家)?$"),
    "en": re.compile(rf"\b(?:{_OTHER_CITIES_EN})\s+(?:National\s+)?$", re.IGNORECASE),
}
# Searched in the lowered text (`lowered_text`), in lower case and without the flag, which finds
# there what the flag finds in the text: the regex engine then tests the letters a word opens
# with as they are, not each against both cases (the comparison words: a third of the time)
_DEMOTE_BEFORE = {
    "zh": re.compile(r"(?:从|由|据|在|于|与|赴|到)\s*$"),
    "en": re.compile(r"\b(?:from|by|in|at|with|to|of)\s+(?:the\s+)?$"),
}
# The patterns read right after a mention are matched there (`match` from its end), so open on no "^"
# "三亚崖州湾科技城管理局局长表示，园区…", "An official of the Yangpu Administration said the zone …": the
# park whose own office speaks; an anaphor later in the sentence stands for it
_SPEAKS = {
    "zh": r"\s*(?:管委会|管理委员会|管理局|管理机构|相关负责人|负责人)",
    "en": r"\s*(?:Management\s+Committee|Administration|Administrative\s+Committee|Authority|Bureau|Office)\b|"
          r"\s*,?\s*(?:said|says|announced|reported|told|stated)\b",
}
_SPEAKS_AFTER = {lang: re.compile(pattern, re.IGNORECASE) for lang, pattern in _SPEAKS.items()}
# A park that speaks, hosts ("…举行") or names who the subject is ("Danzhou, Yangpu's neighbour, …")
_DEMOTE_AFTER = {
    "zh": re.compile(_SPEAKS["zh"] + r"|\s*(?:举行|召开|举办)"),
    "en": re.compile(_SPEAKS["en"] + r"|'s?\s+(?:neighbou?rs?|sister|rivals?|peers?|counterparts?|partners?|twin)\b",
                     re.IGNORECASE),
}
_SENTENCE_ENDS = ("。", ". ", "\n", "！", "？", "! ", "? ")
# A ceremony "held at X" or "主会场设在X": X hosts it; what is signed there is not X's figure.
_VENUE_BEFORE = {
    "zh": re.compile(r"(?:主会场|分会场|会场|活动)(?:设在|位于)\s*$"),
    "en": re.compile(r"\b(?:held|hosted|staged|took\s+place)\s+(?:at|in)\s+(?:the\s+)?$|"
                     r"\b(?:main\s+|sub-?)?venues?\s+(?:was|is|were|being)\s+(?:at\s+|in\s+)?(?:the\s+)?"
                     r"(?:[\w-]+\s+){0,6}?(?:in|at|of)?\s*(?:the\s+)?$", re.IGNORECASE),
}
# "the main venue was the Meian Sci-Tech New Town in the X": the English phrase may name a site first
_VENUE_REACH = {"zh": 20, "en": 72}
_VENUE_BEFORE_WORDS = {lang: needed_words(regex.pattern) for lang, regex in _VENUE_BEFORE.items()}
_WHERE_BEFORE = re.compile(r",\s*where\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATED_AFTER = re.compile(r"\s*(?:is|are|was|were)\s+(?:located|based|situated|sited)\b", re.IGNORECASE)
_HOME_TO_BEFORE = re.compile(r",\s*(?:which\s+is\s+)?home\s+to\s+(?:the\s+)?$", re.IGNORECASE)
_VENUE_ZH = re.compile(r"(?:在|于)(?:位于)?\s*$")
_VENUE_ZH_AFTER = re.compile(r"[^，,。；;]{0,4}?(?:举行|举办|召开)")
# "在位于X…项目现场的活动主会场": X is where the ceremony's main venue is
_MAIN_VENUE_ZH_AFTER = re.compile(r"[^，,。；;]{0,30}?(?:主会场|分会场)")
# A park missing from the gazetteer, written after its city ("儋州木棠工业园"): PARKS.md's zh: id.
_UNKNOWN_ZH = re.compile(
    rf"(?:{_ZH_CITIES}|{_OTHER_CITIES})(?:市|县)?[^\s，,。；;、：:的在和与及等“”\d]{{1,6}}?"
    r"(?:工业园区|产业园区|工业园|产业园|物流园|科技园|经济开发区|开发区|工业区|产业新城)"
)
# "one of the key parks", "one of Hainan's 11 key parks": what the park is, not who acts
_ONE_OF = re.compile(r"\bone\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+'s?\s+)?(?:\d+\s+|[a-z]+\s+)?$", re.IGNORECASE)
# "ranked first among the key parks", "more than Yangpu", "位居重点园区首位": a yardstick, not the subject
_COMPARISON_BEFORE = {  # in the lowered text, as _DEMOTE_BEFORE
    "zh": re.compile(r"(?:位居|居|位列|领跑|高于|低于|超过|领先|比)\s*$"),
    "en": re.compile(r"\b(?:among|than|compared\s+(?:with|to)|ahead\s+of|of\s+all|outpac\w*|topped)\s+"
                     r"(?:the\s+|all\s+(?:the\s+)?|other\s+|[\w-]+'s?\s+)?(?:\d+\s+|[a-z]+\s+)?$"),
}
_COMPARISON_AFTER_ZH = re.compile(r"(?:中|之中)?(?:排名|位居|居|位列)?(?:第[一二三四五六七八九十\d]+|首位|之首|前列|榜首)")  # "…重点园区首位"
_SITE_OF_VENUE = re.compile(r"\s*(?:的|'s|,)?\s*")
# the words these cannot match without: a text (or span) without them is not searched with them
_ONE_OF_WORDS = needed_words(_ONE_OF.pattern)
_MAIN_VENUE_ZH_WORDS = needed_words(_MAIN_VENUE_ZH_AFTER.pattern)
_WHERE_WORDS = needed_words(_WHERE_BEFORE.pattern)
_HOME_TO_WORDS = needed_words(_HOME_TO_BEFORE.pattern)
# The gap between two mentions, matched whole (`fullmatch` from one's end to the next one's start)
_RUN_GAP = re.compile(r"\s*(?:[、,，和与及]|and|,\s*and|as\s+well\s+as)?\s*", re.IGNORECASE)
_GROUP_GAP = re.compile(r"\s*(?:等|等\s*\d+\s*个|such\s+as)?\s*")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def find_refs(text: str, lang: str) -> list[Ref]:
    """Every park, anaphor, unknown park and place mention of folded `text`, left to right."""
    refs: list[tuple[int, int, str | None]] = []  # park None: an anaphor, resolved below
    mask = bytearray(len(text) + 1)  # 1 where a mention already lies: one C call per test

    def free(start: int, end: int) -> bool:
        return mask.find(1, start, end) == -1

    def take(start: int, end: int) -> None:
        mask[start:end] = b"\x01" * (end - start)

    for mention in load_gazetteer().scan(text):
        park = mention.park_id
        prefix = _WEAK_OTHER_CITY[lang].search(text, max(0, mention.start - 12), mention.start) if mention.weak else None
        if prefix:
            name = text[prefix.start():mention.end]
            park = _slug(name) if lang == "en" else "zh:" + name
            refs.append((prefix.start(), mention.end, park))
            take(prefix.start(), mention.end)
            continue
        refs.append((mention.start, mention.end, park))
        take(mention.start, mention.end)
    if lang == "zh":
        for m in _UNKNOWN_ZH.finditer(text):
            if free(*m.span()):
                name = m.group()
                refs.append((m.start(), m.end(), "zh:" + name))
                take(*m.span())
                short = re.sub(rf"^(?:{_ZH_CITIES}|{_OTHER_CITIES})(?:市|县)?", "", name)
                for again in re.finditer(re.escape(short), text) if len(short) >= 4 else ():
                    if free(*again.span()):
                        refs.append((again.start(), again.end(), "zh:" + name))
                        take(*again.span())
    if lang == "en" and _UNKNOWN_EN_KINDS.search(text):
        for m in _UNKNOWN_EN.finditer(text):
            name = re.sub(r"^(?:The|A|An|This|That|In|On|At)\s+", "", m.group(1))
            start = m.end(1) - len(name)
            if free(start, m.end(1)) and " " in name.strip():
                refs.append((start, m.end(1), _slug(name)))
                take(start, m.end(1))
    places = list(_PLACES_EN_SCAN.finditer(text) if lang == "en" else _PLACES[lang].finditer(text))
    if lang == "en":
        places += _IN_CITY_EN_SCAN.finditer(text)
    for m in places:
        span = m.span("city") if "city" in m.re.groupindex else m.span()
        if free(*span):
            refs.append((span[0], span[1], PLACE))
            take(*span)
    for m in _ANAPHORS[lang].finditer(lower_keeping_offsets(text) if lang == "en" else text):
        if free(*m.span()):
            # "新建10个园区": parks counted, a group that is none of them
            counted = lang == "zh" and _COUNTED_ZH.search(text, max(0, m.start() - 8), m.start())
            refs.append((m.start(), m.end(), PLACE if counted else None))
            take(*m.span())
    refs.sort()
    venues = _venues(text, refs, lang)
    for (start, end, _), (next_start, _, park) in zip(refs, refs[1:]):
        if start in venues and park != PLACE and _SITE_OF_VENUE.fullmatch(text, end, next_start):
            venues.add(next_start)  # "主会场设在海口国家高新区美安生态科技新城": the venue's site, a venue too
    # The story's park is the one named most often as more than a venue.
    counts = Counter(park for start, _, park in refs if park and park != PLACE and start not in venues)
    counts = counts or Counter(park for _, _, park in refs if park and park != PLACE)  # "the aerospace city"
    story = counts.most_common(1)[0][0] if counts else None
    resolved: list[Ref] = []
    last_park = lead = speaker = None
    last_park_at = speaker_at = -1
    seen: list[str] = []  # parks named so far, latest last
    examples: set[int] = set()  # starts of the mentions that only exemplify a group
    says_one_of = holds_any(text, 0, len(text), _ONE_OF_WORDS)  # not in most Chinese texts
    lowered = lowered_text(text)
    for start, end, park in refs:
        if park and park != PLACE:
            seen.append(park)
        if (says_one_of and _ONE_OF.search(text[max(0, start - 40):start])) or text.startswith("之一", end):
            continue  # "one of the key parks", "重点园区之一": a description, not a subject
        compared = bool(_COMPARISON_BEFORE[lang].search(lowered[max(0, start - 32):start])
                        or (lang == "zh" and _COMPARISON_AFTER_ZH.match(text, end, end + 8)))
        # "from X", "by X" make a named park a source; "of the park", "in the zone" leave an anaphor the subject's place
        demoted = bool((park is not None and _DEMOTE_BEFORE[lang].search(lowered[max(0, start - 12):start]))
                       or _DEMOTE_AFTER[lang].match(text, end, end + 30)) or compared
        venue = start in venues
        if resolved and _is_example(text, resolved[-1], start, lang, resolved[-1].start in examples):
            examples.add(start)  # "key parks such as Yangpu and …": the group's figure, not the example's
            demoted = venue = True
        anaphor = park is None
        if park is None and _PLURAL_ANAPHOR.search(text, start, end):
            # "the parks", "the three zones": the key parks when the article named them, else a group of
            # parks whose figures belong to none of them alone
            park = _KEY_PARKS if _KEY_PARKS in seen else PLACE
            anaphor = False  # a named group, not a stand-in for the park told before
        if park is None:  # an anaphor: the park it describes, the last named subject, or the story's park
            # a paragraph that opens on "园区…" / "The park …" goes back to the park the article leads with
            paragraph_start = text.rfind("\n", 0, start) + 1
            opening = not text[paragraph_start:start].strip()
            in_paragraph = last_park if last_park_at >= paragraph_start else None
            sentence_start = max(text.rfind(stop, 0, start) for stop in _SENTENCE_ENDS)
            speaking = speaker if speaker_at > max(sentence_start, last_park_at) else None
            park = _described(text[start:end], seen) or speaking or (lead if opening else None) or in_paragraph or lead \
                or story
            if park is None:
                continue
        elif park != PLACE and not demoted:
            last_park, last_park_at = park, start
            if lead is None and not venue:
                lead = park
        elif park != PLACE and not venue and not compared and _SPEAKS_AFTER[lang].match(text, end, end + 30):
            speaker, speaker_at = park, start
        resolved.append(Ref(start, end, park, demoted or venue, venue, anaphor))
    return resolved


# "key parks such as Yangpu", "the province's parks, including …", "重点园区如洋浦…"
_EXAMPLE_GAP = {
    "en": re.compile(r"\s*,?\s*(?:such\s+as|including|like|notably|e\.g\.,?)\s+(?:the\s+)?", re.IGNORECASE),
    "zh": re.compile(r"\s*[，,]?\s*(?:如|包括|例如|比如|像)\s*"),
}


def _is_example(text: str, before: Ref, start: int, lang: str, before_is_example: bool) -> bool:
    """Whether the mention at `start` is an example of the group or place named right before it,
    or the next member of a run of such examples ("such as A and B")."""
    if before_is_example:
        return _RUN_GAP.fullmatch(text, before.end, start) is not None
    return before.park in (PLACE, _KEY_PARKS) and not before.anaphor \
        and _EXAMPLE_GAP[lang].fullmatch(text, before.end, start) is not None


# "Hainan Airlines, based in the bonded zone, …", "a company in Yangpu …", "Yangpu's largest firm …":
# the park is where one company is, and its own money is not the park's ("companies based in the
# zone", its enterprises together, are the park)
_COMPANY_BEFORE = re.compile(
    r"(?:\b(?:company|firm|group|airlines?|corporation|refinery|plant|factory|manufacturer|maker|Co\.|Ltd\.?|Inc\.?)"
    r"\s*,?\s*(?:which\s+is\s+)?(?:based|located|headquartered|registered)\s+(?:in|at)\s+|"
    r"\b(?:a|one|another)\s+(?:[\w-]+\s+){0,2}?(?:company|firm|enterprise)\s+(?:in|at|from)\s+)(?:the\s+)?$", re.IGNORECASE)
_COMPANY_AFTER = re.compile(r"'s\s+(?:(?:largest|biggest|leading|top|main|flagship)\s+)?(?:[\w-]+\s+)?"
                            r"(?:firm|company|enterprise|taxpayer|exporter|refinery|plant)\b", re.IGNORECASE)


def places_a_company(text: str, ref: Ref) -> bool:
    """Whether the (English) mention only places a company: "Hainan Airlines, based in X", "X's largest firm"."""
    return _COMPANY_BEFORE.search(text, max(0, ref.start - 60), ref.start) is not None \
        or _COMPANY_AFTER.match(text, ref.end) is not None


_DESCRIPTOR = re.compile(r"^the\s+([\w-]+)\s+", re.IGNORECASE)
_NOT_DESCRIPTIVE = {"new", "key", "whole", "industrial", "same", "two", "three", "pilot", "economic", "development"}


def _described(anaphor: str, seen: list[str]) -> str | None:
    """"the software park", "the aerospace city": the latest named park whose English name
    has the describing word (a word shared by several park kinds, "pilot", says nothing)."""
    match = _DESCRIPTOR.match(anaphor)
    if not match or match.group(1).lower() in _NOT_DESCRIPTIVE:
        return None
    word = match.group(1).lower()
    gazetteer = load_gazetteer()
    for park_id in reversed(seen):
        park = gazetteer.get(park_id)
        if park and any(word in alias.lower().split() for alias in park.aliases):
            return park_id
    return None


def _venues(text: str, refs: list[tuple[int, int, str | None]], lang: str) -> set[int]:
    """The starts of the park mentions that are venues: "held at X", "主会场设在X", "在X举行": X only
    hosts the event told around it.  "In Haikou, where the high-tech zone is located, …", "Haikou,
    home to the zone, …": X only places the city.  A test is run only in a text holding the words
    it needs (half the texts name no venue), each word looked for once per text."""
    def says(words: frozenset[str] | None) -> bool:
        return holds_any(text, 0, len(text), words)

    phrase = says(_VENUE_BEFORE_WORDS[lang])
    where, home = (says(_WHERE_WORDS), says(_HOME_TO_WORDS)) if lang == "en" else (False, False)
    main_venue = lang == "zh" and says(_MAIN_VENUE_ZH_WORDS)

    def is_venue(start: int, end: int) -> bool:
        reach = max(0, start - _VENUE_REACH[lang])
        if phrase and holds_any(text, reach, start, _VENUE_BEFORE_WORDS[lang]) and _VENUE_BEFORE[lang].search(text[reach:start]):
            return True
        if lang == "en":
            return bool(where and _WHERE_BEFORE.search(text, max(0, start - 12), start) and _LOCATED_AFTER.match(text, end, end + 24)
                        or home and _HOME_TO_BEFORE.search(text, max(0, start - 16), start))
        return bool(_VENUE_ZH.search(text, max(0, start - 5), start) and _VENUE_ZH_AFTER.match(text, end, end + 12)
                    or main_venue and holds_any(text, end, end + 32, _MAIN_VENUE_ZH_WORDS)
                    and _MAIN_VENUE_ZH_AFTER.match(text, end, end + 32))

    return {start for start, end, park in refs if park != PLACE and is_venue(start, end)}


def run_of(text: str, refs: list[Ref], index: int) -> list[Ref]:
    """The coordinated run of park mentions that ends at refs[index] ("A、B和C")."""
    run = [refs[index]]
    i = index
    if i > 0 and _GROUP_GAP.fullmatch(text, refs[i - 1].end, refs[i].start) and refs[i - 1].park != PLACE \
            and text[refs[i - 1].end:refs[i].start].strip():
        run, i = [refs[i - 1]], i - 1  # "A、B等4个园区": the anaphor stands for the run before it
    while i > 0 and refs[i - 1].park != PLACE and _RUN_GAP.fullmatch(text, refs[i - 1].end, refs[i].start):
        i -= 1
        run.insert(0, refs[i])
    return run


# "In the first 10 months, Hainan …", "Since 2020, the province …", "今年以来，全省…": a time or
# source phrase before the subject (in folded text: "，" is ",")
_ADVERBIAL_LEAD = re.compile(r"(?:(?:In|Since|During|Over|By|From|Last|This|As\s+of|According\s+to|Meanwhile|Also|"
                             r"Moreover|Besides|At\s+the\s+same\s+time)\b[^,;.]{0,50},|[^,;。]{1,12},)")


def opens_sentence(text: str, ref: Ref) -> bool:
    """Whether `ref` is the subject a sentence opens with (after a time phrase at most)."""
    start = max(text.rfind(mark, 0, ref.start) for mark in (". ", "。", "\n", ";"))
    lead = text[start + 1:ref.start].strip()
    return not lead or bool(_ADVERBIAL_LEAD.fullmatch(lead))
