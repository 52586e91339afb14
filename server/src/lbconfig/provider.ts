// Language features for lb run and platform configs (diagnostics come from core/config/validateConfig).
import type { LanguageProvider } from '../providers';
import { configCodeActions } from './codeActions';
import { configHover } from './hover';
import { parsedConfig } from './jsonServices';

export const lbConfigProvider: LanguageProvider = {
  kinds: ['lb-run-config', 'lb-platform-config'],

  async completion(doc, params, ctx) {
    const config = await parsedConfig(doc, ctx);
    return config ? config.service.doComplete(doc, params.position, config.json) : null;
  },

  async hover(doc, params, ctx) {
    const config = await parsedConfig(doc, ctx);
    return config ? configHover(config.service, config.json, doc, params.position) : null;
  },

  async codeActions(doc, params) {
    return configCodeActions(doc, params);
  },

  async documentSymbols(doc, ctx) {
    const config = await parsedConfig(doc, ctx);
    return config ? config.service.findDocumentSymbols2(doc, config.json) : [];
  },
};
