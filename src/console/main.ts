import { type SessionInfo, session } from './api.js';
import { h, replace } from './dom.js';
import { Store } from './store.js';
import { cameraPage } from './views/camera.js';
import { eventsPage } from './views/events.js';
import { loginPage } from './views/login.js';
import { overview } from './views/overview.js';
import { systemPage } from './views/system.js';

/** The console's entry: log in if needed, open the push socket, draw the page the hash names. */
const view = document.getElementById('view') as HTMLElement;
const banners = document.getElementById('banners') as HTMLElement;
const linkState = document.getElementById('link-state') as HTMLElement;
const store = new Store();
let leave: () => void = () => {};
let listening = false;
let signedIn = false;

async function boot(): Promise<void> {
  const info = await session();
  if (!info.authenticated) {
    loginPage(view, () => void boot());
    return;
  }
  signedIn = true;
  const notes: HTMLElement[] = [];
  if (!info.token_required) {
    notes.push(
      h(
        'div',
        { class: 'banner banner-info' },
        'No HTTP token is set: the console is open to every user of this machine and listens on loopback only.',
      ),
    );
  }
  replace(banners, ...notes);
  // A second boot (logged in again after the daemon restarted) reuses the listeners.
  if (!listening) {
    listening = true;
    store.on((change) => {
      if (change.type === 'link')
        linkState.textContent = store.connected ? 'live' : 'reconnecting…';
      if (change.type === 'hello') {
        showModelBanner(notes);
        route();
      }
    });
    window.addEventListener('hashchange', route);
  }
  store.connect(stillSignedIn);
}

/**
 * Asked each time the push socket drops. Sessions live in the daemon's memory: after its
 * restart the cookie means nothing and every request gets 401, so the page shows the login
 * instead of trying forever. A daemon that does not answer yet is tried again.
 */
async function stillSignedIn(): Promise<boolean> {
  let info: SessionInfo;
  try {
    info = await session();
  } catch {
    return true;
  }
  if (info.authenticated) return true;
  signedIn = false;
  store.stop();
  leave();
  leave = () => {};
  linkState.textContent = 'logged out';
  replace(banners);
  loginPage(view, () => void boot());
  return false;
}

/** Random weights make labels that mean nothing: say so on every page, plainly. */
function showModelBanner(notes: HTMLElement[]): void {
  const model = store.picture?.model ?? {};
  const random = model.randomWeights === true;
  replace(
    banners,
    ...notes,
    random
      ? h(
          'div',
          { class: 'banner banner-warn', id: 'random-weights' },
          'Random weights — not recognitions. The model has no trained weights: its labels are plumbing tests, not what the cameras see.',
        )
      : null,
  );
}

function route(): void {
  if (!signedIn) return;
  leave();
  const [, page, name] = location.hash.split('/');
  if (page === 'camera' && name) leave = cameraPage(view, store, decodeURIComponent(name));
  else if (page === 'events') leave = eventsPage(view, store);
  else if (page === 'system') leave = systemPage(view, store);
  else leave = overview(view, store);
}

void boot();
