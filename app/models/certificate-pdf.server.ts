import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { accreditationLine, certificateLead, type Accreditation } from "~/utils/certificate";
import { formatDate } from "~/utils/dates";

// A certificate (deelnamebewijs) as an A4 PDF: the same facts as /deelnamebewijs/:code, with a QR
// code of that address so that anyone can check it. DejaVu Sans is embedded (only the glyphs used),
// so every name in Latin, Greek or Cyrillic script prints as written (Şükrü, Łucja, Ørsted).

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

const GREEN = "#0b5d4b";
const INK = "#1b1b1b";
const MUTED = "#4a4f55";
const MM = 72 / 25.4;

export type CertificateForPdf = {
  code: string;
  kind: "intervention" | "webinar";
  holderName: string;
  title: string;
  durationMinutes: number;
  completedAt: Date;
  issuedAt: Date;
  accreditation: Accreditation | null;
  verifyUrl: string;
};

// A certificate never changes once issued (it keeps what it certified), so a drawn PDF is kept for
// the next download: the last 100, about 25 KB each. The caller looks the certificate up first, so
// a deleted one is never served from here.
const drawn = new Map<string, Buffer>();
const KEEP = 100;

/**
 * The certificate's PDF, drawn once and then kept (see `drawn`). Before drawing one anew it asks
 * `mayDraw` (a rate limit); when that says no, the result is null. A kept one is always given.
 */
export async function certificatePdf(
  c: CertificateForPdf,
  mayDraw: () => Promise<boolean> = async () => true,
): Promise<Buffer | null> {
  const key = `${c.code}\u0000${c.issuedAt.getTime()}\u0000${c.verifyUrl}`;
  const kept = drawn.get(key);
  if (kept) {
    drawn.delete(key);
    drawn.set(key, kept);
    return kept;
  }
  if (!(await mayDraw())) return null;
  const pdf = await renderCertificatePdf(c);
  drawn.set(key, pdf);
  if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value!);
  return pdf;
}

/** Renders the certificate; resolves with the PDF's bytes. */
export async function renderCertificatePdf(c: CertificateForPdf): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 20 * MM,
    info: {
      Title: `Deelnamebewijs ${c.code}`,
      Author: "Leercirkel",
      Subject: c.title,
      Keywords: `deelnamebewijs, ${c.code}`,
      CreationDate: c.completedAt,
    },
    lang: "nl-NL",
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const { regular, bold } = loadFonts();
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);

  const page = { width: doc.page.width, height: doc.page.height };
  const left = doc.page.margins.left;
  const width = page.width - doc.page.margins.left - doc.page.margins.right;

  // A double green border, as on the printed page.
  const inset = 12 * MM;
  doc.lineWidth(2).strokeColor(GREEN);
  doc.rect(inset, inset, page.width - 2 * inset, page.height - 2 * inset).stroke();
  doc.lineWidth(0.75);
  doc.rect(inset + 4, inset + 4, page.width - 2 * inset - 8, page.height - 2 * inset - 8).stroke();

  // The brand: a ring and the name.
  const brandY = 28 * MM;
  doc
    .lineWidth(2.2)
    .circle(page.width / 2 - 38, brandY + 7, 6)
    .stroke(GREEN);
  doc
    .font("bold")
    .fontSize(14)
    .fillColor(GREEN)
    .text("Leercirkel", page.width / 2 - 26, brandY, { lineBreak: false });

  const centred = { width, align: "center" as const };
  const facts: [string, string][] = [
    ["Datum", formatDate(c.completedAt)],
    ["Studietijd", `${c.durationMinutes} minuten`],
    ...(c.accreditation ? [["Accreditatie", accreditationLine(c.accreditation)] as [string, string]] : []),
    ["Code", c.code],
  ];
  const qrSize = 32 * MM;
  const qrTop = page.height - 20 * MM - 12 * MM - qrSize;

  // The lines down the middle, each with the space above it: measured and drawn from this one list.
  // The name and title are as long as their forms allow (100 and 200 characters): their type gets
  // smaller until the whole certificate fits above the QR code.
  const headingTop = 58 * MM;
  const factsHeight = facts.length * 22 + 10;
  const lines = (scale: number) => [
    { text: "Deelnamebewijs", font: "bold", size: 32, color: INK, space: 0 },
    { text: "Hierbij verklaren wij dat", font: "regular", size: 13, color: MUTED, space: 26 },
    { text: c.holderName, font: "bold", size: 24 * scale, color: INK, space: 8 },
    { text: certificateLead(c.kind), font: "regular", size: 13, color: MUTED, space: 8 },
    { text: c.title, font: "bold", size: 18 * scale, color: INK, space: 10 },
  ];
  const heightOf = (scale: number) =>
    lines(scale).reduce(
      (sum, line) => sum + line.space + doc.font(line.font).fontSize(line.size).heightOfString(line.text, centred),
      0,
    );
  const gapBeforeFacts = 12 * MM;
  const scale =
    [1, 0.85, 0.72, 0.6].find((s) => headingTop + heightOf(s) + gapBeforeFacts + factsHeight <= qrTop - 6 * MM) ?? 0.6;
  let lineTop = headingTop;
  for (const line of lines(scale)) {
    lineTop += line.space;
    doc.font(line.font).fontSize(line.size).fillColor(line.color).text(line.text, left, lineTop, centred);
    lineTop = doc.y;
  }

  // The facts, as label and value in two columns.
  let y = Math.max(lineTop + gapBeforeFacts, 150 * MM);
  const labelWidth = 38 * MM;
  const factsLeft = left + 15 * MM;
  const valueWidth = width - 30 * MM - labelWidth;
  for (const [label, value] of facts) {
    doc.font("regular").fontSize(11).fillColor(MUTED).text(label, factsLeft, y, { width: labelWidth });
    doc
      .font("bold")
      .fontSize(12)
      .fillColor(INK)
      .text(value, factsLeft + labelWidth, y - 0.5, { width: valueWidth });
    y = Math.max(doc.y, y + 16) + 6;
  }

  // Checking it: a QR code of the public address, and the address written out.
  drawQr(doc, c.verifyUrl, left, qrTop, qrSize);
  const textLeft = left + qrSize + 8 * MM;
  const textWidth = width - qrSize - 8 * MM;
  doc
    .font("bold")
    .fontSize(11)
    .fillColor(INK)
    .text("Echtheid controleren", textLeft, qrTop + 4, { width: textWidth });
  doc
    .font("regular")
    .fontSize(10)
    .fillColor(MUTED)
    .text(`Scan de code of ga naar ${c.verifyUrl}`, { width: textWidth })
    .moveDown(0.4)
    .text("Die pagina toont alleen wat op dit deelnamebewijs staat.", { width: textWidth });

  doc.end();
  return done;
}

/** Draws the QR code of `text` as filled squares: sharp at any zoom, no image in the file. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + 2 * quiet);
  doc.save().fillColor("#000000");
  for (let row = 0; row < count; row++) {
    // A run of dark modules in a row is one rectangle: no seams between them, and a smaller file.
    for (let col = 0; col < count; col++) {
      if (!qr.modules.get(row, col)) continue;
      let end = col;
      while (end + 1 < count && qr.modules.get(row, end + 1)) end++;
      doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, (end - col + 1) * cell, cell);
      col = end;
    }
  }
  doc.fill().restore();
}
