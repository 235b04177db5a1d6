import { describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/arena/server/http";
import { JoustError } from "@/lib/errors";
import { safeError } from "./safe-error";

describe("safeError: database text never reaches a client", () => {
  it("answers with an id and logs the detail", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const db = new Error('relation "votes" does not exist at postgres://joust:s3cret@db.internal:5432/joust');
    const e = safeError(db, "internal:leaderboard", "leaderboard");
    expect(e.code).toBe("internal:leaderboard");
    expect(e.message).not.toMatch(/relation|votes|postgres|s3cret|internal:5432/);
    const id = e.details?.errorId as string;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(e.message).toContain(id);
    expect(String(log.mock.calls[0][0])).toContain(id); // the operator can find it in the log
    expect(log.mock.calls[0][1]).toBe(db);
    // An `internal` JoustError built from a driver message is treated the same way.
    const wrapped = safeError(JoustError.from(db, "internal:leaderboard"), "internal:leaderboard");
    expect(wrapped.message).not.toContain("relation");
    // Typed, expected errors pass unchanged.
    const typed = new JoustError("bad_request:arena", "Pick two different models.");
    expect(safeError(typed, "internal:arena")).toBe(typed);
    const res = errorResponse(db, "arena");
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("relation");
    log.mockRestore();
  });
});
