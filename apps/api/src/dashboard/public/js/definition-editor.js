// A JSON editor for a definition the API checks (a form, a custom entity): the text in a textarea,
// and under it every problem the server gave when it refused the last save.
import { h, replaceChildren } from './dom.js';

/** Thrown by `save` when the definition was refused: the problems are under the editor already. */
class RefusedError extends Error {}

export function definitionEditor(context, { id, label, rows = 14 }) {
  const textarea = h('textarea', { id: `${id}-json`, class: 'json-editor', rows, spellcheck: 'false', 'aria-label': label, readonly: !context.isAdmin });
  const reasons = h('ul', { class: 'reasons', id: `${id}-reasons`, role: 'alert' });

  function showReasons(lines) {
    replaceChildren(
      reasons,
      lines.map((line) => h('li', {}, line)),
    );
  }

  return {
    element: h('div', { class: 'definition-editor' }, textarea, reasons),
    /** Shows a definition (pretty JSON), or a text as it is; clears the problems. */
    show(value) {
      textarea.value = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
      showReasons([]);
    },
    /**
     * Parses the text and runs `send(definition)`; when the text is not JSON, or the API refuses it,
     * the problems are listed under the editor and the returned promise rejects with a short message.
     */
    async save(what, send) {
      let definition;
      try {
        definition = JSON.parse(textarea.value);
      } catch (error) {
        showReasons([`This is not valid JSON: ${error.message}`]);
        throw new RefusedError(`${what} was not saved: it is not valid JSON.`);
      }
      try {
        const result = await send(definition);
        showReasons([]);
        return result;
      } catch (error) {
        showReasons(error.reasons?.length ? error.reasons : [error.message]);
        throw new RefusedError(`${what} was not saved: ${error.reasons?.length > 1 ? `${error.reasons.length} problems` : 'see why'} under the editor.`);
      }
    },
  };
}
