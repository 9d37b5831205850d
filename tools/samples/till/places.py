"""Invented shops and their addresses, in each country's address and postcode format.

Why invented: the receipts are unseen test data, so nothing is taken from a dataset; names are built from
common words so they look like chains ("FRISCHMARKT"), small shops ("Bäckerei Lindner") or restaurants
("Trattoria da Enzo"). Addresses follow the country's order (house number before or after the street, postcode
before or after the town) because that order is what an extractor has to cope with.
"""

from __future__ import annotations

import random

from samples.till.notation import digits

# country -> (streets, [(town, postcode pattern or fixed code, region)]); "9" in a pattern is any digit,
# "A" any capital letter.
STREETS: dict[str, list[str]] = {
    "US": [
        "Main St",
        "Oak Ave",
        "Elm Street",
        "Maple Dr",
        "Washington Blvd",
        "Lake Rd",
        "Pine St",
        "Broadway",
    ],
    "CA": [
        "Queen St W",
        "Main Street",
        "Yonge St",
        "Robson St",
        "Rue Sainte-Catherine",
        "King St E",
        "1st Ave",
    ],
    "GB": ["High Street", "Station Road", "Church Lane", "Market Square", "London Road", "Mill Lane"],
    "IE": ["Main Street", "Patrick Street", "Church Road", "Bridge Street", "Shop Street", "Dublin Road"],
    "DE": ["Hauptstraße", "Bahnhofstr.", "Lindenallee", "Marktplatz", "Schillerstraße", "Gartenweg"],
    "AT": ["Hauptplatz", "Mariahilfer Str.", "Landstraße", "Bahnhofstraße", "Kirchengasse", "Grazer Str."],
    "CH": ["Bahnhofstrasse", "Dorfstrasse", "Hauptgasse", "Seestrasse", "Rue du Marché", "Kirchweg"],
    "FR": ["rue de la République", "avenue Jean Jaurès", "place du Marché", "rue Victor Hugo", "bd Gambetta"],
    "ES": ["Calle Mayor", "Avda. de la Constitución", "C/ Real", "Plaza de España", "Calle del Sol"],
    "IT": ["Via Roma", "Corso Italia", "Via Garibaldi", "Piazza Duomo", "Via Mazzini", "Viale Europa"],
    "NL": ["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Marktplein", "Hoofdstraat"],
    "SE": ["Storgatan", "Drottninggatan", "Kungsgatan", "Torget", "Skolgatan", "Järnvägsgatan"],
    "AU": ["George St", "Pitt Street", "Chapel St", "Beach Rd", "Smith Street", "Victoria Pde"],
    "MY": ["Jalan Bukit Bintang", "Jalan Ampang", "Jalan Tun Razak", "Jalan SS 2/24", "Jalan Sultan Ismail"],
    "SG": ["Orchard Road", "Tampines Ave 4", "Jurong West St 52", "North Bridge Road", "Serangoon Road"],
    "IN": ["MG Road", "Linking Road", "Park Street", "Anna Salai", "Brigade Road", "FC Road"],
}
TOWNS: dict[str, list[tuple[str, str, str]]] = {
    "US": [
        ("Springfield", "627", "IL"),
        ("Columbus", "432", "OH"),
        ("Austin", "787", "TX"),
        ("Salem", "973", "OR"),
    ],
    "CA": [
        ("Toronto", "M5V", "ON"),
        ("Vancouver", "V6B", "BC"),
        ("Calgary", "T2P", "AB"),
        ("Montréal", "H2X", "QC"),
    ],
    "GB": [("Reading", "RG1", ""), ("Leeds", "LS1", ""), ("Bristol", "BS1", ""), ("York", "YO1", "")],
    "IE": [("Naas", "W91", "Co. Kildare"), ("Galway", "H91", "Co. Galway"), ("Cork", "T12", "Co. Cork")],
    "DE": [
        ("Berlin", "10115", ""),
        ("Köln", "50667", ""),
        ("Leipzig", "04109", ""),
        ("Freiburg", "79098", ""),
    ],
    "AT": [("Wien", "1060", ""), ("Graz", "8010", ""), ("Linz", "4020", ""), ("Salzburg", "5020", "")],
    "CH": [("Zürich", "8001", ""), ("Bern", "3011", ""), ("Luzern", "6003", ""), ("Lausanne", "1003", "")],
    "FR": [("Paris", "75011", ""), ("Lyon", "69002", ""), ("Nantes", "44000", ""), ("Rennes", "35000", "")],
    "ES": [
        ("Madrid", "28013", ""),
        ("Valencia", "46002", ""),
        ("Sevilla", "41004", ""),
        ("Bilbao", "48001", ""),
    ],
    "IT": [
        ("Milano", "20121", "MI"),
        ("Torino", "10121", "TO"),
        ("Bologna", "40121", "BO"),
        ("Roma", "00184", "RM"),
    ],
    "NL": [
        ("Amsterdam", "1017", ""),
        ("Utrecht", "3511", ""),
        ("Haarlem", "2011", ""),
        ("Zwolle", "8011", ""),
    ],
    "SE": [
        ("Stockholm", "111 5", ""),
        ("Göteborg", "411 0", ""),
        ("Uppsala", "753 2", ""),
        ("Malmö", "211 4", ""),
    ],
    "AU": [
        ("Sydney", "2000", "NSW"),
        ("Melbourne", "3000", "VIC"),
        ("Brisbane", "4000", "QLD"),
        ("Perth", "6000", "WA"),
    ],
    "MY": [
        ("Kuala Lumpur", "55100", ""),
        ("Petaling Jaya", "47300", "Selangor"),
        ("Johor Bahru", "80000", "Johor"),
    ],
    "SG": [("Singapore", "", "")],
    "IN": [
        ("Bengaluru", "5600", "Karnataka"),
        ("Mumbai", "4000", "Maharashtra"),
        ("Pune", "4110", "Maharashtra"),
    ],
}

