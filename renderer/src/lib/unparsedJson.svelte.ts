/**
 * JSON text being edited that does not parse, by editor id: what is typed there is not in the
 * draft, so saving then would save something else than what is shown. The editor saves nothing
 * while any is listed, and never says "All changes saved".
 */
import { SvelteMap } from 'svelte/reactivity';

export interface UnparsedJson {
  /** What is wrong, and where: "not valid JSON at line 3, column 5: …". */
  message: string;
  /** Offset of the mistake in the text, to put the caret there. */
  offset: number;
}

/** Editor id (its textarea's DOM id) → its mistake. */
export const unparsedJson = new SvelteMap<string, UnparsedJson>();

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
