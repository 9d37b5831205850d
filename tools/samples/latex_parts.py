"""What the LaTeX invoice generators share: parties, LaTeX escaping, amounts as the packages print them, typesetting.

Used by `latex_invoices.py` (the command) and each package's generator. Needs nothing beyond the standard library;
typesetting needs `pdflatex`.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

FIRMS = {
    "en": ["Harbor Works Ltd", "Kestrel Design LLC", "Oakridge Consulting", "Brightwater Studio Inc.", "Jane Porter"],
    "nb": ["Fjord Data AS", "Nordlys Design AS", "Kari Nordmann", "Bergen Bygg AS", "Vestland Regnskap AS"],
    "de": ["Eichenfeld Medien GmbH", "Lindner & Partner GbR", "Sabine Krüger", "Nordwind IT GmbH", "Bergmann Druck e.K."],
    "fr": ["Atelier Lumière SARL", "Claire Dubois", "Ponts & Chemins SAS", "Studio Garance", "Rivière Conseil EURL"],
    "it": ["Studio Bianchi S.r.l.", "Giulia Romano", "Officina Adriatica S.n.c.", "Tessiture Alpine S.p.A.", "Marco Esposito"],
    "es": ["Talleres Ibéricos S.L.", "Lucía Fernández", "Estudio Mar Azul S.L.", "Construcciones Duero S.A.", "Pablo Ortega"],
    "nl": ["Polderwerk B.V.", "Sanne de Vries", "Grachtdesign V.O.F.", "Van Dijk Advies", "Molenaar Techniek B.V."],
    "sv": ["Skärgård Design AB", "Anna Lindqvist", "Norrsken Konsult AB", "Björk & Sten HB", "Fjällbyrån AB"],
    "fi": ["Järvisuo Oy", "Aino Virtanen", "Revontuli Design Oy", "Koivu & Kallio Ky", "Saimaa Konsultointi Oy"],
}  # fmt: skip
STREETS = {
    "en": [("{n} Harbour Road", "Bristol BS1 4QA"), ("{n} Elm Street", "Springfield, IL 62704"), ("{n} King Street", "Manchester M2 4LQ")],
    "nb": [("Storgata {n}", "0155 Oslo"), ("Kongens gate {n}", "7011 Trondheim"), ("Strandkaien {n}", "5013 Bergen")],
    "de": [("Hauptstraße {n}", "10115 Berlin"), ("Gartenweg {n}", "80331 München"), ("Bahnhofstr. {n}", "8001 Zürich")],
    "fr": [("{n} rue des Lilas", "69003 Lyon"), ("{n} avenue Victor Hugo", "33000 Bordeaux"), ("{n} quai de la Loire", "44000 Nantes")],
    "it": [("Via Roma {n}", "20121 Milano"), ("Corso Italia {n}", "50123 Firenze"), ("Via Garibaldi {n}", "10122 Torino")],
    "es": [("Calle Mayor {n}", "28013 Madrid"), ("Avenida del Puerto {n}", "46023 Valencia"), ("Calle Sierpes {n}", "41004 Sevilla")],
    "nl": [("Keizersgracht {n}", "1015 CJ Amsterdam"), ("Oudegracht {n}", "3511 AB Utrecht"), ("Markt {n}", "2611 GS Delft")],
    "sv": [("Drottninggatan {n}", "111 51 Stockholm"), ("Kungsgatan {n}", "411 19 Göteborg"), ("Storgatan {n}", "903 26 Umeå")],
    "fi": [("Mannerheimintie {n}", "00100 Helsinki"), ("Hämeenkatu {n}", "33100 Tampere"), ("Aurakatu {n}", "20100 Turku")],
}  # fmt: skip


def tex(text: str) -> str:
    """Text as LaTeX reads it literally."""
    for char, escaped in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_")):  # fmt: skip
        text = text.replace(char, escaped)
    return text


def write_truth(out: Path, stem: str, truth: dict) -> None:
    (out / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


def party(rnd: random.Random, lang: str) -> tuple[str, str, str]:
    street, town = rnd.choice(STREETS[lang])
    return rnd.choice(FIRMS[lang]), street.format(n=rnd.randint(1, 99)), town


def amount(value: Decimal, lang: str) -> str:
    """How the packages here print an amount: two decimals, a comma in Norwegian and German."""
    text = f"{value:,.2f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",")


def typeset(source: str, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(source, encoding="utf-8")
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=tmp,
            capture_output=True,
            text=True,
            errors="replace",  # TeX writes its log in its own 8-bit encoding
        )
        if run.returncode != 0:
            raise RuntimeError(f"{pdf.name}: pdflatex failed:\n{run.stdout[-2000:]}")
        shutil.copy(Path(tmp) / "doc.pdf", pdf)
