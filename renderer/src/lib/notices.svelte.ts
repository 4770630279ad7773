/** Short messages about what just happened ("Saved", "Polled: 3 events"), read out by screen readers. */
export type NoticeKind = 'info' | 'success' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  message: string;
}

export const notices = $state<{ list: Notice[] }>({ list: [] });
let nextId = 1;

export function notify(message: string, kind: NoticeKind = 'info', timeoutMs = kind === 'error' ? 9000 : 4500): void {
  const id = nextId++;
  notices.list = [...notices.list.slice(-3), { id, kind, message }];
  setTimeout(() => dismiss(id), timeoutMs);
}

export function dismiss(id: number): void {
  notices.list = notices.list.filter((notice) => notice.id !== id);
}
