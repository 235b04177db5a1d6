"use client";

import type { PlaygroundParams } from "@/lib/playground/params";

const FIELDS = [
  { key: "temperature", label: "Temperature", step: 0.1, min: 0, max: 2 },
  { key: "topP", label: "Top p", step: 0.05, min: 0, max: 1 },
  { key: "maxTokens", label: "Max tokens", step: 1, min: 1, max: 4096 },
] as const;

export function PlaygroundParamsForm({
  value,
  onChange,
}: {
  value: PlaygroundParams;
  onChange: (p: PlaygroundParams) => void;
}) {
  return (
    <fieldset className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5" data-testid="playground-params">
      {FIELDS.map((f) => (
        <label key={f.key} className="flex flex-col gap-1">
          <span className="text-zinc-600">{f.label}</span>
          <input
            type="number"
            className="rounded border border-zinc-300 px-2 py-1"
            data-testid={`param-${f.key}`}
            step={f.step}
            min={f.min}
            max={f.max}
            value={value[f.key]}
            onChange={(e) => onChange({ ...value, [f.key]: Number(e.target.value) })}
          />
        </label>
      ))}
      <label className="flex flex-col gap-1">
        <span className="text-zinc-600">Seed</span>
        <input
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="param-seed"
          inputMode="numeric"
          placeholder="random"
          value={value.seed}
          onChange={(e) => onChange({ ...value, seed: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-zinc-600">Stop</span>
        <input
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="param-stop"
          placeholder="none"
          value={value.stop}
          onChange={(e) => onChange({ ...value, stop: e.target.value })}
        />
      </label>
      <label className="col-span-2 flex flex-col gap-1 sm:col-span-5">
        <span className="text-zinc-600">System prompt</span>
        <input
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="param-system"
          placeholder="optional"
          value={value.system}
          onChange={(e) => onChange({ ...value, system: e.target.value })}
        />
      </label>
    </fieldset>
  );
}
