/**
 * What every samdrift stack has, whether a site's or a tenant's on a site: its own state (named after the
 * stack), a Vault provider for the site's Vault, and the `"//".samdrift` block that records what was
 * declared (docs/output-format.md). Credentials are never written: the Vault token comes from
 * VAULT_TOKEN (or the provider's auth_login settings) in the environment.
 */
import type { Construct } from "constructs";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider/index.js";
import { SelfContainedStack } from "../lib/cdktf.js";
import type { Site, StateBackendConfig } from "../model/schema.js";
import { addBackend } from "./backend.js";

export interface SiteScopedStackProps {
  readonly stackId: string;
  readonly site: Site;
  readonly state: StateBackendConfig;
  /** The `"//".samdrift` block. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export abstract class SiteScopedStack extends SelfContainedStack {
  constructor(scope: Construct, props: SiteScopedStackProps) {
    super(scope, props.stackId);
    addBackend(this, { stackId: props.stackId, state: props.state, kubeContext: props.site.kubernetes.context });
    new VaultProvider(this, "vault", { address: props.site.vault.address });
    this.addOverride("//.samdrift", props.metadata);
  }
}
