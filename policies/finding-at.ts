/**
 * Building findings that point somewhere: a tenant file field, a catalogue entry or a synthesized resource.
 * Every message starts the same way, `<subject>, <file>, <field>: `, so that one line names the tenant (or
 * site or supplier), the file and the field, whatever format the report is printed in.
 */
import type { TenantEntry, Model } from "../model/model.js";
import type { FieldPath, SourceFile } from "../model/source.js";
import { fieldPath } from "../model/errors.js";
import type { Rule, RuleFinding } from "./types.js";
import type { OutputResource, OutputStack } from "../output/read.js";

type RuleRef = Pick<Rule, "id" | "severity">;

/**
 * A finding on a field of a tenant file; its line comes from where the field is written. `peer` is the other
 * tenant it is about, if any (see Finding.peer).
 */
export function tenantFinding(rule: RuleRef, entry: TenantEntry, path: FieldPath, message: string, peer?: string): RuleFinding {
  const field = fieldPath(path);
  const { line, col } = entry.source.locate(path);
  return {
    rule: rule.id,
    severity: rule.severity,
    tenant: entry.tenant.id,
    file: entry.source.file,
    line,
    col,
    field,
    message: `tenant ${entry.tenant.id}, ${entry.source.file}, ${field || "(file)"}: ${message}`,
    supplier: entry.tenant.supplier,
    ...(peer !== undefined ? { peer } : {}),
  };
}

/** A finding on a site in sites.yaml (`path` is below the site's entry, e.g. `["capacity", "cpu"]`). */
export function siteFinding(rule: RuleRef, model: Model, siteId: string, path: FieldPath, message: string): RuleFinding {
  const index = model.catalogue.siteIndex.get(siteId) ?? 0;
  const supplier = model.catalogue.sites.get(siteId)?.supplier ?? "";
  return catalogueFinding(rule, model.catalogue.sources.sites, ["sites", index, ...path], `site ${siteId}`, supplier, message);
}

/** A finding on a supplier's entry in suppliers.yaml. */
export function supplierFinding(rule: RuleRef, model: Model, supplierId: string, path: FieldPath, message: string): RuleFinding {
  const index = [...model.catalogue.suppliers.keys()].indexOf(supplierId);
  return catalogueFinding(rule, model.catalogue.sources.suppliers, ["suppliers", Math.max(index, 0), ...path], `supplier ${supplierId}`, supplierId, message);
}

/** A finding on a supplier's fee file, `catalogue/fees/<supplier>.yaml` (`path` from the file's root). */
export function feeFileFinding(rule: RuleRef, model: Model, supplierId: string, path: FieldPath, message: string): RuleFinding {
  const source = model.catalogue.fees.get(supplierId)!.source;
  return catalogueFinding(rule, source, path, `supplier ${supplierId}`, supplierId, message);
}

function catalogueFinding(rule: RuleRef, source: SourceFile, full: FieldPath, subject: string, supplier: string, message: string): RuleFinding {
  const field = fieldPath(full);
  const { line, col } = source.locate(full);
  return {
    rule: rule.id,
    severity: rule.severity,
    tenant: "",
    file: source.file,
    line,
    col,
    field,
    message: `${subject}, ${source.file}, ${field}: ${message}`,
    supplier,
  };
}

/**
 * A finding on a synthesized resource (or on the whole stack when `resource` is undefined). The field is
 * the Terraform resource address, as `terraform plan` prints it.
 */
export function stackFinding(rule: RuleRef, stack: OutputStack, resource: OutputResource | undefined, message: string): RuleFinding {
  const tenant = stack.tenantMeta?.tenant ?? "";
  const field = resource?.address ?? "";
  return {
    rule: rule.id,
    severity: rule.severity,
    tenant,
    file: stack.file,
    line: resource?.line ?? 1,
    field,
    message: `${tenant ? `tenant ${tenant}` : `stack ${stack.id}`}, ${stack.file}, ${field || "(stack)"}: ${message}`,
    supplier: stack.tenantMeta?.supplier ?? stack.siteMeta?.supplier ?? "",
  };
}
