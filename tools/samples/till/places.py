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
    "ID": [
        "Jl. Sudirman",
        "Jl. Gatot Subroto",
        "Jl. Merdeka",
        "Jl. Diponegoro",
        "Jl. Raya Bogor KM 27",
        "Jl. Ahmad Yani",
    ],
    "CL": [
        "Av. Providencia",
        "Av. Irarrázaval",
        "Calle Merced",
        "Av. Vicuña Mackenna",
        "Los Carrera",
        "Av. Alemania",
    ],
    "HU": [
        "Fő utca",
        "Petőfi Sándor u.",
        "Kossuth Lajos utca",
        "Rákóczi út",
        "Széchenyi tér",
        "Dózsa György út",
    ],
    "VN": [
        "Nguyễn Huệ",
        "Lê Lợi",
        "Trần Hưng Đạo",
        "Hai Bà Trưng",
        "Lý Thường Kiệt",
        "Điện Biên Phủ",
        "Võ Văn Tần",
    ],
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
    "ID": [
        ("Jakarta Selatan", "121", "DKI Jakarta"),
        ("Bandung", "401", "Jawa Barat"),
        ("Surabaya", "602", "Jawa Timur"),
        ("Kota Bekasi", "171", "Jawa Barat"),
        ("Denpasar", "802", "Bali"),
    ],
    "CL": [  # comuna, -, city or region (Chilean receipts print the comuna, seldom a postcode)
        ("Providencia", "", "Santiago"),
        ("Ñuñoa", "", "Santiago"),
        ("Viña del Mar", "", "Valparaíso"),
        ("Concepción", "", "Biobío"),
        ("Temuco", "", "Araucanía"),
    ],
    "HU": [
        ("Budapest", "1", ""),
        ("Debrecen", "402", ""),
        ("Szeged", "672", ""),
        ("Pécs", "762", ""),
        ("Győr", "902", ""),
    ],
    "VN": [  # city, -, district
        ("TP. Hồ Chí Minh", "", "Quận 1"),
        ("TP.HCM", "", "Q. Bình Thạnh"),
        ("Hà Nội", "", "Q. Hoàn Kiếm"),
        ("Hà Nội", "", "Q. Cầu Giấy"),
        ("Đà Nẵng", "", "Q. Hải Châu"),
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
    "id": ["SUMBER", "MAKMUR", "JAYA", "SEGAR", "HEMAT", "MITRA", "SENTOSA", "BERKAH"],
    "es_cl": ["AHORRO", "FRESCO", "BARRIO", "SUR", "ANDES", "MERCADO", "PACÍFICO", "LLANO"],
    "hu": ["PIAC", "FRISS", "KÖZÉRT", "DUNA", "TISZA", "ALFÖLD", "CENTRUM", "JÓ"],
    "vi": ["XANH", "VIỆT", "TƯƠI", "SÀI GÒN", "PHÚ", "AN", "HƯNG", "PHÁT"],
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
    "id": ["Budi", "Sari", "Rina", "Agus", "Dewi", "Wahyu", "Putri", "Hendra"],
    "es_cl": ["González", "Muñoz", "Rojas", "Díaz", "Soto", "Contreras", "Silva"],
    "hu": ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss"],
    "vi": ["Hùng", "Lan", "Minh", "Thảo", "Tuấn", "Hoa", "Bình", "Nguyễn", "Trần"],
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
# Small shops whose language puts the kind before the name (or around it), as templates with {s}.
SMALL_NAMES = {
    "id": [
        "Toko {s}",
        "Warung {s}",
        "Apotek {s} Sehat",
        "Toko Roti {s}",
        "Toko Kelontong {s}",
        "Toko Sinar {s}",
    ],
    "es_cl": ["Almacén {s}", "Minimarket Don {s}", "Panadería {s}", "Botillería {s}", "Farmacia {s}"],
    "hu": ["{s} Pékség", "{s} ABC", "Kisbolt {s}", "{s} Zöldséges", "{s} Patika"],
    "vi": ["Tạp hóa {s}", "Nhà thuốc {s}", "Tiệm bánh {s}", "Cửa hàng {s}", "Minimart {s}"],
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
    "id": ["Warung Makan {s}", "Rumah Makan Padang Raya", "Bakso {s}", "Kedai Kopi {s}", "Ayam Bakar {s}"],
    "es_cl": [
        "Restaurant El Copihue",
        "Fuente de Soda {s}",
        "Picada Don {s}",
        "Sanguchería La Esquina",
        "Café {s}",
    ],
    "hu": ["{s} Vendéglő", "Halászcsárda", "Kisvendéglő a Hídnál", "Pizzéria Napoli", "Étterem {s}"],
    "vi": ["Quán Phở {s}", "Cơm Tấm {s}", "Bún Chả {s}", "Cà Phê {s}", "Nhà hàng Sen Vàng"],
}
# Fuel stations where a language names them its own way ({d} digits); the others take a brand.
FUEL_NAMES = {
    "id": ["SPBU 34.{d}", "SPBU 54.{d}", "SPBU {d}"],
    "es_cl": ["Estación de Servicio {b}", "{b} Servicentro", "{b}"],
    "hu": ["{b} Töltőállomás", "{b} Benzinkút", "{b}"],
    "vi": ["Cửa hàng xăng dầu số {n}", "CHXD {b}", "Trạm xăng {b}"],
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
    if country == "ID":
        return stem + n(1) + "0"
    if country == "HU":  # 4 digits; Budapest's middle two name the district
        return (
            f"1{rng.randint(1, 23):02d}{rng.randrange(10)}" if stem == "1" else stem + str(rng.randrange(10))
        )
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
    elif country in ("ID", "CL", "HU", "VN"):
        lines = _address_whole(rng, country, street, no, town, pc, region, width)
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


def _address_whole(
    rng: random.Random, country: str, street: str, no: str, town: str, pc: str, region: str, width: int
) -> list[str]:
    """Indonesian, Chilean, Hungarian and Vietnamese address lines (each within `width` where it can be)."""
    if country == "ID":
        lines = [f"{street} No. {no}", f"{town} {pc}"]
        if rng.random() < 0.3:
            block = f"Blok {rng.choice('ABCD')}/{rng.randint(1, 30)}"
            lines.insert(1, f"Ruko {rng.choice(['Permata', 'Mas', 'Golden'])} {block}")
        return lines
    if country == "CL":
        first = f"{street} {rng.randint(100, 3999)}"
        shop = f", Local {rng.randint(1, 20)}" if rng.random() < 0.2 else ""
        first += shop if len(first + shop) <= width else ""
        return [first, rng.choice([f"{town}, {region}", f"{town} - {region}", town.upper()])]
    if country == "HU":
        one = f"{pc} {town}, {street} {no}."
        return [one] if rng.random() < 0.4 and len(one) <= width else [f"{pc} {town}", f"{street} {no}."]
    house = rng.choice([no, f"{no}{rng.choice('ABC')}", f"{no}/{rng.randint(1, 9)}"])
    first = f"{house} {street}, {region}"
    if rng.random() < 0.5 and len(first) <= width:
        return [first, town]
    return [f"{house} {street}", f"{region}, {town}"]


def shop_name(rng: random.Random, kind: str, lang: str) -> str:
    """A chain, small-shop, restaurant or fuel-station name in `lang`."""
    surname = rng.choice(SURNAMES[lang])
    if kind == "fuel" and lang in FUEL_NAMES:
        pattern = rng.choice(FUEL_NAMES[lang])
        return pattern.format(d=digits(rng, 5), b=rng.choice(FUEL_BRANDS), n=rng.randint(1, 99))
    if kind == "small" and lang in SMALL_NAMES:
        return rng.choice(SMALL_NAMES[lang]).format(s=surname)
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
