// Lint configuration: typescript-eslint's recommended rules, type-unaware so `npm test` stays fast.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Entry points and harness: exempt from the file-system and cli/ boundaries. */
const PROGRAMS = ["e2e/**", "scripts/**", "bench/**", "bin/**", "test/**"];

const CDKTF_PATHS = [
  { name: "cdktf", message: "Import cdktf through lib/cdktf.ts so that a move to CDK Terrain touches one file." },
  { name: "@cdktf/provider-kubernetes", message: "Deep-import the resource module (…/lib/<resource>/index.js)." },
  { name: "@cdktf/provider-vault", message: "Deep-import the resource module (…/lib/<resource>/index.js)." },
];
const FS_MESSAGE = "Only cli/ touches the file system: take file contents (or an output/read.ts OutputSource) as arguments, and let the command read them.";
const FS_PATHS = ["fs", "node:fs", "fs/promises", "node:fs/promises"].map((name) => ({ name, message: FS_MESSAGE }));

/** The no-restricted-imports rule for a group of files. */
function restrictImports({ cdktf, fs, cli }) {
  const paths = [...(cdktf ? CDKTF_PATHS : CDKTF_PATHS.slice(1)), ...(fs ? FS_PATHS : [])];
  const patterns = [
    ...(cdktf ? [{ group: ["cdktf/*"], message: "Import cdktf through lib/cdktf.ts." }] : []),
    ...(cli ? [{ regex: "(^|/)cli/", message: "Nothing imports cli/: it is the entry point. Move what you need into the layer it belongs to." }] : []),
  ];
  return { "no-restricted-imports": ["error", { paths, patterns }] };
}

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "cdktf.out/**", "**/cdktf.out/**", "test/golden/**", "test/fixtures/**/*.json"] },
  js.configs.recommended,
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
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
  // Boundaries, one owner each (no-restricted-imports takes one option set per file, so every block below
  // lists all the restrictions that apply to its files):
  // - cdktf behind lib/cdktf.ts, so that a move to CDK Terrain touches one file;
  // - the file system in cli/ only: the library layers (model, constructs, stacks, output, policies,
  //   analysis, review, lib) receive file contents and return values;
  // - nothing imports cli/: it is the entry point, on top of everything.
  // The programs (e2e/, scripts/, bench/, bin/) and test/ are exempt from the last two: they are entry points
  // and harness, and read files and run commands themselves.
  { files: ["**/*.ts"], ignores: ["lib/cdktf.ts", "cli/**", "index.ts", ...PROGRAMS], rules: restrictImports({ cdktf: true, fs: true, cli: true }) },
  // index.ts is the library's entry point: it re-exports cli/'s file readers, and reads nothing itself.
  { files: ["index.ts"], rules: restrictImports({ cdktf: true, fs: true, cli: false }) },
  // Sorting has one owner, lib/sort.ts: code-unit order, never the locale's, so output is the same on every
  // machine. test/ may use localeCompare to show the difference.
  {
    files: ["**/*.ts"],
    ignores: ["test/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='localeCompare']", message: "Sort with lib/sort.ts (byString, byKey, byAll): code-unit order, never the locale's." },
        { selector: "NewExpression[callee.object.name='Intl'][callee.property.name='Collator']", message: "Sort with lib/sort.ts (byString, byKey, byAll): code-unit order, never the locale's." },
      ],
    },
  },
  { files: ["lib/cdktf.ts"], rules: restrictImports({ cdktf: false, fs: true, cli: true }) },
  { files: ["cli/**/*.ts", ...PROGRAMS.map((p) => `${p}/*.ts`)], rules: restrictImports({ cdktf: true, fs: false, cli: false }) },
);
