import { errorMessage } from './format.ts';

/**
 * A component's calls to the API from its buttons: `busy` names the one running (the buttons wait),
 * `error` is the last one's failure as a message, cleared when another starts (or, with `failed`,
 * the failure goes there instead: a notice, an outcome line).
 */
export class ApiCalls<Name = true> {
  busy = $state<Name | undefined>();
  error = $state<string | undefined>();

  async run(name: Name, work: () => Promise<void>, failed = (message: string): void => void (this.error = message)): Promise<void> {
    this.busy = name;
    this.error = undefined;
    try {
      await work();
    } catch (failure) {
      failed(errorMessage(failure));
    } finally {
      this.busy = undefined;
    }
  }
}
