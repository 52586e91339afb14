// Which documents VS Code's own JSON support serves with a schema from our package.json `jsonValidation`. It
// completes, hovers and outlines those files itself, so the language server leaves these features to it there (ours
// would show each item twice) and keeps them for configs recognised by content or by the user's globs.
import picomatch from 'picomatch';

/** One entry of package.json `contributes.jsonValidation`. */
export interface JsonValidationContribution {
  fileMatch?: string | string[];
  url?: string;
}

/** The languages of VS Code's JSON support: it outlines every such document, with or without a schema. */
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

export function isJsonLanguage(languageId: string): boolean {
  return JSON_LANGUAGES.has(languageId);
}

type Matcher = (path: string) => boolean;

/**
 * VS Code's matching of one entry's `fileMatch`: each pattern matches at any depth (VS Code puts a globstar folder
 * in front of it), so a pattern without `/` matches the file name and one with `/` the end of the path; a leading
 * `!` excludes, and the last pattern that matches decides.
 */
function entryMatcher(fileMatch: string[]): Matcher {
  const patterns = fileMatch.map((pattern) => {
    const include = !pattern.startsWith('!');
    const glob = (include ? pattern : pattern.slice(1)).replace(/^\//, '');
    // A file path from uriToPath has the platform's separators: on Windows, backslashes.
    return { include, test: picomatch(`**/${glob}`, { dot: true, windows: process.platform === 'win32' }) };
  });
  return (path) => patterns.reduce((matched, p) => (p.test(path) ? p.include : matched), false);
}

/**
 * A test of whether VS Code's JSON support serves a document, given as its file path (its URI through
 * documents/kind.ts's uriToPath) and its language id.
 */
export function jsonValidationCoverage(contributions: JsonValidationContribution[]): (path: string, languageId: string) => boolean {
  const entries = contributions.flatMap((c) => (c.url && c.fileMatch ? [entryMatcher([c.fileMatch].flat())] : []));
  return (path, languageId) => isJsonLanguage(languageId) && entries.some((matches) => matches(path));
}
