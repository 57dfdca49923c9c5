/**
 * Every fee unit, in the order statements list them. One file per unit, as rules are in policies/; the
 * unit ids are the model's vocabulary (model/fees.ts `FEE_UNIT_IDS`) and a test pins that both agree.
 */
import type { FeeUnitId } from "../../model/fees.js";
import type { FeeUnit } from "../types.js";
import { namespaceMonth } from "./namespace-month.js";
import { cpuCoreMonth } from "./cpu-core-month.js";
import { memoryGibMonth } from "./memory-gib-month.js";
import { storageGibMonth } from "./storage-gib-month.js";
import { keyMonth } from "./key-month.js";
import { domainMonth } from "./domain-month.js";
import { engineMonth } from "./engine-month.js";

export const FEE_UNITS: readonly FeeUnit[] = [namespaceMonth, cpuCoreMonth, memoryGibMonth, storageGibMonth, keyMonth, domainMonth, engineMonth];

export const feeUnit = (id: FeeUnitId): FeeUnit => FEE_UNITS.find((u) => u.id === id)!;
