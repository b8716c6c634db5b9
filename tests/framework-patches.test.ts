// The framework packages are patched for speed (patches/, docs/decisions/0007). These tests pin
// what the patches must not change: the bytes React writes, and which route a path matches.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { matchRoutes, resolveTo, type AgnosticRouteObject } from "@remix-run/router";
import { createElement, Fragment, Suspense, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Renderer = typeof import("react-dom/server");
// The patched production stream renderer and the unpatched development one, by file: the package's
// exports only name the build that NODE_ENV selects. (The app renders with renderToString since
// 2026-12-04; the stream renderer still serves the bench's minimal route, docs/decisions/0007.)
const cjs = join(dirname(require.resolve("react-dom/server")), "cjs");
const patched = require(join(cjs, "react-dom-server.node.production.min.js")) as Renderer;
const reference = require(join(cjs, "react-dom-server.node.development.js")) as Renderer;

function render(renderer: Renderer, element: ReactNode) {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    sink.on("finish", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderer.renderToPipeableStream(element, {
      onAllReady: () => pipe(sink),
      onShellError: reject,
      onError: reject,
    });
  });
}

function later(text: string) {
  let value: string | undefined;
  const promise = new Promise<void>((resolve) =>
    setTimeout(() => {
      value = text;
      resolve();
    }, 5),
  );
  function Later() {
    if (value === undefined) throw promise;
    return createElement("p", null, value);
  }
  return Later;
}

describe("the patched React server renderer", () => {
  it("writes the same bytes as React itself, with multibyte text, long text and suspense", async () => {
    const long = "Een verklarende analyse — ‘waarom’ vóór ‘wat’ 🙂 ".repeat(300);
    const element = createElement(
      "html",
      { lang: "nl" },
      createElement(
        "body",
        null,
        createElement("h1", { className: "titel" }, "Ervaringsdeskundigheid & één ‘kennischeck’"),
        createElement("div", { dangerouslySetInnerHTML: { __html: `<p>${long}</p>` } }),
        createElement("input", { name: "antwoord", defaultValue: "<script>ß</script>" }),
        createElement(Suspense, { fallback: createElement("p", null, "laden") }, createElement(later("klaar ✓"))),
      ),
    );
    const [ours, theirs] = await Promise.all([render(patched, element), render(reference, element)]);
    expect(ours.toString("utf8")).toContain("klaar ✓");
    expect(ours.equals(theirs)).toBe(true);
  });
});

describe("the patched route matcher", () => {
  const routes: AgnosticRouteObject[] = [
    {
      id: "root",
      path: "/",
      children: [
        { id: "index", index: true },
        { id: "leren", path: "leren" },
        { id: "module", path: "leren/:slug" },
        { id: "splat", path: "*" },
      ],
    },
  ];
  const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id);

  it("matches the same routes on every call", () => {
    for (let i = 0; i < 3; i++) {
      expect(ids("/")).toEqual(["root", "index"]);
      expect(ids("/leren")).toEqual(["root", "leren"]);
      expect(ids("/leren/verklarende-analyse")).toEqual(["root", "module"]);
      expect(matchRoutes(routes, "/leren/verklarende-analyse")?.[1]?.params.slug).toBe("verklarende-analyse");
      expect(ids("/onbekend/pad")).toEqual(["root", "splat"]);
    }
  });

  it("hands out copies of a remembered match: changing one changes nothing for the next caller", () => {
    const first = matchRoutes(routes, "/leren/verklarende-analyse")!;
    (first[1]!.params as Record<string, string>).slug = "iets-anders";
    first.pop();
    const second = matchRoutes(routes, "/leren/verklarende-analyse")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "module"]);
    expect(second[1]!.params.slug).toBe("verklarende-analyse");
  });

  it("sees routes added to the same tree later (as the browser's route discovery does)", () => {
    expect(ids("/webinars")).toEqual(["root", "splat"]);
    routes[0]!.children!.push({ id: "webinars", path: "webinars" });
    expect(ids("/webinars")).toEqual(["root", "webinars"]);
  });
});

