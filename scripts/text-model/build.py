#!/usr/bin/env python3
"""Compiles the text model's grammars (data/text/grammar/*.txt, plus the handle names in data/text/names/ and the
people's and companies' names in data/text/slots/) into
Sources/CIBGenerator/Text/TextGrammarData.swift: one compact, pre-parsed string per language that the generator
loads once per world. The Traditional Chinese grammar (zh-Hant, Taiwan phrasing) is converted from the Simplified
one with OpenCC's s2twp configuration and written to data/text/generated/zh-Hant.txt for review.

    pip install opencc-python-reimplemented==0.1.7 && scripts/text-model/build.py

Grammar syntax (docs/text-model.md): `[rule]` starts a rule, each following line is one alternative; `{a|b|c}` is an
inline choice (nestable, `{a|}` is optional text), `<rule>` expands another rule of the same language (or of the
names file), `~N ` at the start of a line weights it N times, `\\x` is a literal x, `//` starts a comment line.

Compiled form, one line per item, fields separated by tabs:
    N <rule index> <name>                      a named rule
    A <rule index> <weight> <part> <part> ...  one alternative; a part is `L<text>` (literal) or `R<rule index>`
Rules are numbered in order of first mention; anonymous rules (the inline choices) have no N line. The grammar is
checked to be acyclic and every reference defined.
"""
import os
import re
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GRAMMAR = os.path.join(ROOT, "data", "text", "grammar")
NAMES = os.path.join(ROOT, "data", "text", "names")
SLOTS = os.path.join(ROOT, "data", "text", "slots")
GENERATED = os.path.join(ROOT, "data", "text", "generated")
OUT = os.path.join(ROOT, "Sources", "CIBGenerator", "Text", "TextGrammarData.swift")
LANGUAGES = ["en", "zh", "zh-Hant", "ja", "es", "de", "pt", "hi", "vi"]
SEED_HEADLINES = os.path.join(ROOT, "Sources", "CIBGenerator", "SeedHeadlines.swift")

# The campaign's narratives by keyword, first match wins (the English translation is searched too); headlines that
# match none go to us-foreign-policy. Used to give each narrative the state-media headlines the network amplified.
TOPIC_KEYWORDS = [
    ("nord-stream", ["nord stream", "nord str", "北溪", "european destruction", "european sabotage", "bombs exploded",
                     "investigative reporters"]),
    ("guo-wengui", ["guo wengui", "guo", "wengui", "郭文贵", "bannon", "班农", "ant's", "little ant", "ant gang", "蚂蚁",
                    "yan limeng", "yan mengli", "燕丽梦", "闫丽梦", "pax", "bankruptcy", "хулиган", "кроу", "crow",
                    "hemorrhoid", "liar", "a lie ", "scam", "tortoise", "for profit", "because of profit", "money has"]),
    ("overseas-police", ["safeguard", "保护卫士", "police station", "police", "警", "ruiyou", "林瑞友", "oversea",
                         "ele.me", "hungry", "all eat"]),
    ("covid-origins", ["covid", "新冠", "fort detrick", "德特里克", "pfizer", "pneumonia", "肺炎", "coronavirus",
                       "epidemic", "疫情", "biological", "病毒", "milk tea", "vaccine", "疫苗"]),
    ("dissidents", ["jiayang", "樊嘉扬", "qiu jiajun", "邱家军", "zhao xin", "赵昕", "wang ruiqin", "王瑞琴", "chen pokong",
                    "陈破空", "pro-democracy", "民运", "jiang tianyong", "rights defense", "yan zhihua", "wang jianhong",
                    "xu xiuzhong", "scholar", "ученые", "new yorker", "纽约客", "lawyer", "fifth column", "patriotism",
                    "maxim vivas", "huanglong", "xi jinping"]),
    ("us-surveillance", ["eavesdrop", "窃听", "监听", "cyber", "网络攻击", "prism", "棱镜", "matrix", "monitor", "hack",
                         "黑客", "spy", "surveillance", "情报", "cia", "national security agency", "intrusion"]),
    ("us-racism", ["racis", "racial", "种族", "segregation", "indians", "native american", "genocide", "democracy",
                   "民主", "sexist", "jim banks", "human rights", "人权", "gun"]),
    ("taiwan", ["tsai", "蔡英文", "taiwan", "台湾", "台灣", "secession", "分裂", "united nation", "团结", "pelosi",
                "one china"]),
    ("hong-kong", ["hong kong", "香港"]),
    ("xinjiang", ["xinjiang", "新疆", "uyghur", "维吾尔"]),
    ("rare-earths", ["rare earth", "稀土"]),
    ("fukushima", ["fukushima", "福岛", "nuclear", "核"]),
]


