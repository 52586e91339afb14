// Entry point of the log panel's webview script (bundled by esbuild as an IIFE for the browser).
import './logPanel.css';
import { App } from './app';

const root = document.getElementById('app');
if (root) new App(root);
