// Language features for lb run and platform configs (diagnostics come from core/config/validateConfig).
import type { LanguageProvider } from '../providers';
import { configCodeActions } from './codeActions';
import { configHover } from './hover';
import { jsonServiceFor, parseForService } from './jsonServices';

export const lbConfigProvider: LanguageProvider = {
  kinds: ['lb-run-config', 'lb-platform-config'],

  async completion(doc, params, ctx) {
    const service = jsonServiceFor(await ctx.kindOf(doc));
    if (!service) return null;
    return service.doComplete(doc, params.position, parseForService(service, doc));
  },

  async hover(doc, params, ctx) {
    const service = jsonServiceFor(await ctx.kindOf(doc));
    return service ? configHover(service, doc, params.position) : null;
  },

  async codeActions(doc, params) {
    return configCodeActions(doc, params);
  },

  async documentSymbols(doc, ctx) {
    const service = jsonServiceFor(await ctx.kindOf(doc));
    return service ? service.findDocumentSymbols2(doc, parseForService(service, doc)) : [];
  },
};
