"""Whose figure it is: the park that governs a number (PARKS.md attribution rules).

Mentions are park names from the gazetteer, anaphors ("园区", "the park"), parks missing
from the gazetteer (named by their slug, PARKS.md) and places that are not parks (counties,
cities, the province).  A number belongs to the nearest mention before it in its sentence
that is a subject, not a source or an organiser ("据海口国家高新区", "X Management Committee"),
else to the story's park carried from earlier sentences.  A place there means the figure is
not a park's.  A coordinated run ("洋浦、江东、软件园等4个园区") gives the figure to each park.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from monitor.gazetteer import load_gazetteer

PLACE = "<place>"


@dataclass(frozen=True)
class Ref:
    """A mention resolved to a park id (or PLACE).  `demoted`: a source, organiser or venue."""

    start: int
    end: int
    park: str
    demoted: bool


_ZH_CITIES = "海口|三亚|儋州|三沙|琼海|文昌|万宁|东方|五指山|定安|屯昌|澄迈|临高|昌江|乐东|陵水|保亭|琼中|白沙"
_OTHER_CITIES = "广州|深圳|东莞|珠海|佛山|长沙|北京|上海|天津|武汉|成都|杭州|南京|苏州|西安|重庆|厦门|福州|湛江"
_OTHER_CITIES_EN = ("Guangzhou|Shenzhen|Dongguan|Zhuhai|Foshan|Changsha|Beijing|Shanghai|Tianjin|Wuhan|Chengdu|"
                    "Hangzhou|Nanjing|Suzhou|Xi'an|Chongqing|Xiamen|Fuzhou|Zhanjiang")
_PLACES = {
    "zh": re.compile(rf"(?:{_ZH_CITIES})(?:市|县)(?!场|民|委|长)|海南省|全省|全市|全县|全岛"),
    "en": re.compile(
        r"\b(?:Haikou|Sanya|Danzhou|Sansha|Qionghai|Wenchang|Wanning|Dongfang|Wuzhishan|Ding'an|Tunchang|"
        r"Chengmai|Lingao|Changjiang|Ledong|Lingshui|Baoting|Qiongzhong|Baisha)\s+(?:City|County|city|county)\b|"
        r"\bHainan\s+Province\b|\bthe\s+province\b|\bthe\s+island\b|\bon\s+Hainan\b",
    ),
}
_ANAPHORS = {
    "zh": re.compile(r"(?:该|本)?(?:园区|产业园|开发区|新区|科技城|航天城|先行区|试验区|合作区)"),
    "en": re.compile(
        r"\bthe\s+(?:\w+\s+)?(?:park|parks|zone|zones|tech\s+city|science\s+city|new\s+district|new\s+area|"
        r"industrial\s+park|development\s+zone|harbor|harbour|district)\b|\bits\s+territory\b",
        re.IGNORECASE,
    ),
}
_UNKNOWN_EN = re.compile(
    r"\b((?:[A-Z][\w'&-]*\s+){1,6}?(?:Industrial\s+Park|Economic\s+Development\s+Zone|Development\s+Zone|"
    r"High-[Tt]ech\s+Zone|Hi-[Tt]ech\s+Zone|Industrial\s+Zone|Logistics\s+Park|Science\s+Park|Technology\s+Park))\b"
)
# "广州高新区" is Guangzhou's high-tech zone, not Haikou's: a weak name after another city is
# a park missing from the gazetteer.
_WEAK_OTHER_CITY = {
    "zh": re.compile(rf"(?:{_OTHER_CITIES})(?:市|国家)?$"),
    "en": re.compile(rf"\b(?:{_OTHER_CITIES_EN})\s+(?:National\s+)?$", re.IGNORECASE),
}
_DEMOTE_BEFORE = {
    "zh": re.compile(r"(?:从|由|据|在|于|与|赴|到)\s*$"),
    "en": re.compile(r"\b(?:from|by|in|at|with|to|of)\s+(?:the\s+)?$", re.IGNORECASE),
}
_DEMOTE_AFTER = {
    "zh": re.compile(r"^\s*(?:管委会|管理委员会|管理局|管理机构|举行|召开|举办|相关负责人|负责人)"),
    "en": re.compile(r"^\s*(?:Management\s+Committee|Administration|Administrative\s+Committee|Authority|Bureau|Office)\b",
                     re.IGNORECASE),
}
_ONE_OF = re.compile(r"\bone\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_RUN_GAP = re.compile(r"^\s*(?:[、,，和与及]|and|,\s*and|as\s+well\s+as)?\s*$", re.IGNORECASE)
_GROUP_GAP = re.compile(r"^\s*(?:等|等\s*\d+\s*个|such\s+as)?\s*$")
_JOINT = re.compile(r"合计|共计|总计|\ba\s+total\b|\bcombined\b|\btogether\b", re.IGNORECASE)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def find_refs(text: str, lang: str) -> list[Ref]:
    """Every park, anaphor, unknown park and place mention of folded `text`, left to right."""
    refs: list[tuple[int, int, str | None]] = []  # park None: an anaphor, resolved below
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for mention in load_gazetteer().scan(text):
        park = mention.park_id
        prefix = _WEAK_OTHER_CITY[lang].search(text, max(0, mention.start - 12), mention.start) if mention.weak else None
        if prefix:
            name = text[prefix.start():mention.end]
            park = _slug(name) if lang == "en" else "zh:" + name
            refs.append((prefix.start(), mention.end, park))
            taken.append((prefix.start(), mention.end))
            continue
        refs.append((mention.start, mention.end, park))
        taken.append((mention.start, mention.end))
    if lang == "en":
        for m in _UNKNOWN_EN.finditer(text):
            name = re.sub(r"^(?:The|A|An|This|That|In|On|At)\s+", "", m.group(1))
            start = m.end(1) - len(name)
            if free(start, m.end(1)) and " " in name.strip():
                refs.append((start, m.end(1), _slug(name)))
                taken.append((start, m.end(1)))
    for m in _PLACES[lang].finditer(text):
        if free(*m.span()):
            refs.append((m.start(), m.end(), PLACE))
            taken.append(m.span())
    for m in _ANAPHORS[lang].finditer(text):
        if free(*m.span()):
            refs.append((m.start(), m.end(), None))
            taken.append(m.span())
    refs.sort()
    counts = Counter(park for _, _, park in refs if park and park != PLACE)
    story = counts.most_common(1)[0][0] if counts else None
    resolved: list[Ref] = []
    last_park = None
    for start, end, park in refs:
        if _ONE_OF.search(text[max(0, start - 12):start]) or text.startswith("之一", end):
            continue  # "one of the key parks", "重点园区之一": a description, not a subject
        demoted = bool(_DEMOTE_BEFORE[lang].search(text[max(0, start - 12):start])
                       or _DEMOTE_AFTER[lang].match(text[end:end + 30]))
        if park is None:  # an anaphor: the park last named as a subject, else the story's park
            park = last_park or story
            if park is None:
                continue
        elif park != PLACE and not demoted:
            last_park = park
        resolved.append(Ref(start, end, park, demoted))
    return resolved


def run_of(text: str, refs: list[Ref], index: int) -> list[Ref]:
    """The coordinated run of park mentions that ends at refs[index] ("A、B和C")."""
    run = [refs[index]]
    i = index
    if i > 0 and _GROUP_GAP.match(text[refs[i - 1].end:refs[i].start]) and refs[i - 1].park != PLACE \
            and text[refs[i - 1].end:refs[i].start].strip():
        run, i = [refs[i - 1]], i - 1  # "A、B等4个园区": the anaphor stands for the run before it
    while i > 0 and refs[i - 1].park != PLACE and _RUN_GAP.match(text[refs[i - 1].end:refs[i].start]):
        i -= 1
        run.insert(0, refs[i])
    return run


def attribute(text: str, refs: list[Ref], sentence: tuple[int, int], position: int, np_end: int) -> list[str | None]:
    """The park ids a number at `position` belongs to ([None]: a place's or nobody's number).

    In order: a park inside the number's own noun phrase ("22个签约高新区项目"); the nearest
    park before it in the sentence (a subject before a source or organiser); a place there
    instead means the number is the place's; a park after it ("settle in X"); the park of
    the sentences before.
    """
    own = [ref for ref in refs if position < ref.start and ref.end <= np_end and ref.park != PLACE]
    if own:
        return [own[0].park]
    inside = [i for i, ref in enumerate(refs) if sentence[0] <= ref.start and ref.end <= position]
    parks_inside = [i for i in inside if refs[i].park != PLACE]
    if inside and not parks_inside:
        return [None]
    if parks_inside:
        index = ([i for i in parks_inside if not refs[i].demoted] or parks_inside)[-1]
        run = run_of(text, refs, index)
        if len(run) > 1 and _JOINT.search(text, run[-1].end, position):
            return [None]
        return list(dict.fromkeys(ref.park for ref in run))
    after = [ref for ref in refs if position <= ref.start and ref.end <= sentence[1] and ref.park != PLACE]
    if after:
        return [after[0].park]
    earlier = [ref for ref in refs if ref.end <= sentence[0] and ref.park != PLACE]
    if earlier:
        return [([ref for ref in earlier if not ref.demoted] or earlier)[-1].park]
    return [None]
