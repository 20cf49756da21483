// A choice among the saved actions, for what may name one (a form, an intent). A name that is no
// longer saved stays chosen, marked, until the admin picks another: saving must not drop it unseen.
import { h, replaceChildren } from './dom.js';

/** `none`: the text of the "no action" choice; `missing`: how a chosen action that is not saved is marked. */
export function actionSelect(context, { id, label, none, missing }) {
  const select = h('select', { id, 'aria-label': label, disabled: !context.isAdmin });
  return {
    element: h('label', { class: 'field' }, label, select),
    show(actionNames, chosen) {
      const names = chosen && !actionNames.includes(chosen) ? [...actionNames, chosen] : actionNames;
      replaceChildren(
        select,
        h('option', { value: '' }, none),
        names.map((name) => h('option', { value: name }, actionNames.includes(name) ? name : `${name} (${missing})`)),
      );
      select.value = chosen ?? '';
    },
    /** The chosen action's name, or null for none. */
    chosen() {
      return select.value || null;
    },
  };
}
