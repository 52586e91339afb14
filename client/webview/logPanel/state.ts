// What the panel keeps across hide/show (the webview is rebuilt each time it becomes visible).
import type { LogFilter } from '../../../core/logs/model';

export interface PanelState {
  filter: LogFilter;
  follow: boolean;
  /** First visible row, to scroll back to. */
  topRow: number;
  selected: number | null;
  detailsOpen: boolean;
  /** Notices the user dismissed. */
  dismissedNotices: string[];
}

export const DEFAULT_STATE: PanelState = {
  filter: {},
  follow: false,
  topRow: 0,
  selected: null,
  detailsOpen: false,
  dismissedNotices: [],
};
