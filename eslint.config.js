// Lint TypeScript sources with typescript-eslint's recommended rules (syntax-only: the type-checker runs
// separately in CI, so linting stays fast).
import effect from "@effect/eslint-plugin"
import { readFileSync } from "node:fs"
import tseslint from "typescript-eslint"

// The Effect team's own formatting (dprint), shared with the generator so that its output is already formatted.
const dprint = JSON.parse(readFileSync(new URL("./dprint.json", import.meta.url), "utf8"))

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "scratch/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@effect": effect },
    rules: {
      "@effect/dprint": ["error", { config: dprint }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-namespace": "off",
      // `interface Order extends Schema.Schema.Type<typeof Order> {}` names a schema's type: Effect's idiom.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error"
    }
  },
  {
    // The embedded exchange is an independent reading of Kalshi's spec: it never imports the SDK's
    // internals (its schemas and helpers), only the SDK's public modules.
    files: ["src/exchange/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["**/src/internal/**", "../internal/**", "../../internal/**"],
          message: "The exchange never imports the SDK's internals."
        }]
      }]
    }
  },
  {
    // ...and the SDK never imports the exchange's internals.
    files: ["src/**"],
    ignores: ["src/exchange/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/exchange/internal/**"], message: "The SDK never imports the exchange's internals." }]
      }]
    }
  },
  {
    // The demo, examples, benchmarks and scripts talk to a person on the terminal.
    files: ["examples/**", "bench/**", "scripts/**"],
    rules: { "no-console": "off" }
  }
)