CHAIN_WORDS = {
    "en": ["FRESH", "VALUE", "CORNER", "QUICK", "HARVEST", "MARKET", "SAVE", "CITY", "GREEN", "DAILY"],
    "de": ["FRISCH", "MARKT", "KAUF", "SPAR", "NAH", "GUT", "HOF", "LAND", "STADT", "BIO"],
    "fr": ["MARCHÉ", "PRIMEUR", "FRAIS", "PROXI", "ÉPI", "SOLEIL", "VILLAGE", "PLUS"],
    "es": ["MERCA", "AHORRO", "SOL", "FRESCO", "BARRIO", "DÍA", "PLAZA", "MÁS"],
    "it": ["SPESA", "MERCATO", "FRESCO", "SOLE", "PIÙ", "BOTTEGA", "CASA", "BUONO"],
    "nl": ["VERS", "MARKT", "BUURT", "WINKEL", "GOED", "PLUS", "STAD", "DAG"],
    "sv": ["HANDEL", "KÖP", "MAT", "TORG", "NÄRA", "HUSET", "BÖRS", "LIVS"],
}
SURNAMES = {
    "en": ["Miller", "Harper", "Bennett", "Patel", "Walsh", "O'Brien", "Nguyen", "Campbell"],
    "de": ["Lindner", "Huber", "Krause", "Bauer", "Wagner", "Meier", "Schmid", "Brandt"],
    "fr": ["Moreau", "Lefèvre", "Girard", "Roux", "Fontaine", "Chevalier", "Mercier"],
    "es": ["García", "Navarro", "Romero", "Ortega", "Delgado", "Castillo", "Vidal"],
    "it": ["Rossi", "Bianchi", "Colombo", "Ferrari", "Ricci", "Marino", "Greco"],
    "nl": ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "de Boer", "Mulder"],
    "sv": ["Lindqvist", "Berg", "Holm", "Sandberg", "Ek", "Nyström", "Lund"],
    "ms": ["Tan", "Lim", "Wong", "Rahman", "Ismail", "Lee", "Kumar"],
    "hi": ["Sharma", "Iyer", "Reddy", "Gupta", "Nair", "Joshi", "Menon"],
}
SHOP_KINDS = {
    "en": ["Bakery", "Deli", "Grocers", "Pharmacy", "Hardware", "Newsagent", "Books"],
    "de": ["Bäckerei", "Metzgerei", "Drogerie", "Getränkemarkt", "Apotheke", "Buchhandlung"],
    "fr": ["Boulangerie", "Épicerie", "Pharmacie", "Librairie", "Fromagerie", "Quincaillerie"],
    "es": ["Panadería", "Frutería", "Farmacia", "Ferretería", "Librería", "Ultramarinos"],
    "it": ["Panificio", "Alimentari", "Farmacia", "Ferramenta", "Libreria", "Salumeria"],
    "nl": ["Bakkerij", "Slagerij", "Drogisterij", "Apotheek", "Boekhandel", "Kaashandel"],
    "sv": ["Bageri", "Livs", "Apotek", "Järnhandel", "Bokhandel", "Konditori"],
    "ms": ["Mini Market", "Kedai Runcit", "Pharmacy", "Bakery", "Hardware"],
    "hi": ["General Stores", "Kirana Stores", "Medicals", "Sweets", "Bakery"],
}
RESTAURANT_KINDS = {
    "en": [
        "The {s} Arms",
        "{s}'s Kitchen",
        "Blue Door Bistro",
        "Harbour Grill",
        "Corner Diner",
        "Noodle House",
    ],
    "de": ["Gasthaus {s}", "Zum Goldenen Hirsch", "Café {s}", "Brauhaus am Markt", "Pizzeria Bella Vista"],
    "fr": ["Brasserie du Port", "Café des Arts", "Chez {s}", "Le Petit Zinc", "Bistrot {s}"],
    "es": ["Bar {s}", "Restaurante El Olivo", "Taberna La Plaza", "Cafetería Sol", "Mesón {s}"],
    "it": ["Trattoria da {s}", "Pizzeria Il Forno", "Bar Centrale", "Osteria {s}", "Caffè Duomo"],
    "nl": ["Eetcafé De Hoek", "Restaurant {s}", "Brasserie Het Plein", "Café De Zwaan"],
    "sv": ["Restaurang {s}", "Kafé Torget", "Pizzeria Roma", "Krogen Lyktan"],
    "ms": ["Restoran {s}", "Kopitiam Ah {s}", "Nasi Kandar Pelita Jaya", "Mamak Corner"],
    "hi": ["Hotel Sagar", "{s} Dhaba", "Spice Route Restaurant", "Udupi Bhavan", "Cafe {s}"],
}
FUEL_BRANDS = ["PETROLUX", "NORDOIL", "STAROIL", "FUELPOINT", "TANKSTOP", "AUTOGAS", "ROADSTAR"]


