import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { openPostgres } from "./sql";
import { vote } from "./vote-fixture.mock";
import { readyVoteStore, getVoteStore, resetVoteStore } from "./store";

const PG_URL = process.env.TEST_DATABASE_URL;
if (!PG_URL && process.env.JOUST_REQUIRE_PG === "1")
  throw new Error("JOUST_REQUIRE_PG=1 but TEST_DATABASE_URL is not set");

const dir = mkdtempSync(join(tmpdir(), "joust-store-"));
afterAll(async () => {
  await resetVoteStore();
  delete process.env.DATABASE_URL;
  resetEnvCache();
  rmSync(dir, { recursive: true, force: true });
});

describe("getVoteStore", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the environment variable, not a template
  it("defaults to PGlite in ${JOUST_DATA_DIR}/pglite, persisting across reopen", async () => {
    process.env.JOUST_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    resetEnvCache();
    const s = await getVoteStore();
    expect(s.kind).toBe("pglite");
    expect(await getVoteStore()).toBe(s);
    await s.insertVotes([vote(1), vote(2)]);
    await resetVoteStore();
    const again = await getVoteStore();
    expect(again).not.toBe(s);
    expect(await again.countVotes()).toBe(2);
    await resetVoteStore();
  }, 120_000);

  it("requests get 503 unavailable:database with Retry-After while the store opens, the store once open", async () => {
    process.env.JOUST_DATA_DIR = join(dir, "slow");
    process.env.JOUST_PGLITE_SEED = join(dir, "no-seed.tar.gz");
    delete process.env.DATABASE_URL;
    resetEnvCache();
    try {
      const err = await readyVoteStore(0).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "unavailable:database", status: 503, details: { retryAfter: 2 } });
      expect((err as { toResponse: () => Response }).toResponse().headers.get("retry-after")).toBe("2");
      const s = await getVoteStore();
      expect(await readyVoteStore(0)).toBe(s);
    } finally {
      delete process.env.JOUST_PGLITE_SEED;
      await resetVoteStore();
    }
  }, 120_000);

  it("a fresh data dir starts from the build's pre-initialised PGlite dump (no initdb)", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const seed = await PGlite.create();
    await seed.exec("CREATE TABLE seeded_marker (x int)");
    writeFileSync(join(dir, "seed.tar.gz"), Buffer.from(await (await seed.dumpDataDir("gzip")).arrayBuffer()));
    await seed.close();
    process.env.JOUST_DATA_DIR = join(dir, "seeded");
    process.env.JOUST_PGLITE_SEED = join(dir, "seed.tar.gz");
    resetEnvCache();
    try {
      const s = await getVoteStore();
      await s.insertVotes([vote(3)]);
      expect(existsSync(join(dir, "seeded", "pglite", "PG_VERSION"))).toBe(true);
      await resetVoteStore();
      // Reopened from disk (the seed is not applied twice): the marker and the vote are both there.
      const { openPglite } = await import("./sql");
      const db = await openPglite(join(dir, "seeded", "pglite"));
      expect(await db.query("SELECT count(*)::int AS n FROM seeded_marker")).toEqual([{ n: 0 }]);
      await db.close();
      expect(await (await getVoteStore()).countVotes()).toBe(1);
    } finally {
      delete process.env.JOUST_PGLITE_SEED;
      await resetVoteStore();
    }
  }, 180_000);

  (PG_URL ? it : it.skip)(
    "uses PostgreSQL when DATABASE_URL is set",
    async () => {
      const schema = `store_${Date.now().toString(36)}`;
      const admin = await openPostgres(PG_URL!, 1);
      await admin.exec(`CREATE SCHEMA ${schema}`);
      await admin.close();
      const u = new URL(PG_URL!);
      u.searchParams.set("options", `-c search_path=${schema}`);
      process.env.DATABASE_URL = u.toString();
      resetEnvCache();
      const s = await getVoteStore();
      expect(s.kind).toBe("postgres");
      await s.insertVotes([vote(7)]);
      expect(await s.countVotes()).toBe(1);
      await resetVoteStore();
    },
    60_000,
  );
});
