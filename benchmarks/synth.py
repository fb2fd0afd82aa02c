"""Synthetic knowledge bases for the benchmark (imported by benchmarks/run.py).

``write_kb(root, n, vocabulary_path)`` writes ``n`` entity files of a realistic shape
under ``root/entities``; ``write_baseline(root, sizes)`` writes plain Markdown pages of
the given byte sizes. Everything is deterministic for a given ``n`` and seed.

Shape of a synthetic knowledge base:

* types in proportion: sources a third, then companies, people, organizations,
  places, facilities, technologies, events and agreements (``TYPE_SHARES``);
* every non-source entity has 5–10 statements, each citing 1–3 sources; the
  properties are those the vocabulary allows for the type (``domain``) and each
  relation points at an entity of a type the property accepts (``targets``);
* relation targets are uniform with a mild bias to a few "hub" entities per type (a
  country that every company is headquartered in), so a few pages grow with the
  knowledge base, as they would in reality, while the mean page stays flat;
* names in English, Korean and Japanese, aliases, tags, bilingual summaries and
  notes, dates of every precision, quantities, disputed alternatives, planned
  milestones; sources carry url, publisher, published, language, reliability.

The vocabulary is read with PyYAML (a semikb dependency), never with semikb itself,
so the benchmark keeps working while the package changes underneath it.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import TypedDict

import yaml

# (type, share of all entities); the shares sum to 1.
TYPE_SHARES = (
    ("source", 0.33),
    ("company", 0.17),
    ("person", 0.15),
    ("organization", 0.08),
    ("place", 0.07),
    ("facility", 0.06),
    ("technology", 0.06),
    ("event", 0.04),
    ("agreement", 0.04),
)

# Romanised syllable, Hangul, Katakana: names are the same sounds in all three scripts.
SYLLABLES = (
    ("ka", "카", "カ"),
    ("ko", "코", "コ"),
    ("ri", "리", "リ"),
    ("ta", "타", "タ"),
    ("na", "나", "ナ"),
    ("mi", "미", "ミ"),
    ("so", "소", "ソ"),
    ("ra", "라", "ラ"),
    ("to", "토", "ト"),
    ("ne", "네", "ネ"),
    ("ha", "하", "ハ"),
    ("shi", "시", "シ"),
    ("ma", "마", "マ"),
    ("yu", "유", "ユ"),
    ("se", "세", "セ"),
    ("ki", "키", "キ"),
    ("no", "노", "ノ"),
    ("ru", "루", "ル"),
    ("te", "테", "テ"),
    ("mo", "모", "モ"),
    ("ya", "야", "ヤ"),
    ("hi", "히", "ヒ"),
    ("su", "스", "ス"),
    ("do", "도", "ド"),
    ("ga", "가", "ガ"),
    ("be", "베", "ベ"),
    ("ro", "로", "ロ"),
    ("ni", "니", "ニ"),
    ("zu", "즈", "ズ"),
    ("pa", "파", "パ"),
    ("ken", "켄", "ケン"),
    ("jin", "진", "ジン"),
    ("sun", "선", "スン"),
    ("won", "원", "ウォン"),
)

# Name patterns per type: (en, ko, ja); {s}/{t} are stems, {n} a number, {y} a year.
NAME_PATTERNS = {
    "company": (
        ("{s} Semiconductor", "{s} 반도체", "{s}セミコンダクター"),
        ("{s} Electronics", "{s} 전자", "{s}エレクトロニクス"),
        ("{s} Materials", "{s} 소재", "{s}マテリアルズ"),
        ("{s} Devices", "{s} 디바이스", "{s}デバイス"),
        ("{s} Microsystems", "{s} 마이크로시스템즈", "{s}マイクロシステムズ"),
        ("{s} Foundry", "{s} 파운드리", "{s}ファウンドリ"),
        ("{s} Photonics", "{s} 포토닉스", "{s}フォトニクス"),
    ),
    "organization": (
        ("{s} Institute of Technology", "{s} 기술연구원", "{s}技術研究所"),
        ("{s} Semiconductor Association", "{s} 반도체협회", "{s}半導体協会"),
        ("Ministry of Trade of {s}", "{s} 통상부", "{s}通商省"),
        ("{s} Export Control Agency", "{s} 수출통제청", "{s}輸出管理庁"),
    ),
    "person": (("{s} {t}", "{t} {s}", "{t}・{s}"),),
    "place": (
        ("{s}", "{s}", "{s}"),
        ("{s} Prefecture", "{s}현", "{s}県"),
        ("{s} City", "{s}시", "{s}市"),
        ("{s} Province", "{s}성", "{s}省"),
    ),
    "facility": (
        ("{s} Fab {n}", "{s} 제{n}팹", "{s}第{n}工場"),
        ("{s} Research Center", "{s} 연구센터", "{s}研究センター"),
        ("{s} Packaging Plant", "{s} 패키징 공장", "{s}パッケージング工場"),
    ),
    "technology": (
        ("{n} nm {s} process", "{n}나노 {s} 공정", "{n}nm {s}プロセス"),
        ("{s} EUV scanner", "{s} EUV 스캐너", "{s} EUVスキャナー"),
        ("{s} high-bandwidth memory", "{s} 고대역폭 메모리", "{s}広帯域メモリ"),
    ),
    "event": (
        ("{s} Chip Summit {y}", "{y} {s} 반도체 정상회의", "{y}年{s}半導体サミット"),
        ("{s} export restrictions of {y}", "{y}년 {s} 수출 규제", "{y}年{s}輸出規制"),
        ("{s} fab fire of {y}", "{y}년 {s} 공장 화재", "{y}年{s}工場火災"),
    ),
    "agreement": (
        (
            "{s}–{t} Semiconductor Agreement {y}",
            "{y} {s}·{t} 반도체 협정",
            "{y}年{s}・{t}半導体協定",
        ),
        ("{s} Chips Act", "{s} 칩스법", "{s}半導体法"),
        ("{s} Export Administration Rule {y}", "{y} {s} 수출관리규정", "{y}年{s}輸出管理規則"),
    ),
    "source": (
        ("{s} plans new fab in {t}", "{s}, {t}에 신규 팹 계획", "{s}、{t}に新工場計画"),
        (
            "{s} and {t} sign chip supply deal",
            "{s}·{t} 반도체 공급 계약 체결",
            "{s}と{t}が半導体供給契約",
        ),
        (
            "Interview: the chief of {s} on {t}",
            "인터뷰: {s} 대표가 말하는 {t}",
            "インタビュー：{s}社長が語る{t}",
        ),
        ("{s} results for fiscal {y}", "{s} {y} 회계연도 실적", "{s}、{y}年度決算"),
    ),
}

PUBLISHERS = (
    "Asia Chip Times",
    "Hankook Tech Daily",
    "Nihon Denshi Shimbun",
    "Wafer Wire",
    "The Lithography Review",
    "Ministry press office",
    "Company press release",
    "Fab Watch (blog)",
)
# A source's reliability, drawn from these: "reliable" twice as often as each other grade.
RELIABILITIES = ("primary", "reliable", "reliable", "secondary", "weak")
TAGS = (
    "foundry",
    "memory",
    "logic",
    "equipment",
    "materials",
    "policy",
    "export-control",
    "subsidy",
    "japan",
    "korea",
    "taiwan",
    "united-states",
    "china",
    "europe",
    "euv",
    "packaging",
    "hbm",
    "startup",
)
UNITS = ("USD", "JPY", "KRW", "EUR")
TYPE_WORDS = {
    "company": ("company", "기업"),
    "organization": ("organization", "기관"),
    "person": ("person", "인물"),
    "place": ("place", "장소"),
    "facility": ("facility", "시설"),
    "technology": ("technology", "기술"),
    "event": ("event", "사건"),
    "agreement": ("agreement", "협정"),
    "source": ("source", "출처"),
}
_PLAIN = re.compile(r"[A-Za-z\u00c0-\uffff][\w .'’–-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


class KbStats(TypedDict):
    """What ``write_kb`` wrote: entity files, statements in them, and their bytes."""

    entities: int
    statements: int
    bytes: int


def counts_for(n: int) -> dict[str, int]:
    """Entities per type for a knowledge base of n entities (at least one of each)."""
    counts = {t: max(1, round(n * share)) for t, share in TYPE_SHARES}
    counts["source"] += n - sum(counts.values())  # rounding goes to the largest type
    return counts


def scalar(text: str) -> str:
    """A YAML scalar: plain when that is safe, as people write it; else double-quoted."""
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _YAML_WORDS
        and not text.endswith(" ")
        and ": " not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_text(text: dict[str, str]) -> str:
    return "{" + ", ".join(f"{lang}: {scalar(value)}" for lang, value in text.items()) + "}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Synth:
    def __init__(self, n: int, vocabulary_path: Path, seed: int = 6):
        self.n = n
        self.rng = random.Random(seed * 1_000_003 + n)
        self.vocabulary = yaml.safe_load(vocabulary_path.read_text("utf-8"))
        self.ids: dict[str, list[str]] = {}
        self.stems: dict[str, tuple[str, str, str]] = {}
        self.edit_target: tuple[str, str, str] | None = None  # (relative path, line, date)

    # --- names ------------------------------------------------------------------

    def stem(self) -> tuple[str, str, str]:
        while True:
            parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))]
            en = "".join(p[0] for p in parts).capitalize()
            # `semikb check` rejects text starting with TODO (a placeholder).
            if "todo" not in en.lower():
                return en, "".join(p[1] for p in parts), "".join(p[2] for p in parts)

    def name(self, type_id: str) -> dict[str, str]:
        en_pat, ko_pat, ja_pat = self.rng.choice(NAME_PATTERNS[type_id])
        s, t = self.stem(), self.stem()
        n, y = self.rng.choice((2, 3, 5, 7, 12, 14, 22, 28)), self.rng.randint(1975, 2026)
        return {
            "en": en_pat.format(s=s[0], t=t[0], n=n, y=y),
            "ko": ko_pat.format(s=s[1], t=t[1], n=n, y=y),
            "ja": ja_pat.format(s=s[2], t=t[2], n=n, y=y),
        }

    def date(self, low: int = 1950, high: int = 2030) -> str:
        year = self.rng.randint(low, high)
        precision = self.rng.random()
        if precision < 0.3:
            return f"{year}"
        if precision < 0.6:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def sentence(self) -> dict[str, str]:
        s, t = self.stem(), self.stem()
        year = self.rng.randint(1980, 2026)
        return self.rng.choice(
            (
                {
                    "en": f"Announced a joint programme with {s[0]} on {t[0]} packaging in {year}.",
                    "ko": f"{year}년 {s[1]}와 {t[1]} 패키징 공동 프로그램을 발표했다.",
                    "ja": f"{year}年に{s[2]}と{t[2]}パッケージングの共同計画を発表した。",
                },
                {
                    "en": f"Start of volume production at the {s[0]} line",
                    "ko": f"{s[1]} 라인 양산 개시",
                },
                {
                    "en": f"Said that the {s[0]} subsidy would not cover the {t[0]} expansion.",
                    "ko": f"{s[1]} 보조금이 {t[1]} 증설에는 적용되지 않는다고 말했다.",
                },
                {"en": f"Reported yield problems on the {s[0]} node"},
            )
        )

    # --- the knowledge base --------------------------------------------------------

    def plan(self) -> None:
        """Give every entity its id before any file is written, so relations can point ahead."""
        self.names: dict[str, dict[str, str]] = {}
        self.types: dict[str, str] = {}
        serial = 0
        for type_id, count in counts_for(self.n).items():
            ids = []
            for _ in range(count):
                serial += 1
                name = self.name(type_id)
                entity_id = f"{slug(name['en'])[:48].strip('-')}-{serial:x}"
                self.names[entity_id], self.types[entity_id] = name, type_id
                ids.append(entity_id)
            self.ids[type_id] = ids
        self.properties = self.vocabulary["properties"]
        present = {t for t, ids in self.ids.items() if ids}
        self.allowed: dict[str, list[str]] = {}
        for type_id in present:
            props = []
            for prop_id, spec in self.properties.items():
                if spec.get("domain") and type_id not in spec["domain"]:
                    continue
                if spec["kind"] == "entity" and not [
                    t for t in (spec.get("targets") or present) if t in present and t != "source"
                ]:
                    continue
                props.append(prop_id)
            self.allowed[type_id] = props

    def pick_target(self, prop_id: str, subject: str) -> str | None:
        spec = self.properties[prop_id]
        types = [t for t in (spec.get("targets") or self.ids) if self.ids.get(t) and t != "source"]
        type_id = self.rng.choice(types)
        ids = self.ids[type_id]
        hubs = max(1, len(ids) // 50)
        for _ in range(10):
            # A third of the relations go to the few "hubs" of the type (the big countries).
            target = (
                self.rng.choice(ids[:hubs]) if self.rng.random() < 0.3 else self.rng.choice(ids)
            )
            if target != subject:
                return target
        # Tiny knowledge bases: any other entity of an accepted type.
        return next((i for t in types for i in self.ids[t] if i != subject), None)

    def sources(self) -> list[str]:
        return self.rng.sample(
            self.ids["source"], min(len(self.ids["source"]), self.rng.randint(1, 3))
        )

    def statement_lines(self, prop_id: str, subject: str) -> list[str]:
        spec = self.properties[prop_id]
        kind = spec["kind"]
        item: list[tuple[str, str]] = []
        if kind == "entity":
            target = self.pick_target(prop_id, subject)
            if target is None:
                return []
            item.append(("target", target))
        elif kind == "date":
            item.append(("value", self.date()))
        elif kind == "url":
            item.append(("value", f"https://www.example.org/{slug(self.names[subject]['en'])}/"))
        elif kind == "text":
            item.append(("value", flow_text(self.sentence())))
        elif kind == "quantity":
            unit = "%" if prop_id == "market_share" else self.rng.choice(UNITS[:4])
            amount = (
                round(self.rng.uniform(0.5, 60), 1)
                if unit == "%"
                else self.rng.randint(1, 900) * 10 ** self.rng.randint(3, 10)
            )
            item += [("amount", str(amount)), ("unit", scalar(unit))]
        roll = self.rng.random()
        if kind in ("entity", "quantity") and roll < 0.35:
            start = self.rng.randint(1970, 2024)
            item.append(("start", str(start)))
            if roll < 0.1:
                item.append(("end", str(self.rng.randint(start, 2026))))
        if kind in ("quantity", "text") or (kind == "entity" and self.rng.random() < 0.1):
            item.append(("date", self.date(1990, 2030)))
        if prop_id == "milestone" and self.rng.random() < 0.4:
            item.append(("planned", "true"))
        if self.rng.random() < 0.2:
            item.append(("note", flow_text(self.sentence())))
        item.append(("sources", "[" + ", ".join(self.sources()) + "]"))
        lines = [f"    - {item[0][0]}: {item[0][1]}"] + [
            f"      {key}: {value}" for key, value in item[1:]
        ]
        if kind == "date" and self.rng.random() < 0.15:
            # Sources disagree: keep both values, one preferred, one disputed.
            lines.insert(1, "      rank: preferred")
            lines += [
                f"    - value: {self.date()}",
                "      rank: disputed",
                "      note: {en: Given by one report only.}",
                f"      sources: [{self.rng.choice(self.ids['source'])}]",
            ]
        return lines

    def statements(self, entity_id: str, type_id: str) -> list[str]:
        allowed = self.allowed[type_id]
        weights = [3 if self.properties[p]["kind"] == "entity" else 1 for p in allowed]
        chosen: dict[str, list[list[str]]] = {}
        wanted, tries = self.rng.randint(5, 10), 0
        while sum(map(len, chosen.values())) < wanted and tries < 100:
            tries += 1
            prop_id = self.rng.choices(allowed, weights)[0]
            if self.properties[prop_id]["kind"] in ("date", "url") and prop_id in chosen:
                continue  # one founding date, one website
            lines = self.statement_lines(prop_id, entity_id)
            if lines:
                chosen.setdefault(prop_id, []).append(lines)
        result = ["statements:"]
        # Vocabulary order, as people tend to write.
        for prop_id in (p for p in self.properties if p in chosen):
            result.append(f"  {prop_id}:")
            for lines in chosen[prop_id]:
                result += lines
        return result

    def entity_text(self, entity_id: str, type_id: str) -> str:
        name = self.names[entity_id]
        word_en, word_ko = TYPE_WORDS[type_id]
        place = self.stem()
        year = self.rng.randint(1950, 2024)
        lines = [f"id: {entity_id}", f"type: {type_id}"]
        if type_id == "source":
            language = self.rng.choice(("en", "en", "ko", "ja"))
            title = (
                {"en": name["en"]}
                if language == "en"
                else {"en": name["en"], language: name[language]}
            )
            lines.append(f"name: {flow_text(title)}")
            summary = f"A report on {place[0]} semiconductor plans, {year}."
            lines.append(f"summary: {flow_text({'en': summary})}")
            published = self.date(1985, 2026)
            lines += [
                f"url: https://news.example.org/{published[:4]}/{entity_id}",
                f"publisher: {scalar(self.rng.choice(PUBLISHERS))}",
                f"published: {published}",
                f"language: {language}",
                f"reliability: {self.rng.choice(RELIABILITIES)}",
            ]
            if self.rng.random() < 0.4:
                author = self.stem()
                lines.append(f"author: {scalar(author[0] + ' ' + self.stem()[0])}")
            if self.rng.random() < 0.5:
                month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
                lines.append(f"accessed: {published[:4]}-{month:02d}-{day:02d}")
            return "\n".join(lines) + "\n"
        lines.append(f"name: {flow_text(name)}")
        aliases = [
            name["en"].upper()[:12].strip(),
            f"{name['en']} Co." if type_id == "company" else name["en"].split()[0],
        ]
        aliases = aliases[: self.rng.randint(0, 2)]
        if self.rng.random() < 0.3:
            aliases.append(
                name["ja"] + "株式会社" if type_id == "company" else name["ko"] + " (구칭)"
            )
        if aliases:
            lines.append("aliases: [" + ", ".join(scalar(a) for a in aliases) + "]")
        chips, programme = self.stem(), self.stem()
        summary_en = (
            f"{name['en']} is a {word_en} of the semiconductor industry, "
            f"active in {place[0]} since {year}. "
            f"Known for work on {chips[0]} chips and for a part in the {programme[0]} programme."
        )
        summary_ko = (
            f"{name['ko']}은(는) {year}년부터 {place[1]}에서 "
            f"활동해 온 반도체 산업의 {word_ko}이다. "
            f"{chips[1]} 칩 관련 사업으로 알려져 있다."
        )
        lines += ["summary:", f"  en: {scalar(summary_en)}", f"  ko: {scalar(summary_ko)}"]
        tags = self.rng.sample(TAGS, self.rng.randint(0, 3))
        if tags:
            lines.append("tags: [" + ", ".join(tags) + "]")
        if self.rng.random() < 0.5:
            lines.append(f"wikidata: Q{self.rng.randint(1000, 99_999_999)}")
        if self.rng.random() < 0.4:
            lines.append(f"wikipedia: https://en.wikipedia.org/wiki/{name['en'].replace(' ', '_')}")
        body = self.statements(entity_id, type_id)
        if self.edit_target is None and type_id == "company":
            # The entity the one-edit benchmark changes: a founding date it certainly has.
            founded = "    - value: 1987-02-21"
            body = [
                "statements:",
                "  founded:",
                founded,
                "      sources: [" + self.ids["source"][0] + "]",
                *list(_without_property(body[1:], "founded")),
            ]
            self.edit_target = (f"entities/{type_id}/{entity_id}.yaml", founded, "1987-02-21")
        return "\n".join(lines + body) + "\n"

    def write(self, root: Path) -> KbStats:
        self.plan()
        stats: KbStats = {"entities": 0, "statements": 0, "bytes": 0}
        for type_id, ids in self.ids.items():
            folder = root / "entities" / type_id
            folder.mkdir(parents=True, exist_ok=True)
            for entity_id in ids:
                text = self.entity_text(entity_id, type_id)
                data = text.encode("utf-8")
                (folder / f"{entity_id}.yaml").write_bytes(data)
                stats["entities"] += 1
                stats["statements"] += sum(
                    1 for line in text.splitlines() if line.startswith("    - ")
                )
                stats["bytes"] += len(data)
        return stats


def _without_property(lines: list[str], prop_id: str) -> list[str]:
    """The statement lines minus one property's block (lines after 'statements:')."""
    result, skipping = [], False
    for line in lines:
        if line.startswith("  ") and not line.startswith("   "):
            skipping = line.strip() == f"{prop_id}:"
        if not skipping:
            result.append(line)
    return result


