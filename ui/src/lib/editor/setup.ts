// The entry editor's extensions: Markdown with YAML front matter, history,
// search, `[[` completion of entry names, diagnostics from the backend and
// section mode. Built once per opened entry.

import { autocompletion, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { HighlightStyle, indentUnit, LanguageSupport, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorState, Prec, type Extension, type Text } from "@codemirror/state";
import { crosshairCursor, drawSelection, dropCursor, EditorView, highlightActiveLine, highlightSpecialChars, keymap, rectangularSelection, tooltips } from "@codemirror/view";
import { tags } from "@lezer/highlight";

import type { Problem } from "../../ipc";
import { rangeIn } from "../problems";
import { analysisField } from "./analysis-field";
import { sectionMode } from "./section";
import { directTyping } from "./typing";

/** A name a wiki link may use: an entry's title or one of its aliases. */
export interface LinkName {
  /** What the link says. */
  name: string;
  /** The entry's title (equal to `name` unless `name` is an alias). */
  title: string;
  /** The entry's kind, shown beside the name. */
  kind: string | null;
}

/**
 * Completes `[[…` with entry titles and aliases. Matching ignores case; a
 * title that starts with the typed text ranks above one that contains it.
 */
export function wikiLinkCompletion(names: () => readonly LinkName[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.matchBefore(/\[\[[^\]|#\n]*$/);
    if (!before) return null;
    const typed = before.text.slice(2);
    const from = before.from + 2;
    const after = context.state.sliceDoc(context.pos, context.pos + 2);
    const close = after.startsWith("]]") ? "" : "]]";
    const options: Completion[] = names().map((entry) => ({
      label: entry.name,
      detail: entry.name === entry.title ? (entry.kind ?? undefined) : `→ ${entry.title}`,
      type: entry.name === entry.title ? "class" : "variable",
      apply: entry.name + close,
      boost: entry.name === entry.title ? 1 : 0,
    }));
    if (!context.explicit && typed === "" && options.length === 0) return null;
    return { from, options, validFor: /^[^\]|#\n]*$/ };
  };
}

/** Backend problems as CodeMirror diagnostics, clamped to the document. */
export function diagnosticsOf(problems: readonly Problem[], doc: Text): Diagnostic[] {
  return problems
    .filter((problem) => problem.from === null || problem.to === null || problem.to >= problem.from)
    .map((problem) => {
      const { from, to } = rangeIn(doc, problem);
      return {
        from,
        to,
        severity: problem.level,
        source: problem.code,
        message: problem.help ? `${problem.message}\nhelp: ${problem.help}` : problem.message,
      };
    });
}

const highlight = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: "700", fontSize: "1.25em", color: "#1f2328" },
  { tag: tags.heading2, fontWeight: "700", fontSize: "1.12em", color: "#1f2328" },
  { tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6], fontWeight: "700", color: "#1f2328" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: tags.link, color: "#3056a8" },
  { tag: tags.url, color: "#6a7380" },
  { tag: tags.monospace, color: "#8a3b12", fontFamily: "var(--font-mono)" },
  { tag: tags.quote, color: "#55606e", fontStyle: "italic" },
  { tag: [tags.processingInstruction, tags.contentSeparator], color: "#9aa3ad" },
  { tag: tags.list, color: "#7a5a00" },
  { tag: tags.meta, color: "#6a7380" },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#7a3e9d" },
  { tag: [tags.string, tags.content], color: "#1f2328" },
  { tag: [tags.number, tags.bool, tags.null], color: "#0b6e4f" },
  { tag: tags.comment, color: "#8b949e", fontStyle: "italic" },
]);

const theme = EditorView.theme({
  // No height here: the theme's classes also mark the tooltips' container in
  // the body, which would then take a window's height below the app and make
  // the body scrollable (the editor's pane sizes the editor).
  "&": { fontSize: "14px", backgroundColor: "#ffffff" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.65", overflow: "auto" },
  ".cm-content": { padding: "14px 0 40vh", caretColor: "#1f2328", maxWidth: "52em" },
  ".cm-line": { padding: "0 18px 0 14px" },
  ".cm-activeLine": { backgroundColor: "#f6f8fa" },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground": { backgroundColor: "#cfe0fb !important" },
  ".cm-gutters": { backgroundColor: "#ffffff", border: "none" },
  ".cm-lint-marker": { width: "0.8em", height: "0.8em" },
  ".cm-hidden-part": {
    margin: "6px 14px",
    padding: "3px 10px",
    fontFamily: "var(--font-ui)",
    fontSize: "12px",
    color: "#57606a",
    background: "repeating-linear-gradient(135deg, #f6f8fa, #f6f8fa 6px, #eef1f4 6px, #eef1f4 12px)",
    border: "1px dashed #d0d7de",
    borderRadius: "4px",
    userSelect: "none",
  },
  ".cm-tooltip": { fontFamily: "var(--font-ui)", fontSize: "13px", borderRadius: "6px", border: "1px solid #d0d7de" },
  ".cm-tooltip-autocomplete > ul > li": { padding: "3px 8px" },
  ".cm-completionDetail": { marginLeft: "1em", color: "#6a7380", fontStyle: "normal" },
  ".cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail": { color: "#dce7fb" },
  ".cm-panels": { fontFamily: "var(--font-ui)", fontSize: "13px" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid #d0d7de" },
  ".cm-diagnostic": { fontFamily: "var(--font-ui)", whiteSpace: "pre-wrap" },
});

/** Everything an entry's EditorState needs; `names` feeds `[[` completion. */
/**
 * GitHub-flavoured Markdown with its editing keys (Enter continues a list
 * or quote, Backspace takes its markup back) and pasting a URL over a
 * selection as a link. Not `markdown()`: that also parses raw HTML with the
 * HTML language, which brings the HTML, CSS and JavaScript parsers, a sixth
 * of the bundle, parsed and run at every start, for highlighting HTML that
 * the wiki's entries do not use (the preview shows it sanitized).
 */
function markdownSupport(): LanguageSupport {
  return new LanguageSupport(markdownLanguage, [Prec.high(keymap.of(markdownKeymap)), pasteURLAsLink]);
}

export function editorExtensions(names: () => readonly LinkName[]): Extension[] {
  return [
    history(),
    highlightSpecialChars(),
    drawSelection(),
    dropCursor(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    EditorState.allowMultipleSelections.of(true),
    indentUnit.of("  "),
    EditorView.lineWrapping,
    yamlFrontmatter({ content: markdownSupport() }),
    syntaxHighlighting(highlight),
    autocompletion({ override: [wikiLinkCompletion(names)], icons: false }),
    search({ top: true }),
    lintGutter(),
    // Tooltips (completions, problems) live in the body: the editor's pane
    // has layout containment (App.svelte), which would hold them inside it.
    tooltips({ parent: document.body }),
    keymap.of([...completionKeymap, ...searchKeymap, ...historyKeymap, ...lintKeymap, ...defaultKeymap]),
    sectionMode(),
    analysisField,
    directTyping(),
    EditorView.contentAttributes.of({ "aria-label": "Entry source", spellcheck: "true", autocorrect: "off" }),
    theme,
  ];
}
