#!/usr/bin/env python3
"""Extracts the given and family names that @handles are made of from Faker's person providers (MIT licence,
https://github.com/joke2k/faker) into data/text/names/<language>.txt, ASCII-folded and lower-cased, so that the
text model builds without Faker installed. Run once when the name lists should change:

    pip install faker==40.63.0 && scripts/text-model/extract-names.py
"""
import os
import unicodedata

from faker import Faker

# Dataset language -> Faker locale and whether its romanised lists are the ones to use.
LOCALES = {
    "en": ["en_US"], "zh": ["zh_CN", "zh_TW"], "ja": ["ja_JP"], "es": ["es_ES", "es_MX"], "de": ["de_DE"],
    "pt": ["pt_BR"], "hi": ["en_IN"], "vi": ["vi_VN"],
}
ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "data", "text", "names")


def fold(name):
    """ASCII, lower case, letters only (handles have no spaces or diacritics)."""
    s = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if c.isascii() and c.isalpha()).lower()
    return s


def names(provider, kind):
    out = []
    for attr in (f"{kind}_romanized_names", f"{kind}_names", f"{kind}_names_male", f"{kind}_names_female",
                 f"{kind}_names_unisex"):
        values = getattr(provider, attr, None)
        if values and not (attr == f"{kind}_names" and out):
            out += list(values.keys()) if isinstance(values, dict) else list(values)
    return out


for language, locales in LOCALES.items():
    first, last = set(), set()
    for locale in locales:
        provider = Faker(locale).provider("faker.providers.person")
        first.update(filter(None, map(fold, names(provider, "first"))))
        last.update(filter(None, map(fold, names(provider, "last"))))
    first = sorted(n for n in first if 2 <= len(n) <= 10)[:400]
    last = sorted(n for n in last if 2 <= len(n) <= 10)[:200]
    with open(os.path.join(ROOT, f"{language}.txt"), "w", encoding="utf-8") as f:
        f.write(f"// Names for @handles, from Faker {'/'.join(locales)} (MIT); see docs/third-party/faker-LICENSE.\n")
        f.write("[first]\n" + "\n".join(first) + "\n[last]\n" + "\n".join(last) + "\n")
    print(language, len(first), len(last))
