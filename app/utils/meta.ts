/** The document title of a page: "Inloggen · Leercirkel". */
export function pageTitle(title: string) {
  return [{ title: `${title} · Leercirkel` }];
}
