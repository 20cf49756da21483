/** The model that is serving now, and how it scored on the new model's held-out split. */
export type ActiveModelScore =
  | { version: string; macroF1: number }
  /** It could not be scored (say, its artefact is gone): no automatic promotion over it. */
  | { version: string; error: string };

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  newMacroF1: number;
  activeVersion: string | null;
  activeMacroF1: number | null;
  maxMacroF1Drop: number;
}

/**
 * The promotion gate: a new model goes live automatically unless its macro-F1 on the held-out
 * split is lower than the active model's (on the same split) by more than `maxMacroF1Drop`;
 * otherwise it waits for an admin. With no active model there is nothing to lose.
 */
export function decidePromotion(newMacroF1: number, active: ActiveModelScore | null, maxMacroF1Drop: number): PromotionDecision {
  const decision = { newMacroF1, activeVersion: active?.version ?? null, activeMacroF1: null, maxMacroF1Drop };
  const f1 = (value: number) => value.toFixed(4);
  if (active === null) return { ...decision, promote: true, reason: 'no model was active' };
  if ('error' in active) {
    return { ...decision, promote: false, reason: `the active model ${active.version} could not be evaluated (${active.error}); waiting for an admin` };
  }
  const promote = newMacroF1 >= active.macroF1 - maxMacroF1Drop;
  const comparison = `macro-F1 ${f1(newMacroF1)} vs ${f1(active.macroF1)} for the active model ${active.version} (allowed drop ${maxMacroF1Drop})`;
  return {
    ...decision,
    activeMacroF1: active.macroF1,
    promote,
    reason: promote ? `promoted: ${comparison}` : `waiting for an admin: ${comparison}`,
  };
}
