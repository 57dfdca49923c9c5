/**
 * Each stack's Terraform state backend, from the site's `state` setting. Every stack gets its own state
 * (key, schema or Secret), named after the stack id, so one tenant's deploy never locks another's. What is
 * written depends only on the catalogue and the stack id, never on where the output folder is.
 * Credentials are never written: they come from the environment (AWS_*, PG_CONN_STR, KUBE_CONFIG_PATH).
 *
 * @see https://developer.hashicorp.com/terraform/language/backend/pg
 * @see https://developer.hashicorp.com/terraform/language/backend/kubernetes
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { Construct } from "constructs";
import { LocalBackend, S3Backend, RawBackend } from "../lib/cdktf.js";
import type { StateBackendConfig } from "../model/schema.js";

export interface BackendProps {
  readonly stackId: string;
  readonly state: StateBackendConfig;
  /** The site's kubeconfig context, for the `kubernetes` backend when it names none. */
  readonly kubeContext: string;
}

/**
 * From the folder Terraform runs in (`<out>/stacks/<stack>/`, the stack's own folder in the output) to the
 * folder that holds the output folder `<out>`.
 */
const BESIDE_OUTPUT = "../../..";

export function addBackend(stack: Construct, props: BackendProps): void {
  const { state, stackId } = props;
  switch (state.backend) {
    case "local": {
      // Terraform reads a relative local path from the folder it runs in, <out>/stacks/<stack>/. A relative
      // `dir` names a folder beside the output folder (`state` next to `cdktf.out`): written from the
      // stack's folder, the same text whatever --out is and however deep it lies, and outside the output,
      // which synth replaces wholesale. An absolute folder is written as it is: the same state whichever
      // output Terraform runs in (a CI deploy job and its destroy job run from different outputs).
      const dir = toPosix(state.dir);
      new LocalBackend(stack, { path: posix.join(posix.isAbsolute(dir) ? dir : posix.join(BESIDE_OUTPUT, dir), `${stackId}.tfstate`) });
      return;
    }
    case "s3":
      new S3Backend(stack, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${stackId}.tfstate`,
        region: state.region,
        encrypt: state.encrypt,
        ...(state.endpoint ? { endpoints: { s3: state.endpoint }, usePathStyle: true, ...S3_COMPATIBLE } : {}),
        ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
      });
      return;
    case "pg":
      new RawBackend(stack, "pg", { schema_name: stateName(`${state.schemaPrefix}_${stackId.replace(/-/g, "_")}`, PG_IDENTIFIER_MAX, "_") });
      return;
    case "kubernetes":
      new RawBackend(stack, "kubernetes", {
        // Terraform refuses a suffix ending in -<number> (it numbers the Secrets of a large state that way).
        secret_suffix: stateName(stackId, LABEL_VALUE_MAX, "-", !/-[0-9]+$/.test(stackId)),
        namespace: state.namespace,
        config_context: state.context ?? props.kubeContext,
      });
      return;
  }
}

/**
 * An S3-compatible store (an `endpoint` other than AWS) has no STS, IAM, EC2 metadata service or AWS
 * region list, and may not take the checksums the AWS SDK sends by default: without these, Terraform 1.11
 * calls STS before it ever talks to the endpoint, and `terraform init` fails. Found by the end-to-end
 * deploy. On AWS itself (no `endpoint`) none is set, so instance-profile credentials keep working.
 * @see https://developer.hashicorp.com/terraform/language/backend/s3#s3-compatible-stores
 */
const S3_COMPATIBLE = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: true,
  skipRegionValidation: true,
  skipS3Checksum: true,
} as const;

/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), so two longer schema names could share one state. */
const PG_IDENTIFIER_MAX = 63;
/** The kubernetes backend labels its Secret and Lease with the suffix; a label value has at most 63 characters. */
const LABEL_VALUE_MAX = 63;

/**
 * A state name its backend accepts: `name` itself when it is `valid` and has at most `max` characters;
 * else as much of `name` as fits, then `sep`, `h` and 8 hex digits of the SHA-256 of `name`, so that it
 * stays readable, unique and the same on every run. A name that fits never changes, as a new name would
 * orphan the state kept under the old one.
 */
function stateName(name: string, max: number, sep: string, valid = true): string {
  if (valid && name.length <= max) return name;
  const tail = `${sep}h${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
  return name.slice(0, max - tail.length) + tail;
}

const toPosix = (p: string): string => p.split("\\").join("/");
