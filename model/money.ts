/**
 * Money, exactly: every amount is a whole number of öre (1 SEK = 100 öre), held in a JavaScript integer and
 * never in a floating-point fraction. Files write amounts in SEK as text with at most two decimals
 * (`"350.00"`, `"1250.5"`) or as whole numbers (`350`); a YAML decimal such as `350.25` is refused, because
 * YAML would already have made it a binary fraction.
 *
 * The one rounding rule, used wherever a price is scaled (a mirror site's share): **half up to a whole öre**
 * (12.345 öre is 12 öre; 12.5 öre is 13 öre). Quantities are rounded up to whole units before they are
 * priced (fees/quantity.ts), so `amount = quantity × unitPrice` holds exactly on every line.
 */

/** A whole number of öre. */
export type Ore = number;

const SEK_TEXT = /^(0|[1-9][0-9]{0,12})(?:\.([0-9]{1,2}))?$/;

/** Öre of an amount written in SEK, or undefined when it is not one (negative, three decimals, a fraction). */
export function oreOf(sek: string | number): Ore | undefined {
  if (typeof sek === "number") return Number.isSafeInteger(sek) && sek >= 0 && sek < 1e13 ? sek * 100 : undefined;
  const m = SEK_TEXT.exec(sek);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** `35000` öre as `"350.00"`; negative amounts (differences) get a leading minus. */
export function formatSek(ore: Ore): string {
  const sign = ore < 0 ? "-" : "";
  const abs = Math.abs(ore);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Öre as SEK with a space between thousands, for people: `125000` is `"1 250.00"`. */
export function formatSekGrouped(ore: Ore): string {
  const [whole, cents] = formatSek(ore).split(".");
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, " ")}.${cents}`;
}

/** A share written with at most four decimals (`"0.6"`, `"1.25"`) in basis points (1/10,000), or undefined. */
export function basisPointsOf(share: string): number | undefined {
  const m = /^([0-9]{1,3})(?:\.([0-9]{1,4}))?$/.exec(share);
  return m ? Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(4, "0")) : undefined;
}

/** `ore × basisPoints / 10,000`, rounded half up to a whole öre (the documented rounding rule). */
export function scaleOre(ore: Ore, basisPoints: number): Ore {
  const product = BigInt(ore) * BigInt(basisPoints);
  return Number((product * 2n + 10_000n) / 20_000n);
}

/** Exact product of a whole quantity and a unit price; refuses results beyond safe integers. */
export function times(quantity: number, unitPrice: Ore): Ore {
  const amount = quantity * unitPrice;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${quantity} × ${unitPrice} öre is beyond exact arithmetic`);
  return amount;
}
