// `postbuild`: writes a pre-initialised PGlite data dir (a dumpDataDir tarball) beside the build, so a
// server on a fresh data dir opens its vote store from it instead of running initdb at start
// (lib/votes/pglite-seed.ts). Made by the installed PGlite, so the two always match.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

const out = process.env.JOUST_PGLITE_SEED ?? join(".next", "joust-pglite-seed.tar.gz");
const started = Date.now();
const db = await PGlite.create();
const dump = await db.dumpDataDir("gzip");
await db.close();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
console.log(`pglite-seed: wrote ${out} (${(dump.size / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms`);
