import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";
import { certificatePdf, renderCertificatePdf, type CertificateForPdf } from "~/models/certificate-pdf.server";

const base: CertificateForPdf = {
  code: "K7QM-2WXP-9RTZ",
  kind: "intervention",
  holderName: "Şükrü Yılmaz-Ørsted",
  title: "Verklarende analyse: samen begrijpen wat er speelt",
  durationMinutes: 30,
  completedAt: new Date("2026-12-04T10:00:00Z"),
  issuedAt: new Date("2026-12-04T10:00:01Z"),
  accreditation: { register: "SKJ", number: "412345", points: 1.5 },
  verifyUrl: "https://leercirkel.example.nl/deelnamebewijs/K7QM-2WXP-9RTZ",
};

async function read(pdf: Buffer) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  const page = await doc.getPage(1);
  const metadata = await doc.getMetadata();
  return {
    text: text.replace(/\s+/g, " "),
    totalPages,
    size: page.view,
    info: metadata.info as Record<string, unknown>,
  };
}

describe("the certificate as a PDF", () => {
  test("one A4 page with everything the certificate page shows, names in any Latin script as written", async () => {
    const pdf = await renderCertificatePdf(base);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, totalPages, size, info } = await read(pdf);
    expect(totalPages).toBe(1);
    expect(size.map(Math.round)).toEqual([0, 0, 595, 842]);
    for (const line of [
      "Deelnamebewijs",
      "Hierbij verklaren wij dat",
      "Şükrü Yılmaz-Ørsted",
      "de leerinterventie heeft afgerond",
      "Verklarende analyse: samen begrijpen wat er speelt",
      "Datum 4 december 2026",
      "Studietijd 30 minuten",
      "Accreditatie SKJ, nummer 412345, 1,5 punten",
      "Code K7QM-2WXP-9RTZ",
      "Echtheid controleren",
      "Die pagina toont alleen wat op dit deelnamebewijs staat.",
    ]) {
      expect(text).toContain(line);
    }
    // The address may wrap; written out whole it is there.
    expect(text.replace(/ /g, "")).toContain(base.verifyUrl);
    expect(info.Title).toBe("Deelnamebewijs K7QM-2WXP-9RTZ");
    expect(info.Author).toBe("Leercirkel");
  });

  test("a webinar says so, and without an accreditation there is no such line", async () => {
    const { text } = await read(
      await renderCertificatePdf({ ...base, kind: "webinar", accreditation: null, holderName: "Anna Jansen" }),
    );
    expect(text).toContain("heeft deelgenomen aan het webinar");
    expect(text).not.toContain("de leerinterventie heeft afgerond");
    expect(text).not.toContain("Accreditatie");
    expect(text).toContain("Anna Jansen");
  });

  test("the longest name and title the forms allow wrap, and everything stays on the one page", async () => {
    // Names: at most 100 characters (user.schema); titles: 200 for a webinar, 120 for a module.
    const holderName = "Maria-Louisa van den Heuvel-Oudshoorn de Bruijn-Vermeulen ".repeat(2).slice(0, 100).trim();
    const title = "Signalen van eetstoornissen bij jongeren herkennen en bespreekbaar maken "
      .repeat(3)
      .slice(0, 200)
      .trim();
    const { text, totalPages } = await read(await renderCertificatePdf({ ...base, holderName, title }));
    expect(totalPages).toBe(1);
    expect(text).toContain("Code K7QM-2WXP-9RTZ");
    expect(text).toContain("Die pagina toont alleen wat op dit deelnamebewijs staat.");
  });

  test("is drawn once and then kept; only drawing anew asks the rate limit", async () => {
    const asked: string[] = [];
    const allow = (answer: boolean) => async () => {
      asked.push(String(answer));
      return answer;
    };
    const certificate = { ...base, code: "P3QR-ST4U-VW5X" };
    expect(await certificatePdf(certificate, allow(false))).toBeNull();
    const first = await certificatePdf(certificate, allow(true));
    expect(first?.subarray(0, 5).toString()).toBe("%PDF-");
    // Kept: given without asking, also when the limit would say no.
    expect(await certificatePdf(certificate, allow(false))).toBe(first);
    expect(asked).toEqual(["false", "true"]);
    // Another address (another installation) is another PDF.
    const elsewhere = await certificatePdf({ ...certificate, verifyUrl: "https://elders.example.nl/x" });
    expect(elsewhere).not.toBe(first);
  });
});
