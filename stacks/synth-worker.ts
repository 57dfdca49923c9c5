/**
 * A worker thread of `synthModelInParallel` (synth.ts): loads cdktf and the bindings as it starts, then
 * synthesizes the one part of the plan it is sent into the shared output folder, answers with its `App`'s
 * manifest and ends. Runs compiled (dist/) only.
 */
import { parentPort } from "node:worker_threads";
import { synthPart, type SynthPart } from "./synth-part.js";

if (!parentPort) throw new Error("samdrift: stacks/synth-worker.js runs as a worker thread of synthModelInParallel, not on its own");
const port = parentPort;
port.once("message", (part: SynthPart) => port.postMessage(synthPart(part)));
