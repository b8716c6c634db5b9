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

const MONTHS =
  "jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DATE = `(?:\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})|\\d{1,2} (?:${MONTHS})\\.? \\d{4})`;
const PARTICLES = "van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|du|el";
const WORD = "[A-ZÀ-Ý][a-zà-ÿ'-]+";
const NAME = `${WORD}(?: (?:${PARTICLES}))* ${WORD}`;
const NAME_THEN_DATE = new RegExp(`${NAME}[^.\\n]{0,30}?${DATE}`, "u");
const BIRTH_WORD = /\b(?:geboren|geb\.|geboortedatum|geboortedag)/iu;
const DATE_ANYWHERE = new RegExp(DATE, "iu");
const NAME_ANYWHERE = new RegExp(NAME, "u");

/**
 * Whether a text looks like it names a person together with a date of birth: a first and last
 * name followed closely by a date ("Sanne de Vries (12-03-2015)"), or a name, a date and a word
 * such as "geboren" in one text. A heuristic that errs towards asking the writer to rephrase.
 */
export function containsNameWithBirthDate(text: string): boolean {
  if (NAME_THEN_DATE.test(text)) return true;
  return BIRTH_WORD.test(text) && DATE_ANYWHERE.test(text) && NAME_ANYWHERE.test(text);
}

export const NAME_BIRTH_DATE_MESSAGE =
  "Dit lijkt een naam met een geboortedatum te bevatten. Vertel over je ervaring zonder dat een kind of gezin te herkennen is.";
