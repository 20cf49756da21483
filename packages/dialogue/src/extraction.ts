import { FREE_TEXT } from './entity';
import type { Form } from './form-schema';
import type { DialogueState } from './state';

/**
 * The entity types worth extracting for a message: those of the active form's slots and of the
 * predicted intent's form. Empty when neither has a form: the worker then skips extraction.
 */
export function slotsForEntityExtraction(
  state: DialogueState,
  prediction: { intent: string | null; outOfScope: boolean },
  forms: ReadonlyMap<string, Form>,
): Set<string> {
  const types = new Set<string>();
  const add = (form: Form | undefined) => {
    for (const slot of form?.slots ?? []) if (slot.entity !== FREE_TEXT) types.add(slot.entity);
  };
  if (state.form) add(forms.get(state.form.intent));
  if (prediction.intent !== null && !prediction.outOfScope) add(forms.get(prediction.intent));
  return types;
}
