// Typing from the keydown: plain characters become the editor's own
// `input.type` transactions, undone as typing is; everything else is left
// to the key bindings and the browser.
import { undo } from "@codemirror/commands";
import { EditorSelection, EditorState, type Extension, type Transaction } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it } from "vitest";

import { editorExtensions } from "./setup";
import { typedCharacter } from "./typing";

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

/** An entry editor on `doc` with the cursor at `cursor`, recording its transactions. */
function editor(doc: string, cursor: number, extra: Extension[] = []): { view: EditorView; seen: Transaction[] } {
  const seen: Transaction[] = [];
  view = new EditorView({
    state: EditorState.create({
      doc,
      selection: EditorSelection.cursor(cursor),
      extensions: [editorExtensions(() => []), extra],
    }),
    parent: document.body,
    dispatchTransactions: (transactions, target) => {
      seen.push(...transactions);
      target.update(transactions);
    },
  });
  return { view, seen };
}

/** Presses `key` in the editor; returns whether the browser was told to do nothing. */
function press(target: EditorView, key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.contentDOM.dispatchEvent(event);
  return event.defaultPrevented;
}

describe("typedCharacter", () => {
  const key = (key: string, init: KeyboardEventInit = {}) => typedCharacter(new KeyboardEvent("keydown", { key, ...init }));

  it("takes one plain character, whatever its script", () => {
    expect(key("a")).toBe("a");
    expect(key("A", { shiftKey: true })).toBe("A");
    expect(key(" ")).toBe(" ");
    expect(key("é")).toBe("é");
    expect(key("€")).toBe("€");
    expect(key("😀")).toBe("😀");
  });

  it("leaves named keys, shortcuts and compositions alone", () => {
    for (const name of ["Enter", "Tab", "Backspace", "Dead", "Unidentified", "Process", "ArrowLeft", ""]) expect(key(name)).toBeNull();
    expect(key("s", { ctrlKey: true })).toBeNull();
    expect(key("f", { altKey: true })).toBeNull();
    expect(key("s", { metaKey: true })).toBeNull();
    expect(key("a", { isComposing: true })).toBeNull();
    expect(key("\u007f")).toBeNull();
  });
});

describe("typing from the keydown", () => {
  it("inserts the character at the cursor as the editor's own typing", () => {
    const { view, seen } = editor("# T\n\nSome tex", 13);
    expect(press(view, "t")).toBe(true);
    expect(view.state.doc.toString()).toBe("# T\n\nSome text");
    expect(view.state.selection.main.head).toBe(14);
    const changes = seen.filter((tr) => tr.docChanged);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.isUserEvent("input.type")).toBe(true);
  });

  it("replaces a selection and types at every cursor", () => {
    const { view } = editor("# T\n\none two", 0);
    view.dispatch({ selection: EditorSelection.single(5, 8) });
    press(view, "1");
    expect(view.state.doc.toString()).toBe("# T\n\n1 two");
    view.dispatch({ selection: EditorSelection.create([EditorSelection.cursor(5), EditorSelection.cursor(6)]) });
    press(view, "x");
    expect(view.state.doc.toString()).toBe("# T\n\nx1x two");
  });

  it("undoes a typed word in one step, as typing does", () => {
    const { view } = editor("# T\n\n", 5);
    for (const letter of "word") press(view, letter);
    expect(view.state.doc.toString()).toBe("# T\n\nword");
    undo(view);
    expect(view.state.doc.toString()).toBe("# T\n\n");
  });

  it("goes through the editor's input handlers", () => {
    const upper = EditorView.inputHandler.of((view, from, to, text) => {
      view.dispatch({ changes: { from, to, insert: text.toUpperCase() }, selection: { anchor: from + text.length } });
      return true;
    });
    const { view } = editor("# T\n\n", 5, [upper]);
    press(view, "q");
    expect(view.state.doc.toString()).toBe("# T\n\nQ");
  });

  it("leaves shortcuts, named keys and compositions to the bindings and the browser", () => {
    const { view, seen } = editor("# T\n\nabc", 8);
    expect(press(view, "a", { isComposing: true })).toBe(false);
    expect(press(view, "Dead")).toBe(false);
    expect(press(view, "z", { altKey: true })).toBe(false);
    expect(seen.filter((tr) => tr.docChanged)).toHaveLength(0);
    // Ctrl+A is the editor's binding: everything selected, nothing typed.
    expect(press(view, "a", { ctrlKey: true })).toBe(true);
    expect(view.state.doc.toString()).toBe("# T\n\nabc");
    expect(view.state.selection.main.to - view.state.selection.main.from).toBe(8);
  });

  it("types nothing into a read-only editor", () => {
    const { view } = editor("# T\n\nabc", 8, [EditorState.readOnly.of(true)]);
    expect(press(view, "x")).toBe(false);
    expect(view.state.doc.toString()).toBe("# T\n\nabc");
  });
});
