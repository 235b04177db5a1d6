"use client";
import { type CatalogGroup, catalogGroup } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";

const GROUPS: Array<[CatalogGroup, string]> = [
  ["test", "In-browser · built-in"],
  ["transformers", "In-browser · transformers.js"],
  ["webllm", "In-browser · web-llm (WebGPU)"],
  ["custom", "In-browser · custom"],
  ["remote", "Remote (via server)"],
];

/** The model picker: in-browser and remote models, grouped; remote ones marked, unavailable ones disabled with the reason. */
export function ChatModelPicker({
  models,
  value,
  onChange,
  disabled,
}: {
  models: ModelDescriptor[];
  value: string | null;
  onChange: (modelId: string) => void;
  disabled?: boolean;
}) {
  const known = models.some((m) => m.id === value);
  return (
    <select
      aria-label="Model"
      data-testid="model-picker"
      value={value ?? ""}
      disabled={disabled || models.length === 0}
      onChange={(e) => onChange(e.target.value)}
      className="h-9 max-w-[45vw] min-w-0 truncate rounded-md border border-zinc-300 bg-white px-2 text-sm sm:max-w-xs"
    >
      {!known && <option value={value ?? ""}>{value ? `${value} (unavailable)` : "Choose a model"}</option>}
      {GROUPS.map(([group, label]) => {
        const inGroup = models.filter((m) => catalogGroup(m) === group);
        if (!inGroup.length) return null;
        return (
          <optgroup key={group} label={label}>
            {inGroup.map((m) => (
              <option key={m.id} value={m.id} disabled={m.available === false} title={m.unavailableReason}>
                {m.displayName}
                {m.backend === "remote" ? " (remote)" : ""}
                {m.available === false ? ` — unavailable: ${m.unavailableReason ?? "disabled"}` : ""}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
