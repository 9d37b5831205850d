"""E-invoices: Factur-X / ZUGFeRD 1.0 and 2.x / XRechnung (CII) and UBL 2.1 / Peppol BIS 3.0, read exactly.

`source` finds the XML (a standalone file, or a hybrid PDF's attachment) and checks it against the official
XSD; `cii` and `ubl` read it into one `EInvoice` with the XPath of every value; `proposal` maps it onto the
schema; `crosscheck` looks for every value on a hybrid's page with the grounding rule; `rules` checks the
EN 16931 sums; `settle` decides the fields' statuses; `stage` holds the hooks `Pipeline` calls; `export`
writes approved documents (from any source) as CII or UBL, checked against the XSDs before they are written.
"""
