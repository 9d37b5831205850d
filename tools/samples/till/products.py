"""What the receipts sell: shop articles, dishes and fuels per language, with a base price and a tax class.

Why a tax class and not a rate: every country maps the classes onto its own rates (food is 7 % in Germany, 0 %
in the UK, untaxed in most US states), so one catalogue serves every style. Base prices are in euro-like
units; the style scales them to its currency and price endings. Weighed articles carry a price per kilogram.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One catalogue line: name as the till prints it, base price (per kg when `weighed`), tax class."""

    name: str
    price: float
    cls: str = "food"  # food | std | drink (drinks: food rate in shops, standard rate in some restaurants)
    weighed: bool = False


def _a(spec: str, cls: str = "food", weighed: bool = False) -> list[Article]:
    """Articles from "name=price; name=price" (a compact catalogue is easier to read than 200 constructors)."""
    out = []
    for part in spec.split(";"):
        name, price = part.rsplit("=", 1)
        out.append(Article(name.strip(), float(price), cls, weighed))
    return out


SHOP: dict[str, list[Article]] = {
    "en": _a(
        "Whole Milk 2L=1.89; Sourdough Loaf=3.20; Free Range Eggs 12=3.95; Cheddar 400g=4.10; Greek Yogurt=2.45;"
        " Orange Juice 1L=2.79; Pasta Penne 500g=1.19; Tinned Tomatoes=0.89; Peanut Butter=2.99; Coffee Beans=7.49;"
        " Bran Flakes=2.65; Chicken Breast=5.80; Frozen Peas=1.49; Butter 250g=2.35; Oat Milk=1.95"
    )
    + _a(
        "Washing Up Liquid=1.79; Toilet Roll 9pk=4.99; AA Batteries 4pk=5.49; Shampoo 400ml=3.60; Bin Bags=2.25;"
        " Greeting Card=2.95; Sparkling Water 6x=3.10",
        "std",
    )
    + _a("Bananas=1.39; Apples Gala=2.49; Tomatoes Vine=3.80; Grapes Red=4.20; Carrots=1.10", weighed=True),
    "de": _a(
        "Vollmilch 3,5% 1L=1.19; Roggenbrot=2.49; Eier Bodenh. 10St=2.79; Gouda jung=1.99; Joghurt Natur=0.79;"
        " Apfelsaft naturtr.=1.49; Spaghetti 500g=0.99; Butter 250g=2.29; Kaffee Crema=6.99; Quark 40%=1.09;"
        " Haferflocken=0.89; Brezel=0.65; Käseaufschnitt=2.19; Mineralwasser=0.49"
    )
    + _a(
        "Spülmittel=1.25; Toilettenpapier 8R=3.95; Batterien AA=4.49; Duschgel=1.45; Müllbeutel=1.79;"
        " Pfand 0,25=0.25; Zahnpasta=1.15",
        "std",
    )
    + _a(
        "Bananen=1.69; Äpfel Elstar=2.49; Tomaten Rispe=3.49; Kartoffeln fest=1.29; Trauben hell=3.99",
        weighed=True,
    ),
    "fr": _a(
        "Lait demi-écrémé 1L=1.05; Baguette tradition=1.30; Oeufs plein air x6=2.35; Comté 12 mois=4.90;"
        " Yaourt nature x4=1.60; Jus d'orange=2.15; Pâtes coquillettes=0.95; Beurre doux=2.40; Café moulu=3.90;"
        " Croissant=1.10; Camembert=2.20; Eau minérale 1,5L=0.65"
    )
    + _a(
        "Liquide vaisselle=1.60; Papier toilette x6=3.40; Piles LR6 x4=4.95; Gel douche=2.10; Sacs poubelle=2.30",
        "std",
    )
    + _a(
        "Bananes=1.99; Pommes Golden=2.30; Tomates grappe=3.60; Pommes de terre=1.40; Clémentines=2.90",
        weighed=True,
    ),
    "es": _a(
        "Leche entera 1L=0.95; Pan de barra=0.70; Huevos L docena=2.60; Queso manchego=5.40; Yogur natural=1.20;"
        " Zumo naranja 1L=1.85; Macarrones 500g=0.85; Aceite oliva 1L=8.90; Café molido=3.20; Jamón serrano=3.95;"
        " Agua mineral 1,5L=0.45; Galletas María=1.10"
    )
    + _a("Lavavajillas=1.55; Papel higiénico=3.25; Pilas AA=4.60; Gel de baño=1.99; Bolsa basura=1.40", "std")
    + _a("Plátanos=1.79; Manzana Golden=1.95; Tomate pera=2.20; Patatas=1.15; Naranjas=1.49", weighed=True),
    "it": _a(
        "Latte intero 1L=1.29; Pane casereccio=2.80; Uova fresche x6=2.10; Parmigiano 200g=4.60;"
        " Yogurt bianco=0.89; Succo arancia=1.75; Spaghetti n.5=0.99; Passata pomodoro=0.89; Caffè macinato=3.79;"
        " Mozzarella=1.49; Acqua naturale 1,5L=0.35; Biscotti=1.99"
    )
    + _a(
        "Detersivo piatti=1.69; Carta igienica=3.49; Pile stilo=4.90; Bagnoschiuma=2.19; Sacchi rifiuti=1.59",
        "std",
    )
    + _a("Banane=1.69; Mele Golden=1.99; Pomodori ramati=2.90; Patate=1.20; Arance=1.59", weighed=True),
    "nl": _a(
        "Halfvolle melk 1L=1.15; Volkorenbrood=2.29; Eieren 10st=2.89; Goudse kaas jong=3.49; Yoghurt=1.09;"
        " Sinaasappelsap=1.99; Spaghetti=0.95; Roomboter=2.59; Koffie snelfilter=4.29; Hagelslag=2.19;"
        " Stroopwafels=1.69; Spa blauw 1,5L=0.89"
    )
    + _a(
        "Afwasmiddel=1.49; Toiletpapier 8 rol=3.79; Batterijen AA=4.99; Douchegel=1.99; Vuilniszakken=1.89",
        "std",
    )
    + _a(
        "Bananen=1.89; Appels Elstar=2.29; Trostomaten=3.29; Aardappelen=1.19; Mandarijnen=2.79", weighed=True
    ),
    "sv": _a(
        "Mellanmjölk 1,5L=1.35; Rågbröd=2.40; Ägg 12-p=3.10; Hushållsost=6.20; Filmjölk 1L=1.45;"
        " Apelsinjuice=2.20; Pasta penne=1.10; Smör 500g=4.90; Bryggkaffe 450g=5.40; Knäckebröd=1.80;"
        " Kanelbulle=1.90; Mineralvatten=0.95"
    )
    + _a("Diskmedel=2.10; Toalettpapper 8p=3.90; Batterier AA=5.20; Duschtvål=2.40; Soppåsar=1.95", "std")
    + _a(
        "Bananer=2.10; Äpplen Royal Gala=2.60; Tomater kvist=3.90; Potatis fast=1.30; Vindruvor=3.80",
        weighed=True,
    ),
    "ms": _a(
        "Susu Segar 1L=1.30; Roti Gardenia=0.80; Telur Gred A 10=1.20; Beras Wangi 5kg=4.60; Milo 1kg=5.40;"
        " Minyak Masak 2kg=2.10; Teh Boh=1.10; Mee Segera 5pk=1.00; Kicap Manis=0.70; Biskut Lemak=0.90"
    )
    + _a("Sabun Basuh=1.60; Tisu Tandas 10R=2.30; Ubat Gigi=1.05; Syampu=1.80", "std")
    + _a("Pisang Berangan=0.90; Epal Fuji=1.80; Tomato=1.10; Bawang Merah=0.70", weighed=True),
    "hi": _a(
        "Amul Taaza Milk 1L=0.75; Brown Bread=0.55; Basmati Rice 5kg=6.20; Toor Dal 1kg=1.70; Atta 10kg=4.80;"
        " Ghee 500ml=3.20; Tea Powder 250g=1.40; Paneer 200g=1.00; Biscuits Pack=0.30; Sugar 1kg=0.50"
    )
    + _a("Detergent Powder 1kg=1.50; Bath Soap 4pk=1.30; Toothpaste 150g=1.10; Hair Oil=0.90", "std")
    + _a("Onion=0.40; Tomato=0.45; Potato=0.35; Banana Robusta=0.60", weighed=True),
}

