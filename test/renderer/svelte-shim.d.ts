// The component tests import .svelte files; the Node type check (tsc) sees them as components.
// svelte-check type-checks the components themselves.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
