import { createElement as h, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import { MarkupRendererProvider, SameForEveryone } from "~/components/markup-once";

// app/components/markup-once.tsx: a part that is the same for everyone in the same state is
// rendered once on the server, and sent as exactly the markup React makes of it every time.

const questions = [{ id: "q1", text: "Wat is een verklarende analyse?" }];
let childRenders = 0;
function Questions({ list }: { list: typeof questions }) {
  childRenders++;
  return h("fieldset", null, h("legend", null, `Vraag 1. `, list[0]!.text), h("input", { type: "radio", name: "q1" }));
}

const page = (render: ((element: ReactElement) => string) | null, sameFor: object | null) =>
  renderToString(
    h(
      MarkupRendererProvider,
      { value: render },
      h(
        "form",
        null,
        h(SameForEveryone, { sameFor, className: "quiz-questions", children: h(Questions, { list: questions }) }),
      ),
    ),
  );

describe("a part the same for everyone", () => {
  test("is rendered once per key on the server, as the same markup as rendered in place", () => {
    const inPlace = page(null, questions);
    const render = vi.fn(renderToString);
    childRenders = 0;

    const first = page(render, questions);
    const second = page(render, questions);

    expect(first).toBe(inPlace);
    expect(second).toBe(inPlace);
    expect(render).toHaveBeenCalledTimes(1);
    expect(childRenders).toBe(1);
  });

  test("without a key (a learner's own state) it is rendered in place every time", () => {
    const render = vi.fn(renderToString);
    childRenders = 0;

    page(render, null);
    page(render, null);

    expect(render).not.toHaveBeenCalled();
    expect(childRenders).toBe(2);
  });
});
