/**
 * JSON text being edited that is not in the draft (it does not parse, or was refused), by editor id:
 * saving then would save something else than what is shown. The editor saves nothing while any is
 * listed, never says "All changes saved", and lets nothing else change the draft meanwhile, so the
 * text is never dropped and the form and the JSON never disagree.
 */
import { SvelteMap } from 'svelte/reactivity';

export interface UnparsedJson {
  /** What is wrong, and where: "not valid JSON at line 3, column 5: …". */
  message: string;
  /** Offset of the mistake in the text, to put the caret there. */
  offset: number;
  /** What the text stands for, for messages: "orders as JSON". */
  label: string;
}

/** Editor id (its textarea's DOM id) → its mistake. */
export const unparsedJson = new SvelteMap<string, UnparsedJson>();

/** Bumped by discardUnparsedJson: each JSON editor then shows the draft again. */
export const discards = $state({ count: 0 });

/** Drops every text that is not in the draft (Revert, "Discard this edit"). */
export function discardUnparsedJson(): void {
  unparsedJson.clear();
  discards.count += 1;
}

/** Brings the first mistake into view, the caret on it; its message, or undefined when every JSON text parses. */
export function showUnparsedJson(): string | undefined {
  const first = unparsedJson.entries().next();
  if (first.done) return undefined;
  const [id, mistake] = first.value;
  const area = document.getElementById(id);
  if (area instanceof HTMLTextAreaElement) {
    area.focus();
    area.setSelectionRange(mistake.offset, mistake.offset + 1);
  }
  return mistake.message;
}