def seed_headlines():
    """(text, language, English) of every row of SeedHeadlines.swift (Meta's Spamouflage indicators, MIT)."""
    import re

    with open(SEED_HEADLINES, encoding="utf-8") as f:
        source = f.read()
    literal = r'"((?:[^"\\]|\\.)*)"'
    rows = re.findall(r"^        \(" + literal + r', "(en|zh)", ' + literal + r"\),$", source, re.M)
    unescape = lambda s: s.replace('\\"', '"').replace("\\\\", "\\")
    if len(rows) < 100:
        raise GrammarError(f"read only {len(rows)} rows from {SEED_HEADLINES}")
    return [(unescape(t), l, unescape(e)) for t, l, e in rows]


def narrative_of(text, english):
    s = (text + " " + english).lower()
    for topic, words in TOPIC_KEYWORDS:
        if any(w in s for w in words):
            return topic
    return "us-foreign-policy"


def state_media_rules(language):
    """Grammar text of `t.<topic>.state` rules: the state-media headlines on each narrative that the campaign
    amplified (its seed headlines as published, without its typos), in the campaign's own languages — the
    overt, state-aligned voice that real outlets and their readers also have (docs/text-model.md)."""
    by_topic = {}
    for text, lang, english in seed_headlines():
        if language == "en":
            texts = [text] if lang == "en" else [english]
        elif language == "zh":
            texts = [text] if lang == "zh" else []
        else:
            texts = []
        for t in texts:
            by_topic.setdefault(narrative_of(text, english), set()).add(t)
    escape = lambda s: "".join("\\" + c if c in "\\{}|<>~/[" else c for c in s)
    out = []
    for topic in sorted(by_topic):
        out.append(f"[t.{topic}.state]")
        out += [escape(t) for t in sorted(by_topic[topic])]
    return "\n".join(out) + "\n"


class GrammarError(Exception):
    pass


def status_rules(rules):
    """`t.<topic>.status` for every topic with a `t.<topic>.about` noun phrase or `t.<topic>.teaser` sentences: the
    language's `[status]` templates (an outlet's status message — teaser, question to readers, quote, call to action)
    with `<about>` and `<teaser>` made that topic's (a template whose slot the topic lacks is left out); `[status]`
    itself is removed (docs/text-model.md)."""
    template = rules.pop("status", None)
    if template is None:
        return
    topics = sorted({m.group(1) for name in rules for m in [re.fullmatch(r"t\.(.+)\.(about|teaser)", name)] if m})
    for topic in topics:
        lines = []
        for w, line, where in template:
            for slot in ("about", "teaser"):
                if f"<{slot}>" in line and f"t.{topic}.{slot}" in rules:
                    line = line.replace(f"<{slot}>", f"<t.{topic}.{slot}>")
            if "<about>" not in line and "<teaser>" not in line:  # a topic without the slot does without the line
                lines.append((w, line, where))
        if lines:
            rules[f"t.{topic}.status"] = lines


# What attributes a headline to a speaker, per language: a headline carries at most one attribution, so a story
# (`t.<topic>.hcore`) that already has one gets none from `head.pre` / `head.post` (single_attribution).
ATTRIBUTION = {
    "en": re.compile(r"\b(says?|said|tells?|told|reports|writes|finds|warns|explains|confirms|answers)\b|<who>:"),
    # Both scripts: zh-Hant is split on its converted text and must keep zh's rule structure.
    "zh": re.compile(r"表示|称|稱|说|說|回应|回應|解读|解讀|答问|答問|指出|<who>："),
    # "Acusan a cinco policías" (charged) is the story's own verb, not a speaker: whole words only.
    "es": re.compile(r"\b(dice|afirma|asegura|cree|informa|explica|advierte|critica|denuncia|acusa|señala|según|"
                     r"confirman)\b|<who>:"),
    # A speaker with a quote (記者「…」, 氏「…」, さん「…」) or a verb of saying; 「…」 alone is a scare quote.
    "ja": re.compile(r"発言|表明|指摘|詳述|明らかに|発表|説明|報告|解説|の取材|(記者|氏|さん|<who>)\}?「"),
}


