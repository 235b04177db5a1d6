/**
 * One battle from the browser's side: create it on the server, build its two sides
 * (local: the registry's worker engine; remote: streamed by the server), run it, vote on it.
 * Knows model names (it must, to load local models) but never renders them.
 */
import type { JoustDB, LocalBattle, OutboxVote } from "@/lib/db/client-db";
import { saveOpenBattle } from "@/lib/db/battles";
import { loadEngine, unloadEngine } from "@/lib/engines/registry";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError } from "@/lib/errors";
import type { Winner } from "@/lib/rating/types";
import type { BattleSide, CreateBattleRequest, CreateBattleResponse } from "./api-types";
import { BattleRunner, type BattleSideSource, type GenerationOptions, type SideId } from "./battle-runner";
import { BattleSideEngine } from "./battle-side-engine";
import { createBattle } from "./client";
import { mentionsIdentity } from "./identity";
import { recordVote } from "./outbox";

export class BattleSession {
  readonly runner: BattleRunner;
  readonly createdAt = Date.now();

  constructor(
    readonly battle: CreateBattleResponse,
    private readonly localModels: ModelDescriptor[],
    private readonly params: GenerationOptions,
  ) {
    this.runner = new BattleRunner(
      { a: this.source("a"), b: this.source("b") },
      { sequential: battle.sequential, params },
    );
  }

  static async create(
    req: CreateBattleRequest,
    localModels: ModelDescriptor[],
    params: GenerationOptions,
    signal?: AbortSignal,
  ): Promise<BattleSession> {
    return new BattleSession(await createBattle(req, signal), localModels, params);
  }

  get id(): string {
    return this.battle.battleId;
  }

  /** Model ids as the browser knows them (local sides; remote sides only in named battles). */
  knownModel(side: SideId): string | undefined {
    const s: BattleSide = this.battle.sides[side];
    return s.kind === "local" ? s.model.id : s.model ? `remote:${s.model}` : undefined;
  }

  /** Names to hide from the UI before the vote (and to redact from error messages). */
  secretNames(): string[] {
    const names: string[] = [];
    for (const side of ["a", "b"] as const) {
      const s = this.battle.sides[side];
      if (s.kind === "local") names.push(s.model.id, s.model.displayName, s.model.id.replace(/^[a-z]+:/, ""));
      else if (s.model) names.push(s.model);
    }
    return names.filter(Boolean);
  }

  /** Browser-side hint: a reply names a model or vendor (the server decides `counted`). */
  identityMentioned(): boolean {
    const { a, b } = this.runner.conversations();
    return [...a, ...b].some((m) => m.role === "assistant" && mentionsIdentity(m.content, this.secretNames()));
  }

  /** The battle record as stored locally. */
  record(): Omit<LocalBattle, "status"> {
    const { a, b } = this.runner.conversations();
    return {
      id: this.id,
      mode: this.battle.mode,
      token: this.battle.token,
      createdAt: this.createdAt,
      modelA: this.knownModel("a"),
      modelB: this.knownModel("b"),
      conversationA: a,
      conversationB: b,
      params: { temperature: this.params.temperature, max_tokens: this.params.max_tokens },
    };
  }

  saveOpen(db: JoustDB): Promise<void> {
    return saveOpenBattle(db, this.record());
  }

  /** Write battle + vote to IndexedDB in one transaction (the caller then kicks the sync loop). */
  vote(db: JoustDB, winner: Winner): Promise<OutboxVote> {
    if (this.runner.getSnapshot().busy)
      return Promise.reject(new JoustError("conflict:vote", "Wait for both answers before voting."));
    return recordVote(db, { battle: this.record(), winner });
  }

  private source(side: SideId): BattleSideSource {
    const s = this.battle.sides[side];
    if (s.kind === "remote") {
      const engine = new BattleSideEngine({ battleId: this.id, token: this.battle.token, side });
      return { acquire: async () => engine };
    }
    const model = this.localModels.find((m) => m.id === s.model.id);
    return {
      acquire: (onProgress) => {
        if (!model)
          return Promise.reject(
            new JoustError("not_found:model", "This in-browser model is not available on this device."),
          );
        return loadEngine(model, onProgress);
      },
      release: () => unloadEngine(s.model.id),
    };
  }
}

/** Replace known model names in a message (for errors shown before the reveal). */
export function redact(text: string, names: string[]): string {
  return names.reduce((t, n) => (n.length >= 3 ? t.split(n).join("▇▇▇") : t), text);
}
