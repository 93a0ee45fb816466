// Lint that catches real bugs (issue 11): type-checked rules from typescript-eslint, eslint-plugin-regexp's rules against
// super-linear backtracking, and a rule against indexing plain objects with computed keys from user text.
import tseslint from "typescript-eslint";
import regexp from "eslint-plugin-regexp";

export default tseslint.config(
  { ignores: ["node_modules/", "index/", "models/", "scratch/", "coverage/", "**/*.mjs", "src/ingest/pdf-worker.mjs"] },
  {
    files: ["src/**/*.ts", "tests/**/*.ts"],
    extends: [tseslint.configs.base],
    plugins: { regexp },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/prefer-nullish-coalescing": "error",
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      "regexp/no-misleading-capturing-group": "error",
      // Dictionaries keyed at run time are Maps or Object.create(null): an empty `{}` typed as a Record of strings inherits
      // Object.prototype, so a key such as "__proto__" or "constructor" typed by a user would reach it.
      "no-restricted-syntax": [
        "error",
        {
          selector: "VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name='Record'][init.type='ObjectExpression'][init.properties.length=0]",
          message: "A dictionary filled at run time: use a Map, or Object.create(null), not {}.",
        },
      ],
      "no-prototype-builtins": "error",
    },
  },
);
