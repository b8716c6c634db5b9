import { createContext, useContext, type ReactElement } from "react";

type Render = (element: ReactElement) => string;

const RendererContext = createContext<Render | null>(null);

/** Given by the server's entry with React's string renderer; absent in the browser. */
export const MarkupRendererProvider = RendererContext.Provider;

const made = new WeakMap<object, string>();

/**
 * A part of a page that is the same for every learner who sees it in the same state (the questions
 * of a knowledge check nobody has answered yet): on the server it is rendered to HTML once per
 * `sameFor` and then sent as that HTML; React rendering its ~60 elements anew cost ~5% of the module
 * page (docs/decisions/0007). The browser renders `children` itself and hydrates them against that
 * HTML, which is exactly what React makes of them (the same renderer and the same props; the e2e
 * test compares the server's forms with the browser's).
 *
 * `children` may depend on nothing but `sameFor` (an object that stays the same while its content
 * does, such as a module's parsed content). Without `sameFor`, or without a renderer, the part is
 * rendered as usual. The children render without the page's context.
 */
export function SameForEveryone({
  sameFor,
  className,
  children,
}: {
  sameFor: object | null;
  className: string;
  children: ReactElement;
}) {
  const render = useContext(RendererContext);
  if (render && sameFor) {
    let html = made.get(sameFor);
    if (html === undefined) {
      html = render(children);
      made.set(sameFor, html);
    }
    return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return <div className={className}>{children}</div>;
}
