"use client";
import type { ReactNode } from "react";

/**
 * A panel that is a slide-over drawer (with a backdrop) below `breakpoint` and,
 * when `staticFrom` is set, a normal column from that width up.
 */
export function Drawer({
  open,
  onClose,
  side,
  children,
  staticFromMd = false,
  testId,
  label,
}: {
  open: boolean;
  onClose: () => void;
  side: "left" | "right";
  children: ReactNode;
  staticFromMd?: boolean;
  testId?: string;
  label: string;
}) {
  const pos = side === "left" ? "left-0 border-r" : "right-0 border-l";
  const hidden = side === "left" ? "-translate-x-full" : "translate-x-full";
  const md = staticFromMd ? "md:static md:z-auto md:visible md:translate-x-0 md:shadow-none" : "";
  return (
    <>
      {open && (
        <div
          aria-hidden
          onClick={onClose}
          className={`fixed inset-0 z-30 bg-zinc-900/30 ${staticFromMd ? "md:hidden" : ""}`}
        />
      )}
      <aside
        aria-label={label}
        data-testid={testId}
        data-open={open}
        className={`fixed inset-y-0 z-40 flex w-[min(20rem,85vw)] flex-col border-zinc-200 bg-zinc-50 shadow-xl transition-transform ${pos} ${open ? "visible translate-x-0" : `invisible ${hidden}`} ${md}`}
      >
        {children}
      </aside>
    </>
  );
}
