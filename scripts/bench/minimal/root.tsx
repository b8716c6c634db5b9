import { Links, Meta, Outlet, Scripts } from "@remix-run/react";

// The ceiling for the module page: the same article through Remix, with no session, database,
// layout or styles (scripts/bench.ts).
export default function App() {
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  );
}
