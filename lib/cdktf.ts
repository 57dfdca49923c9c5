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
  PgBackend,
  S3Backend,
  TerraformBackend,
  Testing,
} from "cdktf";

/** Settings of Terraform's `kubernetes` backend, which keeps state in a Secret of the cluster. */
export interface KubernetesBackendConfig {
  /** Suffix of the Secret `tfstate-<workspace>-<suffix>` that holds the state. */
  readonly secretSuffix: string;
  /** Namespace of that Secret. @default - `default`, as Terraform does */
  readonly namespace?: string;
  /** kubeconfig context to use. @default - the current context (or `KUBE_CONFIG_PATH`'s) */
  readonly configContext?: string;
  /** Read the kubeconfig from `KUBE_CONFIG_PATH`/`KUBECONFIG`. @default - true */
  readonly inClusterConfig?: boolean;
}

/**
 * Terraform's `kubernetes` state backend. cdktf 0.21 ships no binding for it, so this is one.
 * @see https://developer.hashicorp.com/terraform/language/backend/kubernetes
 */
export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly config: KubernetesBackendConfig,
  ) {
    super(scope, "backend", "kubernetes");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { secretSuffix, namespace, configContext, inClusterConfig } = this.config;
    return {
      secret_suffix: secretSuffix,
      ...(namespace === undefined ? {} : { namespace }),
      ...(configContext === undefined ? {} : { config_context: configContext }),
      ...(inClusterConfig === undefined ? {} : { in_cluster_config: inClusterConfig }),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }

  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new KubernetesRemoteState(scope, name, { ...this.synthesizeAttributes() } as DataTerraformRemoteStateConfig);
  }
}

class KubernetesRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: DataTerraformRemoteStateConfig) {
    super(scope, id, "kubernetes", config);
  }
}
