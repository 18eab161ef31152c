import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.spec.ts"],
    pool: "threads",
    testTimeout: 60_000,
  },
});
