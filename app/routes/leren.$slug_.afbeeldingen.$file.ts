import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readInterventionImage } from "~/mdx/registry.server";

const ParamsSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
  file: z.string().regex(/^[\w-]+(\.[\w-]+)*\.(png|jpe?g|svg|webp)$/i),
});

// Images that modules show with <Figuur>, from the module's own folder only.
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  const image = parsed.success ? await readInterventionImage(parsed.data.slug, parsed.data.file) : null;
  if (!image) throw new Response("Afbeelding niet gevonden", { status: 404 });
  return new Response(image.body, {
    headers: {
      "Content-Type": image.type,
      "Cache-Control": "public, max-age=3600",
      // An SVG opened on its own must not run scripts.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
