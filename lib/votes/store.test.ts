import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { openPostgres } from "./sql";
import { vote } from "./vote-fixture.mock";
import { getVoteStore, resetVoteStore } from "./store";

const PG_URL = process.env.TEST_DATABASE_URL;
if (!PG_URL && process.env.JOUST_REQUIRE_PG === "1") throw new Error("JOUST_REQUIRE_PG=1 but TEST_DATABASE_URL is not set");

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

  (PG_URL ? it : it.skip)("uses PostgreSQL when DATABASE_URL is set", async () => {
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
  }, 60_000);
});
