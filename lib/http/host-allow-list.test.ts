import { describe, expect, it } from "vitest";
import { hostAllowed } from "./host-allow-list";

describe("Host allow-list (DNS rebinding)", () => {
  it("refuses a rebound host name when the list is set, allows everything when it is not", () => {
    const list = "joust.intranet:3000, localhost:3000";
    expect(hostAllowed("attacker.example:3000", list)).toBe(false);
    expect(hostAllowed(null, list)).toBe(false);
    expect(hostAllowed("JOUST.intranet:3000", list)).toBe(true);
    expect(hostAllowed("localhost:3000", list)).toBe(true);
    expect(hostAllowed("attacker.example", undefined)).toBe(true);
    expect(hostAllowed("attacker.example", " , ")).toBe(true);
  });
});
