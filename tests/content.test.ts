import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { loadInterventions } from "~/mdx/registry.server";

const BROKEN = "tests/fixtures/content-broken";
const problemsOf = async () =>
  (await loadInterventions({ contentDir: BROKEN, themeSlugs: ["autisme"], useCache: false })).problems.map(
    (p) => `${p.file}:${p.line}: ${p.message}`,
  );

describe("content check", () => {
  test("names the file, the line and the reason of every problem, and keeps those modules offline", async () => {
    const registry = await loadInterventions({ contentDir: BROKEN, themeSlugs: ["autisme"], useCache: false });
    expect(registry.list.map((i) => i.slug)).toEqual(["goed"]);
    const problems = await problemsOf();
    expect(problems).toEqual(
      expect.arrayContaining([
        "interventions/kop-fout/index.mdx:6: duration: moet een aantal minuten zijn",
        'interventions/thema-onbekend/index.mdx:4: onbekend thema "bestaat-niet"',
        "interventions/deel-ontbreekt/index.mdx:20: het onderdeel <Ervaringsdeskundigheid> ontbreekt",
        'interventions/geen-juist/index.mdx:63: de kennischeckvraag "eerste" heeft geen juist antwoord',
        "interventions/link-kapot/index.mdx:25: de link /leren/bestaat-niet wijst naar een pagina die niet bestaat",
        'interventions/dubbel-a/index.mdx:3: de slug "dubbel-a" wordt door meer dan één module gebruikt',
        'interventions/dubbel-b/index.mdx:3: slug "dubbel-a" is niet gelijk aan de mapnaam "dubbel-b"',
      ]),
    );
    expect(
      problems.some((p) => p.startsWith("interventions/onleesbaar/index.mdx:43: MDX kon niet worden gelezen")),
    ).toBe(true);
  });

  test("compiles a valid module into parts, reflection questions and a scored check", async () => {
    const { list, problems } = await loadInterventions({
      contentDir: "tests/fixtures/content",
      themeSlugs: ["autisme"],
      useCache: false,
    });
    expect(problems).toEqual([]);
    const module = list[0]!;
    expect(module.slug).toBe("voorbeeld");
    expect(module.reflections.map((r) => r.id)).toEqual(["eigen-werk", "anders"]);
    expect(module.parts.toepassen.filter((s) => "reflection" in s)).toHaveLength(2);
    expect(module.quiz.map((q) => q.answers.map((a) => a.correct))).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(module.parts.kennis[0]).toMatchObject({ html: expect.stringContaining("Fictieve casus") });
  });

  test("npm run content:check fails with file:line lines on broken content and passes on good content", () => {
    const run = (contentDir: string) =>
      spawnSync("node", ["--import", "tsx", "scripts/content-check.ts"], {
        env: { ...process.env, CONTENT_DIR: contentDir, DATABASE_PATH: ":memory:" },
        encoding: "utf8",
      });
    const broken = run(BROKEN);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`${BROKEN}/interventions/geen-juist/index.mdx:63: de kennischeckvraag`);
    const good = run("tests/fixtures/content");
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("1 module(s) in orde: voorbeeld");
  }, 30_000);
});
