import type { SerializedError } from "@/lib/errors";

/** The anonymous arena needs two models that can answer now; says what is missing and links to what fixes it. */
export function ArenaPoolShortfall({
  remote,
  local,
  listError,
}: {
  remote: number;
  local: number;
  listError?: SerializedError;
}) {
  const have =
    remote + local === 0
      ? "No model can answer here yet"
      : `Only one model can answer here now (${remote === 1 ? "one remote model" : "one downloaded in-browser model"})`;
  return (
    <section
      data-testid="arena-shortfall"
      role="status"
      className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <p className="font-medium">{have}: a battle needs two.</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <a href="/models" className="underline" data-testid="arena-shortfall-models">
            Download an in-browser model on the Models page
          </a>{" "}
          (it runs on this device; downloaded models join battles).
        </li>
        <li>
          Or ask the server&apos;s operator to configure remote models (OpenAI, Anthropic, Gemini, Mistral or any
          OpenAI-compatible server) in <code>joust.config.json</code>; see <code>joust.config.example.json</code> and
          the README.
        </li>
      </ul>
      {listError && (
        <p className="text-xs text-amber-800">The server&apos;s model list could not be read: {listError.message}</p>
      )}
    </section>
  );
}
