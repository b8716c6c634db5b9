import { Link } from "@remix-run/react";

/** Previous/next links that keep the other search parameters. */
export function Pagination({
  page,
  pages,
  searchParams,
}: {
  page: number;
  pages: number;
  searchParams: URLSearchParams;
}) {
  if (pages <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("pagina", String(p));
    return `?${next}`;
  };
  return (
    <nav className="pagination" aria-label="Paginering">
      {page > 1 ? <Link to={href(page - 1)}>Vorige</Link> : null}
      <span>
        Pagina {page} van {pages}
      </span>
      {page < pages ? <Link to={href(page + 1)}>Volgende</Link> : null}
    </nav>
  );
}
