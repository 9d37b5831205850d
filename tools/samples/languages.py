"""Spanish, Italian and Dutch invoices for the randomised set: notations, parties and wordings.

Real inboxes are not only German, French and English. These three are drawn for a share of the randomised
invoices from a seed stream of their own (`randomized.OTHER_LANGUAGE_SHARE`), so every other document keeps its
bytes and the scorer's training cache. Label wordings and item texts live with the others in `labels.py`.
"""

from __future__ import annotations

from samples.fmt import Notation

ES = Notation("es", ".", ",", "fr", "€")
IT = Notation("it", ".", ",", "fr", "€")
NL = Notation("nl", ".", ",", "nl", "€", symbol_before=True)

LOCALES = [
    ("es", ES, "EUR", ["21", "10"]),
    ("it", IT, "EUR", ["22", "10"]),
    ("nl", NL, "EUR", ["21", "9"]),
]

TRADE = {
    "es": ["Suministros", "Instalaciones", "Imprenta", "Transportes", "Asesoría", "Reformas"],
    "it": ["Forniture", "Impianti", "Tipografia", "Trasporti", "Consulenze", "Servizi"],
    "nl": ["Installatie", "Drukkerij", "Transport", "Advies", "Bouw", "Techniek"],
}
NAMES = {
    "es": ["García", "Navarro", "Ortega", "Romero", "Molina", "Herrera"],
    "it": ["Bianchi", "Ferrari", "Ricci", "Marino", "Greco", "Conti"],
    "nl": ["De Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder"],
}
FORM = {
    "es": ["S.L.", "S.A.", "S.L.U."],
    "it": ["S.r.l.", "S.p.A.", "S.n.c."],
    "nl": ["B.V.", "N.V.", "V.O.F."],
}
STREET = {  # printed before the house number
    "es": ["Calle Mayor", "Avenida de la Constitución", "Calle del Carmen", "Paseo de Gracia"],
    "it": ["Via Roma", "Corso Italia", "Via Garibaldi", "Viale Europa"],
    "nl": ["Stationsweg", "Kerkstraat", "Dorpsstraat", "Industrieweg"],
}
CITY = {
    "es": [("28013", "Madrid"), ("08001", "Barcelona"), ("46002", "Valencia"), ("41001", "Sevilla")],
    "it": [("20121", "Milano"), ("00184", "Roma"), ("10121", "Torino"), ("40121", "Bologna")],
    "nl": [
        ("1012 LG", "Amsterdam"),
        ("3511 ED", "Utrecht"),
        ("3011 AD", "Rotterdam"),
        ("9711 LV", "Groningen"),
    ],
}
DETAILS = {  # the second line of a position printed on two (`randomized.SPLIT_SHARE`)
    "es": ["Ref. {sku}", ""],
    "it": ["Cod. art. {sku}", ""],
    "nl": ["Art.nr. {sku}", ""],
}
PERIOD = {
    "es": "Periodo del {a} al {b}, pedido n.º {n} del {o}",
    "it": "Periodo dal {a} al {b}, ordine n. {n} del {o}",
    "nl": "Periode {a} t/m {b}, order {n} van {o}",
}
TERMS = {
    "es": "Pago a {d} días.",
    "it": "Pagamento a {d} giorni.",
    "nl": "Betaling binnen {d} dagen.",
}
