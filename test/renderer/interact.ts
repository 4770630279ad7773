/** What a user does, as DOM events (the component tests need no more than these). */
import { fireEvent } from '@testing-library/svelte';

/** Replaces the field's text, as typing or pasting does. */
export async function type(element: HTMLElement, value: string): Promise<void> {
  const field = element as HTMLInputElement;
  const text = value === '' ? '' : `${field.value}${value}`;
  await fireEvent.input(field, { target: { value: text } });
}

export async function click(element: HTMLElement): Promise<void> {
  await fireEvent.click(element);
}

export async function select(element: HTMLElement, value: string): Promise<void> {
  await fireEvent.change(element, { target: { value } });
}
