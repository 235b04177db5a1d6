"use client";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ArenaLocalModels } from "@/components/arena-local-models";
import { ArenaModelPicker } from "@/components/arena-model-picker";
import { remoteToDescriptor } from "@/lib/models/catalog";
import { ArenaPane } from "@/components/arena-pane";
import { ArenaPromptBar } from "@/components/arena-prompt-bar";
import { ArenaReveal } from "@/components/arena-reveal";
import { ArenaSyncStatus } from "@/components/arena-sync-status";
import { useOnline } from "@/lib/browser/use-online";
import { ArenaVoteBar } from "@/components/arena-vote-bar";
import type { CreateBattleRequest } from "@/lib/arena/api-types";
import type { BattleRunner, BattleSnapshot, SideId } from "@/lib/arena/battle-runner";
import { BattleSession, redact } from "@/lib/arena/battle-session";
import { voteForBattle } from "@/lib/arena/outbox";
import { browserVoteSync } from "@/lib/arena/sync";
import { db } from "@/lib/db/db";
import { useArenaPool } from "@/lib/arena/use-arena-pool";
import { poolShortfall } from "@/lib/models/pool";
import { ArenaPoolShortfall } from "@/components/arena-pool-shortfall";
import { JoustError, type SerializedError } from "@/lib/errors";
import { useArenaSettings } from "@/lib/stores/arena-settings";
import type { Winner } from "@/lib/rating/types";

const IDLE: BattleSnapshot = {
  a: { messages: [], status: "idle" },
  b: { messages: [], status: "idle" },
  busy: false,
  turn: 0,
};
const noSubscribe = () => () => undefined;

function useRunnerSnapshot(runner: BattleRunner | undefined): BattleSnapshot {
  return useSyncExternalStore(runner?.subscribe ?? noSubscribe, runner?.getSnapshot ?? (() => IDLE), () => IDLE);
}

/** The arena page body; renders only in the browser (model lists and settings live in localStorage). */
export function ArenaBattle({ mode }: { mode: "anonymous" | "named" }) {
  const mounted = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  if (!mounted) return <p className="p-4 text-sm text-zinc-500">Loading the arena…</p>;
  return <ArenaBattleInner mode={mode} />;
}

