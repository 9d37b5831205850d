"""Invoices written with CTAN's `invoice` package inside LaTeX's standard `letter` class.

The package's way of billing (its labels in eight of its languages, set by babel): fees per project as "Activity /
Rate/Unit / Count / Amount (EUR)" rows with the project's title centred over them, expenses under their own
"Expense / Currency / Amount / Factor / EUR" heading, the VAT on the fees alone ("VAT (19%)"), then "Sum Fees /
Sum VAT / Sum Expenses / Total". The letter class sets the sender's address and the date top right and the
recipient's block on the left; the invoice's number is only in a bold subject line or a sentence under the
salutation, and the payment term in words. Amounts are printed as the package prints them: a decimal point in every
language, no thousands separator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from latex_parts import FIRMS, party, tex

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}  # fmt: skip
# language: (babel's name, subject with {n}, salutation, sentence naming the number, payment sentence, closing,
# date pattern over (day, month name, year, month number), currencies as the header names them, VAT rates)
_LANGS = {
    "en": ("british", "Invoice no. {n}", "Dear Sir or Madam,", "Please find below my invoice no. {n} for the work done.",
           "Please pay the total within 14 days.", "Yours faithfully,", "{d} {m} {y}",
           [("GBP", "GBP"), ("EUR", "EUR"), ("USD", "USD")], [20, 0]),
    "de": ("ngerman", "Rechnung Nr. {n}", "Sehr geehrte Damen und Herren,",
           "für meine Arbeiten berechne ich Ihnen mit Rechnung Nr. {n}:",
           "Bitte überweisen Sie den Betrag innerhalb von 14 Tagen.", "Mit freundlichen Grüßen", "{d}. {m} {y}",
           [("EUR", "EUR"), ("Euro", "EUR")], [19, 7]),
    "fr": ("french", "Facture n° {n}", "Madame, Monsieur,", "Veuillez trouver ci-dessous ma facture n° {n}.",
           "Merci de régler le total sous 30 jours.", "Cordialement,", "{d} {m} {y}", [("EUR", "EUR"), ("€", "EUR")],
           [20, 10]),
    "it": ("italian", "Fattura n. {n}", "Gentili Signori,", "con la presente vi invio la fattura n. {n}.",
           "Vi prego di saldare entro 30 giorni.", "Cordiali saluti,", "{d} {m} {y}", [("EUR", "EUR")], [22, 10]),
    "es": ("spanish", "Factura n.º {n}", "Estimados señores:", "Les remito la factura n.º {n}.",
           "Les ruego abonen el total en un plazo de 30 días.", "Atentamente,", "{d} de {m} de {y}",
           [("EUR", "EUR")], [21, 10]),
    "nl": ("dutch", "Factuur {n}", "Geachte heer, mevrouw,", "Hierbij ontvangt u factuur {n}.",
           "Gelieve het totaal binnen 14 dagen te voldoen.", "Met vriendelijke groet,", "{d} {m} {y}",
           [("EUR", "EUR")], [21, 9]),
    "sv": ("swedish", "Faktura nr {n}", "Hej,", "Här kommer faktura nr {n}.", "Betalning inom 30 dagar.",
           "Med vänliga hälsningar", "{d} {m} {y}", [("SEK", "SEK"), ("kr", "SEK")], [25, 12]),
    "fi": ("finnish", "Lasku nro {n}", "Hyvä vastaanottaja,", "Ohessa lasku nro {n}.",
           "Maksuehto 14 päivää netto.", "Ystävällisin terveisin", "{d}.{n}.{y}", [("EUR", "EUR")], [24, 14]),
}  # fmt: skip
_FEES = {
    "en": ["Web design", "Consulting", "Copy editing", "Translation", "Photography", "Programming", "Training"],
    "de": ["Webdesign", "Beratung", "Lektorat", "Übersetzung", "Fotografie", "Programmierung", "Schulung"],
    "fr": ["Conception web", "Conseil", "Relecture", "Traduction", "Photographie", "Développement", "Formation"],
    "it": ["Progettazione web", "Consulenza", "Revisione testi", "Traduzione", "Fotografia", "Sviluppo", "Formazione"],
    "es": ["Diseño web", "Consultoría", "Corrección", "Traducción", "Fotografía", "Programación", "Formación"],
    "nl": ["Webontwerp", "Advies", "Eindredactie", "Vertaling", "Fotografie", "Programmeren", "Training"],
    "sv": ["Webbdesign", "Konsultation", "Korrektur", "Översättning", "Fotografering", "Programmering", "Utbildning"],
    "fi": ["Verkkosuunnittelu", "Konsultointi", "Oikoluku", "Käännöstyö", "Valokuvaus", "Ohjelmointi", "Koulutus"],
}  # fmt: skip
_EXPENSES = {
    "en": ["Train tickets", "Postage", "Hotel", "Printing"], "de": ["Bahnfahrt", "Porto", "Hotel", "Druckkosten"],
    "fr": ["Billets de train", "Frais de port", "Hôtel", "Impression"], "it": ["Biglietti treno", "Spese postali", "Albergo", "Stampa"],
    "es": ["Billetes de tren", "Franqueo", "Hotel", "Impresión"], "nl": ["Treinkaartjes", "Porto", "Hotel", "Drukwerk"],
    "sv": ["Tågbiljetter", "Porto", "Hotell", "Tryckkostnader"], "fi": ["Junaliput", "Postikulut", "Hotelli", "Painatus"],
}  # fmt: skip
_PROJECTS = {
    "en": ["Website relaunch", "Annual report"], "de": ["Relaunch Website", "Jahresbericht"],
    "fr": ["Refonte du site", "Rapport annuel"], "it": ["Nuovo sito web", "Relazione annuale"],
    "es": ["Nueva web", "Informe anual"], "nl": ["Nieuwe website", "Jaarverslag"],
    "sv": ["Ny webbplats", "Årsredovisning"], "fi": ["Verkkosivu-uudistus", "Vuosikertomus"],
}  # fmt: skip


def _date(issued: date, pattern: str, lang: str) -> str:
    months = _MONTHS.get(lang, "").split()
    month = months[issued.month - 1] if months else ""
    return pattern.format(d=issued.day, m=month, y=issued.year, n=issued.month)


def draw(rnd: random.Random, k: int) -> tuple[str, dict]:
    """One letter with its invoice: the LaTeX source and its truth."""
    lang = list(_LANGS)[k % len(_LANGS)]
    babel, subject, salutation, sentence, payment, closing, pattern, currencies, rates = _LANGS[lang]
    seller, street, town = party(rnd, lang)
    buyer, b_street, b_town = party(rnd, lang)
    while buyer == seller:
        buyer = rnd.choice(FIRMS[lang])
    issued = date(2023, 1, 3) + timedelta(days=rnd.randint(0, 700))
    number = rnd.choice([f"{issued:%Y}-{rnd.randint(1, 400):03d}", f"{issued:%y}{rnd.randint(100, 999)}"])
    printed, currency = rnd.choice(currencies)
    rate = rnd.choice(rates)
    fees: list[tuple[str, Decimal, Decimal]] = []
    while not fees or sum(p * c for _, p, c in fees) * rate % 1 != 0:  # VAT in whole cents, as TeX truncates
        names = rnd.sample(_FEES[lang], rnd.randint(1, 4))
        fees = [(n, Decimal(rnd.randint(35, 180)), Decimal(rnd.choice([1, 2, 3, 6, 8, 12, 20, 35, 2.5, 7.5])))
                for n in names]  # fmt: skip
    expenses = [
        (n, Decimal(rnd.randint(150, 60000)) / 100)
        for n in rnd.sample(_EXPENSES[lang], rnd.choice([0, 0, 0, 1, 2]))
    ]
    projects = _PROJECTS[lang][: 2 if len(fees) > 2 and rnd.random() < 0.3 else 1]
    split = len(fees) // len(projects)
    body = []
    for i, title in enumerate(projects):
        body.append(rf"\ProjectTitle{{{tex(title)}}}")
        mine = fees[i * split :] if i == len(projects) - 1 else fees[i * split : (i + 1) * split]
        body += [rf"\Fee{{{tex(n)}}}{{{p:.2f}}}{{{c.normalize():f}}}" for n, p, c in mine]
    body += [rf"\EBC{{{tex(n)}}}{{{a:.2f}}}" for n, a in expenses]
    net_fees = sum((p * c for _, p, c in fees), Decimal(0))
    vat = net_fees * rate / 100
    total = net_fees + vat + sum((a for _, a in expenses), Decimal(0))
    number_line = (
        rf"\textbf{{{tex(subject.format(n=number))}}}\\[1ex]"
        if rnd.random() < 0.6
        else tex(sentence.format(n=number)) + r"\\[1ex]"
    )
    source = rf"""\documentclass[11pt]{{letter}}
