// The editor's Markdown support: list and quote markup carried over on
// Enter and turned back into indentation on Backspace, through the keys
// the editor binds.
import { EditorSelection, EditorState, type TransactionSpec } from "@codemirror/state";
import { keymap, type EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";

import { editorExtensions } from "./setup";

/** Runs the editor's binding of `key` on `doc` with the cursor at its end; returns the new text. */
function press(key: string, doc: string): string {
  let state = EditorState.create({ doc, selection: EditorSelection.cursor(doc.length), extensions: editorExtensions(() => []) });
  const view = {
    get state() {
      return state;
    },
    dispatch: (...specs: TransactionSpec[]) => {
      state = state.update(...specs).state;
    },
  } as unknown as EditorView;
  const bindings = state.facet(keymap).flat().filter((binding) => binding.key === key && binding.run);
  expect(bindings.some((binding) => binding.run!(view))).toBe(true);
  return state.doc.toString();
}

describe("Markdown editing keys", () => {
  it("continues a list and a quote on Enter", () => {
    expect(press("Enter", "# T\n\n- one")).toBe("# T\n\n- one\n- ");
    expect(press("Enter", "# T\n\n1. one")).toBe("# T\n\n1. one\n2. ");
    expect(press("Enter", "# T\n\n> said")).toBe("# T\n\n> said\n> ");
  });

  it("turns an empty item's markup into indentation on Backspace", () => {
    expect(press("Backspace", "# T\n\n- one\n- ")).toBe("# T\n\n- one\n  ");
  });
});
