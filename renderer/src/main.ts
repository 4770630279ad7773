import { mount } from 'svelte';
import App from './App.svelte';
import { applyRememberedTheme } from './lib/appState.svelte.ts';
import './app.css';

applyRememberedTheme();
mount(App, { target: document.getElementById('app') as HTMLElement });
