"use client";
import { useState } from "react";
import { fetchJson, JoustError } from "@/lib/errors";

/** Sends the access code to POST /api/access, which sets the access cookie. */
export function AccessForm() {
  const [code, setCode] = useState("");
  const [state, setState] = useState<{ kind: "idle" | "busy" | "ok" } | { kind: "error"; message: string }>({
    kind: "idle",
  });
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setState({ kind: "busy" });
    try {
      await fetchJson("/api/access", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code }),
      });
      setState({ kind: "ok" });
    } catch (err) {
      setState({ kind: "error", message: JoustError.from(err, "internal:api").message });
    }
  }
  return (
    <form onSubmit={submit} className="space-y-2" data-testid="access-form">
      <input
        type="password"
        autoComplete="current-password"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        className="w-full rounded border border-zinc-300 px-2 py-1"
        aria-label="Access code"
        data-testid="access-code"
      />
      <button
        type="submit"
        disabled={!code || state.kind === "busy"}
        className="rounded bg-zinc-900 px-3 py-1 text-white disabled:opacity-50"
      >
        Continue
      </button>
      {state.kind === "ok" && (
        <p className="text-sm text-green-700" data-testid="access-ok">
          Access granted.{" "}
          <a className="underline" href="/arena">
            Go to the arena
          </a>
        </p>
      )}
      {state.kind === "error" && (
        <p className="text-sm text-red-700" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
