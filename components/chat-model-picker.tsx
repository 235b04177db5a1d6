"use client";
import type { ModelDescriptor } from "@/lib/engines/types";

/** The model picker. Takes the list, so its source (catalog hook, builtin list) is one line to swap. */
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
      {models.map((m) => (
        <option key={m.id} value={m.id} disabled={m.available === false} title={m.unavailableReason}>
          {m.displayName}
        </option>
      ))}
    </select>
  );
}
