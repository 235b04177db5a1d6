// The embedded PGlite database on a worker thread (lib/votes/pglite-thread-client.ts): its start
// (WebAssembly compile, loading the pre-initialised dump or initdb) and every query run here, so the
// server's event loop never waits on them. Plain JavaScript: Node loads it as is, outside the bundle.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const { dataDir, seedPath } = workerData;
const opening = PGlite.create(dataDir, seedPath ? { loadDataDir: new Blob([readFileSync(seedPath)]) } : undefined);

parentPort.on("message", async ({ id, op, text, params }) => {
  try {
    const db = await opening;
    if (op === "query") return parentPort.postMessage({ id, rows: (await db.query(text, params)).rows });
    if (op === "exec") await db.exec(text);
    if (op === "close") await db.close();
    parentPort.postMessage({ id });
  } catch (e) {
    parentPort.postMessage({
      id,
      error: { message: e instanceof Error ? e.message : String(e), code: e?.code, detail: e?.detail },
    });
  }
});
