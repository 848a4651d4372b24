/**
 * What a user does in the VS Code workbench, through the DOM of code-server 4.139 (VS Code 1.139):
 * open a file from the Explorer, go to a line, run a command from the palette, hover, read the
 * lines and the status bar on screen, toggle Explorer sections. Auto-waiting Playwright locators
 * with explicit timeouts; the only polling loops retry an action (hover, Ctrl+.) until the
 * extension answers.
 */
import type { Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from './codeServer';

/** A line of the active editor as shown on screen: its number and its text (wrapped rows joined). */
export interface ScreenLine {
  line: number;
  text: string;
}

export class Workbench {
  constructor(readonly page: Page) {}

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** The code editor of the active editor group. */
  get editor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').first();
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  /** An Explorer section header ('Explorer Section: ws', 'Outline Section', 'Report Structure…'). */
  sectionHeader(label: string): Locator {
    return this.page.locator(`.pane-header[aria-label^="${label}"]`);
  }

  section(label: string): Locator {
    return this.page.locator('.pane', { has: this.sectionHeader(label) });
  }

  /** Expands or collapses an Explorer section by clicking its header, and waits until it has. */
  async setSection(label: string, expanded: boolean): Promise<void> {
    const header = this.sectionHeader(label);
    if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
    await this.page.locator(`.pane-header[aria-label^="${label}"][aria-expanded="${expanded}"]`).waitFor({ timeout: 10_000 });
  }

  /** Expands a tree row (Outline, Report Structure) unless it is expanded already. */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await row.and(this.page.locator('[aria-expanded="true"]')).waitFor({ timeout: 10_000 });
  }

  /** Opens a workspace file by clicking its row in the Explorer, and focuses its editor. */
  async openFile(name: string): Promise<void> {
    await this.setSection('Explorer Section', true);
    await this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).click();
    await this.page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ timeout: 30_000 });
    await this.page.locator('#status\\.editor\\.mode', { hasText: 'Markdown' }).waitFor({ timeout: 60_000 });
    await this.focusEditor();
  }

  /** Focuses the active editor (a click on its tab: the cursor stays where it is). */
  async focusEditor(): Promise<void> {
    await this.page.locator('.part.editor .editor-group-container.active .tab.active').click();
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 10_000 });
  }

  /** Runs a command from the Command Palette (F1), picking the row whose label starts with `title`. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(title);
    await this.quickInput.locator(`.monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first().click({ timeout: 15_000 });
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Runs a command from the Command Palette that asks for input (an input box or a quick pick
   * reusing the same widget): waits until the widget shows `prompt` instead of waiting for it to close.
   */
  async runCommandWithInput(title: string, prompt: string): Promise<Locator> {
    await this.page.keyboard.press('F1');
    await this.quickInput.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(title);
    await this.quickInput.locator(`.monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first().click({ timeout: 15_000 });
    await this.quickInput.filter({ hasText: prompt }).waitFor({ timeout: 30_000 });
    return this.quickInput.locator('input').first();
  }

  /**
   * Closes every editor ("View: Close All Editors"), answering "Don't Save" for edited ones:
   * the language server then clears their diagnostics.
   */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Don.t Save$/ });
    const noTabs = this.page.locator('.part.editor .tab').first();
    await Promise.race([dontSave.waitFor({ timeout: 10_000 }), noTabs.waitFor({ state: 'detached', timeout: 10_000 })]);
    if (await dontSave.isVisible()) await dontSave.click();
    await noTabs.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** The status bar's problems item (its aria-label: "Errors: 1, Warnings: 74, Infos: 2"). */
  async waitForProblems(label: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`#status\\.problems[aria-label="${label}"]`).waitFor({ timeout });
  }

  /** A notification toast containing `text`, once shown. */
  async toast(text: string, timeout = 30_000): Promise<string> {
    const toast = this.page.locator('.notification-toast', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return (await toast.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** "Ln 12, Col 3" from the status bar. */
  async cursor(): Promise<{ line: number; column: number; text: string }> {
    const text = (await this.page.locator('#status\\.editor\\.selection').innerText()).trim();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return { line: Number(m?.[1]), column: Number(m?.[2]), text };
  }

  /** Waits until the status bar shows the cursor on `line` (and `column`, when given). */
  async waitForCursor(line: number, column?: number, timeout = 10_000): Promise<void> {
    const text = column === undefined ? new RegExp(`^Ln ${line},`) : new RegExp(`^Ln ${line}, Col ${column}\\b`);
    await this.page.locator('#status\\.editor\\.selection', { hasText: text }).waitFor({ timeout });
  }

  /** Go to Line/Column (Ctrl+G), the way a user jumps to a position. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+g');
    await this.quickInput.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    await this.waitForCursor(line, column);
  }

  /**
   * The lines of the active editor on screen, in order: rows sorted by their position, each row
   * given the number the gutter shows next to it (a wrapped line's rows are joined, without the
   * indentation the editor repeats at the start of each wrapped row).
   */
  async screenLines(): Promise<ScreenLine[]> {
    return this.editor.evaluate((editor) => {
      const numbers = new Map<number, number>();
      for (const div of editor.querySelectorAll('.margin-view-overlays > div')) {
        const n = Number(div.querySelector('.line-numbers')?.textContent?.trim());
        if (n) numbers.set(parseFloat(div.style.top), n);
      }
      const rows = [...editor.querySelectorAll('.view-lines > .view-line')]
        .map((row) => ({ top: parseFloat(row.style.top), text: (row.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top);
      const lines: { line: number; text: string; indent: string }[] = [];
      for (const row of rows) {
        const n = numbers.get(row.top);
        if (n) lines.push({ line: n, text: row.text, indent: /^ */.exec(row.text)![0] });
        // A wrapped row starts with the line's indentation (editor.wrappingIndent "same"), which is
        // not in the text: the whitespace at a break stays at the end of the row before.
        else if (lines.length) {
          const last = lines[lines.length - 1];
          last.text += row.text.startsWith(last.indent) ? row.text.slice(last.indent.length) : row.text;
        }
      }
      return lines.map(({ line, text }) => ({ line, text }));
    });
  }

  /** The text of `line` as shown on screen (it must be in view). */
  async screenLine(line: number): Promise<string | undefined> {
    return (await this.screenLines()).find((l) => l.line === line)?.text;
  }

  /** The hover widget that is on screen. */
  get hover(): Locator {
    return this.page.locator('.monaco-hover:visible');
  }

  /**
   * Hovers `target` with the mouse until the hover widget shows `expected`: the first hovers may
   * come before the extension has activated and its server answers.
   */
  async hoverUntil(target: Locator, expected: string, timeout = 90_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      await target.hover({ timeout: 10_000 });
      const widget = this.hover.filter({ hasText: expected });
      try {
        await widget.first().waitFor({ timeout: 4_000 });
        return await widget.first().innerText();
      } catch {
        last = (await this.hover.allInnerTexts()).join(' | ');
        // Move away so that the next hover starts a new request.
        await this.page.mouse.move(700, 5);
        await this.page.keyboard.press('Escape');
      }
    }
    throw new Error(`no hover with ${JSON.stringify(expected)} within ${timeout} ms; last hover: ${JSON.stringify(last)}`);
  }

  /** Moves the mouse off the editor and closes any hover. */
  async dismissHover(): Promise<void> {
    await this.page.mouse.move(700, 5);
    await this.page.keyboard.press('Escape');
    await this.hover.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  /** A token span of the editor whose text is exactly `text`. */
  token(text: string): Locator {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.editor.locator('.view-lines .view-line span span', { hasText: new RegExp(`^${escaped}$`) }).first();
  }

  /** The suggest widget's rows. */
  get suggestions(): Locator {
    return this.page.locator('.editor-widget.suggest-widget .monaco-list-row');
  }
}