def _postcode(rng: random.Random, country: str, stem: str) -> str:
    """The town's postcode stem completed into the country's format."""
    n = lambda k: digits(rng, k)[-k:] if k else ""  # noqa: E731 - a one-line helper reads best here
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if country == "US":
        return stem + n(2)
    if country == "CA":
        return f"{stem} {rng.randint(1, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"
    if country == "GB":
        return f"{stem} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    if country == "IE":
        return f"{stem} {rng.choice(letters)}{n(1)}{rng.choice(letters)}{n(1)}"
    if country == "NL":
        return f"{stem} {rng.choice(letters)}{rng.choice(letters)}"
    if country == "SE":
        return stem + n(1)
    if country == "SG":
        return n(6)
    if country == "IN":
        return stem + n(2)
    return stem


def address(rng: random.Random, country: str, width: int = 42) -> list[str]:
    """1-3 printed address lines of a shop in `country`, in its own order."""
    street = rng.choice(STREETS[country])
    no = str(rng.randint(1, 240))
    town, stem, region = rng.choice(TOWNS[country])
    pc = _postcode(rng, country, stem)
    if country in ("US", "CA", "AU"):
        first = f"{no} {street}"
        second = f"{town}, {region} {pc}" if country != "AU" else f"{town.upper()} {region} {pc}"
        lines = [first, second]
    elif country in ("GB", "IE"):
        lines = [f"{no} {street}", f"{town} {pc}" if country == "GB" else f"{town}, {region}"]
        if country == "IE" and rng.random() < 0.6:
            lines.append(pc)
    elif country == "FR":
        lines = [f"{no} {street}", f"{pc} {town.upper()}"]
    elif country in ("ES", "IT"):
        lines = [f"{street}, {no}", f"{pc} {town}" + (f" ({region})" if region else "")]
    elif country == "MY":
        lines = [f"No. {no}, {street}", f"{pc} {town}" + (f", {region}" if region else "")]
    elif country == "SG":
        lines = [f"{no} {street} #{rng.randint(1, 5):02d}-{rng.randint(1, 99):02d}", f"Singapore {pc}"]
    elif country == "IN":
        lines = [f"Shop No. {rng.randint(1, 40)}, {street}", f"{town} - {pc}"]
        if rng.random() < 0.5:
            lines.append(region)
    else:  # DE AT CH NL SE: street number, then postcode town
        lines = [f"{street} {no}", f"{pc} {town}"]
    if (
        rng.random() < 0.25
        and len(lines) > 1
        and country not in ("IE", "IN")
        and len(", ".join(lines)) <= width
    ):
        lines = [", ".join(lines)]  # one-line address on a wide strip
    return lines


def shop_name(rng: random.Random, kind: str, lang: str) -> str:
    """A chain, small-shop, restaurant or fuel-station name in `lang`."""
    surname = rng.choice(SURNAMES[lang])
    if kind == "fuel":
        return rng.choice(FUEL_BRANDS) + rng.choice(
            ["", " Station", " Service", " Tankstelle" if lang == "de" else ""]
        )
    if kind == "restaurant":
        return rng.choice(RESTAURANT_KINDS[lang]).format(s=surname)
    if kind == "chain" and lang in CHAIN_WORDS:
        a, b = rng.sample(CHAIN_WORDS[lang], 2)
        return rng.choice([f"{a}{b.lower()}", f"{a} {b}", f"{a}-{b}", a + "MART"]).strip()
    shop = rng.choice(SHOP_KINDS[lang])
    return rng.choice(
        [f"{shop} {surname}", f"{surname} {shop}", f"{shop} am Eck" if lang == "de" else shop + " " + surname]
    )