describe("the patched link resolution (useResolvedPath)", () => {
  type Router = typeof import("react-router");
  // The server runs the production build (patched); the development build is React Router's own.
  const umd = join(dirname(require.resolve("react-router")), "umd");
  const patchedRouter = require(join(umd, "react-router.production.min.js")) as Router;
  const referenceRouter = require(join(umd, "react-router.development.js")) as Router;
  const targets: Parameters<Router["useResolvedPath"]>[0][] = [
    ".",
    "..",
    "../webinars",
    "",
    "?tab=uitslag",
    "#deel-kennis",
    "/leren",
    "reflecties/",
    "./terugblik?stap=2#vraag",
    { pathname: "terugblik", search: "?stap=1" },
    { hash: "#afronding" },
  ];

  function page(router: Router, url: string, v7_relativeSplatPath: boolean) {
    const { Router: Static, Routes, Route, useResolvedPath } = router;
    function Resolved({ to, relative }: { to: (typeof targets)[number]; relative?: "path" }) {
      const path = useResolvedPath(to, { relative });
      return createElement("li", null, `${path.pathname}|${path.search}|${path.hash}`);
    }
    // Every target twice per route level and in both modes: the second use of a target is where
    // the patch answers from what it remembered.
    const list = createElement(
      "ul",
      null,
      [1, 2].flatMap((round) =>
        targets.flatMap((to, i) => [
          createElement(Resolved, { key: `${round}-${i}`, to }),
          createElement(Resolved, { key: `${round}-${i}-path`, to, relative: "path" }),
        ]),
      ),
    );
    return renderToString(
      createElement(
        Static,
        {
          location: url,
          static: true,
          future: { v7_relativeSplatPath },
          navigator: { createHref: String, go() {}, push() {}, replace() {} },
        },
        createElement(
          Routes,
          null,
          createElement(
            Route,
            { path: "leren", element: createElement(Fragment, null, list, createElement(router.Outlet)) },
            createElement(Route, { path: ":slug/*", element: list }),
          ),
          createElement(Route, { path: "*", element: list }),
        ),
      ),
    );
  }

  it("resolves every kind of target as React Router itself does, at every route level", () => {
    for (const url of ["/leren", "/leren/verklarende-analyse", "/leren/verklarende-analyse/deel/2/", "/elders"]) {
      for (const splat of [true, false]) {
        const ours = page(patchedRouter, url, splat);
        expect(ours).toContain("<li>");
        expect(ours).toBe(page(referenceRouter, url, splat));
      }
    }
  });

  it("still refuses a target whose pathname holds a search or hash, with React Router's message", () => {
    expect(() => resolveTo({ pathname: "/leren?x=1" }, ["/"], "/")).toThrow(/Cannot include a '\?' character/);
    expect(() => resolveTo({ pathname: "/leren#x" }, ["/"], "/")).toThrow(/Cannot include a '#' character/);
    expect(() => resolveTo({ search: "?x#y" }, ["/"], "/")).toThrow(/`to.search` field/);
    expect(resolveTo({ pathname: "/leren", search: "?x=1" }, ["/"], "/")).toEqual({
      pathname: "/leren",
      search: "?x=1",
      hash: "",
    });
  });
});

describe("the patched loader call (@remix-run/server-runtime)", () => {
  // Remix hands each loader its request without Remix's own search parameters (index, _routes).
  // The patch passes the request on as it is when there is none to strip, instead of a copy.
  const { callRouteLoader } = require("@remix-run/server-runtime/dist/data.js") as {
    callRouteLoader: (args: {
      loadContext: unknown;
      loader: (args: { request: Request }) => unknown;
      params: Record<string, string>;
      request: Request;
      routeId: string;
      singleFetch: boolean;
    }) => Promise<unknown>;
  };
  const seen = async (request: Request) => {
    let received: Request | undefined;
    await callRouteLoader({
      loadContext: {},
      loader: ({ request }) => ((received = request), null),
      params: {},
      request,
      routeId: "routes/test",
      singleFetch: true,
    });
    return received!;
  };

  it("gives a loader the request itself when there is nothing to strip", async () => {
    const request = new Request("http://localhost/leren?q=analyse", { headers: { Cookie: "a=b" } });
    expect(await seen(request)).toBe(request);
  });

  it("still strips Remix's parameters, keeping the rest, the headers and the signal", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/leren?index&q=analyse&_routes=root", {
      headers: { Cookie: "a=b" },
      signal: controller.signal,
    });
    const received = await seen(request);
    expect(received).not.toBe(request);
    expect(received.url).toBe("http://localhost/leren?q=analyse");
    expect(received.headers.get("Cookie")).toBe("a=b");
    controller.abort();
    expect(received.signal.aborted).toBe(true);
  });
});
