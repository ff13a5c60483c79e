// The file name the New entry and Rename dialogs show: asked of the backend
// as the title changes (quire-core slugs titles; the UI never does), the
// latest question's answer kept and answers to earlier ones dropped.

import { errorMessage } from "../ipc";

export class FileNameQuestion {
  /** The id the backend would write; null while unknown or refused. */
  id = $state<string | null>(null);
  /** Why the backend would refuse; null when it would not. */
  problem = $state<string | null>(null);
  #asked = 0;

  /** Asks `question` (a backend call resolving to the id), forgetting any question still out. */
  async ask(question: () => Promise<string>): Promise<void> {
    const asked = ++this.#asked;
    try {
      const id = await question();
      if (asked !== this.#asked) return;
      this.id = id;
      this.problem = null;
    } catch (error) {
      if (asked !== this.#asked) return;
      this.id = null;
      this.problem = errorMessage(error);
    }
  }

  /** No title: no file name and nothing to say, whatever a question still out answers. */
  clear(): void {
    this.#asked++;
    this.id = null;
    this.problem = null;
  }
}
