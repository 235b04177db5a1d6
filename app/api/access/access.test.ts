import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_COOKIE } from "@/lib/http/access-code";
import { POST as chatPOST } from "../chat/route";
import { POST as accessPOST } from "./route";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://joust.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const chat = (headers: Record<string, string> = {}) =>
  chatPOST(post("/api/chat", { model: "no-such-model", messages: [{ role: "user", content: "hi" }] }, headers));

afterEach(() => {
  delete process.env.JOUST_ACCESS_CODE;
});

describe("JOUST_ACCESS_CODE (issue 16)", () => {
  it("without the code, /api/chat is refused; the /access form's cookie or the header lets it through", async () => {
    process.env.JOUST_ACCESS_CODE = "open-sesame";
    const refused = await chat();
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatchObject({ code: "unauthorized:api", details: { access: true } });
    expect((await chat({ cookie: `${ACCESS_COOKIE}=forged` })).status).toBe(401);

    const wrong = await accessPOST(post("/api/access", { code: "guess" }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const right = await accessPOST(post("/api/access", { code: "open-sesame" }));
    expect(right.status).toBe(200);
    const setCookie = right.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toContain("open-sesame");
    const cookie = setCookie.split(";")[0];
    expect((await chat({ cookie })).status).toBe(404); // past the gate: the model is unknown
    expect((await chat({ "x-access-code": "open-sesame" })).status).toBe(404);
  });

  it("unset means open", async () => {
    expect((await chat()).status).toBe(404);
  });
});
