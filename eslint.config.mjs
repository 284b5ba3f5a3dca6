// ESLint (flat config): only the rules the house asked for, with type information where a rule needs it.
// `npm run lint`; part of `npm test`. Unused locals/parameters and implicit returns are tsc's job (tsconfig.json).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test-results/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Directives for rules this config does not turn on (the editor's own linters) are not an error.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // A promise nobody awaits loses its error: await it, or say `void` when fire-and-forget is meant.
      '@typescript-eslint/no-floating-promises': 'error',
      // Type-only imports vanish from the bundles (the webview and the extension's eager code stay light).
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
);
