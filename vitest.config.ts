import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores: two workers keep the suite parallel without oversubscribing the machine.
    pool: "threads",
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    // Generous: property tests and the two-process Redis test share two cores with the rest of the suite.
    testTimeout: 60_000
  }
})
