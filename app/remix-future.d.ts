import "@remix-run/node";

// Single fetch: loaders and actions return plain data; see docs/decisions/0001-remix-single-fetch.md.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
