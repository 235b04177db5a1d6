/** Battle queries on the browser database (the vote itself goes through lib/arena/outbox.ts). */
import type { JoustDB, LocalBattle } from "./client-db";

/** Save (or update) a battle that has not been voted on yet, so a crash keeps its conversations. */
export async function saveOpenBattle(db: JoustDB, battle: Omit<LocalBattle, "status">): Promise<void> {
  await db.transaction("rw", db.battles, async () => {
    const existing = await db.battles.get(battle.id);
    if (existing?.status === "voted") return; // a voted battle is closed
    await db.battles.put({ ...battle, status: "open" });
  });
}

export function getBattle(db: JoustDB, id: string): Promise<LocalBattle | undefined> {
  return db.battles.get(id);
}

export function recentBattles(db: JoustDB, limit = 20): Promise<LocalBattle[]> {
  return db.battles.orderBy("createdAt").reverse().limit(limit).toArray();
}
