/**
 * A small multi-step QuickInput driver (after the vscode-extension-samples pattern): each step
 * shows "title (n/N)" and a Back button; Back re-runs the previous step, Escape cancels the whole
 * flow. Steps are plain async functions that return the next step or undefined when done.
 */
import * as vscode from 'vscode';

export type Step = (input: MultiStepInput) => Promise<Step | undefined>;

class BackSignal extends Error {}
class CancelSignal extends Error {}

export interface InputOptions {
  title: string;
  /** Defaults to the position in the flow. */
  step?: number;
  totalSteps?: number;
  value: string;
  prompt: string;
  placeholder?: string;
  password?: boolean;
  /** Returns an error message for an unusable value, undefined when fine. */
  validate?: (value: string) => string | undefined;
}

export interface PickOptions<T extends vscode.QuickPickItem> {
  title: string;
  step?: number;
  totalSteps?: number;
  items: T[];
  placeholder: string;
  active?: T;
  canPickMany?: boolean;
  selected?: T[];
}

export class MultiStepInput {
  private current?: vscode.QuickInput;
  private readonly history: Step[] = [];

  /** Runs the steps from `start`; resolves true when finished, false when the user cancelled. */
  static async run(start: Step): Promise<boolean> {
    return new MultiStepInput().stepThrough(start);
  }

  private async stepThrough(start: Step): Promise<boolean> {
    let step: Step | undefined = start;
    try {
      while (step) {
        this.history.push(step);
        try {
          step = await step(this);
        } catch (e) {
          if (!(e instanceof BackSignal)) throw e;
          this.history.pop();
          step = this.history.pop();
        }
      }
      return true;
    } catch (e) {
      if (e instanceof CancelSignal) return false;
      throw e;
    } finally {
      this.current?.dispose();
    }
  }

  showInput(options: InputOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.step = options.step ?? this.history.length;
    box.totalSteps = Math.max(options.totalSteps ?? 0, box.step);
    box.value = options.value;
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.password = options.password === true;
    box.ignoreFocusOut = true;
    box.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
    const validate = (v: string) => (box.validationMessage = options.validate?.(v));
    return this.show(box, (resolve, reject) => [
      box.onDidTriggerButton(() => reject(new BackSignal())),
      box.onDidChangeValue(validate),
      box.onDidAccept(() => {
        if (validate(box.value)) return;
        resolve(box.value);
      }),
    ]);
  }

  showPick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<readonly T[]> {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.step = options.step ?? this.history.length;
    pick.totalSteps = Math.max(options.totalSteps ?? 0, pick.step);
    pick.items = options.items;
    pick.placeholder = options.placeholder;
    pick.canSelectMany = options.canPickMany === true;
    pick.ignoreFocusOut = true;
    if (options.active) pick.activeItems = [options.active];
    if (options.selected) pick.selectedItems = options.selected;
    pick.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
    return this.show(pick, (resolve, reject) => [
      pick.onDidTriggerButton(() => reject(new BackSignal())),
      pick.onDidAccept(() => resolve(pick.canSelectMany ? pick.selectedItems : pick.activeItems.slice(0, 1))),
    ]);
  }

  private show<R>(
    input: vscode.QuickInput,
    wire: (resolve: (r: R) => void, reject: (e: Error) => void) => vscode.Disposable[],
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let disposables: vscode.Disposable[] = [];
      const finish = () => disposables.forEach((d) => d.dispose());
      disposables = [
        ...wire(
          (r) => {
            finish();
            resolve(r);
          },
          (e) => {
            finish();
            reject(e);
          },
        ),
        input.onDidHide(() => {
          finish();
          reject(new CancelSignal());
        }),
      ];
      this.current?.dispose();
      this.current = input;
      input.show();
    });
  }
}
