/**
 * The one module that imports `cdktf`.
 *
 * HashiCorp archived cdktf in December 2025; CDK Terrain (`cdktn`) is the maintained fork and a superset
 * of the 0.21 API. Every other file imports cdktf through here, so moving to the fork is a change to this
 * file (or an npm override aliasing `cdktf` to `cdktn`) and nothing else. A lint rule enforces it.
 */
import type { Construct } from "constructs";
import { Manifest, TerraformBackend, TerraformRemoteState, TerraformStack, type DataTerraformRemoteStateConfig, type IManifest, type StackManifest } from "cdktf";

export {
  App,
  TerraformStack,
  LocalBackend,
  S3Backend,
  TerraformBackend,
  Testing,
} from "cdktf";

/**
 * Runs `fn` with V8's stack traces switched off. cdktf records the creation stack of every token it makes:
 * it calls `Error.captureStackTrace` with `Error.stackTraceLimit` raised to `MAX_SAFE_INTEGER` and formats
 * the result eagerly, for traces nobody reads (`App({ stackTraces: false })` covers construct metadata, not
 * tokens). With formatting off that still cost 4% of a full synth (collecting the frames); with capturing
 * off too, cdktf's and constructs' `captureStackTrace` find an empty stack and record `[]`. Errors thrown
 * inside still carry their message (V8 builds an `Error` without calling `Error.captureStackTrace`); the
 * previous formatter and capturer are restored afterwards. Synchronous `fn` only: nothing else may run
 * while the globals are swapped.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const previous = { prepare: Error.prepareStackTrace, capture: Error.captureStackTrace };
  Error.prepareStackTrace = () => "";
  Error.captureStackTrace = () => undefined;
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous.prepare;
    Error.captureStackTrace = previous.capture;
  }
}

/** App context key: set true to run cdktf's own preparing pass over {@link SelfContainedStack}s too (tests compare both). */
export const CDKTF_PREPARE_CONTEXT = "samdrift:cdktf-prepare";

/**
 * A stack that never references another stack's resources by token (samdrift's stacks name what they
 * share, such as a site's mount paths, by value, and depend on the site stack for deploy order only).
 *
 * cdktf's `App.synth()` first runs `prepareStack()` on every stack: a backend if there is none, then a
 * resolve of every element in "preparing" mode, whose only other effect is to turn references to another
 * stack's resources into remote state and outputs. For a self-contained stack that resolve finds nothing
 * and changes nothing, yet it cost 38% of synth (a full resolve of every resource, before the two that
 * write it). This stack keeps the backend step and skips that resolve. test/self-contained.test.ts
 * synthesizes the examples, a generated repository and the largest legal tenant files both ways and
 * compares the bytes, so a construct that starts referencing another stack is caught.
 */
export abstract class SelfContainedStack extends TerraformStack {
  override prepareStack(): void {
    if (this.node.tryGetContext(CDKTF_PREPARE_CONTEXT) === true) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
  }
}

/** What an `App` records of its stacks in `manifest.json`: cdktf's version and one entry per stack. */
export type SynthManifest = IManifest;

/** One stack's entry in `manifest.json`: its paths in the output folder and the stacks it depends on. */
export type SynthStackEntry = StackManifest;

/**
 * Writes `outdir/manifest.json` for stacks synthesized into `outdir` by several `App`s, from their
 * manifests, exactly as one `App` holding all of them writes it (cdktf's own writer, keys sorted).
 */
export function mergeManifests(outdir: string, manifests: readonly SynthManifest[]): void {
  const versions = new Set(manifests.map((m) => m.version));
  if (versions.size !== 1) throw new Error(`samdrift: cannot merge cdktf manifests of versions ${[...versions].join(", ") || "(none)"}`);
  const merged = new Manifest([...versions][0]!, outdir, false);
  for (const m of manifests) Object.assign(merged.stacks, m.stacks);
  merged.writeToFile();
}

/**
 * A Terraform state backend given by its type and attributes, for backends cdktf 0.21 has no (or too strict
 * a) binding for: `kubernetes` (no binding) and `pg` (the binding demands `conn_str`, which must come from
 * `PG_CONN_STR` in the environment instead, so that no credential lands in the synthesized JSON).
 * @see https://developer.hashicorp.com/terraform/language/backend
 */
export class RawBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly type: string,
    private readonly attributes: Readonly<Record<string, string | boolean>>,
  ) {
    super(scope, "backend", type);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { ...this.attributes };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return { ...this.attributes };
  }

  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new RawRemoteState(scope, name, this.type, { ...this.attributes } as DataTerraformRemoteStateConfig);
  }
}

class RawRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, type: string, config: DataTerraformRemoteStateConfig) {
    super(scope, id, type, config);
  }
}

export type { ITerraformDependable } from "cdktf";
