import { login } from '../api.js';
import { h, replace } from '../dom.js';

/** Asks for the daemon's HTTP token once; the answer is a session cookie, not the token. */
export function loginPage(root: HTMLElement, onIn: () => void): void {
  const token = h('input', {
    type: 'password',
    name: 'token',
    autocomplete: 'current-password',
    placeholder: 'HTTP token',
    required: true,
  });
  const message = h(
    'p',
    { class: 'muted' },
    'This console needs the token from the daemon’s http.token setting.',
  );
  const form = h(
    'form',
    { class: 'login' },
    h('h1', {}, 'Log in'),
    message,
    token,
    h('button', { type: 'submit' }, 'Log in'),
  );
  form.addEventListener('submit', (submit) => {
    submit.preventDefault();
    void login(token.value).then((ok) => {
      token.value = '';
      if (ok) onIn();
      else replace(message, 'Wrong token (or too many tries: wait a minute).');
    });
  });
  replace(root, form);
  token.focus();
}
