// Shared UI state that features read and write without importing each
// other: which dialogs are open, the problems panel, toasts, scroll sync.

export type ToastKind = "info" | "success" | "warning" | "error";

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export type PanelTab = "entry" | "wiki";

export class UiStore {
  quickOpen = $state(false);
  /** The New entry dialog, with the title to start from, or null when closed. */
  newEntry = $state.raw<{ title: string } | null>(null);
  /** The Add section dialog of the outline. */
  addSection = $state(false);
  /** The Rename dialog of the open entry. */
  rename = $state(false);
  /** The list of keyboard shortcuts (F1). */
  shortcuts = $state(false);
  panelOpen = $state(true);
  panelTab = $state<PanelTab>("entry");
  previewVisible = $state(true);
  toasts = $state.raw<Toast[]>([]);
  /**
   * The editor's top visible source line (1-based), for scroll sync; set when
   * the user scrolls the editor and when the editor moves to another entry or
   * section. A new object each time, so the preview follows even to the same
   * line (after the user scrolled the preview away).
   */
  editorTopLine = $state.raw<{ line: number }>({ line: 1 });
  /** The source line of the preview's top block, for scroll sync; set when the user scrolls the preview. */
  previewTopLine = $state.raw<{ line: number } | null>(null);
  /** A heading slug the preview should scroll to once it shows the entry. */
  previewAnchor = $state.raw<{ slug: string; nonce: number } | null>(null);

  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  toast(message: string, kind: ToastKind = "info", timeout = kind === "error" ? 12000 : 5000): number {
    const id = this.#next++;
    this.toasts = [...this.toasts.filter((toast) => toast.message !== message), { id, kind, message }];
    if (timeout > 0) this.#timers.set(id, setTimeout(() => this.dismiss(id), timeout));
    return id;
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  scrollPreviewTo(slug: string): void {
    this.previewAnchor = { slug, nonce: Date.now() + Math.random() };
  }

  /** Whether any modal dialog is open (global shortcuts then wait). */
  get modal(): boolean {
    return this.quickOpen || this.newEntry !== null || this.addSection || this.rename || this.shortcuts;
  }
}

export const ui = new UiStore();
