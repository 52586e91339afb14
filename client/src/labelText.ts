// Text from configs, run folders or logs shown in VS Code labels (quick picks, descriptions), where `$(name)`
// is drawn as an icon and the text around it would read as something else. A backslash before `$(` makes
// VS Code show it as written; it is added before every occurrence, so a backslash already there stays visible.
const ICON_SYNTAX = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

export function escapeIcons(text: string): string {
  return text.replace(ICON_SYNTAX, '\\$&');
}

interface ShownTexts {
  label: string;
  description?: string;
  detail?: string;
}

/** A quick-pick item with its shown texts escaped; the other fields (what picking it means) stay as given. */
export function escapedItem<T extends ShownTexts>(item: T): T {
  const escaped: T = { ...item, label: escapeIcons(item.label) };
  if (item.description !== undefined) escaped.description = escapeIcons(item.description);
  if (item.detail !== undefined) escaped.detail = escapeIcons(item.detail);
  return escaped;
}
