import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // No test reads or fills the user's stack cache (~/.cache/samdrift); the cache's own tests name a folder.
    env: { SAMDRIFT_CACHE: "off" },
  },
});
