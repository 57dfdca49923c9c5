/**
 * samdrift as a library: the package's entry point (`import { TenantNamespace } from "samdrift"`).
 *
 * - **Constructs** to use in one's own cdktf stacks, each owning its secure defaults (constructs/README.md).
 * - **Model**: `loadModel` reads a repository's `catalogue/` and `tenants/` folders; `buildModel` does the same
 *   from file texts already in memory. `planModel` resolves defaults once, for the stacks.
 * - **Stacks**: `TenantStack` and `SiteStack` to add samdrift's stacks to one's own `App`, or `synthModel`
 *   to synthesize a whole model into a folder.
 * - **Output**: `readOutputFolder` reads a synthesized `cdktf.out/`; `readOutput` parses one from texts.
 * - **Policies and analyses**: `runPolicies` (every pack), `checkIsolation` (the isolation proof).
 * - **Fees and the register**: `feeStatement`, `feeForecast`, `buildRegister`, `mergeRegisters`.
 *
 * Like `bin/samdrift.js`, this file is an entry point: it may re-export `cli/`'s file readers, which no
 * library module may import.
 */
export { TenantNamespace, TENANT_NAMESPACE_DEFAULTS, POD_SECURITY_LABEL, ROLE_BINDING } from "./constructs/tenant-namespace.js";
export type { TenantNamespaceProps, PodSecurity, NamespaceQuota, ContainerDefaultValues } from "./constructs/tenant-namespace.js";
export { NamespaceNetworkPolicies, NETWORK_POLICY, NETWORK_POLICY_DEFAULTS } from "./constructs/network-policies.js";
export type { NamespaceNetworkPoliciesProps, EgressRule, NamespaceConnection, PortRule } from "./constructs/network-policies.js";
export { TenantVault, TENANT_VAULT_DEFAULTS } from "./constructs/tenant-vault.js";
export type { TenantVaultProps, TenantSecrets, TenantEncryption, TenantCertificates, TenantKubernetesAuth } from "./constructs/tenant-vault.js";
export { SiteVault, SITE_VAULT_DEFAULTS } from "./constructs/site-vault.js";
export type { SiteVaultProps, SitePki } from "./constructs/site-vault.js";

export { buildModel } from "./model/model.js";
export type { Model, CatalogueInput, InputFile, TenantEntry, Result } from "./model/model.js";
export type { Tenant, Site, Supplier, Service } from "./model/schema.js";
export { formatProblem, SamdriftError } from "./model/errors.js";
export type { Problem } from "./model/errors.js";
export { planModel } from "./model/plan.js";
export type { Plan, TenantSitePlan } from "./model/plan.js";
export { loadModel } from "./cli/inputs.js";

export { TenantStack } from "./stacks/tenant-stack.js";
export { SiteStack } from "./stacks/site-stack.js";
export { synthModel, synthModelInParallel } from "./stacks/synth.js";

export { readOutput } from "./output/read.js";
export type { SynthOutput, OutputStack, OutputSource } from "./output/read.js";
export type { SiteMeta, TenantMeta, SamdriftBlock } from "./output/schema.js";
export { readOutputFolder } from "./cli/output.js";

export { runPolicies } from "./policies/run.js";
export type { PolicyResult, RunOptions } from "./policies/run.js";
export { ALL_RULES, PACKS } from "./policies/packs.js";
export { checkIsolation } from "./analysis/verdict.js";

export { feeBooks, priceTenant } from "./fees/price.js";
export { feeStatement, feeForecast } from "./fees/statement.js";
export { buildRegister } from "./register/build.js";
export { mergeRegisters } from "./register/merge.js";
