"use client";
import { useState } from "react";
import type { GenerationParams } from "@/lib/db/client-db";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { CloseIcon } from "@/components/ui/icons";
import { Field, Input, Textarea } from "@/components/ui/field";

export interface ChatSettingsValue {
  systemPrompt: string;
  params: GenerationParams;
}

type NumKey = "temperature" | "top_p" | "max_tokens" | "seed";
const NUMBERS: Array<{
  key: NumKey;
  label: string;
  hint: string;
  min: number;
  max?: number;
  step: string;
  int?: boolean;
}> = [
  { key: "temperature", label: "Temperature", hint: "0–2. Empty: the model's default.", min: 0, max: 2, step: "0.05" },
  { key: "top_p", label: "Top P", hint: "0–1.", min: 0, max: 1, step: "0.05" },
  { key: "max_tokens", label: "Max tokens", hint: "Longest answer, in tokens.", min: 1, step: "1", int: true },
  { key: "seed", label: "Seed", hint: "Same seed and settings → same answer.", min: 0, step: "1", int: true },
];

/** System prompt and sampling parameters of the current (or next) conversation. Saved as you type. */
export function ChatSettings({
  open,
  onClose,
  value,
  onChange,
}: {
  open: boolean;
  onClose: () => void;
  value: ChatSettingsValue;
  onChange: (patch: Partial<ChatSettingsValue>) => void;
}) {
  const [raw, setRaw] = useState<Record<NumKey, string>>(() => ({
    temperature: str(value.params.temperature),
    top_p: str(value.params.top_p),
    max_tokens: str(value.params.max_tokens),
    seed: str(value.params.seed),
  }));
  const [stopDraft, setStopDraft] = useState("");
  const stops = value.params.stop ?? [];
  const setParams = (patch: Partial<GenerationParams>) => onChange({ params: clean({ ...value.params, ...patch }) });

  function setNumber(key: NumKey, text: string, int?: boolean, min = 0, max?: number) {
    setRaw((r) => ({ ...r, [key]: text }));
    const n = int ? Number.parseInt(text, 10) : Number.parseFloat(text);
    const valid = text.trim() !== "" && Number.isFinite(n) && n >= min && (max === undefined || n <= max);
    setParams({ [key]: valid ? n : undefined });
  }

  function addStop() {
    if (!stopDraft || stops.includes(stopDraft)) return;
    setParams({ stop: [...stops, stopDraft] });
    setStopDraft("");
  }

  return (
    <Drawer open={open} onClose={onClose} side="right" testId="settings-panel" label="Chat settings">
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3">
        <h2 className="text-sm font-semibold">Chat settings</h2>
        <Button variant="ghost" size="sm" data-testid="settings-close" onClick={onClose} aria-label="Close settings">
          <CloseIcon />
        </Button>
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4">
        <Field label="System prompt">
          <Textarea
            data-testid="system-prompt"
            rows={5}
            value={value.systemPrompt}
            placeholder="You are a helpful assistant."
            onChange={(e) => onChange({ systemPrompt: e.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          {NUMBERS.map((n) => (
            <Field key={n.key} label={n.label} hint={n.hint}>
              <Input
                type="number"
                inputMode={n.int ? "numeric" : "decimal"}
                data-testid={`param-${n.key}`}
                min={n.min}
                max={n.max}
                step={n.step}
                value={raw[n.key]}
                onChange={(e) => setNumber(n.key, e.target.value, n.int, n.min, n.max)}
              />
            </Field>
          ))}
        </div>
        <Field label="Stop sequences" hint="Generation ends before any of these strings.">
          <div className="flex gap-2">
            <Input
              data-testid="stop-input"
              value={stopDraft}
              onChange={(e) => setStopDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addStop();
                }
              }}
            />
            <Button data-testid="stop-add" onClick={addStop} disabled={!stopDraft}>
              Add
            </Button>
          </div>
        </Field>
        <ul className="flex flex-wrap gap-1.5" data-testid="stop-list">
          {stops.map((s) => (
            <li
              key={s}
              data-testid="stop-sequence"
              className="flex items-center gap-1 rounded bg-zinc-200 px-2 py-0.5 font-mono text-xs"
            >
              {JSON.stringify(s)}
              <button
                type="button"
                aria-label={`Remove stop ${s}`}
                onClick={() => setParams({ stop: stops.filter((x) => x !== s) })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      </div>
    </Drawer>
  );
}

function str(n: number | undefined) {
  return n === undefined ? "" : String(n);
}

/** Drop unset fields so the engine gets exactly what the user chose. */
function clean(p: GenerationParams): GenerationParams {
  const out: GenerationParams = {};
  for (const [k, v] of Object.entries(p) as Array<[keyof GenerationParams, GenerationParams[keyof GenerationParams]]>) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
