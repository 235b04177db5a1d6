import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LeaderboardView } from "@/components/leaderboard-view";
import type { SerializedError } from "@/lib/errors";
import type { LeaderboardResponse } from "@/lib/leaderboard/types";
import { DEFAULT_QUERY } from "@/lib/leaderboard/types";
import { createRng } from "@/lib/rating/random";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import type { Battle } from "@/lib/rating/types";

/** A board over `m` models from seeded random battles (every model meets its neighbours). */
function board(m: number, battles = 20 * m): LeaderboardResponse {
  const rng = createRng(m);
  const names = Array.from({ length: m }, (_, i) => (i % 3 === 0 ? `transformers:model-${i}` : `remote-model-${i}`));
  const data: Battle[] = [];
  for (let k = 0; k < battles && m > 1; k++) {
    const a = k % m,
      b = (a + 1 + Math.floor(rng.next() * Math.min(5, m - 1))) % m;
    if (a === b) continue;
    data.push({
      model_a: names[a],
      model_b: names[b],
      winner: rng.next() < 0.3 + a / (2 * m) ? "model_a" : rng.next() < 0.1 ? "tie" : "model_b",
    });
  }
  if (m === 1) data.length = 0;
  const r = computeLeaderboard(data, { rounds: 10 });
  const models =
    m === 1
      ? []
      : r.models.map((x) => ({
          ...x,
          kind: x.model.startsWith("transformers:") ? ("in-browser" as const) : ("remote" as const),
          provider: x.model.startsWith("transformers:") ? "transformers" : "openai",
          organization: "Org",
          license: "MIT",
          rankDelta: null,
        }));
  return {
    models,
    totalVotes: data.length,
    countedBattles: r.totalBattles,
    rounds: r.rounds,
    updatedAt: "2026-11-21T10:00:00.000Z",
    version: 1,
    query: DEFAULT_QUERY,
    winFraction: r.winFraction,
    battleCounts: r.battleCounts,
    predictedWinRate: r.predictedWinRate,
    categories: [],
    stale: false,
    ageSeconds: 0,
  };
}

const render = (b: LeaderboardResponse | null, e: SerializedError | null = null) =>
  renderToString(createElement(LeaderboardView, { initial: b, initialError: e }));

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe("LeaderboardView (server-rendered)", () => {
  it("shows the empty state with no votes", () => {
    const html = render({ ...board(1), totalVotes: 0 });
    expect(html).toContain('data-testid="leaderboard-empty"');
    expect(html).toContain("No votes yet.");
    expect(html).not.toContain('data-testid="leaderboard-table"');
  });

  it("renders two models with the table, CI chart and both heatmaps", () => {
    const html = render(board(2));
    expect(count(html, 'data-testid="leaderboard-row"')).toBe(2);
    expect(count(html, 'data-testid="ci-point"')).toBe(2);
    expect(html).toContain('data-testid="leaderboard-winfraction"');
    expect(html).toContain('data-testid="leaderboard-battlecounts"');
    expect(html).toContain("in-browser");
    expect(html.replaceAll("<!-- -->", "")).toContain("Last updated 2026-11-21 10:00:00 UTC");
    expect(html).not.toContain("leaderboard-pagination");
  });

  it("paginates 200 models and limits the heatmaps to the top 20 (changeable) with a note", () => {
    const b = board(200);
    expect(b.models.length).toBe(200);
    const html = render(b);
    expect(count(html, 'data-testid="leaderboard-row"')).toBe(50);
    expect(html).toContain('data-testid="leaderboard-pagination"');
    expect(html).toMatch(/Page <!-- -->1<!-- --> of <!-- -->4/);
    expect(count(html, 'data-testid="ci-point"')).toBe(200);
    expect(html).toContain("Showing the top <!-- -->20<!-- --> of <!-- -->200<!-- --> models by rating.");
    expect(html).toContain('data-testid="heatmap-top-n"');
    // 20×20 cells per heatmap (observed, predicted, counts), each with a tooltip
    expect(count(html, "<rect")).toBe(3 * 20 * 20);
    expect(html).not.toContain("NaN");
  });

  it("shows a typed error (e.g. a disconnected graph) instead of numbers", () => {
    const html = render(null, {
      code: "unsupported:leaderboard",
      message: "The models fall into 2 groups that were never compared",
    });
    expect(html).toContain('data-code="unsupported:leaderboard"');
    expect(html).toContain("never compared");
  });

  it("style control is on by default and shows the coefficients; a category board adds Δrank; imported models say so", () => {
    const b = board(4);
    const c = (value: number) => ({ value, lower: value - 0.1, upper: value + 0.1 });
    const styled: LeaderboardResponse = {
      ...b,
      style: { coefficients: { length: c(0.25), header: c(0.01), list: c(0.05), bold: c(0.02) }, skipped: 0 },
      categories: [
        { name: "coding", votes: 12 },
        { name: "english", votes: 30 },
      ],
    };
    const html = render(styled);
    expect(html).toMatch(
      /<input type="checkbox" role="switch" aria-checked="true" data-testid="filter-style-control" checked=""\/>/,
    );
    expect(html).toContain('data-testid="leaderboard-style-coefficients"');
    expect(html).toContain("0.250");
    expect(html.replaceAll("<!-- -->", "")).toContain("Coding (12)");
    expect(html).not.toContain("leaderboard-rank-delta");
    const cat: LeaderboardResponse = {
      ...styled,
      query: { ...DEFAULT_QUERY, category: "coding" },
      models: styled.models.map((m, i) => ({
        ...m,
        rankDelta: i === 0 ? 2 : i === 1 ? -1 : null,
        kind: i === 2 ? "imported" : m.kind,
      })),
    };
    const h2 = render(cat);
    expect(count(h2, 'data-testid="leaderboard-rank-delta"')).toBe(4);
    expect(h2.replaceAll("<!-- -->", "")).toContain("▲2");
    expect(h2.replaceAll("<!-- -->", "")).toContain("▼1");
    expect(h2).toContain(">imported</span>");
    expect(render({ ...b, style: undefined })).not.toContain("leaderboard-style-coefficients");
  });

  it("a point-fit answer says its intervals are computing, in the summary, the table and the coefficients", () => {
    const b = board(3);
    const c = (value: number) => ({ value, lower: value, upper: value });
    const point: LeaderboardResponse = {
      ...b,
      rounds: 0,
      intervalsPending: true,
      models: b.models.map((m) => ({ ...m, lower: m.rating, upper: m.rating })),
      style: { coefficients: { length: c(0.25), header: c(0.01), list: c(0.05), bold: c(0.02) }, skipped: 0 },
    };
    const html = render(point).replaceAll("<!-- -->", "");
    expect(html).toContain('data-testid="leaderboard-intervals-pending"');
    expect(count(html, ">computing…</td>")).toBe(3);
    expect(count(html, "[interval computing…]")).toBe(4);
    expect(html).toContain("point fit; 95% confidence intervals computing…");
    const full = render(b);
    expect(full).not.toContain("leaderboard-intervals-pending");
    expect(full).not.toContain("computing…");
  });
});
