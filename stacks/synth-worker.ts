/**
 * A worker thread of `synthModelInParallel` (synth.ts): synthesizes the part of the plan it was started
 * with into the shared output folder and answers with its `App`'s manifest. Runs compiled (dist/) only.
 */
import { parentPort, workerData } from "node:worker_threads";
import { synthPart, type SynthPart } from "./synth-part.js";

if (!parentPort) throw new Error("samdrift: stacks/synth-worker.js runs as a worker thread of synthModelInParallel, not on its own");
parentPort.postMessage(synthPart(workerData as SynthPart));
