/** lib/cdktf.ts `withoutStackTraces`: V8's stack traces off while synth runs, and back afterwards. */
import { describe, expect, it } from "vitest";
import { withoutStackTraces } from "../lib/cdktf.js";

describe("withoutStackTraces", () => {
  it("captures no stack inside, so cdktf's creation stacks are empty", () => {
    const captured = withoutStackTraces(() => {
      const object = { stack: "" };
      Error.captureStackTrace(object);
      return object.stack;
    });
    expect(captured).toBe("");
  });

  it("keeps the message of an error thrown inside, and restores both stack-trace hooks afterwards", () => {
    const { prepareStackTrace, captureStackTrace } = Error;
    expect(() =>
      withoutStackTraces(() => {
        throw new Error("the tenant file is wrong");
      }),
    ).toThrow("the tenant file is wrong");
    expect(Error.prepareStackTrace).toBe(prepareStackTrace);
    expect(Error.captureStackTrace).toBe(captureStackTrace);
    const object = { stack: "" };
    Error.captureStackTrace(object);
    expect(object.stack).toContain("without-stack-traces.test");
  });
});
