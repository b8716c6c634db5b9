import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { resolveSegmentHtml } from "~/mdx/registry.server";
import { SegmentSourceProvider } from "~/mdx/segment-html";
import { NonceProvider } from "~/utils/nonce";

export const streamTimeout = 5_000;

/**
 * Renders the whole document before answering, and sends it in one piece: the pages have no
 * deferred data to stream, and one write costs the server less than many small ones
 * (measured with npm run bench).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  await prefillStreamTransfer(remixContext);
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <SegmentSourceProvider value={resolveSegmentHtml}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </SegmentSourceProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          body.on("error", reject);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Logged here; the user sees the Dutch error boundary, never the details.
          if (!failed) console.error(error);
          failed = true;
        },
      },
    );
    // Cleared once the page is ready: a pending timer would keep every finished render in memory
    // for seconds.
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

type StreamCache = NonNullable<NonNullable<EntryContext["renderMeta"]>["streamCache"]>;

/**
 * Reads the page's loader data (single fetch's turbo-stream) before rendering and hands it to
 * Remix's StreamTransfer through its cache, so that the render never suspends on it. Each
 * suspension cost the render another turn of the event loop, behind every request that arrived
 * meanwhile: under load, pages waited far longer than their work took (measured with npm run
 * bench). Without this cache the data would be missing from the page, which every browser test
 * would notice.
 */
async function prefillStreamTransfer(context: EntryContext) {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta) return;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const cache: StreamCache = {};
  for (let index = 0; ; index++) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    cache[index] = Object.assign(Promise.resolve(), { result: { done, value: text } });
    if (done) break;
  }
  reader.releaseLock();
  context.renderMeta.streamCache = cache;
}
