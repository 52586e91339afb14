// Debian's Chromium driven by playwright-core, for the e2e tests (code-server's workbench, the log panel webview).
import { Browser, chromium } from 'playwright-core';

// Chromium inside a container: headless, no sandbox or GPU, and nothing that reaches the internet.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
