/** The login form: the banner, member id, hidden password, and why a login failed. */
import type { Store } from '../state/store';
import { byId } from './dom';

export class LoginView {
  private readonly root = byId('login');
  private readonly form = byId<HTMLFormElement>('login-form');
  private readonly id = byId<HTMLInputElement>('member-id');
  private readonly password = byId<HTMLInputElement>('password');
  private readonly button = byId<HTMLButtonElement>('login-button');
  private readonly status = byId('login-status');
  private readonly error = byId('login-error');
  private lastPhase = '';

  constructor(private readonly store: Store, submit: (id: string, password: string) => void) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const password = this.password.value;
      // The field is emptied at once: the password lives no longer than the login needs it.
      this.password.value = '';
      submit(this.id.value.trim(), password);
    });
  }

  render(): void {
    const s = this.store;
    const shown = s.phase === 'login' || (s.phase === 'connecting' && !s.me.nick);
    this.root.hidden = !shown;
    if (!shown) {
      this.lastPhase = s.phase;
      return;
    }
    this.status.textContent = s.statusLine;
    this.error.textContent = s.loginError;
    this.button.disabled = s.phase === 'connecting';
    if (s.phase === 'login' && this.lastPhase !== 'login') {
      (this.id.value ? this.password : this.id).focus();
    }
    this.lastPhase = s.phase;
  }
}
