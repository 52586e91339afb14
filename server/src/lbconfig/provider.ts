import type { LanguageProvider } from '../providers';

export const lbConfigProvider: LanguageProvider = { kinds: ['lb-run-config', 'lb-platform-config'] };
