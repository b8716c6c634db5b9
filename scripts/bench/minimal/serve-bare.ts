// The ceiling of ceilings: node:http returning the module page's HTML from memory.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const html = readFileSync(process.env.BENCH_PAGE ?? "tmp/bench/page.html");
createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": html.length });
  res.end(html);
}).listen(Number(process.env.PORT ?? 3402), () => console.info("bare ready"));
