import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** A GET form that narrows a list to one theme (`?thema=<id>`); `children` carry other filters along. */
export function ThemeFilter({
  themes,
  themeId,
  children,
}: {
  themes: { id: number; name: string }[];
  themeId: number | null;
  children?: ReactNode;
}) {
  return (
    <Form method="get" className="filters filters--compact">
      {children}
      <div className="field">
        <label htmlFor="thema">Thema</label>
        <select id="thema" name="thema" defaultValue={themeId ?? ""}>
          <option value="">Alle thema&apos;s</option>
          {themes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Filteren
      </button>
    </Form>
  );
}
