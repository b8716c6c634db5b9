import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import morgan from "morgan";
import { isAllowedOrigin } from "../app/auth/origin.server";
import type { Env } from "../app/utils/env.server";
import { inTurns } from "./turns";

const MAX_BODY_BYTES = 1024 * 1024;
export const COMPRESSION = { gzipLevel: 3, brotliQuality: 2, brotliWindowBits: 18 };

/**
 * The HTTP layer around Remix, shared by the production server and the dev server:
 * security headers with a per-response CSP nonce, compression, request logging,
 * the origin check for every request that can change data, and a body size limit.
 */
export function createHttpApp({
  env,
  build,
  staticFiles,
  beforeRemix,
}: {
  env: Env;
  build: ServerBuild | (() => Promise<ServerBuild>);
  staticFiles?: string;
  beforeRemix?: (app: express.Express) => void;
}) {
  const dev = !env.isProduction;
  const app = express();
  app.disable("x-powered-by");
  const trustProxy = env.TRUST_PROXY;
  app.set("trust proxy", trustProxy === "true" ? true : trustProxy === "false" ? false : Number(trustProxy));

  const https = env.appUrl.startsWith("https:");
  // Helmet decides the headers; they are the same for every response but the CSP nonce, so they
  // are worked out once and set from a list (docs/decisions/0007).
  const headers = headersOnce(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          // Remix's inline hydration scripts carry the nonce; Vite's dev client needs inline code.
          "script-src": dev
            ? ["'self'", "'unsafe-inline'"]
            : ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": dev ? ["'self'", "ws:"] : ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
          ...(https ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    }),
  );
  app.use((_req, res, next) => {
    const nonce = nextNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of headers.fixed) res.setHeader(name, value);
    if (headers.nonced) res.setHeader(headers.nonced.name, headers.nonced.value(nonce));
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    next();
  });

  // Pages are made per request, so they are compressed per request, on the server's own CPU: brotli
  // at quality 2 with a 256 KB window instead of quality 4 with 4 MB (a fresh 4 MB window per
  // response made quality 2 slower than 4), gzip at level 3 instead of 6. About 5% more bytes;
  // ~+15% pages per second for browsers that ask for brotli (docs/decisions/0007).
  app.use(
    compression({
      level: COMPRESSION.gzipLevel,
      brotli: {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality,
          [zlib.constants.BROTLI_PARAM_LGWIN]: COMPRESSION.brotliWindowBits,
        },
      },
    }),
  );

  if (env.LOG_REQUESTS) {
    app.use(
      morgan(dev ? "dev" : ":remote-addr :method :url :status :res[content-length] - :response-time ms", {
        skip: (req) => req.url === "/healthz" || req.url.startsWith("/assets/"),
      }),
    );
  }

  if (staticFiles) {
    app.use("/assets", express.static(`${staticFiles}/assets`, { immutable: true, maxAge: "1y", index: false }));
    // Only paths that name a file go looking on disk: a page request must not wait for a stat.
    const files = express.static(staticFiles, { maxAge: "1h", index: false });
    app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? files(req, res, next) : next()));
  }

  beforeRemix?.(app);

  app.use((req: Request, res: Response, next) => {
    const allowedHosts = [req.get("host") ?? "", new URL(env.appUrl).host].filter(Boolean);
    const origin = req.get("origin") ?? refererOrigin(req.get("referer"));
    if (!isAllowedOrigin(req.method, origin, allowedHosts)) {
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("Verzoek geweigerd: het kwam niet van een pagina van Leercirkel.");
      return;
    }
    if (req.get("transfer-encoding") && !req.get("content-length") && !["GET", "HEAD"].includes(req.method)) {
      // Browsers send a length with every form; a body of unknown length could be endless.
      res.status(411).type("text/plain; charset=utf-8").send("Verzoek geweigerd: de lengte ontbreekt.");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) {
      res.status(413).type("text/plain; charset=utf-8").send("Wat je verstuurde is te groot.");
      return;
    }
    next();
  });

  // While new connections come in, pages start one per turn of the event loop, so that a busy server
  // still lets new visitors in (scripts/turns.ts).
  app.use(inTurns());

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        documentRequest: !req.path.endsWith(".data"),
      }),
    }),
  );

  return app;
}

const NONCE_SLOT = "\u0000nonce\u0000";

/**
 * Runs a header middleware (helmet) once on a stand-in response whose CSP nonce is a slot, and
 * returns the headers it sets: the fixed ones, and the one that carries the nonce as a function
 * of the nonce. Throws when the middleware does anything else than set and remove headers at once.
 */
export function headersOnce(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void) {
  const set = new Map<string, string>();
  let done = false;
  const res = {
    locals: { cspNonce: NONCE_SLOT },
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
      return res;
    },
    removeHeader(name: string) {
      set.delete(name);
    },
  };
  middleware({} as Request, res as unknown as Response, (error) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error("the header middleware did not finish at once");
  const fixed = [...set].filter(([, value]) => !value.includes(NONCE_SLOT));
  const withNonce = [...set].filter(([, value]) => value.includes(NONCE_SLOT));
  if (withNonce.length > 1) throw new Error(`expected at most one header with the nonce, found ${withNonce.length}`);
  const [name, template] = withNonce[0] ?? [];
  if (!name || !template) return { fixed, nonced: null };
  const pieces = template.split(NONCE_SLOT);
  return { fixed, nonced: { name, value: (nonce: string) => pieces.join(nonce) } };
}

// Nonces come from a pool of random bytes, 16 per response and never reused: one call to the
// system's random source serves 256 responses instead of one.
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;
function nextNonce() {
  if (nonceOffset + 16 > noncePool.length) {
    noncePool = randomBytes(4096);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + 16);
  nonceOffset += 16;
  return nonce;
}

function refererOrigin(referer: string | undefined) {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
