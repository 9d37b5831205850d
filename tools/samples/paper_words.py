"""What the generated business papers say (samples/doc_types.py), per kind and language: titles, reference
labels, sentences, letter greetings and table headings. Invented wording in the usual forms of each language."""

from __future__ import annotations

# What each kind of paper says, per language: titles, number labels, the sentence under the table.
WORDS: dict[str, dict[str, dict[str, list[str]]]] = {
    "credit_note": {
        "de": {
            "title": ["Gutschrift", "GUTSCHRIFT", "Rechnungskorrektur"],
            "number": ["Gutschrift-Nr.:"],
            "body": [
                "Den Betrag schreiben wir Ihrem Kundenkonto gut.",
                "Die Erstattung erfolgt auf Ihr Konto.",
                "Retoure vom {date}.",
            ],
        },
        "fr": {
            "title": ["AVOIR", "Facture d'avoir", "Avoir"],
            "number": ["Avoir n°", "N° d'avoir :"],
            "body": ["Ce montant vous sera remboursé par virement.", "Retour de marchandise du {date}."],
        },
        "en": {
            "title": ["CREDIT NOTE", "Credit Note", "Credit Memo"],
            "number": ["Credit Note No.", "Credit #"],
            "body": ["The amount has been credited to your account.", "Refund for goods returned on {date}."],
        },
    },
    "delivery_note": {
        "de": {
            "title": ["Lieferschein", "LIEFERSCHEIN"],
            "number": ["Lieferschein-Nr.:", "Liefer-Nr.:"],
            "body": ["Ware in einwandfreiem Zustand erhalten:", "Die Rechnung folgt separat."],
        },
        "fr": {
            "title": ["Bon de livraison", "BON DE LIVRAISON"],
            "number": ["BL n°", "N° de livraison :"],
            "body": ["Marchandise reçue en bon état :", "La facture suivra séparément."],
        },
        "en": {
            "title": ["Delivery Note", "PACKING SLIP", "Delivery Slip"],
            "number": ["Delivery No.", "Shipment #"],
            "body": ["Goods received in good condition:", "The invoice will follow separately."],
        },
    },
    "quotation": {
        "de": {
            "title": ["Angebot", "ANGEBOT", "Kostenvoranschlag"],
            "number": ["Angebots-Nr.:", "Angebot Nr."],
            "body": ["Dieses Angebot ist gültig bis {date}.", "Wir freuen uns auf Ihren Auftrag."],
        },
        "fr": {
            "title": ["Devis", "DEVIS"],
            "number": ["Devis n°", "N° de devis :"],
            "body": ["Devis valable jusqu'au {date}.", "Bon pour accord, date et signature :"],
        },
        "en": {
            "title": ["Quotation", "QUOTE", "Estimate"],
            "number": ["Quote No.", "Estimate #"],
            "body": ["This quotation is valid until {date}.", "We look forward to your order."],
        },
    },
    "order": {
        "de": {
            "title": ["Bestellung", "Auftragsbestätigung"],
            "number": ["Bestell-Nr.:", "Auftrags-Nr.:"],
            "body": ["Bitte liefern Sie bis zum {date}.", "Wir bestätigen Ihren Auftrag wie folgt."],
        },
        "fr": {
            "title": ["Bon de commande", "Confirmation de commande"],
            "number": ["Commande n°"],
            "body": ["Livraison souhaitée avant le {date}.", "Nous confirmons votre commande."],
        },
        "en": {
            "title": ["Purchase Order", "Order Confirmation"],
            "number": ["PO Number", "Order No."],
            "body": ["Please deliver by {date}.", "We confirm your order as follows."],
        },
    },
    "reminder": {
        "de": {
            "title": ["Zahlungserinnerung", "Mahnung"],
            "number": ["Kunden-Nr.:"],
            "body": [
                "sicher haben Sie übersehen, dass unsere Rechnung vom {date} noch offen ist.",
                "Bitte überweisen Sie den offenen Betrag von {amount} innerhalb von 7 Tagen.",
            ],
        },
        "fr": {
            "title": ["Relance", "Rappel de paiement"],
            "number": ["Réf. client :"],
            "body": [
                "sauf erreur de notre part, notre facture du {date} reste impayée.",
                "Merci de régler la somme de {amount} sous huitaine.",
            ],
        },
        "en": {
            "title": ["Payment Reminder", "REMINDER"],
            "number": ["Account No."],
            "body": [
                "our records show that our invoice dated {date} is still unpaid.",
                "Please remit the outstanding balance of {amount} within 7 days.",
            ],
        },
    },
    "receipt_form": {
        "de": {
            "title": ["Quittung", "QUITTUNG"],
            "number": ["Quittung Nr."],
            "body": [
                "Betrag: {amount}",
                "dankend erhalten von {customer}",
                "für {item}",
                "Betrag enthält {rate} % MwSt.",
            ],
        },
        "fr": {
            "title": ["Reçu", "REÇU"],
            "number": ["Reçu n°"],
            "body": ["Montant : {amount}", "reçu de {customer}", "pour {item}", "dont TVA {rate} %"],
        },
        "en": {
            "title": ["Receipt", "RECEIPT", "Cash Receipt"],
            "number": ["Receipt No."],
            "body": [
                "Amount: {amount}",
                "received with thanks from {customer}",
                "for {item}",
                "incl. {rate}% tax",
            ],
        },
    },
    "letter": {
        "de": {
            "title": [
                "Betreff: Ihre Anfrage vom {date}",
                "Betreff: Terminbestätigung",
                "Betreff: Neue Anschrift",
            ],
            "number": ["Unser Zeichen:"],
            "body": [
                "vielen Dank für Ihr Schreiben und das freundliche Gespräch.",
                "Gerne bestätigen wir den Termin am {date} in unseren Räumen.",
                "Ab dem {date} erreichen Sie uns unter unserer neuen Anschrift.",
                "Für Rückfragen stehen wir Ihnen jederzeit zur Verfügung.",
                "Ihre Zahlung über {amount} haben wir dankend erhalten.",
            ],
        },
        "fr": {
            "title": ["Objet : votre demande du {date}", "Objet : confirmation de rendez-vous"],
            "number": ["Nos réf. :"],
            "body": [
                "nous vous remercions de votre courrier et de l'intérêt porté à nos services.",
                "Nous vous confirmons notre rendez-vous du {date} à nos bureaux.",
                "Nous restons à votre disposition pour tout renseignement complémentaire.",
                "Nous avons bien reçu votre règlement de {amount}.",
            ],
        },
        "en": {
            "title": ["Re: your enquiry of {date}", "Subject: change of address", "Re: meeting confirmation"],
            "number": ["Our ref:"],
            "body": [
                "thank you for your letter and for your interest in our services.",
                "We are pleased to confirm our meeting on {date} at our offices.",
                "From {date} our new address will be used for all correspondence.",
                "Please do not hesitate to contact us should you have any questions.",
                "We confirm receipt of your payment of {amount}, thank you.",
            ],
        },
    },
    "contract": {
        "de": {
            "title": ["Vertrag über Wartungsleistungen", "Rahmenvereinbarung"],
            "number": ["Vertrags-Nr.:"],
            "body": [
                "§ 1 Gegenstand des Vertrages ist die Wartung der Anlagen des Auftraggebers.",
                "§ 2 Der Vertrag beginnt am {date} und läuft auf unbestimmte Zeit.",
                "§ 3 Die Kündigungsfrist beträgt drei Monate zum Quartalsende.",
                "§ 4 Änderungen bedürfen der Schriftform.",
            ],
        },
        "fr": {
            "title": ["Contrat de prestation de services", "Contrat de maintenance"],
            "number": ["Contrat n°"],
            "body": [
                "Article 1 Le présent contrat a pour objet la maintenance des équipements.",
                "Article 2 Le contrat prend effet le {date} pour une durée d'un an.",
                "Article 3 Il est renouvelable par tacite reconduction.",
            ],
        },
        "en": {
            "title": ["Service Agreement", "Maintenance Contract"],
            "number": ["Agreement No."],
            "body": [
                "1. The parties hereby agree that the provider maintains the client's equipment.",
                "2. This agreement takes effect on {date} and runs for twelve months.",
                "3. Either party may terminate it with three months' written notice.",
            ],
        },
    },
}
GREETING = {
    "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
    "fr": ("Madame, Monsieur,", "Veuillez agréer nos salutations distinguées."),
    "en": ("Dear Sir or Madam,", "Yours faithfully,"),
}
HEAD = {
    "de": (
        "Pos.",
        "Bezeichnung",
        "Menge",
        "Einzelpreis",
        "Betrag",
        "Zwischensumme",
        "MwSt. {rate} %",
        "Gesamt",
    ),
    "fr": ("N°", "Désignation", "Qté", "P.U. HT", "Montant", "Total HT", "TVA {rate} %", "Total TTC"),
    "en": ("#", "Description", "Qty", "Unit Price", "Amount", "Subtotal", "Tax {rate}%", "Total"),
}
DATE_LABEL = {"de": "Datum:", "fr": "Date :", "en": "Date:"}
