"""Styles whose money prints in whole units, without decimals: Indonesia, Chile, Hungary, Vietnam.

Why a collection of their own (`WHOLE_STYLES` in the package): the sixteen decimal styles and their draws stay
exactly as they were, so earlier seeds keep their bytes. What sets these apart: every amount is rounded half up
to 1 (the notation's `places` is 0, so item amounts, weighed and fuel amounts, discounts and taxes all round to
whole rupiah, pesos, forints or dong), prices end the way shelves there end (Rp 27.500, $ 12.990, 1 299 Ft,
45.000đ), and the wording is the country's: Indonesian tills mix "Total Belanja", "TUNAI", "KEMBALI" with
English and restaurants add PB1 10 %; Chilean boletas include IVA 19 % ("El IVA de esta boleta es"); Hungarian
nyugtas print ÁFA codes (C00 27 %, A00 5 %) and "ÖSSZESEN"; Vietnamese bills print "Tổng cộng", "Tiền mặt",
"Tiền thừa", and a third of them come from tills whose font has no Vietnamese letters ("Tong cong").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from samples.till.locale import Locale, Rng, TaxPlan, id_lines, phone_fmt, vat
from samples.till.model import Tax
from samples.till.notation import Num
from samples.till.styles_world import EN, labels

D = Decimal
Pricing = Callable[[Rng, float, str], Decimal]


def _steps(small: int, big: int, over: float, meal_small: int, meal_big: int, meal_over: float) -> Pricing:
    """Prices on a grid: `small` steps below `over`, `big` above (restaurants their own grid)."""

    def price(rng: Rng, v: float, kind: str) -> Decimal:
        if kind == "restaurant":
            step = meal_big if v >= meal_over else meal_small
        else:
            step = big if v >= over else small
        return D(max(step, round(v / step) * step))

    return price


def _cl_price(rng: Rng, v: float, kind: str) -> Decimal:
    """Chilean prices: shelves end in 90 or 990 ($ 890, $ 1.290, $ 12.990), menus in 900 or whole hundreds."""
    if kind == "restaurant":
        p = round(v / 1000) * 1000 - 100 if v >= 5000 else round(v / 100) * 100
    elif rng.random() < 0.75:
        p = math.ceil(v / 1000) * 1000 - 10 if v >= 10000 else math.ceil(v / 100) * 100 - 10
    else:
        p = round(v / 10) * 10
    return D(max(90, p))


def _hu_price(rng: Rng, v: float, kind: str) -> Decimal:
    """Hungarian prices: shelves end in 9 or 90 (59 Ft, 389 Ft, 1 299 Ft, 12 990 Ft), menus in 90."""
    if kind == "restaurant":
        p = round(v / 100) * 100 - 10
    elif rng.random() < 0.75:
        p = math.ceil(v / 10) * 10 - 1 if v < 1000 else math.ceil(v / 100) * 100 - (1 if v < 10000 else 10)
    else:
        p = round(v / 10) * 10
    return D(max(9, p))


def _id_tax(rng: Rng, kind: str) -> TaxPlan:
    """PPN 11 % included in shop prices (small shops mostly print none); restaurants add PB1 10 %."""
    if kind == "restaurant":
        pb1 = Tax(rng.choice(["PB1", "PB1", "Pajak Resto", "PB 1"]), D(10))
        return "added", {"std": (pb1,), "food": (pb1,), "drink": (pb1,)}
    if kind == "small" and rng.random() < 0.6:
        return "none", {}
    ppn = Tax("PPN", D(11))
    return "included", {"std": (ppn,), "food": (ppn,), "drink": (ppn,)}


def _cl_tax(rng: Rng, kind: str) -> TaxPlan:
    iva = Tax("IVA", D(19))
    return "included", {"std": (iva,), "food": (iva,), "drink": (iva,)}


def _vn_tax(rng: Rng, kind: str) -> TaxPlan:
    """VAT 10 % (8 % while the reduction ran), 5 % on fresh food; restaurants add it to the bill."""
    label = rng.choice(["VAT", "Thuế GTGT", "VAT"])
    std = Tax(label, D(10) if rng.random() < 0.7 else D(8))
    if kind == "restaurant":
        return "added", {"std": (std,), "food": (std,), "drink": (std,)}
    if kind == "small" and rng.random() < 0.7:
        return "none", {}
    return "included", {"std": (std,), "food": (Tax(label, D(5)),), "drink": (std,)}


def _rut(rng: Rng) -> list[str]:
    """A Chilean RUT with its mod-11 check digit, and the line of business (giro) boletas print."""
    body = rng.randint(76_000_000, 77_999_999) if rng.random() < 0.8 else rng.randint(96_000_000, 99_999_999)
    total = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(str(body))))
    dv = {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))
    dotted = f"{body:,}".replace(",", ".")
    out = [rng.choice([f"R.U.T.: {dotted}-{dv}", f"RUT: {dotted}-{dv}", f"RUT {body}-{dv}"])]
    if rng.random() < 0.6:
        out.append(rng.choice(["Giro: Venta al por menor", "Giro: Restaurante", "Giro: Comercio"]))
    return out


def _adoszam(rng: Rng) -> list[str]:
    """A Hungarian tax number (8 digits with its check digit, VAT code, county code) and the till's AP number."""
    head = [rng.randint(1, 9)] + [rng.randrange(10) for _ in range(6)]
    check = (10 - sum(d * w for d, w in zip(head, (9, 7, 3, 1, 9, 7, 3), strict=True)) % 10) % 10
    county = rng.choice(["41", "42", "43", "44", "02", "09", "13", "08"])
    number = "".join(map(str, head)) + f"{check}-{rng.choice('22223')}-{county}"
    out = [rng.choice([f"Adószám: {number}", f"ADÓSZÁM: {number}", f"Adószám {number}"])]
    if rng.random() < 0.7:
        out.append(f"AP {rng.choice('ABCDEFGHJ')}{rng.randint(10_000_000, 99_999_999)}")
    return out


