// The store's moves of the editor, on the EditorState alone: where the
// cursor lands, which part is on screen, and how an edit undoes.
import { history, undo } from "@codemirror/commands";
import { EditorState, type Transaction } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { outlineOf, SAMPLE } from "../../test/fixtures";
import { goToHeading, replaceAll, showPart } from "./moves";
import { sectionMode, sectionOf } from "./section";

const outline = outlineOf(SAMPLE);
const part = (heading: string | null) => outline.find((item) => item.heading === heading)!;
const fresh = () => EditorState.create({ doc: SAMPLE, extensions: [history(), sectionMode()] });

describe("moves", () => {
  // Editing a section starts where its text starts: the end of its first body line, not on the heading.
  it("puts the cursor at the end of a part's first body line", () => {
    const state = fresh().update(showPart(fresh(), part("Definition"))).state;
    expect(sectionOf(state)?.heading).toBe("Definition");
    const head = state.selection.main.head;
    expect(state.doc.lineAt(head).text).toBe("");
    expect(head).toBe(SAMPLE.indexOf("## Definition\n") + "## Definition\n".length);
  });

  // A link to another section while one is on screen: that section is shown, not a hidden heading.
  it("shows the linked part in section mode, and only then", () => {
    const inSection = fresh().update(showPart(fresh(), part("Snapshot"))).state;
    const linked = inSection.update(goToHeading(inSection, part("Sources"))).state;
    expect(sectionOf(linked)?.heading).toBe("Sources");
    expect(linked.selection.main.head).toBe(part("Sources").from);
    const whole = fresh();
    expect(sectionOf(whole.update(goToHeading(whole, part("Sources"))).state)).toBeNull();
  });

  // A restored section is its own undo step: typing right after it, at the same place, undoes apart.
  it("replaces the text as one undo step of its own", () => {
    let state = fresh();
    const restored = SAMPLE.replace("A definition.", "Restored.");
    state = state.update(replaceAll(state, restored)!).state;
    const at = restored.indexOf("Restored.") + "Restored".length;
    state = state.update({ changes: { from: at, insert: "!" }, userEvent: "input.type" }).state;
    undo({ state, dispatch: (tr: Transaction) => (state = tr.state) });
    expect(state.doc.toString()).toBe(restored);
    expect(replaceAll(state, state.doc.toString())).toBeNull();
  });
});
