/**
 * Each stack's Terraform state backend, from the site's `state` setting. Every stack gets its own state
 * (key, schema or Secret), named after the stack id, so one tenant's deploy never locks another's.
 * Credentials are never written: they come from the environment (AWS_*, PG_CONN_STR, KUBE_CONFIG_PATH).
 */
import { posix } from "node:path";
import type { Construct } from "constructs";
import { LocalBackend, S3Backend, RawBackend } from "../lib/cdktf.js";
import type { StateBackendConfig } from "../model/schema.js";

export interface BackendProps {
  readonly stackId: string;
  readonly state: StateBackendConfig;
  /** The site's kubeconfig context, for the `kubernetes` backend when it names none. */
  readonly kubeContext: string;
  /**
   * Final output folder, relative to the working directory: local state paths are written relative to
   * the stack's folder in it (where Terraform runs), so the output has no absolute paths.
   */
  readonly outdir: string;
}

export function addBackend(stack: Construct, props: BackendProps): void {
  const { state, stackId } = props;
  switch (state.backend) {
    case "local": {
      const stackDir = posix.join(toPosix(props.outdir), "stacks", stackId);
      const statePath = posix.join(toPosix(state.dir), `${stackId}.tfstate`);
      new LocalBackend(stack, { path: posix.relative(stackDir, statePath) });
      return;
    }
    case "s3":
      new S3Backend(stack, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${stackId}.tfstate`,
        region: state.region,
        encrypt: state.encrypt,
        ...(state.endpoint ? { endpoints: { s3: state.endpoint }, usePathStyle: true } : {}),
        ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
      });
      return;
    case "pg":
      new RawBackend(stack, "pg", { schema_name: `${state.schemaPrefix}_${stackId.replace(/-/g, "_")}` });
      return;
    case "kubernetes":
      new RawBackend(stack, "kubernetes", {
        secret_suffix: stackId,
        namespace: state.namespace,
        config_context: state.context ?? props.kubeContext,
      });
      return;
  }
}

const toPosix = (p: string): string => p.split("\\").join("/");
