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
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
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