def single_attribution(rules, language):
    """Splits each `t.<topic>.hcore` into the alternatives that attribute the story to someone (`.hcore-said`) and
    the others (`.hcore-plain`), and `head.pre` / `head.post` likewise; `t.<topic>.head` then puts an attributing
    prefix or suffix only around stories without an attribution of their own, keeping every story's weight. Before,
    "…, Mariah Mistry says, Shirley Brandt says" was possible: real headlines carry at most one."""
    said = ATTRIBUTION.get(language)
    if said is None or "head.post" not in rules:
        return
    plain = lambda alternatives: [a for a in alternatives if not said.search(a[1])]
    for frame in ("head.pre", "head.post"):
        rules[frame + "-plain"] = plain(rules[frame])
    for name in sorted(rules):
        m = re.fullmatch(r"t\.(.+)\.head", name)
        if not m or f"t.{m.group(1)}.hcore" not in rules:
            continue
        core = f"t.{m.group(1)}.hcore"
        stories = rules[core]
        split = {"plain": plain(stories), "said": [a for a in stories if said.search(a[1])]}
        out = []
        for weight, line, where in rules[name]:
            if f"<{core}>" not in line:
                out.append((2 * weight, line, where))
                continue
            for kind, part in split.items():
                if not part:
                    continue
                total = sum(w for w, _, _ in part)
                new = line.replace(f"<{core}>", f"<{core}-{kind}>")
                if kind == "said":
                    out.append((2 * weight * total, new.replace("<head.pre>", "<head.pre-plain>").replace("<head.post>", "<head.post-plain>"), where))
                elif "<head.pre>" in new and "<head.post>" in new:
                    # A dateline before and the attribution after, or the speaker before and a byline after.
                    out.append((weight * total, new.replace("<head.pre>", "<head.pre-plain>"), where))
                    out.append((weight * total, new.replace("<head.post>", "<head.post-plain>"), where))
                else:
                    out.append((2 * weight * total, new, where))
        for kind, part in split.items():
            if part:
                rules[f"{core}-{kind}"] = part
        rules[name] = out


def read_rules(text, where):
    """{name: [(weight, source line)]} from grammar text."""
    rules, current = {}, None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        if line.startswith("[") and line.endswith("]") and " " not in line:
            current = line[1:-1]
            if current in rules:
                raise GrammarError(f"{where}:{number}: rule [{current}] defined twice")
            rules[current] = []
            continue
        if current is None:
            raise GrammarError(f"{where}:{number}: text before the first [rule]")
        weight = 1
        if line.startswith("~"):
            head, _, rest = line.partition(" ")
            weight, line = int(head[1:]), rest
        if line and unicodedata.category(line[0]).startswith("M"):
            # A vowel sign or other mark with no letter before it: a name that lost its first consonant.
            raise GrammarError(f"{where}:{number}: alternative starts with the combining mark U+{ord(line[0]):04X}: {line}")
        rules[current].append((weight, line, f"{where}:{number}"))
    return rules


class Compiler:
    def __init__(self, rules):
        self.source = rules
        self.index = {}
        self.names = []  # (index, name)
        self.alternatives = []  # (rule, weight, parts)
        self.count = 0

    def rule(self, name):
        if name not in self.index:
            if name not in self.source:
                raise GrammarError(f"reference to undefined rule <{name}>")
            self.index[name] = self.new_rule()
            self.names.append((self.index[name], name))
            for weight, line, where in self.source[name]:
                try:
                    self.alternatives.append((self.index[name], weight, self.parse(line)))
                except GrammarError as e:
                    raise GrammarError(f"{where}: {e}") from None
        return self.index[name]

    def new_rule(self):
        self.count += 1
        return self.count - 1

    def parse(self, text):
        """The parts of one alternative; inline choices become anonymous rules."""
        parts, literal, i = [], [], 0

        def flush():
            if literal:
                parts.append("L" + "".join(literal))
                literal.clear()

        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text):
                literal.append(text[i + 1])
                i += 2
            elif c == "<":
                end = text.find(">", i)
                if end < 0:
                    raise GrammarError(f"unclosed <: {text}")
                flush()
                parts.append(f"R{self.rule(text[i + 1:end])}")
                i = end + 1
            elif c == "{":
                depth, j, options, start = 1, i + 1, [], i + 1
                while j < len(text) and depth:
                    if text[j] == "\\":
                        j += 2
                        continue
                    if text[j] == "{":
                        depth += 1
                    elif text[j] == "}":
                        depth -= 1
                    elif text[j] == "|" and depth == 1:
                        options.append(text[start:j])
                        start = j + 1
                    j += 1
                if depth:
                    raise GrammarError(f"unclosed {{: {text}")
                options.append(text[start:j - 1])
                flush()
                anonymous = self.new_rule()
                for option in options:
                    self.alternatives.append((anonymous, 1, self.parse(option)))
                parts.append(f"R{anonymous}")
                i = j
            elif c in "}>|":
                raise GrammarError(f"stray {c!r} (write \\{c} for the character): {text}")
            else:
                literal.append(c)
                i += 1
        flush()
        return parts

    def compile(self):
        for name in list(self.source):
            self.rule(name)
        self.check_acyclic()
        lines = [f"N\t{i}\t{name}" for i, name in self.names]
        lines += ["A\t%d\t%d\t%s" % (r, w, "\t".join(parts)) for r, w, parts in self.alternatives]
        return "\n".join(lines)

    def check_acyclic(self):
        edges = {}
        for r, _, parts in self.alternatives:
            edges.setdefault(r, set()).update(int(p[1:]) for p in parts if p[0] == "R")
        state = {}

        def visit(r, path):
            if state.get(r) == 1:
                raise GrammarError("recursive rule: " + " -> ".join(str(x) for x in path + [r]))
            if state.get(r) == 2:
                return
            state[r] = 1
            for s in edges.get(r, ()):
                visit(s, path + [r])
            state[r] = 2

        for r in range(self.count):
            visit(r, [])


