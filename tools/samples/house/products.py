"""What the invoices sell, per language: catalogue lines with unit and price range, line details, shipping and
discount lines.

Price ranges are per language because the currencies differ (a Swedish line is in kronor, a Polish one in złoty).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    """A catalogue line: name, unit, and the unit-price range it is sold at."""

    name: str
    unit: str
    lo: float
    hi: float
    frac: bool = False  # quantities like 2.5 hours or 7.75 m


def _cat(text: str) -> list[Product]:
    """Parse `name|unit|lo|hi[|f]` lines (one product a line reads better than a list of constructor calls)."""
    out = []
    for line in text.strip().splitlines():
        name, unit, lo, hi, *frac = [p.strip() for p in line.split("|")]
        out.append(Product(name, unit, float(lo), float(hi), bool(frac)))
    return out


CATALOG = {
    "en": _cat("""
        Website maintenance retainer|mo|250|1800
        Senior consultant – on-site workshop|hrs|95|240|f
        Cloud hosting, Business plan|mo|29|490
        A4 copy paper, 80 gsm, box of 5 reams|box|21|48
        Toner cartridge, black, high yield|ea|38|165
        Ergonomic office chair with adjustable lumbar support|ea|189|640
        Network cabling Cat6, installed|m|3.5|9.8|f
        Annual software licence, Professional edition|ea|120|2400
        Graphic design – brochure layout|hrs|55|130|f
        Catering for team event, per person|pax|18|55
        Stainless steel bolts M8 x 40|pcs|0.18|0.95
        Emergency call-out service|ea|85|260
        Data migration and validation|hrs|80|190|f
        LED panel light 600 x 600, 40 W|pcs|24|89
        Printed business cards, 500 pcs, matte finish|pack|19|75
        Quarterly HVAC preventive maintenance visit|ea|180|950
    """),
    "de": _cat("""
        Wartungsvertrag Heizungsanlage|Monat|45|320
        Montagearbeiten Elektroinstallation|Std.|48|98|f
        Kabelkanal PVC 40 x 60 mm, weiß|m|3.2|12.5|f
        Druckerpatrone schwarz, XL|Stk.|18|79
        Beratung Softwareeinführung|Std.|85|165|f
        Flyer DIN A5, 4/4-farbig, 135 g Bilderdruck|Stk.|0.08|0.45
        Anfahrtspauschale|pauschal|25|89
        Bürodrehstuhl mit Synchronmechanik und Armlehnen|Stk.|210|780
        Edelstahlschrauben M6 x 30, VPE 100|VPE|6.5|24
        Lizenz Buchhaltungssoftware, Jahresabo|Stk.|99|1450
        Fenster- und Glasreinigung Büroräume|m²|1.2|4.8|f
        Entsorgung Altgeräte|kg|0.35|1.9|f
        Netzwerkswitch 24 Port, verwaltet|Stk.|149|690
        Kaffee Arabica, ganze Bohne, 1 kg|Stk.|14|32
    """),
    "fr": _cat("""
        Maintenance site internet – forfait mensuel|forfait|120|900
        Prestation de conseil en organisation|h|75|180|f
        Ramette papier A4 80 g|u|4.2|9.5
        Cartouche d'encre noire haute capacité|u|19|85
        Installation électrique, main d'œuvre|h|42|78|f
        Impression dépliants A4 pliés, quadri recto-verso|u|0.12|0.6
        Abonnement logiciel de gestion, licence annuelle|u|180|1900
        Nettoyage des locaux|m²|1.1|3.9|f
        Fauteuil de bureau ergonomique|u|170|620
        Frais de déplacement|forfait|35|120
        Câble réseau Cat6 posé|m|3.1|8.7|f
        Repas séminaire, par personne|pers.|22|68
    """),
    "es": _cat("""
        Mantenimiento mensual de la página web|mes|90|800
        Horas de consultoría técnica|h|55|140|f
        Paquete folios A4 80 g, 500 hojas|ud.|3.9|8.5
        Cartucho de tóner negro alta capacidad|ud.|25|120
        Instalación de aire acondicionado split|ud.|280|950
        Mano de obra fontanería|h|28|55|f
        Licencia anual software de facturación|ud.|99|1200
        Impresión de tarjetas de visita, 500 uds.|ud.|18|60
        Silla de oficina ergonómica con reposabrazos|ud.|140|520
        Desplazamiento técnico|ud.|20|75
        Cable de red Cat6 instalado|m|2.8|7.5|f
        Servicio de limpieza de oficinas|m²|0.9|3.5|f
    """),
    "it": _cat("""
        Canone manutenzione sito web|mese|80|750
        Consulenza fiscale e amministrativa|ore|60|150|f
        Carta per fotocopie A4 80 g, risma|pz|3.8|8.9
        Toner nero alta resa|pz|28|130
        Installazione impianto elettrico, manodopera|ore|32|65|f
        Stampa volantini A5 fronte/retro|pz|0.06|0.4
        Licenza annuale software gestionale|nr|150|1600
        Sedia ergonomica da ufficio|pz|150|560
        Trasferta tecnico|nr|30|90
        Cavo di rete Cat6 posato|m|2.9|7.9|f
        Pulizia uffici|mq|1.0|3.6|f
        Servizio catering, a persona|nr|16|48
    """),
    "nl": _cat("""
        Onderhoud website, maandabonnement|mnd|75|700
        Advieswerkzaamheden|uur|70|160|f
        Kopieerpapier A4 80 grams, doos 5 pakken|doos|22|45
        Tonercartridge zwart, hoge capaciteit|st.|30|140
        Installatiewerkzaamheden elektra|uur|45|85|f
        Drukwerk flyers A5, full colour dubbelzijdig|st.|0.07|0.42
        Jaarlicentie boekhoudsoftware|st.|120|1300
        Bureaustoel ergonomisch met armleuningen|st.|180|590
        Voorrijkosten|st.|25|75
        Netwerkkabel Cat6 inclusief montage|m|3.0|8.2|f
        Glasbewassing kantoorpand|m²|1.1|3.8|f
        Lunch vergadering, per persoon|pp|12|35
    """),
    "pl": _cat("""
        Abonament serwis strony internetowej|mies.|150|1900
        Usługi doradcze|godz.|120|380|f
        Papier ksero A4 80 g, ryza|szt.|14|32
        Toner czarny wysokowydajny|szt.|95|480
        Montaż instalacji elektrycznej|godz.|70|160|f
        Druk ulotek A5, pełny kolor|szt.|0.15|0.9
        Licencja roczna oprogramowania księgowego|szt.|450|4800
        Krzesło biurowe ergonomiczne|szt.|390|1800
        Dojazd serwisanta|usł.|60|250
        Kabel sieciowy Cat6 z montażem|m|9|28|f
        Sprzątanie biura|m²|3.5|12|f
        Catering konferencyjny, na osobę|os.|45|140
    """),
    "sv": _cat("""
        Webbhotell och underhåll, månadsavgift|mån|290|4900
        Konsulttjänster enligt avtal|tim|750|1650|f
        Kopieringspapper A4 80 g, 5 paket|st|190|420
        Tonerkassett svart, hög kapacitet|st|390|1500
        Elinstallation, arbetstid|tim|520|890|f
        Tryck av broschyrer A4, 4-färg|st|1.2|6.5
        Årslicens ekonomisystem|st|1900|18000
        Kontorsstol ergonomisk med armstöd|st|1900|6900
        Framkörningsavgift|st|295|750
        Nätverkskabel Cat6 inkl. montering|m|29|85|f
        Fönsterputs kontor|kvm|9|35|f
        Lunch konferens, per person|st|125|295
    """),
    "pt": _cat("""
        Manutenção mensal do sítio web|mês|80|700
        Serviços de consultoria|h|45|130|f
        Papel de fotocópia A4 80 g, resma|un.|3.5|7.9
        Toner preto de alta capacidade|un.|26|115
        Instalação elétrica, mão de obra|h|22|48|f
        Impressão de folhetos A5, frente e verso|un.|0.05|0.35
        Licença anual de software de faturação|un.|90|1100
        Cadeira de escritório ergonómica|un.|130|480
        Deslocação de técnico|un.|18|60
        Cabo de rede Cat6 instalado|m|2.5|6.9|f
        Limpeza de escritórios|m2|0.8|3.2|f
        Refeição de seminário, por pessoa|un.|12|35
    """),
}
DETAILS = {
    "en": [
        "Project: {p}",
        "as per quote Q-{n}",
        "Period {d1} – {d2}",
        "incl. installation and testing",
        "Ref. PO-{n}",
        "Serial no. SN{n}{n}",
    ],
    "de": [
        "gemäß Angebot Nr. {n}",
        "Leistungszeitraum {d1} – {d2}",
        "inkl. Anfahrt und Material",
        "Projekt: {p}",
        "lt. Lieferschein LS-{n}",
    ],
    "fr": ["selon devis n° D{n}", "période du {d1} au {d2}", "chantier : {p}", "y compris pose et réglages"],
    "es": ["según presupuesto n.º P{n}", "periodo {d1} – {d2}", "obra: {p}", "incluye instalación"],
    "it": ["rif. preventivo n. {n}", "periodo {d1} – {d2}", "commessa: {p}", "comprensivo di installazione"],
    "nl": ["volgens offerte {n}", "periode {d1} t/m {d2}", "project: {p}", "inclusief installatie"],
    "pl": ["wg oferty nr {n}", "okres {d1} – {d2}", "projekt: {p}", "z montażem"],
    "sv": ["enligt offert {n}", "period {d1} – {d2}", "projekt: {p}", "inkl. installation"],
    "pt": ["conforme orçamento n.º {n}", "período {d1} a {d2}", "obra: {p}", "inclui instalação"],
}
SHIPPING = {
    "en": "Shipping & handling",
    "de": "Versandkosten",
    "fr": "Frais de port",
    "es": "Gastos de envío",
    "it": "Spese di trasporto",
    "nl": "Verzendkosten",
    "pl": "Koszty wysyłki",
    "sv": "Frakt",
    "pt": "Portes de envio",
}
DISCOUNT = {
    "en": "Discount {p}%",
    "de": "Rabatt {p} %",
    "fr": "Remise {p} %",
    "es": "Descuento {p}%",
    "it": "Sconto {p}%",
    "nl": "Korting {p}%",
    "pl": "Rabat {p}%",
    "sv": "Rabatt {p} %",
    "pt": "Desconto {p}%",
}