\usepackage[T1]{{fontenc}}
\usepackage[utf8]{{inputenc}}
\usepackage{{lmodern}}
\usepackage{{textcomp}}
\usepackage[{babel}]{{babel}}
\usepackage{{invoice}}
\address{{{tex(seller)}\\{tex(street)}\\{tex(town)}}}
\signature{{{tex(seller)}}}
\date{{{_date(issued, pattern, lang)}}}
\begin{{document}}
\begin{{letter}}{{{tex(buyer)}\\{tex(b_street)}\\{tex(b_town)}}}
\opening{{{tex(salutation)}}}
{number_line}
\begin{{invoice}}{{{tex(printed)}}}{{{rate}}}
{chr(10).join(body)}
\end{{invoice}}
{tex(payment)}
\closing{{{tex(closing)}}}
\end{{letter}}
\end{{document}}
"""
    truth: dict = {
        "schema": "invoice", "vendor_name": seller, "customer_name": buyer, "invoice_number": number,
        "invoice_date": issued.isoformat(), "due_date": None, "currency": currency, "total": f"{total:.2f}",
        "tax": f"{vat:.2f}" if rate else None,
        "line_items": [{"description": n, "quantity": f"{c.normalize():f}", "unit_price": f"{p:.2f}", "amount": f"{p * c:.2f}"}
                       for n, p, c in fees] + [{"description": n, "amount": f"{a:.2f}"} for n, a in expenses],
    }  # fmt: skip
    if not expenses:  # with expenses the page prints the fees' and the expenses' sums, no one net figure
        truth["subtotal"] = f"{net_fees:.2f}"
    return source, truth
