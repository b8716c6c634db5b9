/** What a certificate (deelnamebewijs) shows, the same on the page and in the PDF. */

export type Accreditation = { register: string; number: string; points: number };

/** "SKJ, nummer 412345, 1,5 punten" */
export function accreditationLine(accreditation: Accreditation) {
  const points = String(accreditation.points).replace(".", ",");
  return `${accreditation.register}, nummer ${accreditation.number}, ${points} ${accreditation.points === 1 ? "punt" : "punten"}`;
}

/** The file name a browser saves the PDF under. */
export function certificateFileName(code: string) {
  return `deelnamebewijs-${code}.pdf`;
}

/** "heeft deelgenomen aan het webinar" or "de leerinterventie heeft afgerond". */
export function certificateLead(kind: "intervention" | "webinar") {
  return kind === "webinar" ? "heeft deelgenomen aan het webinar" : "de leerinterventie heeft afgerond";
}
