// A path of this site as the browser sends it is printable ASCII (anything else is percent-encoded).
// Anything else cannot go in a Location header (a character above U+00FF, NUL or a newline makes
// Headers.set throw: a 500), and browsers drop tabs and newlines from a URL, so "/\t/host" would
// become "//host", another site.
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** A same-site path to go to after sign-in; anything else (other sites, "//host") becomes the fallback. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (
    typeof to !== "string" ||
    !PRINTABLE_ASCII.test(to) ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\")
  ) {
    return fallback;
  }
  return to;
}
