import { describe, expect, it } from "vitest";
import { GET } from "./route";
import { parseLeaderboardQuery } from "./schema";

describe("GET /api/leaderboard", () => {
  it("parses the query with defaults", () => {
    const q = parseLeaderboardQuery(new URLSearchParams(""));
    expect(q.success && q.data).toEqual({
      anony: true,
      excludeTies: false,
      minBattles: 0,
      rounds: 100,
      from: undefined,
      to: undefined,
      style: true,
      category: "",
    });
    const r = parseLeaderboardQuery(
      new URLSearchParams(
        "anony=0&excludeTies=1&minBattles=5&from=2026-01-01&to=1800000000&rounds=10&style=0&category=coding",
      ),
    );
    expect(r.success && r.data).toEqual({
      anony: false,
      excludeTies: true,
      minBattles: 5,
      rounds: 10,
      from: 1767225600,
      to: 1800000000,
      style: false,
      category: "coding",
    });
  });

  it("rejects bad parameters with a typed 400", async () => {
    for (const qs of [
      "rounds=-1",
      "rounds=abc",
      "anony=maybe",
      "from=notadate",
      "from=2000&to=1000",
      "minBattles=1.5",
      "style=maybe",
      "category=Drop%20Table;",
      `category=${"x".repeat(65)}`,
    ]) {
      const res = await GET(new Request(`http://x/api/leaderboard?${qs}`));
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(body.error.code, qs).toBe("bad_request:leaderboard");
    }
  });

  it("serves the (placeholder-empty or real) store as the documented JSON shape", async () => {
    const res = await GET(new Request("http://x/api/leaderboard?rounds=5"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Array.isArray(body.models)).toBe(true);
    expect(typeof body.totalVotes).toBe("number");
    expect(Number.isNaN(Date.parse(body.updatedAt))).toBe(false);
    expect(body.winFraction.models.length).toBe(body.models.length);
    expect(body.battleCounts.matrix.length).toBe(body.models.length);
    expect(body.predictedWinRate.models.length).toBe(body.models.length);
    expect(body).toMatchObject({ stale: false, query: { style: true, category: "" } });
    expect(Array.isArray(body.categories)).toBe(true);
  });
});

describe("GET /api/leaderboard under a parameter flood (issue 16)", () => {
  it("caps rounds and buckets from/to to whole hours, so distinct values share cache entries", () => {
    expect(parseLeaderboardQuery(new URLSearchParams("rounds=1000")).success).toBe(false);
    const keys = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const q = parseLeaderboardQuery(new URLSearchParams(`from=${1_767_225_600 + i}&to=${1_767_229_000 + i}`));
      expect(q.success).toBe(true);
      if (q.success) keys.add(`${q.data.from}-${q.data.to}`);
    }
    expect(keys.size).toBeLessThanOrEqual(2);
  });

  it("rate-limits each client with 429 and Retry-After", async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await GET(new Request(`http://x/api/leaderboard?from=${1_000_000 + i * 7200}`));
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited!.json()).error.code).toBe("rate_limit:leaderboard");
  }, 120_000);
});

describe("GET /api/leaderboard flood: bounded work", () => {
  it("20 requests with distinct `from` values within an hour cost one computation", async () => {
    const { getLeaderboardService } = await import("@/lib/leaderboard/service");
    const svc = getLeaderboardService();
    await new Promise((r) => setTimeout(r, 7_000)); // the earlier rate-limit test emptied this client's bucket
    const before = svc.computations;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        GET(new Request(`http://x/api/leaderboard?rounds=7&from=${1_767_225_600 + i * 60}`)).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(svc.computations - before).toBe(1);
  }, 120_000);
});
