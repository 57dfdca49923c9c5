/** HYG-005: a supplier's policy settings name known packs and thresholds, with usable values. */
import type { Rule } from "../types.js";
import { MANDATORY_PACKS, PACK_IDS, type PackId } from "../types.js";
import { supplierFinding } from "../finding-at.js";
import { THRESHOLD_SPECS, resolveThresholds, thresholdProblem } from "../thresholds.js";
import { broadEgress } from "../net.js";

export const hyg005: Rule = {
  id: "HYG-005",
  pack: "hygiene",
  severity: "error",
  title: "Supplier policy settings are valid",
  explanation:
    "A misspelt pack in disabledPacks or threshold name would silently leave a rule on, or a default in place, while " +
    "the catalogue claims otherwise. Packs that carry the law and isolation cannot be turned off. A private range as " +
    "broad as the internet would make EXP-002 and EXP-004 meaningless.",
  exceptable: false,
  check: (ctx) =>
    [...ctx.model.catalogue.suppliers.values()].flatMap((supplier) => {
      const { disabledPacks, thresholds, privateRanges } = supplier.policy;
      const packs = disabledPacks.flatMap((pack, i) => {
        const path = ["policy", "disabledPacks", i];
        if (!(PACK_IDS as readonly string[]).includes(pack)) {
          return [supplierFinding(hyg005, ctx.model, supplier.id, path, `unknown pack "${pack}"; packs are ${PACK_IDS.join(", ")}`)];
        }
        if (MANDATORY_PACKS.has(pack as PackId)) {
          return [supplierFinding(hyg005, ctx.model, supplier.id, path, `pack ${pack} cannot be turned off; mandatory packs are ${[...MANDATORY_PACKS].join(", ")}`)];
        }
        return [];
      });
      const values = Object.entries(thresholds).flatMap(([name, value]) => {
        const path = ["policy", "thresholds", name];
        const spec = THRESHOLD_SPECS.find((s) => s.name === name);
        if (!spec) {
          return [supplierFinding(hyg005, ctx.model, supplier.id, path, `unknown threshold "${name}"; thresholds are ${THRESHOLD_SPECS.map((s) => s.name).join(", ")}`)];
        }
        const problem = thresholdProblem(spec, value);
        return problem ? [supplierFinding(hyg005, ctx.model, supplier.id, path, `${name} is ${value}; it ${problem} (default ${spec.default})`)] : [];
      });
      const { minPublicEgressPrefixV4: v4, minPublicEgressPrefixV6: v6 } = resolveThresholds(supplier);
      const ranges = privateRanges.flatMap((range, i) => {
        const why = broadEgress(range, { v4, v6 });
        return why ? [supplierFinding(hyg005, ctx.model, supplier.id, ["policy", "privateRanges", i], `private range ${range}: ${why.replace(/^egress to \S+ /, "")}; declare the network's real blocks`)] : [];
      });
      return [...packs, ...values, ...ranges];
    }),
};
