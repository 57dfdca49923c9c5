// Lint configuration: typescript-eslint's recommended rules, type-unaware so `npm test` stays fast.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "cdktf.out/**", "**/cdktf.out/**", "test/golden/**", "test/fixtures/**/*.json"] },
  js.configs.recommended,
  { files: ["**/*.js"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@cdktf/provider-kubernetes", message: "Deep-import the resource module (…/lib/<resource>/index.js): the root index costs seconds and hundreds of MB." },
            { name: "@cdktf/provider-vault", message: "Deep-import the resource module (…/lib/<resource>/index.js): the root index costs seconds and hundreds of MB." },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.ts"],
    ignores: ["lib/cdktf.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "cdktf", message: "Import cdktf through lib/cdktf.ts so that a move to CDK Terrain touches one file." },
            { name: "@cdktf/provider-kubernetes", message: "Deep-import the resource module (…/lib/<resource>/index.js)." },
            { name: "@cdktf/provider-vault", message: "Deep-import the resource module (…/lib/<resource>/index.js)." },
          ],
          patterns: [{ group: ["cdktf/*"], message: "Import cdktf through lib/cdktf.ts." }],
        },
      ],
    },
  },
);
