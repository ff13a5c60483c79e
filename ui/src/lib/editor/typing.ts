// Typing a character straight from its keydown.
//
// Left to the browser, a typed character goes through WebKit's editing
// machinery: it inserts the text into the editor's DOM itself (with a
// layout to place the caret), fires `beforeinput` and `input`, and
// CodeMirror then reads the changed DOM back to find out what was typed.
// Here a plain character becomes CodeMirror's own transaction in the
// keydown, the same one it would have made from the DOM (`input.type`,
// through the editor's input handlers), and the browser does nothing.
// Anything that is not one plain character — keys with Ctrl, Alt or Meta,
// dead keys, an input method composing, Enter, Tab — goes the usual way.

import { Prec, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

/** The character a keydown types, or null if it is not one plain character. */
export function typedCharacter(event: KeyboardEvent): string | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  // An input method at work: the characters come from its composition.
  if (event.isComposing || event.keyCode === 229) return null;
  const { key } = event;
  // One code point: "a", "é", "€", "😀"; not "Enter", "Dead", "Unidentified".
  if (key.length === 0 || key.length > 2 || [...key].length !== 1) return null;
  const code = key.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return null;
  return key;
}

/** Inserts `text` at every selection as typing it would, through the editor's input handlers. */
export function typeText(view: EditorView, text: string): boolean {
  const { state } = view;
  if (state.readOnly || view.composing) return false;
  let made: ReturnType<typeof state.update> | null = null;
  const insert = () => (made ??= state.update(state.replaceSelection(text), { userEvent: "input.type", scrollIntoView: true }));
  const main = state.selection.main;
  const handled = state.facet(EditorView.inputHandler).some((handler) => handler(view, main.from, main.to, text, insert));
  if (!handled) view.dispatch(insert());
  return true;
}

/**
 * Plain characters typed by CodeMirror from the keydown, after every key
 * binding had its chance (lowest precedence, `any`).
 */
export function directTyping(): Extension {
  return Prec.lowest(
    keymap.of([
      {
        any(view, event) {
          if (event.target !== view.contentDOM) return false;
          const text = typedCharacter(event);
          if (text === null || !typeText(view, text)) return false;
          event.preventDefault();
          return true;
        },
      },
    ]),
  );
}
