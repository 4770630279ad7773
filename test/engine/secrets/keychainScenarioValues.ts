/** Values shared by keychainScenario.ts (the child) and keychainStore.test.ts (the parent). */
export const UNICODE_INSTANCE = 'Müller & Söhne / Zürich 100%';
export const UNICODE_VALUE = 'pässwörd 🔑 密码 "quoted" \\ back\tslash\nnewline';
export const LONG_VALUE = Array.from({ length: 4096 }, (_, i) => `${i}:ß🔑`).join('|');
