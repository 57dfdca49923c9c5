/**
 * The one module that imports `cdktf`.
 *
 * HashiCorp archived cdktf in December 2025; CDK Terrain (`cdktn`) is the maintained fork and a superset
 * of the 0.21 API. Every other file imports cdktf through here, so moving to the fork is a change to this
 * file (or an npm override aliasing `cdktf` to `cdktn`) and nothing else. A lint rule enforces it.
 */
import type { Construct } from "constructs";
import { TerraformBackend, TerraformRemoteState, type DataTerraformRemoteStateConfig } from "cdktf";

export {
  App,
  TerraformStack,
  LocalBackend,
  S3Backend,
  TerraformBackend,
  Testing,
} from "cdktf";

/**
 * Runs `fn` with V8's stack-trace formatting switched off. cdktf records the creation stack of every
 * token it makes, and formats it eagerly; with source maps on (tsx) that is a fifth of synth time, for
 * traces nobody reads (`App({ stackTraces: false })` covers construct metadata, not tokens). Errors
 * thrown inside still carry their message; the previous formatter is restored afterwards.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
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
