import { createContext, useContext } from "react";

/**
 * The article text of a module is static HTML, and it is large. A document carries it once: in
 * the page. The loader data of a document request leaves it out (html is ""), the server render
 * takes it from the compiled module by reference, and in the browser hydration reads it back from
 * the page itself. Data requests (client-side navigation, revalidation) do carry the HTML.
 * See docs/decisions/0007-serving-speed.md.
 */
export type SegmentRef = string;

export function segmentRef(slug: string, hash: string, part: string, index: number): SegmentRef {
  return `${slug}:${hash.slice(0, 12)}:${part}:${index}`;
}

type Source = (ref: SegmentRef) => string | undefined;

const SegmentSourceContext = createContext<Source | null>(null);

/** The server's source: entry.server.tsx provides one that reads the compiled modules. */
export const SegmentSourceProvider = SegmentSourceContext.Provider;

// In the browser, a segment's HTML does not change while its module's hash stays the same.
const known = new Map<SegmentRef, string>();

function fromPage(ref: SegmentRef) {
  if (typeof document === "undefined") return undefined;
  for (const element of document.querySelectorAll<HTMLElement>("[data-segment]")) {
    if (element.dataset.segment === ref) return element.innerHTML;
  }
  return undefined;
}

export function useSegmentHtml(ref: SegmentRef, html: string) {
  const source = useContext(SegmentSourceContext);
  if (source) return html || source(ref) || "";
  let value = known.get(ref);
  if (value === undefined) {
    value = html || fromPage(ref);
    if (value !== undefined) known.set(ref, value);
  }
  return value ?? "";
}