def grammar_text(language):
    base = "zh" if language == "zh-Hant" else language
    with open(os.path.join(GRAMMAR, f"{base}.txt"), encoding="utf-8") as f:
        text = f.read()
    text += "\n" + state_media_rules(base)
    slots = os.path.join(SLOTS, f"{base}.txt")
    if os.path.exists(slots):  # names of people and companies, in the language's script (converted with it)
        with open(slots, encoding="utf-8") as f:
            text += "\n" + f.read()
    if language == "zh-Hant":
        import opencc  # opencc-python-reimplemented

        converter = opencc.OpenCC("s2twp")
        # Line by line, leaving the syntax lines (rule names) alone; 台 as Taiwanese posts write it, not OpenCC's 臺.
        text = "\n".join(line if line.startswith("[") else converter.convert(line).replace("臺", "台")
                         for line in text.splitlines())
        os.makedirs(GENERATED, exist_ok=True)
        with open(os.path.join(GENERATED, "zh-Hant.txt"), "w", encoding="utf-8") as f:
            f.write("// Generated by scripts/text-model/build.py from grammar/zh.txt with OpenCC s2twp; do not edit.\n")
            f.write(text + "\n")
    names = os.path.join(NAMES, f"{base}.txt")
    if os.path.exists(names):
        with open(names, encoding="utf-8") as f:
            text += "\n" + f.read()
    return text


def swift_string(s):
    if '"#' in s:
        raise GrammarError('compiled grammar contains "# (raw string delimiter)')
    return '#"""\n' + s + '\n"""#'


def main():
    out = [
        "// Generated by scripts/text-model/build.py from data/text/ (grammars written for ciblab; handle names from",
        "// Faker, MIT; Traditional Chinese converted with OpenCC, Apache-2.0): see docs/text-model.md. Do not edit.",
        "",
        "/// The compiled grammars of the text model, by language code (see ``TextGrammar``).",
        "enum TextGrammarData {",
        "    static let languages: [(code: String, grammar: String)] = [",
    ]
    for language in LANGUAGES:
        try:
            rules = read_rules(grammar_text(language), f"{language}.txt")
            status_rules(rules)
            single_attribution(rules, "zh" if language == "zh-Hant" else language)
            compiled = Compiler(rules).compile()
        except GrammarError as e:
            sys.exit(f"build.py: {language}: {e}")
        out.append(f'        ("{language}", {swift_string(compiled)}),')
        print(f"{language}: {compiled.count(chr(10)) + 1} lines, {len(compiled.encode())} bytes", file=sys.stderr)
    out.append("    ]")
    # The narrative of each seed headline, in SeedHeadlines.all's order: the topic the campaign's sprayed copies of
    # it are recorded under in the ground truth.
    topics = [narrative_of(text, english) for text, _, english in seed_headlines()]
    out.append("    /// The narrative (a ``TextTopics`` name) of each row of ``SeedHeadlines/all``, in order.")
    out.append("    static let seedHeadlineTopics: [String] = [")
    out += [f'        "{t}",' for t in topics]
    out += ["    ]", "}", ""]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
