import type { InterventionFrontmatter } from "~/mdx/frontmatter";
import type { SegmentRef } from "~/mdx/segment-html";
import type { CompiledIntervention } from "~/mdx/types";

/** A segment of a module page: its HTML (or "" when the document carries it, see segment-html). */
export type PageSegment = { ref: SegmentRef; html: string } | { reflection: string } | { question: string };

/** What a module page shows every learner alike: made once per compiled module. */
export type ModuleContent = {
  frontmatter: InterventionFrontmatter;
  parts: Record<keyof CompiledIntervention["parts"], PageSegment[]>;
  reflections: { id: string; html: string }[];
  /** The questions of the knowledge check without their answers' correctness or feedback. */
  quiz: { id: string; html: string; answers: { html: string }[] }[];
};

/**
 * A module's content goes into the page's data as one JSON text, made once per compiled module
 * (and per variant: with or without the article's HTML). Remix's serializer (turbo-stream) walks
 * every value of the data on every request; for the ~140 values of a module's content that was more
 * than half its work on the module page (docs/decisions/0007). One string costs it next to nothing.
 */
export type ModuleContentJson = string & { readonly __moduleContent: true };

// The content of the JSON texts seen last, so that each is parsed once (on the server: never, the
// text is registered when it is made).
const known = new Map<string, ModuleContent>();
const KEEP = 64;

function remember(json: string, content: ModuleContent) {
  if (known.size >= KEEP) known.delete(known.keys().next().value!);
  known.set(json, content);
}

/**
 * The JSON text of a module's content. The server renders from the parsed text too, so the server
 * and the browser render exactly the same values (JSON leaves out what is undefined).
 */
export function toModuleContentJson(content: ModuleContent): ModuleContentJson {
  const json = JSON.stringify(content) as ModuleContentJson;
  remember(json, JSON.parse(json) as ModuleContent);
  return json;
}

/** The content in a JSON text made by toModuleContentJson. Do not change what it returns: it is shared. */
export function readModuleContent(json: ModuleContentJson): ModuleContent {
  let content = known.get(json);
  if (!content) {
    content = JSON.parse(json) as ModuleContent;
    remember(json, content);
  }
  return content;
}
