"""Invented vendors, merchants and customers: every name, address and tax id is made up (tax ids carry valid
check digits, as real ones do, so the checksum rule has nothing to flag on them)."""

from __future__ import annotations

from samples.fmt import Party

NORDLICHT = Party(
    "Nordlicht Haustechnik GmbH",
    ["Am Deich 14", "25746 Heide"],
    "DE284611938",
    ["Tel. 0481 123456", "info@nordlicht-ht.example"],
)
WERKRAUM = Party(
    "Werkraum Bürobedarf KG",
    ["Industriestraße 7a", "70565 Stuttgart"],
    "DE193847567",
    ["Tel. +49 711 998877", "www.werkraum.example"],
)
ALPENBLICK = Party(
    "Alpenblick Informatik AG",
    ["Bahnhofstrasse 21", "8001 Zürich"],
    "CHE-123.456.788 MWST",
    ["+41 44 555 12 12"],
)
ATELIER = Party(
    "Atelier Lumière SARL",
    ["12 rue des Tanneurs", "69002 Lyon"],
    "FR75512345679",
    ["contact@atelier-lumiere.example"],
)
BRIGHTWAVE = Party(
    "Brightwave Digital LLC",
    ["1450 Market Street, Suite 300", "San Francisco, CA 94103"],
    "",
    ["(415) 555-0137", "billing@brightwave.example"],
)
HARBOUR = Party(
    "Harbour & Finch Consulting Ltd",
    ["22 Wharf Road", "Bristol BS1 4RN"],
    "GB 284 1193 01",
    ["+44 117 496 0321"],
)
KESTREL = Party("Kestrel Supply Co.", ["880 Industrial Pkwy", "Dayton, OH 45402"], "", ["(937) 555-0199"])
VANDAM = Party(
    "Van Dam Logistics B.V.", ["Havenstraat 88", "3011 AB Rotterdam"], "NL812334450B01", ["+31 10 555 4400"]
)
GARONNE = Party(
    "Imprimerie de la Garonne", ["5 quai de Bacalan", "33300 Bordeaux"], "FR09433221108", ["05 56 00 11 22"]
)
SONNE = Party(
    "Bäckerei Sonnenkorn", ["Marktplatz 3", "04109 Leipzig"], "St.-Nr. 231/114/55678", ["Tel. 0341 2233445"]
)
MARCHE = Party("Épicerie du Marché", ["8 place Carnot", "21000 Dijon"], "", ["Tél. 03 80 11 22 33"])
KIOSK = Party("Stadtkiosk am Ring", ["Ringstraße 40", "50672 Köln"], "", [])
SCHMIDT = Party(
    "Schmidt & Partner Steuerberatung",
    ["Lindenallee 5", "20259 Hamburg"],
    "DE301122339",
    ["Tel. 040 6677889"],
)
DONAU = Party(
    "Donau Elektro Handels GmbH",
    ["Wiener Straße 112", "4020 Linz"],
    "ATU65432196",
    ["office@donau-elektro.example"],
)

CUST_DE = Party("Meyer Immobilien GmbH", ["Frau Anna Meyer", "Gartenweg 9", "22301 Hamburg"])
CUST_DE2 = Party("Praxis Dr. Vogel", ["Schillerplatz 2", "01067 Dresden"])
CUST_FR = Party("Boulangerie Martin", ["3 avenue Jean Jaurès", "75019 Paris"])
CUST_US = Party("Riverside Dental Group", ["Attn: Accounts Payable", "77 Elm Avenue", "Portland, OR 97205"])
CUST_UK = Party("Northgate Housing Trust", ["4 Castle Street", "York YO1 9RN"])
CUST_CH = Party("Gemeinde Oberwil", ["Hauptstrasse 1", "4104 Oberwil"])
CUST_EN = Party("Lindqvist Retail AB", ["Kungsgatan 12", "111 43 Stockholm", "Sweden"])
