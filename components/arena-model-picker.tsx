"use client";
import { ModelPicker } from "@/components/model-picker";
import type { ModelDescriptor } from "@/lib/models/descriptor";

/** Two searchable pickers: the named battle's Model A and Model B (in-browser models ready here, and remote ones). */
export function ArenaModelPicker(p: {
  models: ModelDescriptor[];
  a: string;
  b: string;
  onChange: (a: string, b: string) => void;
  disabled?: boolean;
}) {
  const picker = (side: "a" | "b", value: string) => (
    <div className="flex min-w-0 flex-1 items-center gap-2 text-sm">
      <span className="shrink-0 font-medium">Model {side.toUpperCase()}</span>
      <div className="min-w-0 flex-1">
        <ModelPicker
          testId={`arena-pick-${side}`}
          label={`Model ${side.toUpperCase()}`}
          models={p.models}
          value={value || null}
          disabled={p.disabled}
          onChange={(id) => (side === "a" ? p.onChange(id, p.b) : p.onChange(p.a, id))}
        />
      </div>
    </div>
  );
  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      {picker("a", p.a)}
      {picker("b", p.b)}
    </div>
  );
}
