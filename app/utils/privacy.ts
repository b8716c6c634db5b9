/**
 * Whether a text holds something that looks like a BSN (burgerservicenummer): nine digits,
 * possibly written with spaces, dots or dashes, that pass the eleven test. Free text on the
 * platform speaks about practice and never identifies a child or family.
 */
export function containsBsn(text: string): boolean {
  const candidates = text.match(/(?<!\d)(?:\d[\s.-]?){8}\d(?!\d)/g) ?? [];
  return candidates.some((candidate) => {
    const digits = candidate.replace(/\D/g, "");
    if (digits.length !== 9 || /^0+$/.test(digits)) return false;
    const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (index === 8 ? -1 : 9 - index), 0);
    return sum % 11 === 0;
  });
}

export const BSN_MESSAGE =
  "Dit lijkt een burgerservicenummer te bevatten. Schrijf nooit gegevens op waaraan een kind of gezin te herkennen is.";
