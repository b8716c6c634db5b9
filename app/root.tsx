import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getSession } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { SiteHeader } from "~/components/site-header";
import { readFlash } from "~/utils/flash.server";
import { useNonce } from "~/utils/nonce";
import stylesUrl from "~/styles/app.css?url";

export async function loader({ request }: LoaderFunctionArgs) {
  const [{ user, setCookie }, flash] = await Promise.all([getSession(request), readFlash(request)]);
  const cookies = [setCookie, flash.setCookie].filter((c): c is string => Boolean(c));
  return data(
    {
      // Only what the header shows: every page carries this in its data.
      user: user ? { name: user.name, roles: user.roles } : null,
      flash: flash.message,
    },
    cookies.length ? { headers: cookies.map((c): [string, string] => ["Set-Cookie", c]) } : undefined,
  );
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Leercirkel" }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const rootData = useRouteLoaderData<typeof loader>("root");
  // Tells the browser tests (and anyone curious) that the page is interactive.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#inhoud">
          Naar de inhoud
        </a>
        <SiteHeader user={rootData?.user ?? null} />
        <main id="inhoud" tabIndex={-1}>
          {rootData?.flash ? (
            <p className="flash" role="status">
              {rootData.flash}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site-footer">
          <p>Leercirkel · leren in de jeugdhulp, van casuïstiek tot verandering in de praktijk</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
