import { parentPort } from "node:worker_threads";
import { answer } from "./off-thread-answer";

parentPort?.once("message", (msg) => parentPort?.postMessage(answer(msg)));
