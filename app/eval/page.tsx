import { EvalView } from "@/components/eval-view";

export const metadata = { title: "Evaluation · Joust" };

export default function EvalPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <header>
        <h1 className="text-xl font-semibold">Evaluation (MT-Bench style)</h1>
        <p className="text-sm text-zinc-600">
          Ask a set of multi-turn questions to any models, in your browser or on a server, and let a judge model grade
          the answers (single score 1–10 or pairwise). Files are compatible with FastChat&apos;s llm_judge.
        </p>
      </header>
      <EvalView />
    </div>
  );
}