def write_kb(
    root: Path, n: int, vocabulary_path: Path, seed: int = 6
) -> tuple[KbStats, tuple[str, str, str]]:
    """Write n entity files under root/entities; return (stats, the entity to edit)."""
    synth = Synth(n, vocabulary_path, seed)
    stats = synth.write(root)
    assert synth.edit_target is not None, "a knowledge base needs at least one company"
    return stats, synth.edit_target


# --- the baseline: plain Markdown pages -----------------------------------------------

_WORDS = (
    "wafer",
    "lithography",
    "foundry",
    "yield",
    "node",
    "subsidy",
    "export",
    "memory",
    "logic",
    "packaging",
    "fab",
    "capacity",
    "supply",
    "chain",
    "equipment",
    "design",
    "process",
    "volume",
    "agreement",
    "policy",
)


def baseline_page(index: int, size: int, total: int, rng: random.Random) -> str:
    """A plain Markdown page of about ``size`` bytes: headings, text, links, a table."""
    parts = [f"# Page {index}\n", f"A plain page of the baseline, number {index}.\n"]
    length = sum(len(p.encode("utf-8")) + 1 for p in parts)
    section = 0
    while length < size:
        section += 1
        block = [f"## Section {section}\n"]
        block.append(" ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + ".\n")
        block.append(
            "\n".join(
                f"- [Page {j}](p{j}.md) — {' '.join(rng.choice(_WORDS) for _ in range(8))}"
                for j in (rng.randrange(total) for _ in range(6))
            )
            + "\n"
        )
        block.append(
            "| Key | Value |\n|---|---|\n"
            + "\n".join(f"| {rng.choice(_WORDS)} | {rng.randint(1900, 2030)} |" for _ in range(3))
            + "\n"
        )
        for piece in block:
            parts.append(piece)
            length += len(piece.encode("utf-8")) + 1
            if length >= size:
                break
    return "\n".join(parts)


def write_baseline(docs: Path, sizes: list[int], seed: int = 6) -> None:
    """Pages docs/pages/p0.md … of the given Markdown sizes (bytes), linking each other."""
    rng = random.Random(seed)
    folder = docs / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for index, size in enumerate(sizes):
        (folder / f"p{index}.md").write_text(
            baseline_page(index, size, len(sizes), rng), encoding="utf-8"
        )
