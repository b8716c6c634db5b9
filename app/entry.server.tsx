import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { MarkupRendererProvider } from "~/components/markup-once";
import { resolveSegmentHtml } from "~/mdx/registry.server";
import { SegmentSourceProvider } from "~/mdx/segment-html";
import { NonceProvider } from "~/utils/nonce";

export const streamTimeout = 5_000;

const utf8 = new TextEncoder();

/**
 * Renders the whole document to one string and sends it in one piece: the pages have no deferred
 * data to stream. React's string renderer does the same work as its stream renderer without the
 * streams, buffers and extra turns of the event loop: the module page costs the server about 15%
 * less, the catalogue about 20% (docs/decisions/0007). The HTML is the same byte for byte.
 *
 * A render error throws here; Remix then logs it and renders the nearest error boundary (the
 * Dutch error page) with status 500.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // The string renderer cannot wait for data: everything the page shows must be there first.
  await prefillStreamTransfer(remixContext);
  const html = renderToString(
    <NonceProvider value={nonce}>
      <SegmentSourceProvider value={resolveSegmentHtml}>
        <MarkupRendererProvider value={renderToString}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </MarkupRendererProvider>
      </SegmentSourceProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(oneChunk(utf8.encode(`<!DOCTYPE html>${html}`)), {
    headers: responseHeaders,
    status: responseStatusCode,
  });
}

/**
 * The page as a stream of one chunk. Handed to Response as a string, the body would first be
 * checked character by character for lone surrogates; as bytes, it would be copied and read through
 * a byte stream, which costs more than the encoding itself (docs/decisions/0007).
 */
function oneChunk(bytes: Uint8Array) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

type StreamCache = NonNullable<NonNullable<EntryContext["renderMeta"]>["streamCache"]>;

/**
 * Reads the page's loader data (single fetch's turbo-stream) before rendering and hands it to
 * Remix's StreamTransfer through its cache, so that the render never suspends on it: the string
 * renderer would put a suspended part's fallback in the page instead (an empty one here), and the
 * page would lack its data, which every browser test would notice.
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
