import { mount } from 'svelte';
import App from './App.svelte';
import { transport } from './lib/api.ts';
import { applyRememberedTheme } from './lib/appState.svelte.ts';
import { startSession } from './lib/session.svelte.ts';
import './app.css';

applyRememberedTheme();
// A sign-in link is spent before the window asks the engine anything.
if (transport === 'http') await startSession();
mount(App, { target: document.getElementById('app') as HTMLElement });