DISHES: dict[str, list[Article]] = {
    "en": _a(
        "Fish & Chips=14.50; Cheeseburger=12.90; Caesar Salad=10.50; Tomato Soup=6.50; Club Sandwich=11.00;"
        " Steak Frites=22.00; Chips=4.00; Apple Pie=6.20; Pancakes=9.50"
    )
    + _a("Draught Lager=5.60; House Red 175ml=7.20; Coke=2.90; Flat White=3.40; Lemonade=3.10", "drink"),
    "de": _a(
        "Wiener Schnitzel=18.90; Currywurst Pommes=9.50; Flammkuchen=11.50; Tagessuppe=5.20; Käsespätzle=13.40;"
        " Salatteller=10.90; Apfelstrudel=6.50; Pizza Margherita=9.80"
    )
    + _a("Pils 0,5l=4.40; Weizen 0,5l=4.80; Apfelschorle=3.50; Cappuccino=3.60; Weißwein 0,2l=6.20", "drink"),
    "fr": _a(
        "Plat du jour=14.50; Croque-monsieur=9.00; Salade niçoise=13.00; Steak frites=18.50; Quiche lorraine=9.50;"
        " Crème brûlée=7.00; Tarte tatin=7.50; Soupe à l'oignon=8.00"
    )
    + _a("Café=2.20; Demi pression=4.50; Verre de vin=5.50; Carafe Vittel=3.50; Coca-Cola=3.80", "drink"),
    "es": _a(
        "Menú del día=13.50; Tortilla española=4.50; Patatas bravas=5.00; Paella mixta=15.00; Croquetas=7.50;"
        " Calamares=9.00; Ensalada mixta=7.00; Flan casero=4.00"
    )
    + _a("Caña=2.20; Café con leche=1.60; Copa de vino=3.50; Agua=1.80; Tinto de verano=3.00", "drink"),
    "it": _a(
        "Coperto=2.00; Margherita=7.50; Carbonara=12.00; Lasagna=11.50; Risotto funghi=13.00; Tiramisù=6.00;"
        " Insalata mista=6.50; Bruschetta=5.00"
    )
    + _a("Caffè=1.20; Cappuccino=1.60; Birra media=5.50; Calice vino=5.00; Acqua frizzante=2.50", "drink"),
    "nl": _a(
        "Uitsmijter=9.50; Broodje kroket=7.25; Tomatensoep=6.50; Saté ajam=16.50; Bitterballen=7.00;"
        " Appeltaart=4.75; Clubsandwich=10.50; Friet=4.00"
    )
    + _a("Pils=3.40; Koffie=2.90; Verse munt thee=3.50; Huiswijn=4.90; Cola=3.10", "drink"),
    "sv": _a(
        "Dagens lunch=12.00; Köttbullar=16.00; Laxfilé=21.00; Räksmörgås=14.50; Caesarsallad=13.50;"
        " Pannkakor=9.00; Kladdkaka=6.00"
    )
    + _a("Lättöl=4.00; Stor stark=8.50; Kaffe=3.20; Husets vin=8.00; Läsk=3.00", "drink"),
    "ms": _a(
        "Nasi Lemak Ayam=2.40; Mee Goreng Mamak=1.60; Roti Canai=0.40; Char Kway Teow=1.90; Nasi Goreng=1.70;"
        " Satay 10 cucuk=2.60; Laksa=2.10; Chicken Rice=1.50"
    )
    + _a("Teh Tarik=0.55; Kopi O Ais=0.50; Milo Ais=0.70; Air Sirap=0.40", "drink"),
    "hi": _a(
        "Paneer Butter Masala=3.20; Dal Makhani=2.60; Butter Naan=0.60; Veg Biryani=2.80; Masala Dosa=1.20;"
        " Chicken Tikka=3.60; Jeera Rice=1.50; Gulab Jamun=0.90; Tandoori Roti=0.30"
    )
    + _a("Masala Chai=0.30; Sweet Lassi=0.90; Fresh Lime Soda=0.80; Mineral Water=0.25", "drink"),
}