function ArenaBattleInner({ mode }: { mode: "anonymous" | "named" }) {
  const anonymous = mode === "anonymous";
  const pool = useArenaPool(mode);
  const localModels = pool.local;
  const enabledIds = useArenaSettings((s) => s.enabledLocalIds);
  const params = useArenaSettings((s) => s.params);
  const online = useOnline();
  const [session, setSession] = useState<BattleSession>();
  const [error, setError] = useState<SerializedError>();
  const [starting, setStarting] = useState(false);
  const creating = useRef<AbortController | null>(null);
  const [picks, setPicks] = useState<{ a: string; b: string }>({ a: "", b: "" });
  const snap = useRunnerSnapshot(session?.runner);
  const vote = useLiveQuery(() => (session ? voteForBattle(db, session.id) : undefined), [session?.id]);
  const closed = !!vote;

  // Leaving the page (or starting a new battle) stops the old battle's streams.
  useEffect(() => () => session?.runner.stop(), [session]);

  const named = [...localModels, ...pool.remote.filter((m) => !m.arena.anonymousOnly).map(remoteToDescriptor)];
  const enabledLocal = localModels.filter((m) => (enabledIds ?? localModels.map((x) => x.id)).includes(m.id));
  // Fewer than two models can answer now: explain instead of starting a battle that fails.
  const shortfall =
    !pool.loading && !session
      ? poolShortfall(pool.remoteCount, anonymous ? enabledLocal.length : localModels.length)
      : null;
  // FastChat accepts no vote on a battle where a side failed.
  const failedSide = (["a", "b"] as const).find((s) => snap[s].status === "error");

  const start = async (): Promise<BattleSession> => {
    const pickedLocal = localModels.filter((m) => m.id === picks.a || m.id === picks.b);
    const toPick = (m: (typeof localModels)[number]) => ({
      id: m.id,
      backend: m.backend,
      displayName: m.displayName,
      vramMB: m.vramMB,
    });
    const req: CreateBattleRequest = anonymous
      ? { mode, localModels: enabledLocal.map(toPick) }
      : { mode, localModels: pickedLocal.map(toPick), modelA: picks.a, modelB: picks.b };
    creating.current = new AbortController();
    const s = await BattleSession.create(req, localModels, params, creating.current.signal);
    setSession(s);
    return s;
  };

  const onSend = async (prompt: string): Promise<boolean> => {
    setError(undefined);
    try {
      setStarting(true);
      const s = session ?? (await start());
      void s.runner
        .send(prompt)
        .then(() => s.saveOpen(db))
        .catch((e: unknown) => setError(JoustError.from(e, "internal:arena").toJSON()));
      return true;
    } catch (e) {
      const err = JoustError.from(e, "internal:arena");
      if (err.type !== "aborted") setError(err.toJSON());
      return false;
    } finally {
      creating.current = null;
      setStarting(false);
    }
  };

  const onVote = async (winner: Winner) => {
    if (!session) return;
    try {
      await session.vote(db, winner);
      void browserVoteSync(db)
        .syncNow()
        .catch(() => undefined);
    } catch (e) {
      setError(JoustError.from(e, "internal:vote").toJSON());
    }
  };

  const newRound = () => {
    session?.runner.stop();
    setSession(undefined);
    setError(undefined);
  };

  const hidden = anonymous && vote?.state !== "synced";
  const secret = session?.secretNames() ?? [];
  const title = (side: SideId) => {
    const label = `Model ${side.toUpperCase()}`;
    if (anonymous || !session) return label;
    const s = session.battle.sides[side];
    return `${label}: ${s.kind === "local" ? s.model.displayName : (s.model ?? "remote model")}`;
  };
  const errorText = (side: SideId) => {
    const msg = snap[side].error?.message;
    return msg && hidden ? redact(msg, secret) : msg;
  };
  const identityHint =
    anonymous && !!session && !snap.busy && snap.turn > 0 && vote?.state !== "synced" && session.identityMentioned();
  const pickerReady = anonymous || (!!picks.a && !!picks.b && picks.a !== picks.b);

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-3 p-4" data-testid="arena" data-mode={mode}>
      <div>
        <h1 className="text-lg font-semibold">{anonymous ? "Arena (battle)" : "Arena (side-by-side)"}</h1>
        <p className="text-sm text-zinc-600">
          {anonymous
            ? "Two anonymous models answer the same prompt. Vote for the better one; their names are revealed after your vote."
            : "Pick two models, in your browser or remote, and compare them on the same prompt."}
        </p>
      </div>
      {anonymous ? (
        session && !closed ? (
          <p data-testid="arena-local-models-locked" className="text-xs text-zinc-500">
            The in-browser models you enabled can be changed after this battle (their names stay hidden until you vote).
          </p>
        ) : (
          <ArenaLocalModels models={localModels} />
        )
      ) : (
        <ArenaModelPicker
          models={named}
          a={picks.a}
          b={picks.b}
          disabled={snap.busy}
          onChange={(a, b) => {
            setPicks({ a, b });
            if (session) newRound();
          }}
        />
      )}
      {shortfall && <ArenaPoolShortfall remote={shortfall.remote} local={shortfall.local} listError={pool.error} />}
      {session?.battle.sequential && (
        <p data-testid="arena-sequential" className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
          These two in-browser models run one after the other to fit your device.
        </p>
      )}
      {error && (
        <p
          role="alert"
          data-testid="arena-error"
          data-code={error.code}
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {hidden ? redact(error.message, secret) : error.message}
        </p>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        {(["a", "b"] as const).map((side) => (
          <ArenaPane
            key={side}
            side={side}
            title={title(side)}
            state={snap[side]}
            errorText={errorText(side)}
            waitingForOther={session?.runner.sequential && side === "b"}
          />
        ))}
      </div>
      {identityHint && (
        <p data-testid="arena-identity-hint" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          A reply names a model or vendor: this vote will probably not count for the anonymous leaderboard.
        </p>
      )}
      <ArenaVoteBar
        disabled={!session || snap.busy || snap.turn === 0 || closed || !!failedSide}
        reason={
          failedSide && !closed && !snap.busy
            ? `Model ${failedSide.toUpperCase()} failed to answer, so this battle cannot be voted on. Start a new round.`
            : undefined
        }
        chosen={vote?.payload.winner as Winner | undefined}
        onVote={(w) => void onVote(w)}
      />
      <ArenaReveal vote={vote} online={online} anonymous={anonymous} />
      <ArenaPromptBar
        canSend={pickerReady && !starting && !shortfall && !(anonymous && pool.loading && !session)}
        busy={snap.busy || starting}
        hasTurns={snap.turn > 0}
        closed={closed}
        onSend={onSend}
        onStop={() => (creating.current ? creating.current.abort() : session?.runner.stop())}
        onRegenerate={() =>
          void session?.runner
            .regenerate()
            .then(() => session.saveOpen(db))
            .catch((e: unknown) => setError(JoustError.from(e).toJSON()))
        }
        onNewRound={newRound}
        onClear={() => void session?.runner.clear()}
      />
      <ArenaSyncStatus />
    </div>
  );
}
