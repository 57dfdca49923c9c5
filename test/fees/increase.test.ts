/** The notice gate, retroactive schedules and the yearly increase limit. */
import { describe, expect, it } from "vitest";
import { earliestWithNotice, retroactive, risesBeyond, shortNotice, yearlyIncrease } from "../../fees/increase.js";
import { addMonthsToDate } from "../../fees/months.js";
import { FEES, MIRRORED, book, schedule, tenant } from "./fixtures.js";

describe("notice", () => {
  it("needs validFrom at least the notice months after publication, the day clamped to the month", () => {
    expect(earliestWithNotice("2024-06-15", 6)).toBe("2024-12-15");
    expect(addMonthsToDate("2024-08-31", 6)).toBe("2025-02-28");
    expect(shortNotice({ published: "2024-06-15", validFrom: "2025-01-01" }, 6)).toBe(false);
    expect(shortNotice({ published: "2024-06-15", validFrom: "2024-12-01" }, 6)).toBe(true);
    expect(shortNotice({ published: "2024-06-01", validFrom: "2024-12-01" }, 6)).toBe(false);
  });
  it("calls a schedule valid before it was published retroactive", () => {
    expect(retroactive({ published: "2025-02-10", validFrom: "2025-01-01" })).toBe(true);
    expect(retroactive({ published: "2025-01-01", validFrom: "2025-01-01" })).toBe(false);
  });
});

describe("yearly increase", () => {
  it("compares the same tenant file under this year's and last year's schedules", () => {
    // 2026-01 against 2025-01: 12907.20 against 12763.20 is 1.1 %, within the default 10 %.
    const change = yearlyIncrease(tenant(MIRRORED), book(), "2026-01");
    expect(change).toEqual({ before: 1_276_320, after: 1_290_720, exceeds: false });
    // A cpu price of 1350.00 from 2026: + 3 × 1000 + 3 × 600 = 4800.00, 37.6 %.
    const steep = book(FEES.replace(schedule("2026-01-01", "2025-06-01", "380.00"), schedule("2026-01-01", "2025-06-01", "1350.00")));
    expect(yearlyIncrease(tenant(MIRRORED), steep, "2026-01").exceeds).toBe(true);
  });
  it("judges the limit exactly, and never calls a first price a rise", () => {
    expect(risesBeyond(10_000, 11_000, 10)).toBe(false);
    expect(risesBeyond(10_000, 11_001, 10)).toBe(true);
    expect(risesBeyond(0, 11_001, 10)).toBe(false);
  });
});
