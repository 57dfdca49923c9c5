/**
 * The policy gate of `synth`: error-level findings of the policy packs refuse the run, with the same
 * messages `check` prints. Until the policy packs land this only needs the model to be valid.
 */
import type { CliIo } from "./io.js";
import { EXIT } from "./io.js";
import type { Model } from "../model/model.js";

export async function synthGate(_model: Model, _io: CliIo): Promise<number> {
  return EXIT.ok;
}
