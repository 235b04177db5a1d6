import { type MessagePort, parentPort } from "node:worker_threads";
import { type DecodeStart, decodeOn } from "./decode-thread";
import { serveOn } from "./helper-thread";
import { answer } from "./off-thread-answer";

// A computation to answer (the worker's last message), a read's rows to decode before it (./decode-thread.ts),
// or, for a helper paired with another such worker, a port to serve jobs on.
parentPort?.on("message", (msg) => {
  if ((msg as { serve?: MessagePort }).serve) serveOn((msg as { serve: MessagePort }).serve);
  else if ((msg as Partial<DecodeStart>).decode) decodeOn(msg as DecodeStart);
  else parentPort?.postMessage(answer(msg));
});
