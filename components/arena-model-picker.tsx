"use client";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export interface PickerOption {
  id: string;
  label: string;
  disabled?: boolean;
}

export function toPickerOptions(local: ModelDescriptor[], remote: Array<{ name: string; available: boolean; unavailableReason?: string }>): PickerOption[] {
  return [
    ...local.map((m) => ({ id: m.id, label: `${m.displayName} (in browser)` })),
    ...remote.map((m) => ({ id: `remote:${m.name}`, label: m.available ? `${m.name} (remote)` : `${m.name} — ${m.unavailableReason ?? "unavailable"}`, disabled: !m.available })),
  ];
}

/** Two selects: the named battle's Model A and Model B. */
export function ArenaModelPicker(p: { options: PickerOption[]; a: string; b: string; onChange: (a: string, b: string) => void; disabled?: boolean }) {
  const select = (side: "a" | "b", value: string) => (
    <label className="flex min-w-0 flex-1 items-center gap-2 text-sm">
      <span className="shrink-0 font-medium">Model {side.toUpperCase()}</span>
      <select
        data-testid={`arena-pick-${side}`}
        value={value}
        disabled={p.disabled}
        onChange={(e) => (side === "a" ? p.onChange(e.target.value, p.b) : p.onChange(p.a, e.target.value))}
        className="min-w-0 flex-1 rounded-md border border-zinc-300 px-2 py-1.5"
      >
        <option value="">Choose a model…</option>
        {p.options.map((o) => (
          <option key={o.id} value={o.id} disabled={o.disabled}>{o.label}</option>
        ))}
      </select>
    </label>
  );
  return <div className="flex flex-col gap-2 sm:flex-row">{select("a", p.a)}{select("b", p.b)}</div>;
}