# Fuel grades per language; the price is per litre (US styles convert to gallons).
FUELS: dict[str, list[str]] = {
    "en": ["Unleaded 95", "Super Unleaded", "Diesel", "Premium 98"],
    "de": ["Super E10", "Super 95", "Diesel", "SuperPlus"],
    "fr": ["SP95-E10", "Gazole", "SP98", "E85"],
    "es": ["Gasolina 95", "Gasóleo A", "Sin Plomo 98"],
    "it": ["Benzina", "Gasolio", "Blue Diesel"],
    "nl": ["Euro 95 E10", "Diesel", "Super Plus 98"],
    "sv": ["Bensin 95", "Diesel", "E85"],
    "ms": ["RON95", "RON97", "Diesel B10"],
    "hi": ["Petrol", "Diesel", "XtraPremium"],
}
_FUEL_SHOP = {
    "de": "Kaffee to go=2.50; Schokoriegel=1.40; Wasser 0,5L=1.20; Scheibenklar 3L=4.90",
    "fr": "Café à emporter=2.50; Barre chocolat=1.40; Eau 50cl=1.20; Lave-glace 3L=4.90",
    "es": "Café para llevar=2.50; Chocolatina=1.40; Agua 0,5L=1.20; Limpiaparabrisas=4.90",
    "it": "Caffè da asporto=2.50; Barretta cioccolato=1.40; Acqua 0,5L=1.20; Liquido tergicristalli=4.90",
    "nl": "Koffie to go=2.50; Chocoladereep=1.40; Water 0,5L=1.20; Ruitensproeiervloeistof=4.90",
    "sv": "Kaffe att ta med=2.50; Chokladkaka=1.40; Vatten 50cl=1.20; Spolarvätska 3L=4.90",
}
FUEL_SHOP: dict[str, list[Article]] = {
    lang: _a(
        _FUEL_SHOP.get(lang, "Coffee to go=2.50; Chocolate Bar=1.40; Water 0.5L=1.20; Screenwash 3L=4.90"),
        "std",
    )
    for lang in DISHES
}

