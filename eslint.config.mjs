// ESLint flat config: typescript-eslint's recommended rules (no type information, so linting stays fast),
// with Prettier last so formatting is Prettier's alone.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["dist/", "cdktf.out/", "coverage/", "node_modules/", "examples/library-app/node_modules/", "examples/library-app/dist/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Finding text and ASL are checked for control characters on purpose.
      "no-control-regex": "off",
      // `const { dropped, ...kept } = value` is how we omit a key.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests build deliberately malformed input.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  prettier,
);
