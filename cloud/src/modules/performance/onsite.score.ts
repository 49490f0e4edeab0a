/**
 * An on-site form's score from its template version and answers — the one rule both paths use (a form
 * submitted in the console, one forwarded by a hub as `onsite.scored`). It lives with the shared
 * contracts (@hall/devices/onsite-score) so that the hub checks a form by the same rule before it
 * journals it.
 */
export { scoreForm, type OnsiteAnswerError, type ScoredAnswer } from '@hall/devices/onsite-score';