# Whole-unit currencies (styles_whole.py): prices are already in rupiah, pesos, forints and dong (scale 1); a
# weighed article's price is per kg.
SHOP["id"] = (
    _a(
        "AQUA 600ML=4000; INDOMIE GORENG=3500; ROTI TAWAR=16000; TELUR AYAM 10BTR=28000; BERAS 5KG=75000;"
        " MINYAK GORENG 2L=38000; GULA PASIR 1KG=17500; KOPI SACHET 10S=15000; SUSU UHT 1L=21000;"
        " TEH BOTOL 450ML=5000; KECAP MANIS 520ML=24000; SARDEN KALENG=14000; BISKUIT KELAPA=9500"
    )
    + _a(
        "SABUN MANDI=5000; SHAMPOO SACHET 10S=10000; PASTA GIGI 190G=15500; DETERJEN 800G=22000; TISU 250S=14000",
        "std",
    )
    + _a(
        "PISANG CAVENDISH=25000; APEL FUJI=45000; TOMAT=18000; BAWANG MERAH=42000; CABAI RAWIT=60000",
        weighed=True,
    )
)
DISHES["id"] = _a(
    "NASI GORENG=25000; MIE GORENG=23000; AYAM GORENG=22000; SOTO AYAM=20000; SATE AYAM 10TK=30000;"
    " GADO-GADO=18000; NASI PADANG=28000; BAKSO URAT=20000; PISANG GORENG=12000; IGA BAKAR=85000"
) + _a(
    "ES TEH MANIS=5000; KOPI SUSU=18000; ES JERUK=10000; JUS ALPUKAT=18000; TEH TAWAR=3000; AQUA 600ML=5000",
    "drink",
)
SHOP["es_cl"] = (
    _a(
        "Leche entera 1L=1090; Huevos 12 un=3990; Arroz grado 1 1kg=1590; Aceite maravilla 1L=2690;"
        " Fideos espagueti 400g=990; Azúcar 1kg=1290; Café instantáneo 170g=5490; Queso gauda lam.=3290;"
        " Jamón pierna 250g=2990; Yogurt batido=450; Mantequilla 250g=2790; Galletas de vino=890"
    )
    + _a(
        "Bebida 1.5L=1790; Agua mineral 1.6L=990; Cerveza lata 470cc=1190; Detergente 3L=8990;"
        " Papel higiénico 8 rollos=4590; Pasta dental=1890; Lavalozas 750ml=1990",
        "std",
    )
    + _a("Pan amasado=2490; Marraqueta=2190; Palta Hass=4990; Tomate=1590; Plátano=1290", weighed=True)
)
DISHES["es_cl"] = _a(
    "Completo italiano=3500; Churrasco italiano=6900; Barros Luco=7500; Empanada de pino=2500;"
    " Cazuela de vacuno=7900; Pastel de choclo=8500; Lomo a lo pobre=12900; Chorrillana=14900; Sopaipillas=2000"
) + _a("Bebida lata=1800; Jugo natural=2900; Schop=3500; Café cortado=2200; Pisco sour=4500", "drink")
SHOP["hu"] = (
    _a(
        "Kenyér 500g=699; Tej 2,8% 1L=389; Tojás 10 db=1199; Trappista sajt=1899; Vaj 100g=749;"
        " Kristálycukor 1kg=429; Liszt BL55 1kg=299; Tejföl 20%=459; Paprikás szalámi=2499; Kifli=59;"
        " Pogácsa=189; Kávé őrölt 250g=1999; Ásványvíz 1,5L=179"
    )
    + _a(
        "Sör 0,5L=399; Mosogatószer=799; WC-papír 8 tek.=1599; Elem AA 4db=1999; Tusfürdő=999; Szemeteszsák=649",
        "std",
    )
    + _a("Banán=599; Alma=449; Paradicsom=1199; Burgonya=349; Paprika=1499", weighed=True)
)
DISHES["hu"] = _a(
    "Gulyásleves=2490; Halászlé=3290; Rántott csirkemell=3490; Pörkölt galuskával=3890; Lecsó=2290;"
    " Palacsinta=990; Somlói galuska=1490; Lángos=1290; Töltött káposzta=3190"
) + _a("Fröccs=690; Csapolt sör 0,5L=990; Kávé=590; Üdítő 0,33L=690; Ásványvíz=490", "drink")
SHOP["vi"] = (
    _a(
        "Nước suối 500ml=5000; Mì gói=4000; Sữa tươi 1L=34000; Bánh mì=15000; Trứng gà 10 quả=32000;"
        " Gạo thơm 2kg=52000; Nước mắm 500ml=38000; Cà phê hòa tan=56000; Dầu ăn 1L=48000; Đường 1kg=25000;"
        " Bánh quy=22000; Sữa chua=7000"
    )
    + _a("Nước giặt 2kg=98000; Dầu gội 340g=72000; Kem đánh răng=28000; Giấy vệ sinh 10 cuộn=65000", "std")
    + _a("Chuối=25000; Xoài cát=60000; Cà chua=30000; Thịt heo ba rọi=140000; Rau muống=20000", weighed=True)
)
DISHES["vi"] = _a(
    "Phở bò=55000; Bún chả=50000; Cơm tấm sườn=45000; Bánh mì thịt=25000; Gỏi cuốn=35000; Bún bò Huế=55000;"
    " Cơm gà=45000; Chả giò=40000; Hủ tiếu=45000"
) + _a(
    "Cà phê sữa đá=25000; Cà phê đen=20000; Trà đá=5000; Nước suối=10000; Sinh tố bơ=35000; Bia chai=20000",
    "drink",
)
FUELS |= {
    "id": ["PERTALITE", "PERTAMAX", "DEXLITE", "SOLAR"],
    "es_cl": ["Gasolina 93", "Gasolina 95", "Gasolina 97", "Petróleo Diésel"],
    "hu": ["95 Benzin", "Dízel", "100 Benzin"],
    "vi": ["Xăng RON 95-III", "Xăng E5 RON 92", "Dầu DO 0,05S"],
}
FUEL_SHOP |= {
    "id": _a("AQUA 600ML=4000; KOPI KALENG=8500; ROTI SOBEK=9000; OLI MESIN 1L=65000", "std"),
    "es_cl": _a("Café grande=2490; Agua mineral 500ml=1090; Chocolate=1290; Limpiaparabrisas 1L=3490", "std"),
    "hu": _a("Kávé=690; Ásványvíz 0,5L=349; Csoki=399; Szélvédőmosó 4L=1999", "std"),
    "vi": _a("Nước suối=8000; Cà phê lon=15000; Khăn giấy=10000; Nước rửa kính=45000", "std"),
}
