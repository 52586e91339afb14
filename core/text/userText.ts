// Text from outside (a file, a server's answer, an argument) quoted in a message: shortened so that a message
// stays readable whatever the input's size, and with control characters made visible so that a terminal never
// acts on them (an ESC could rewrite the screen, a CR hide what came before).

/** Characters of quoted text kept in a message; the rest is summarised by its length. */
export const QUOTE_LIMIT = 60;

/** `text` if short, else its start, an ellipsis and its length: `kkkk… (2,000,000 characters)`. */
export function shortenQuoted(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = limit;
  // Never split a surrogate pair: half an emoji is not valid text.
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}… (${text.length.toLocaleString('en-US')} characters)`;
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Control characters as visible symbols (U+2400…, U+2421 for DEL, U+FFFD for C1 controls); line feed and tab
 * are kept, since messages span lines.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}

/** Text for one line of output: every control character visible, line breaks and tabs included. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

/** Text from outside quoted in a one-line message: shortened, every control character visible. */
export function quoteUserText(text: string, limit = QUOTE_LIMIT): string {
  return printableLine(shortenQuoted(text, limit));
}

/** Code spans up to this long stay as they are (a quote shortened already, with its length note, fits). */
const SPAN_LIMIT = 100;

/**
 * A message whose `code spans` quote text from outside, each span shortened: for messages composed in many
 * places (every LogQL check), so that no one of them can echo a huge token back.
 */
export function shortenCodeSpans(message: string): string {
  return message.replace(/`([^`]+)`/g, (span: string, text: string) => (text.length > SPAN_LIMIT ? `\`${shortenQuoted(text)}\`` : span));
}
