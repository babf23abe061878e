"""Generate valid covenants of any size, for the benchmark (deterministic for a seed)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

MODELINE = "# yaml-language-server: $schema=../../schemas/convenant.schema.json\n"
WORDS = (
    "de partijen werken samen aan een inclusieve arbeidsmarkt waarin werkgevers gemeenten UWV "
    "onderwijs en sociale partners afspraken maken over banen voor mensen met een arbeidsbeperking "
    "in de regio met aandacht voor begeleiding scholing matching en duurzame plaatsing"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def covenant(index: int, articles: int = 6, leden: int = 3, years: int = 6, seed: int = 0) -> dict[str, Any]:
    """A valid covenant: ``articles`` × ``leden`` paragraphs, a ``years``-row cumulative table."""
    rng = random.Random(seed * 100_003 + index)
    first_year = 2020
    last_year = first_year + years - 1
    groups = []
    blocks = []
    for g in range(3):
        parties = []
        for p in range(2):
            pid = f"partij-{g}-{p}"
            parties.append(
                {
                    "id": pid,
                    "naam": f"Organisatie {g}.{p}",
                    "vertegenwoordigers": [
                        {
                            "id": f"rep-{g}-{p}",
                            "aanhef": "mevrouw",
                            "naam": f"A. Jansen-{g}{p}",
                            "functie": "Directeur",
                        }
                    ],
                }
            )
            blocks.append({"partij": pid})
        groups.append({"id": f"groep-{g}", "naam": f"groep {g}", "partijen": parties})
    rows = []
    market = government = 0
    for year in range(first_year, last_year + 1):
        market += rng.randint(10, 200)
        government += rng.randint(0, 50)
        rows.append({"jaar": year, "markt": market, "overheid": government, "totaal": market + government})
    arts: list[dict[str, Any]] = [
        {
            "id": "doelstelling",
            "titel": "Doelstelling",
            "leden": [
                {
                    "id": "banen",
                    "tekst": "De Partijen realiseren de volgende banen[^cumulatief]:",
                    "tabel": {
                        "id": "doelen",
                        "cumulatief": True,
                        "eenheid": "banen",
                        "kolommen": [{"id": "markt", "kop": "Markt"}, {"id": "overheid", "kop": "Overheid"}],
                        "totaal": {"kop": "Totaal", "berekend": False},
                        "rijen": rows,
                    },
                    "slot": f"In {last_year} gaat het om [[doelen.{last_year}.totaal]] banen.",
                }
            ],
        }
    ]
    for a in range(1, articles):
        arts.append(
            {
                "id": f"artikel-{a}",
                "titel": f"Onderwerp {a}",
                "leden": [
                    {
                        "id": f"lid-{m}",
                        "tekst": " ".join(_sentence(rng, rng.randint(12, 30)) for _ in range(4))
                        + (" Zie ook [[doelstelling.banen]]." if m == 0 else ""),
                        "onderdelen": [_sentence(rng, 10) for _ in range(3)],
                    }
                    for m in range(leden)
                ],
            }
        )
    return {
        "formaat": 1,
        "id": f"bench-{index:04d}",
        "titel": f"Convenant Inclusieve Arbeidsmarkt {index}",
        "regio": {"naam": f"Regio {index}", "gemeenten": [f"Gemeente {i}" for i in range(5)]},
        "partijen": groups,
        "considerans": {"overwegingen": [_sentence(rng, 20) for _ in range(4)]},
        "artikelen": arts,
        "looptijd": {
            "ingang": {"regel": "datum", "datum": f"{first_year}-01-01"},
            "einde": f"{last_year}-12-31",
        },
        "noten": {"cumulatief": "De aantallen zijn cumulatief."},
        "ondertekening": {"blokken": blocks},
    }


def write(folder: Path, count: int, **size: int) -> list[Path]:
    """Write ``count`` generated covenants into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"bench-{index:04d}.yaml"
        body = yaml.safe_dump(covenant(index, **size), allow_unicode=True, sort_keys=False, width=100)
        path.write_text(MODELINE + body, encoding="utf-8")
        paths.append(path)
    return paths