ID = Locale(
    "id",
    "ID",
    "id",
    "IDR",
    ("Rp", "Rp.", "IDR"),
    True,
    (Num(",", ".", places=0), Num(".", ",", places=0)),
    "ID",
    _id_tax,
    ("rows", "single", "table", "none"),
    labels(
        EN,
        subtotal=("SUBTOTAL", "Subtotal", "SUB TOTAL", "Sub Total"),
        total=("TOTAL", "Total", "Total Belanja", "TOTAL BELANJA", "Grand Total", "TOTAL BAYAR"),
        cash=("TUNAI", "Tunai", "CASH", "Bayar"),
        change=("KEMBALI", "Kembalian", "KEMBALIAN", "CHANGE"),
        card=("DEBIT", "Kartu Debit", "KREDIT", "QRIS", "EDC"),
        tax=("PPN",),
        tax_total=("Total PPN", "Total Pajak"),
        incl=("Termasuk PPN", "PPN", "Incl. PPN 11%"),
        net=("DPP",),
        gross=("Total", "Jual"),
        discount=("DISKON {p}%", "Diskon", "POTONGAN", "HEMAT {p}%", "Promo"),
        receipt=("No. Struk", "No:", "No. Nota", "Bill No", "TRX"),
        cashier=("Kasir:", "KASIR", "Kasir", "Operator"),
        till=("POS", "Mesin"),
        table=("Meja", "MEJA", "Table"),
        server=("Pelayan:", "Waiter:", "Server:"),
        pump=("Pompa", "No. Pompa", "POMPA"),
        thanks=("TERIMA KASIH", "Terima kasih atas kunjungan Anda", "TERIMA KASIH, SELAMAT BELANJA KEMBALI"),
        footer=(
            "Barang yang sudah dibeli|tidak dapat ditukar/dikembalikan",
            "Simpan struk ini sebagai|bukti pembayaran",
            "Kritik & Saran: WA 0812-0000-1234",
        ),
        legal=("PT {n}", "CV {n}", "PT {n} Tbk"),
        items_hdr=("Nama Barang", "ITEM", "Deskripsi"),
        amount_hdr=("Jumlah", "Harga", "TOTAL"),
        date=("Tgl:", "Tanggal:", "Tgl."),
        auth=("Approval Code", "APPR CODE", "Auth:"),
        amount=("JUMLAH", "Total", "AMOUNT"),
    ),
    id_lines("NPWP: 99.999.999.9-999.000", "NPWP 99.999.999.9-999.999", "NPWP: 9999999999999999", k=(1, 1)),
    phone_fmt("(021) 9999 9999", "021-9999999", "0812-9999-9999", "(022) 999 9999", "0811 999 9999"),
    kinds=("chain", "chain", "small", "restaurant", "restaurant", "fuel"),
    notes=(10000, 20000, 50000, 100000),
    extra={"rate_fmt": "{label} {pct}%", "tld": "co.id", "site": "ascii"},
    pricing=_steps(500, 1000, 20000, 500, 1000, 20000),
    fuel_price=(10000, 14500, 50),
    shop_layouts=("below", "qtycol", "below", "qtycol", "full"),
    cash_step=50000,
)
CL = Locale(
    "cl",
    "CL",
    "es_cl",
    "CLP",
    (
        "$",
        "$",
        "CLP",
    ),  # the peso sign twice: a strip's mark is one of the first two, and tills seldom print CLP
    True,
    (Num(",", ".", places=0),),
    "CL",
    _cl_tax,
    ("single", "single", "rows", "none"),
    labels(
        EN,
        subtotal=("Subtotal", "SUBTOTAL", "Sub-Total"),
        total=("TOTAL", "Total", "TOTAL A PAGAR", "Total a pagar"),
        cash=("EFECTIVO", "Efectivo", "Pago efectivo"),
        change=("VUELTO", "Vuelto", "Su vuelto"),
        card=("Tarjeta Débito", "REDCOMPRA", "Tarj. Crédito", "DEBITO"),
        tax=("IVA",),
        tax_total=("Total IVA",),
        incl=("El IVA de esta boleta es", "IVA incluido", "IVA (19%)"),
        net=("Neto",),
        gross=("Total",),
        discount=("Descuento {p}%", "Dcto. {p}%", "DESCUENTO", "Oferta"),
        receipt=("Boleta N°", "N° Boleta", "Folio", "Folio N°"),
        cashier=("Cajero:", "Cajera", "Vendedor:"),
        till=("Caja", "CAJA"),
        table=("Mesa", "MESA"),
        server=("Garzón:", "Mesero:", "Atendido por"),
        pump=("Surtidor", "Isla"),
        thanks=("Gracias por su compra", "GRACIAS POR SU PREFERENCIA", "Vuelva pronto"),
        footer=("Timbre Electrónico SII", "Verifique documento en|www.sii.cl", "Conserve su boleta"),
        legal=("{n} SpA", "{n} Ltda.", "Comercial {n} Ltda.", "{n} S.A."),
        items_hdr=("Descripción", "Producto", "Detalle"),
        amount_hdr=("Total", "Valor", "Precio"),
        date=("Fecha:", "Fecha"),
        auth=("Cód. Autorización", "N° Operación"),
        amount=("Monto", "MONTO"),
        doc_title=("BOLETA ELECTRÓNICA", "BOLETA ELECTRONICA", "BOLETA ELECTRÓNICA|S.I.I. - SANTIAGO CENTRO"),
    ),
    _rut,
    phone_fmt("+56 2 2999 9999", "(2) 2999 9999", "+56 9 9999 9999", "22 999 9999"),
    notes=(1000, 2000, 5000, 10000, 20000),
    extra={"tld": "cl", "site": "ascii"},
    pricing=_cl_price,
    fuel_price=(1050, 1450, 1),
    mark_gap=0.5,
    cash_step=10000,
)
HU = Locale(
    "hu",
    "HU",
    "hu",
    "HUF",
    ("Ft", "HUF"),
    False,
    (Num(",", " ", places=0), Num(",", ".", places=0), Num(",", "", places=0)),
    "HU",
    vat("27", "5", "ÁFA", ("C00", "A00"), drink_std=True),
    ("table", "rows", "rows_total"),
    labels(
        EN,
        subtotal=("RÉSZÖSSZEG", "Részösszeg"),
        total=("ÖSSZESEN", "ÖSSZESEN:", "Összesen", "FIZETENDŐ", "Fizetendő"),
        cash=("KÉSZPÉNZ", "Készpénz"),
        change=("VISSZAJÁRÓ", "Visszajáró"),
        card=("BANKKÁRTYA", "Bankkártya", "Kártya"),
        tax=("ÁFA",),
        tax_total=("ÁFA összesen", "Összes ÁFA"),
        incl=("Ebből ÁFA", "ÁFA tartalom"),
        net=("Nettó",),
        gross=("Bruttó",),
        discount=("Kedvezmény {p}%", "AKCIÓ", "Engedmény", "Kupon"),
        receipt=("NYUGTASZÁM:", "Nyugtaszám", "NY.SZ.:", "Bizonylat"),
        cashier=("Pénztáros:", "Kezelő:", "Pénztáros"),
        till=("Pénztár", "PG"),
        table=("Asztal", "ASZTAL"),
        server=("Felszolgáló:", "Pincér:"),
        pump=("Kút", "Kútszám"),
        thanks=("Köszönjük a vásárlást!", "KÖSZÖNJÜK VÁSÁRLÁSÁT!", "Viszontlátásra!"),
        footer=(
            "Őrizze meg a nyugtát!",
            "Törzsvásárlói pontok: 12",
            "Cserét 8 napon belül|nyugta ellenében biztosítunk",
        ),
        legal=("{n} Kft.", "{n} Bt.", "{n} Zrt.", "{n} Kft"),
        items_hdr=("Megnevezés", "Termék"),
        amount_hdr=("Összeg", "Ár"),
        date=("Dátum:", "Kelt:"),
        auth=("Engedélyszám", "AUTH.KÓD"),
        amount=("Összeg", "ÖSSZEG"),
        doc_title=("NYUGTA", "NYUGTA", "NYUGTA|Eredeti példány"),
    ),
    _adoszam,
    phone_fmt("+36 1 999 9999", "06 1 999 9999", "+36 30 999 9999", "06-20-999-9999"),
    notes=(1000, 2000, 5000, 10000, 20000),
    extra={"rate_fmt": "{label} {pct}%", "tld": "hu", "site": "ascii"},
    pricing=_hu_price,
    fuel_price=(560, 680, 1),
    mark_gap=0.9,
    cash_step=5000,
)
VN = Locale(
    "vn",
    "VN",
    "vi",
    "VND",
    ("đ", "₫", "VND"),
    False,
    (Num(",", ".", places=0), Num(".", ",", places=0)),
    "VN",
    _vn_tax,
    ("single", "rows", "none"),
    labels(
        EN,
        subtotal=("Tạm tính", "TẠM TÍNH", "Cộng tiền hàng", "Subtotal"),
        total=("Tổng cộng", "TỔNG CỘNG", "TOTAL", "Tổng tiền", "Thanh toán", "TỔNG THANH TOÁN"),
        cash=("Tiền mặt", "TIỀN MẶT", "Khách đưa", "Tiền khách đưa"),
        change=("Tiền thừa", "TIỀN THỪA", "Tiền trả lại", "Trả lại"),
        card=("Thẻ", "Chuyển khoản", "Thẻ ATM", "VISA"),
        tax=("Thuế GTGT", "VAT"),
        tax_total=("Tổng thuế", "Tiền thuế"),
        incl=("Trong đó thuế GTGT", "Tiền thuế GTGT", "VAT (đã gồm)"),
        net=("Chưa thuế",),
        gross=("Tổng",),
        discount=("Giảm giá {p}%", "Khuyến mãi", "Chiết khấu {p}%"),
        receipt=("Số HĐ:", "Số:", "HĐ số", "Mã HĐ:"),
        cashier=("Thu ngân:", "NV:", "Thu ngân"),
        till=("Quầy", "Máy"),
        table=("Bàn", "BÀN"),
        server=("NV phục vụ:", "Phục vụ:"),
        pump=("Vòi bơm", "Cột bơm"),
        thanks=("Cảm ơn quý khách!", "CẢM ƠN QUÝ KHÁCH, HẸN GẶP LẠI!", "Xin cảm ơn và hẹn gặp lại"),
        footer=("Hàng đã mua không được|đổi trả", "Vui lòng giữ hóa đơn", "Hẹn gặp lại quý khách"),
        legal=("Công ty TNHH {n}", "CÔNG TY CP {n}", "Hộ KD {n}"),
        items_hdr=("Tên hàng", "Mặt hàng", "Món"),
        amount_hdr=("Thành tiền", "T.Tiền"),
        date=("Ngày:", "Ngày"),
        auth=("Mã GD", "Mã CN"),
        amount=("Số tiền", "Thành tiền"),
        doc_title=("HÓA ĐƠN BÁN LẺ", "PHIẾU THANH TOÁN", "HÓA ĐƠN BÁN HÀNG", "PHIẾU TÍNH TIỀN"),
    ),
    id_lines("MST: 0999999999", "MST: 0999999999-999", "Mã số thuế: 0999999999", k=(1, 1)),
    phone_fmt("028 3999 9999", "024 3999 9999", "0909 999 999", "(028) 3999 9999", "0912 999 999"),
    kinds=("chain", "small", "small", "restaurant", "restaurant", "fuel"),
    notes=(10000, 20000, 50000, 100000, 200000, 500000),
    extra={"rate_fmt": "{label} {pct}%", "tld": "vn", "site": "ascii"},
    pricing=_steps(500, 1000, 20000, 1000, 5000, 30000),
    fuel_price=(19000, 26000, 10),
    mark_gap=0.4,
    cash_step=100000,
    fold=0.35,
)
