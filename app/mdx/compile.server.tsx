import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { bundleMDX } from "mdx-bundler";
import { getMDXExport } from "mdx-bundler/client/index.js";
import { createContext, useContext, type ComponentType, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { InterventionPart } from "@db/schema/enums";
import { InterventionFrontmatterSchema } from "./frontmatter";
import type { CompiledIntervention, ContentProblem, QuizQuestion, Segment } from "./types";

/**
 * MDX is compiled here once per content hash and rendered on the server to plain HTML plus data
 * (reflection questions, the knowledge check). The browser never evaluates MDX code, so the
 * Content-Security-Policy needs no 'unsafe-eval' (docs/decisions/0006-mdx-rendered-to-html.md).
 * Bump RENDER_VERSION when the output of this file changes, so cached modules are rebuilt.
 */
export const RENDER_VERSION = 1;

export const PART_ORDER = ["kennis", "toepassen", "ervaring", "kennischeck", "afsluiting"] as const;
type PartKey = (typeof PART_ORDER)[number];

const PART_COMPONENTS: Record<string, PartKey> = {
  Kennis: "kennis",
  Toepassen: "toepassen",
  Ervaringsdeskundigheid: "ervaring",
  Kennischeck: "kennischeck",
  Afsluiting: "afsluiting",
};
const PART_TAG: Record<PartKey, string> = Object.fromEntries(
  Object.entries(PART_COMPONENTS).map(([tag, key]) => [key, tag]),
) as Record<PartKey, string>;

export function contentHash(source: string) {
  return createHash("sha256").update(`${RENDER_VERSION}\n${source}`).digest("hex");
}

// Markers in the rendered HTML where parts begin and end and where interactive elements go.
const MARK = "\u2063\u2063";
const partStart = (key: string) => `${MARK}part:${key}${MARK}`;
const PART_END = `${MARK}/part${MARK}`;
const slot = (kind: "reflection" | "question", id: string) => `${MARK}slot:${kind}:${id}${MARK}`;

type Collector = {
  problems: { line: number; message: string }[];
  parts: { key: PartKey; line: number }[];
  reflections: { id: string; html: string; line: number }[];
  quiz: (QuizQuestion & { line: number })[];
  counts: Record<string, number>;
};

type Place = { part: PartKey | null; nested: boolean; question: QuizQuestion | null };
const PlaceContext = createContext<Place>({ part: null, nested: false, question: null });

type Props = { children?: ReactNode; __line?: string | number };
const lineOf = (props: Props) => Number(props.__line ?? 0);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Renders children to HTML in the same place (context) they stand in. */
function html(children: ReactNode, place: Place) {
  return renderToStaticMarkup(<PlaceContext.Provider value={place}>{children}</PlaceContext.Provider>);
}

/** The component map used to render authored MDX to static HTML, collecting as it goes. */
function staticComponents(collector: Collector): Record<string, ComponentType<Record<string, unknown>>> {
  const problem = (props: Props, message: string) => collector.problems.push({ line: lineOf(props), message });
  const count = (name: string) => (collector.counts[name] = (collector.counts[name] ?? 0) + 1);

  const part = (key: PartKey) =>
    function Part(props: Props) {
      const place = useContext(PlaceContext);
      if (place.part)
        problem(props, `<${PART_TAG[key]}> staat binnen <${PART_TAG[place.part]}>; zet de onderdelen na elkaar`);
      collector.parts.push({ key, line: lineOf(props) });
      return (
        <>
          {partStart(key)}
          <PlaceContext.Provider value={{ part: key, nested: false, question: null }}>
            {props.children}
          </PlaceContext.Provider>
          {PART_END}
        </>
      );
    };

  /** A block that may hold prose and other blocks; what is inside it counts as nested. */
  const nesting = (render: (props: Record<string, unknown> & Props, inner: ReactNode, place: Place) => ReactNode) =>
    function Block(props: Record<string, unknown> & Props) {
      const place = useContext(PlaceContext);
      const inner = <PlaceContext.Provider value={{ ...place, nested: true }}>{props.children}</PlaceContext.Provider>;
      return <>{render(props, inner, place)}</>;
    };

  const within = (props: Props, place: Place, wanted: PartKey, tag: string) => {
    if (place.part !== wanted) problem(props, `<${tag}> hoort in <${PART_TAG[wanted]}>`);
  };

  return {
    Kennis: part("kennis"),
    Toepassen: part("toepassen"),
    Ervaringsdeskundigheid: part("ervaring"),
    Kennischeck: part("kennischeck"),
    Afsluiting: part("afsluiting"),

    Reflectievraag(props: Props & { id?: unknown }) {
      const place = useContext(PlaceContext);
      within(props, place, "toepassen", "Reflectievraag");
      if (place.nested) problem(props, "<Reflectievraag> moet direct in <Toepassen> staan, niet in een ander blok");
      const id = typeof props.id === "string" ? props.id : "";
      if (!ID.test(id))
        problem(props, '<Reflectievraag> heeft een id nodig van kleine letters en streepjes, zoals id="eigen-casus"');
      else if (collector.reflections.some((r) => r.id === id))
        problem(props, `de id "${id}" wordt al door een andere Reflectievraag gebruikt`);
      collector.reflections.push({ id, html: html(props.children, { ...place, nested: true }), line: lineOf(props) });
      return <>{slot("reflection", id)}</>;
    },

    Doen: nesting((_props, inner) => {
      count("Doen");
      return (
        <div className="advice advice--do">
          <p className="advice__label">Wel doen</p>
          {inner}
        </div>
      );
    }),
    NietDoen: nesting((_props, inner) => {
      count("NietDoen");
      return (
        <div className="advice advice--dont">
          <p className="advice__label">Niet doen</p>
          {inner}
        </div>
      );
    }),
    Citaat: nesting((props, inner) => (
      <figure className="quote">
        <blockquote>{inner}</blockquote>
        {typeof props.wie === "string" && props.wie ? <figcaption>{props.wie}</figcaption> : null}
      </figure>
    )),

    Vraag(props: Props & { id?: unknown }) {
      const place = useContext(PlaceContext);
      within(props, place, "kennischeck", "Vraag");
      if (place.nested) problem(props, "<Vraag> moet direct in <Kennischeck> staan, niet in een ander blok");
      const id = typeof props.id === "string" ? props.id : "";
      if (!ID.test(id))
        problem(props, '<Vraag> heeft een id nodig van kleine letters en streepjes, zoals id="wanneer"');
      else if (collector.quiz.some((q) => q.id === id))
        problem(props, `de id "${id}" wordt al door een andere Vraag gebruikt`);
      const question: QuizQuestion & { line: number } = { id, html: "", answers: [], line: lineOf(props) };
      question.html = html(props.children, { part: place.part, nested: true, question });
      if (!question.html.trim()) problem(props, "<Vraag> heeft geen vraagtekst vóór de antwoorden");
      if (question.answers.length < 2) problem(props, "<Vraag> heeft minstens twee <Antwoord> nodig");
      if (!question.answers.some((a) => a.correct))
        problem(props, `de kennischeckvraag "${id}" heeft geen juist antwoord`);
      collector.quiz.push(question);
      return <>{slot("question", id)}</>;
    },

    Antwoord(props: Props & { juist?: unknown; feedback?: unknown }) {
      const place = useContext(PlaceContext);
      if (!place.question) {
        problem(props, "<Antwoord> hoort in een <Vraag>");
        return null;
      }
      const feedback = typeof props.feedback === "string" ? props.feedback.trim() : "";
      if (!feedback) problem(props, '<Antwoord> heeft uitleg nodig: feedback="…"');
      const answerHtml = html(props.children, { ...place, question: null })
        .replace(/^<p>([\s\S]*)<\/p>$/, "$1")
        .trim();
      if (!answerHtml) problem(props, "<Antwoord> heeft geen tekst");
      place.question.answers.push({ html: answerHtml, correct: props.juist === true || props.juist === "", feedback });
      return null;
    },

    Tips: nesting((props, inner, place) => {
      within(props, place, "afsluiting", "Tips");
      return (
        <section className="closing-block closing-block--tips">
          <h3>Tips</h3>
          {inner}
        </section>
      );
    }),
    Verdieping: nesting((props, inner, place) => {
      within(props, place, "afsluiting", "Verdieping");
      return (
        <section className="closing-block closing-block--deepen">
          <h3>Verder verdiepen</h3>
          {inner}
        </section>
      );
    }),
    Bronnen: nesting((props, inner, place) => {
      within(props, place, "afsluiting", "Bronnen");
      return (
        <section className="closing-block closing-block--sources">
          <h3>Bronnen</h3>
          {inner}
        </section>
      );
    }),
    Kader: nesting((props, inner) => {
      const kind = props.soort ?? "info";
      if (kind !== "info" && kind !== "tip" && kind !== "let-op")
        problem(props, '<Kader soort="…"> is info, tip of let-op');
      const label = { info: "Goed om te weten", tip: "Tip", "let-op": "Let op" }[String(kind)] ?? "Goed om te weten";
      return (
        <div className={`callout callout--${String(kind)}`} role="note">
          <p className="callout__title">
            <span className="visually-hidden">{label}: </span>
            {typeof props.titel === "string" ? props.titel : label}
          </p>
          {inner}
        </div>
      );
    }),
    Casus: nesting((props, inner) => (
      <div className="case" role="note">
        <p className="case__label">Fictieve casus</p>
        {typeof props.titel === "string" ? <p className="case__title">{props.titel}</p> : null}
        {inner}
      </div>
    )),
    Figuur(props: Props & { src?: unknown; alt?: unknown; bijschrift?: unknown }) {
      const src = typeof props.src === "string" ? props.src : "";
      const alt = typeof props.alt === "string" ? props.alt.trim() : "";
      if (!/^\.\/[\w.-]+\.(png|jpe?g|svg|webp)$/i.test(src))
        problem(props, '<Figuur src="./naam.png"> wijst naar een afbeelding in de map van de module');
      else if (!existsSync(join(currentDirectory, src)))
        problem(props, `de afbeelding ${src} staat niet in de map van de module`);
      if (!alt) problem(props, '<Figuur> heeft een beschrijving nodig: alt="…"');
      return (
        <figure className="figure">
          <img src={`/leren/${currentSlug}/afbeeldingen/${src.replace(/^\.\//, "")}`} alt={alt} loading="lazy" />
          {typeof props.bijschrift === "string" ? <figcaption>{props.bijschrift}</figcaption> : null}
        </figure>
      );
    },

    // Authored headings sit below the part headings (h2) of the page.
    h1: (props) => <h3 {...props} />,
    h2: (props) => <h3 {...props} />,
    h3: (props) => <h4 {...props} />,
    h4: (props) => <h5 {...props} />,
  } as Record<string, ComponentType<Record<string, unknown>>>;
}

// Set for the duration of one (synchronous) render; compiles run one at a time.
let currentDirectory = "";
let currentSlug = "";

/** Adds the source line to every MDX element, so problems can name it. */
function remarkSourceLines() {
  return (tree: MdNode) => {
    walk(tree, (node) => {
      if ((node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && node.name && node.position) {
        node.attributes = [
          ...(node.attributes ?? []),
          { type: "mdxJsxAttribute", name: "__line", value: String(node.position.start.line) },
        ];
      }
    });
  };
}

/** Collects internal links (to /leren/...) with their lines, for the link check. */
function remarkCollectLinks(sink: { url: string; line: number }[]) {
  return () => (tree: MdNode) => {
    walk(tree, (node) => {
      if (node.type === "link" && typeof node.url === "string" && node.url.startsWith("/")) {
        sink.push({ url: node.url, line: node.position?.start.line ?? 0 });
      }
    });
  };
}

type MdNode = {
  type: string;
  name?: string | null;
  url?: string;
  children?: MdNode[];
  attributes?: unknown[];
  position?: { start: { line: number } };
};
function walk(node: MdNode, visit: (node: MdNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

function frontmatterLine(source: string, key: string | undefined) {
  if (!key) return 1;
  const index = source.split("\n").findIndex((line) => line.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}

function splitSegments(partHtml: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = new RegExp(`${MARK}slot:(reflection|question):([^${MARK}]*)${MARK}`, "g");
  let last = 0;
  for (const match of partHtml.matchAll(pattern)) {
    const before = partHtml.slice(last, match.index).trim();
    if (before) segments.push({ html: before });
    segments.push(match[1] === "reflection" ? { reflection: match[2] ?? "" } : { question: match[2] ?? "" });
    last = (match.index ?? 0) + match[0].length;
  }
  const rest = partHtml.slice(last).trim();
  if (rest) segments.push({ html: rest });
  return segments;
}

function countWords(text: string) {
  return text
    .replace(/<[^>]+>/g, " ")
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word)).length;
}

export type CompileResult = { intervention: CompiledIntervention | null; problems: ContentProblem[] };

/**
 * Compiles one module (the source of content/interventions/<slug>/index.mdx). Returns the
 * compiled module, or null with the problems that keep it offline.
 */
export async function compileIntervention({
  source,
  file,
  directory,
  root,
}: {
  source: string;
  file: string;
  directory: string;
  root: string;
}): Promise<CompileResult> {
  const shown = relative(root, file) || file;
  const problems: ContentProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file: shown, line, message });

  const links: { url: string; line: number }[] = [];
  let bundled: Awaited<ReturnType<typeof bundleMDX>>;
  try {
    bundled = await bundleMDX({
      source,
      cwd: resolve(directory),
      // Problems are reported below with file and line; esbuild need not print them as well.
      esbuildOptions: (options) => ({ ...options, logLevel: "silent" }),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkSourceLines, remarkCollectLinks(links)];
        return options;
      },
    });
  } catch (error) {
    const messages = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    if (messages?.length) {
      for (const message of messages)
        report(message.location?.line ?? 1, `MDX kon niet worden gelezen: ${message.text}`);
    } else {
      report(1, `MDX kon niet worden gelezen: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { intervention: null, problems };
  }

  const parsed = InterventionFrontmatterSchema.safeParse(bundled.frontmatter);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
      const field = issue.path.length ? issue.path.join(".") : "kop";
      report(frontmatterLine(source, key), `${field}: ${issue.message}`);
    }
  }

  const collector: Collector = { problems: [], parts: [], reflections: [], quiz: [], counts: {} };
  let rendered = "";
  try {
    currentDirectory = directory;
    currentSlug = parsed.success ? parsed.data.slug : "";
    const { default: Content } = getMDXExport(bundled.code) as {
      default: ComponentType<{ components: Record<string, ComponentType<Record<string, unknown>>> }>;
    };
    rendered = renderToStaticMarkup(<Content components={staticComponents(collector)} />);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = message.match(/Expected component `(\w+)` to be defined/);
    report(
      1,
      unknown
        ? `onbekende bouwsteen <${unknown[1]}> (zie content/README.md)`
        : `de module kon niet worden opgebouwd: ${message}`,
    );
    return { intervention: null, problems };
  }
  for (const p of collector.problems) report(p.line, p.message);

  // Every part exactly once, in order.
  const bodyLine = source.split("\n").findIndex((line, index) => index > 0 && line.trim() === "---") + 2;
  for (const key of PART_ORDER) {
    const found = collector.parts.filter((p) => p.key === key);
    if (found.length === 0) report(bodyLine, `het onderdeel <${PART_TAG[key]}> ontbreekt`);
    if (found.length > 1)
      report(found[1]?.line ?? bodyLine, `het onderdeel <${PART_TAG[key]}> staat er meer dan één keer in`);
  }
  const order = collector.parts.map((p) => p.key);
  const expected = PART_ORDER.filter((key) => order.includes(key));
  if (order.length === expected.length && order.some((key, i) => key !== expected[i])) {
    report(
      collector.parts[0]?.line ?? bodyLine,
      `zet de onderdelen in deze volgorde: ${PART_ORDER.map((k) => `<${PART_TAG[k]}>`).join(", ")}`,
    );
  }
  const partLine = (key: PartKey) => collector.parts.find((p) => p.key === key)?.line ?? bodyLine;
  if (order.includes("toepassen") && collector.reflections.length === 0) {
    report(partLine("toepassen"), "<Toepassen> heeft minstens één <Reflectievraag> nodig");
  }
  if (order.includes("ervaring") && !collector.counts.Doen && !collector.counts.NietDoen) {
    report(partLine("ervaring"), "<Ervaringsdeskundigheid> heeft minstens één <Doen> of <NietDoen> nodig");
  }
  if (order.includes("kennischeck") && collector.quiz.length === 0) {
    report(partLine("kennischeck"), "<Kennischeck> heeft minstens één <Vraag> nodig");
  }

  // Text outside the parts would never be shown.
  const outside = rendered.replace(new RegExp(`${MARK}part:\\w+${MARK}[\\s\\S]*?${PART_END}`, "g"), "").trim();
  if (outside) report(bodyLine, "er staat tekst buiten de onderdelen; zet alle tekst in <Kennis>, <Toepassen>, … ");

  if (problems.length || !parsed.success) return { intervention: null, problems };

  const parts = Object.fromEntries(PART_ORDER.map((key) => [key, [] as Segment[]])) as Record<PartKey, Segment[]>;
  for (const match of rendered.matchAll(new RegExp(`${MARK}part:(\\w+)${MARK}([\\s\\S]*?)${PART_END}`, "g"))) {
    parts[match[1] as PartKey] = splitSegments(match[2] ?? "");
  }
  const intervention: CompiledIntervention = {
    slug: parsed.data.slug,
    hash: contentHash(source),
    file: shown,
    frontmatter: parsed.data,
    parts: parts as Record<InterventionPart | "kennischeck", Segment[]>,
    reflections: collector.reflections.map(({ id, html }) => ({ id, html })),
    quiz: collector.quiz.map(({ id, html, answers }) => ({ id, html, answers })),
    wordCount: countWords(rendered),
    links,
  };
  return { intervention, problems };
}
