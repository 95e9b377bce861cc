// Lint TypeScript sources with typescript-eslint's recommended rules (syntax-only: the type-checker runs
// separately in CI, so linting stays fast).
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["node_modules/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: [] }]
    }
  },
  {
    // The demo, examples and benchmarks talk to a person on the terminal.
    files: ["examples/**", "bench/**"],
    rules: { "no-console": "off" }
  }
)
