// The extension asks the language server how an Airflow or Flyte link finds its logs when the user set no
// mode: the server holds the workspace label model and Loki's label names (core/links/linkMode.ts decides). The
// user's settings are read by the extension, which asks only when they are unset.
import type { AirflowMode } from '../core/links/airflow';
import type { LinkChoice } from '../core/links/linkMode';
import { Check, fail, isRecord, list, object, oneOf, string } from '../core/rpc/checks';

export const LINK_CHOICE_REQUEST = 'lbObs/linkChoice';

export type LinkChoiceParams =
  /** `needed`: the label names the link would match (dag_id, and task_id, run_id, try_number when given). */
  | { link: 'airflow'; needed: string[]; fallback: AirflowMode; resource?: string }
  /** The workflow label of "All workflow logs". */
  | { link: 'flyte'; fallback: string; resource?: string };

export type LinkChoiceResult = LinkChoice<string>;

const NAME = string(200);
const RESOURCE = string(4096);
const airflow = object({ link: oneOf(['airflow'] as const), needed: list(NAME, 10), fallback: oneOf(['labels', 'line-filter'] as const), resource: RESOURCE });
const flyte = object({ link: oneOf(['flyte'] as const), fallback: NAME, resource: RESOURCE });

/** The request's parameters checked (they crossed a process boundary); `Invalid` says what is wrong where. */
export const checkLinkChoiceParams: Check<LinkChoiceParams> = (value, where) => {
  if (!isRecord(value)) fail(where, 'expected an object');
  if (value.link === 'airflow') {
    const p = airflow(value, where);
    return { link: 'airflow', needed: p.needed ?? fail(`${where}.needed`, 'missing'), fallback: p.fallback ?? 'labels', resource: p.resource };
  }
  const p = flyte(value, where);
  return { link: 'flyte', fallback: p.fallback ?? fail(`${where}.fallback`, 'missing'), resource: p.resource };
};
