// Type-aware linting: the rules that catch real bugs in a simulator (floating promises,
// unsafe any, unnecessary conditions on branded flags), one import style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { roomRules } from './rooms.config.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', 'bench/*.js', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  roomRules,
  {
    files: ['eslint.config.js', 'vitest.config.ts', 'rooms.config.js', 'rooms.config.d.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
