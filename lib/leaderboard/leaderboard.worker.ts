import { type MessagePort, parentPort } from "node:worker_threads";
import { serveOn } from "./helper-thread";
import { answer } from "./off-thread-answer";

// One message: a computation to answer, or (a helper paired with another such worker) a port to serve jobs on.
parentPort?.once("message", (msg) => {
  if ((msg as { serve?: MessagePort }).serve) serveOn((msg as { serve: MessagePort }).serve);
  else parentPort?.postMessage(answer(msg));
});
