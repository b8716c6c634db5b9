import { readFileSync } from "node:fs";
import { useLoaderData } from "@remix-run/react";

const article = readFileSync(process.env.BENCH_ARTICLE ?? "tmp/bench/article.html", "utf8");

export async function loader() {
  return { html: article };
}

export default function Article() {
  const { html } = useLoaderData<typeof loader>();
  return <article dangerouslySetInnerHTML={{ __html: html }} />;
}
