import type { InterventionPart } from "@db/schema/enums";
import type { InterventionFrontmatter } from "./frontmatter";

/** A piece of a part: authored HTML, or the place of an interactive element. */
export type Segment = { html: string } | { reflection: string } | { question: string };

export type QuizQuestion = {
  id: string;
  html: string;
  answers: { html: string; correct: boolean; feedback: string }[];
};

/** What the app keeps of a compiled module: HTML and data, no code to evaluate. */
export type CompiledIntervention = {
  slug: string;
  hash: string;
  file: string;
  frontmatter: InterventionFrontmatter;
  parts: Record<InterventionPart | "kennischeck", Segment[]>;
  reflections: { id: string; html: string }[];
  quiz: QuizQuestion[];
  wordCount: number;
  links: { url: string; line: number }[];
};

export type ContentProblem = { file: string; line: number; message: string };
