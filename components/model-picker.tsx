"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { formatBytes } from "@/lib/models/download";
import { approxBytes, runsOn } from "@/lib/models/first-run";
import { PICKER_GROUP_LABELS, pickerGroups, selectableIds, type PickerItem } from "@/lib/models/picker";
import { readRecent, rememberRecent } from "@/lib/models/recent";
import { useAdapter } from "@/lib/models/use-adapter";
import { useCachedIds } from "@/lib/models/use-cached-ids";

/**
 * A searchable model picker (combobox + grouped listbox): Ready on this device / Remote / Downloadable,
 * recent first, with size, context window, where it runs or why it cannot, and cached state.
 * Keys: type to search, ↑/↓ to move, Enter to pick, Esc to close.
 */
export function ModelPicker({
  models,
  value,
  onChange,
  disabled,
  testId = "model-picker",
  label = "Model",
  align = "left",
}: {
  models: ModelDescriptor[];
  value: string | null;
  onChange: (id: string) => void;
  disabled?: boolean;
  testId?: string;
  label?: string;
  /** Which edge of the button the list lines up with (right for a picker at the right of a toolbar). */
  align?: "left" | "right";
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const adapter = useAdapter();
  const facts = adapter.status === "ready" ? adapter.adapter : null;
  const { cachedIds } = useCachedIds(open ? models : []);
  const [recent, setRecent] = useState<string[]>([]);
  const groups = useMemo(
    () => pickerGroups(models, { cachedIds: cachedIds ?? new Set(), adapter: facts, recent }, query),
    [models, cachedIds, facts, recent, query],
  );
  const ids = selectableIds(groups);
  const current = models.find((m) => m.id === value);

  useEffect(() => {
    if (!open) return;
    setRecent(readRecent());
    const close = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const pick = (id: string) => {
    rememberRecent(id);
    onChange(id);
    setOpen(false);
    setQuery("");
  };
  const move = (delta: number) => {
    if (!ids.length) return;
    const i = active ? ids.indexOf(active) : -1;
    setActive(ids[(i + delta + ids.length) % ids.length]);
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const id = active && ids.includes(active) ? active : ids[0];
      if (id) pick(id);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div ref={root} className="relative min-w-0">
      <button
        type="button"
        aria-label={label}
        aria-haspopup="listbox"
        aria-expanded={open}
        data-testid={testId}
        data-value={value ?? ""}
        disabled={disabled || models.length === 0}
        onClick={() => (setOpen((o) => !o), setActive(value))}
        onKeyDown={(e) => e.key === "ArrowDown" && (e.preventDefault(), setOpen(true), setActive(value))}
        className="flex h-9 w-full max-w-[45vw] min-w-0 items-center gap-1 truncate rounded-md border border-zinc-300 bg-white px-2 text-left text-sm disabled:opacity-50 sm:max-w-xs"
      >
        <span className="truncate">
          {current?.displayName ?? (value ? `${value} (unavailable)` : "Choose a model")}
        </span>
        <span aria-hidden className="ml-auto text-zinc-400">
          ▾
        </span>
      </button>
      {open && (
        <div
          className={`absolute ${align === "right" ? "right-0" : "left-0"} z-30 mt-1 flex max-h-[70vh] w-[min(26rem,92vw)] flex-col rounded-lg border border-zinc-200 bg-white shadow-lg`}
        >
          <input
            autoFocus
            role="combobox"
            aria-expanded
            aria-controls={`${testId}-list`}
            aria-activedescendant={active ? `${testId}-opt-${ids.indexOf(active)}` : undefined}
            data-testid={`${testId}-search`}
            placeholder="Search models…"
            value={query}
            onChange={(e) => (setQuery(e.target.value), setActive(null))}
            onKeyDown={onKey}
            className="m-2 rounded-md border border-zinc-300 px-2 py-1.5 text-sm"
          />
          <div id={`${testId}-list`} role="listbox" aria-label={label} className="min-h-0 overflow-y-auto pb-2">
            {groups.length === 0 && <p className="px-3 py-2 text-sm text-zinc-500">No model matches “{query}”.</p>}
            {groups.map((g) => (
              // biome-ignore lint/a11y/useSemanticElements: a listbox group is a role="group" element; a fieldset is for form controls
              <div
                key={g.id}
                role="group"
                aria-label={PICKER_GROUP_LABELS[g.id]}
                data-testid={`${testId}-group-${g.id}`}
              >
                <p className="px-3 pt-2 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">
                  {PICKER_GROUP_LABELS[g.id]}
                </p>
                {g.items.map((item) => (
                  <Option
                    key={item.model.id}
                    item={item}
                    domId={`${testId}-opt-${ids.indexOf(item.model.id)}`}
                    selected={item.model.id === value}
                    active={item.model.id === active}
                    facts={facts}
                    onPick={pick}
                  />
                ))}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function Option({
  item,
  domId,
  selected,
  active,
  facts,
  onPick,
}: {
  item: PickerItem;
  domId: string;
  selected: boolean;
  active: boolean;
  facts: Parameters<typeof runsOn>[1];
  onPick: (id: string) => void;
}) {
  const m = item.model;
  const size = approxBytes(m);
  const ok = item.runnable.ok;
  const details = [
    m.backend === "remote" ? m.provider : size ? formatBytes(size) : undefined,
    m.contextWindow ? `${Math.round(m.contextWindow / 1024)}K context` : undefined,
    ok ? runsOn(m, facts) : undefined,
  ].filter(Boolean);
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: options stay unfocusable; the search box keeps focus and points at the active one (aria-activedescendant)
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works through the search box (arrows, Enter, Esc)
    <div
      id={domId}
      role="option"
      aria-selected={selected}
      aria-disabled={!ok}
      data-testid="model-option"
      data-model-id={m.id}
      ref={(el) => {
        if (active && el) el.scrollIntoView({ block: "nearest" });
      }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => ok && onPick(m.id)}
      className={`mx-1 flex cursor-pointer flex-col rounded-md px-2 py-1.5 text-sm ${active ? "bg-zinc-100" : "hover:bg-zinc-50"} ${ok ? "" : "cursor-not-allowed opacity-60"} ${selected ? "font-medium" : ""}`}
    >
      <span className="flex items-center gap-2">
        <span className="truncate">{m.displayName}</span>
        {item.recent && <span className="text-[10px] text-zinc-400">recent</span>}
        {item.group === "ready" && (
          <span className="ml-auto rounded bg-green-100 px-1.5 text-[11px] text-green-800">Ready</span>
        )}
        {item.cached && item.group !== "ready" && (
          <span className="ml-auto rounded bg-zinc-100 px-1.5 text-[11px]">Cached</span>
        )}
      </span>
      <span className="truncate text-xs text-zinc-500">
        {ok ? details.join(" · ") : `Cannot run here: ${item.runnable.ok ? "" : item.runnable.error.message}`}
      </span>
    </div>
  );
}
