import type { Request, Response } from "express";
import helmet from "helmet";
import { describe, expect, test } from "vitest";
import { headersOnce } from "../scripts/http-app";

// The HTTP layer sets helmet's headers from a list worked out once (scripts/http-app.ts): that list
// must be exactly what helmet itself sets on each response, nonce included.

function perResponse(middleware: ReturnType<typeof helmet>, nonce: string) {
  const set = new Map<string, string>();
  const res = {
    locals: { cspNonce: nonce },
    setHeader: (name: string, value: unknown) => set.set(name, String(value)),
    removeHeader: (name: string) => set.delete(name),
  };
  middleware({} as Request, res as unknown as Response, () => {});
  return set;
}

const nonceOptions = (https: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "frame-ancestors": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  });

describe("security headers worked out once", () => {
  test.each([false, true])("are what helmet sets on each response (https: %s)", (https) => {
    const middleware = nonceOptions(https);
    const once = headersOnce(middleware);
    for (const nonce of ["a1B2c3D4e5F6g7H8i9J0kA==", "zzzzzzzzzzzzzzzzzzzzzw=="]) {
      const expected = perResponse(middleware, nonce);
      const got = new Map(once.fixed);
      if (once.nonced) got.set(once.nonced.name, once.nonced.value(nonce));
      expect(got).toEqual(expected);
      expect(got.get("Content-Security-Policy")).toContain(`script-src 'self' 'nonce-${nonce}'`);
      expect(got.get("Content-Security-Policy")).toContain(`style-src 'self' 'nonce-${nonce}'`);
    }
    expect(once.fixed.some(([name]) => name === "Strict-Transport-Security")).toBe(https);
  });

  test("without a nonce in the policy, every header is fixed", () => {
    const once = headersOnce(helmet({ contentSecurityPolicy: { directives: { "script-src": ["'self'"] } } }));
    expect(once.nonced).toBeNull();
    expect(new Map(once.fixed).get("X-Content-Type-Options")).toBe("nosniff");
  });

  test("a middleware that does not answer at once is refused", () => {
    expect(() => headersOnce(() => {})).toThrow(/did not finish at once/);
  });
});
