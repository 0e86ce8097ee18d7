import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Drives the VS Code workbench in the page through what a user sees and does. */
export class Workbench {
    constructor(readonly page: Page) {}

    async open(url: string): Promise<void> {
        await this.page.goto(url);
        await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // The explorer lists the workspace once the remote connection is up.
        await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    }

    /** Opens a file of the workspace with Quick Open, and waits for its text. */
    async openFile(name: string, textInFile: string): Promise<void> {
        await this.page.keyboard.press('Control+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(name);
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
        await this.page.keyboard.press('Enter');
        await this.line(textInFile).waitFor();
    }

    /** The editor line showing `text`. */
    line(text: string): Locator {
        return this.page.locator('.editor-instance .view-line', { hasText: text }).first();
    }

    /** The middle of the `occurrence` of `word` in the editor line showing `lineText`. */
    async wordPosition(lineText: string, word: string): Promise<{ x: number; y: number }> {
        const line = this.line(lineText);
        const text = (await line.textContent())!.replace(/\u00a0/g, ' ');
        const box = (await line.locator(':scope > span').boundingBox())!;
        const charWidth = box.width / text.length;
        const column = text.indexOf(word);
        return { x: box.x + (column + word.length / 2) * charWidth, y: box.y + box.height / 2 };
    }

    /**
     * Clicks the middle of an element with the mouse, as a user does. (Playwright's own click waits
     * for the element to be "stable", which the workbench's code lenses and menus never are here.)
     * The workbench redraws its toolbars at any moment: an element seen visible may be gone (and
     * back) by the time its box is asked for, so the box is asked for again after the next frame
     * the page draws, until there is one.
     */
    async click(element: Locator, timeout = 30_000): Promise<void> {
        for (const start = Date.now(); ; await this.nextFrame()) {
            await element.waitFor({ state: 'visible', timeout });
            const box = await element.boundingBox();
            if (box) return this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
            if (Date.now() - start > timeout) throw new Error(`no box for ${element} within ${timeout} ms`);
        }
    }

    /** Resolves after the page has drawn its next frame (the code runs in the page; the tests compile without the DOM library). */
    private nextFrame(): Promise<unknown> {
        return this.page.evaluate(
            () =>
                new Promise<void>((drawn) =>
                    (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame(() => drawn())
                )
        );
    }

    async clickWord(lineText: string, word: string): Promise<void> {
        const { x, y } = await this.wordPosition(lineText, word);
        await this.page.mouse.click(x, y);
    }

    /** Rests the mouse on a word until its hover shows (moving away and back, as a user would, if it does not). */
    async hoverWord(lineText: string, word: string): Promise<Locator> {
        const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
        for (let attempt = 1; ; attempt++) {
            const { x, y } = await this.wordPosition(lineText, word);
            await this.page.mouse.move(x - 40, y - 40);
            await this.page.mouse.move(x, y, { steps: 5 });
            try {
                await hover.waitFor({ state: 'visible', timeout: 10_000 });
                return hover;
            } catch (error) {
                if (attempt === 3) throw error;
            }
        }
    }

    /** Waits for the code lenses of the open file, which move its lines down as they appear. */
    async codeLenses(title: string): Promise<void> {
        await this.page.locator('.codelens-decoration', { hasText: title }).first().waitFor();
    }

    /**
     * The code lens titled `title` drawn just above the editor line showing `lineText`. The lenses of
     * lines just scrolled into view are drawn some frames later: the page is checked at each frame
     * it draws until one is above the line.
     */
    async lensAbove(lineText: string, title: string): Promise<Locator> {
        const found = await this.page.waitForFunction(
            ({ lineText, title }) => {
                // Runs in the page (the tests compile without the DOM library).
                interface Box {
                    getBoundingClientRect(): { y: number };
                    textContent: string | null;
                }
                const all = (selector: string) => [
                    ...(globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Box> } }).document.querySelectorAll(selector)
                ];
                const text = (element: Box) => (element.textContent ?? '').replace(/\u00a0/g, ' ');
                const line = all('.editor-instance .view-line').find((element) => text(element).includes(lineText));
                if (!line) return undefined;
                const lineTop = line.getBoundingClientRect().y;
                let best: number | undefined;
                let bestDistance = Infinity;
                all('.codelens-decoration a')
                    .filter((lens) => text(lens).includes(title))
                    .forEach((lens, index) => {
                        const distance = lineTop - lens.getBoundingClientRect().y;
                        if (distance > 0 && distance < bestDistance) [best, bestDistance] = [index, distance];
                    });
                // Truthy, so that index 0 counts as found.
                return best === undefined ? undefined : { index: best };
            },
            { lineText, title },
            { polling: 'raf', timeout: 30_000 }
        );
        return this.page.locator('.codelens-decoration a', { hasText: title }).nth((await found.jsonValue())!.index);
    }

    /**
     * Clicks the first `▶ Run ping` lens and gives the terminal's text once the ping has printed (the
     * panel maximized, to be given its usual size back). VS Code renews a lens's command when it asks
     * for the lenses again (focus, edits); a click in between does nothing ("Actual command not found"
     * in its log), and a user clicks again.
     */
    async runPingLens(): Promise<string> {
        const lens = this.page.locator('.codelens-decoration a', { hasText: '▶ Run ping' }).first();
        await this.click(lens);
        const terminal = this.page.locator('.terminal-wrapper.active');
        if (
            !(await terminal.waitFor({ timeout: 10_000 }).then(
                () => true,
                () => false
            ))
        )
            await this.click(lens);
        await this.maximizePanel(true);
        return this.terminalShowing('packet loss');
    }

    /** Scrolls the editor to a line (Go to Line). */
    async revealLine(line: number): Promise<void> {
        await this.page.keyboard.press('Control+G');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(`:${line}`);
        await this.page.keyboard.press('Enter');
        await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }

    /** Shows the Problems view and gives its rows. */
    async problems(): Promise<Locator> {
        const panel = this.page.locator('.markers-panel');
        if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
        await panel.waitFor({ state: 'visible' });
        return panel;
    }

    /** Runs a command from the Command Palette by its title. */
    async runCommand(title: string): Promise<void> {
        await this.page.keyboard.press('Control+Shift+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(`>${title}`);
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
        await this.page.keyboard.press('Enter');
    }

    /** Waits for the QuickPick titled `title`, types `text` and accepts the first item it then shows. */
    async pick(title: string, text: string): Promise<void> {
        const widget = this.page.locator('.quick-input-widget');
        await widget.locator('.quick-input-title', { hasText: title }).waitFor();
        await widget.locator('input').fill(text);
        await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: text }).waitFor();
        await this.page.keyboard.press('Enter');
    }

    /** Closes every terminal, so that the next command's output starts a fresh one. */
    async killTerminals(): Promise<void> {
        await this.runCommand('Terminal: Kill All Terminals');
        await this.page.locator('.terminal-wrapper').first().waitFor({ state: 'detached' });
    }

    /** Hides the panel (Problems, Terminal), giving the editor the window's height. */
    async closePanel(): Promise<void> {
        const panel = this.page.locator('.part.panel');
        if (!(await panel.isVisible())) return;
        await this.click(panel.locator('.action-label[aria-label^="Hide Panel"], .action-label[aria-label^="Close Panel"]').first());
        await panel.waitFor({ state: 'hidden' });
    }

    /** Gives the shown panel (Problems, Terminal) the whole window, or its usual size back. */
    async maximizePanel(maximized: boolean): Promise<void> {
        const button = (label: string) => this.page.locator(`.part.panel .action-label[aria-label^="${label} Panel Size"]`);
        const [wanted, done] = maximized ? [button('Maximize'), button('Restore')] : [button('Restore'), button('Maximize')];
        await wanted.or(done).first().waitFor();
        if (await wanted.isVisible()) await this.click(wanted);
        await done.waitFor();
    }

    /**
     * The text of the terminal in the panel once it shows `text` (`times` times), row by row as
     * xterm's DOM renderer draws them (the GPU renderer is off in the test settings). Only the rows
     * on screen are in the DOM: maximize the panel first for long output.
     */
    async terminalShowing(text: string, times = 1): Promise<string> {
        const rows = this.page.locator('.terminal-wrapper.active .xterm-rows > div');
        const read = async () => (await rows.allTextContents()).map((row) => row.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
        await expect.poll(async () => (await read()).split(text).length - 1, { timeout: 30_000 }).toBeGreaterThanOrEqual(times);
        return read();
    }

    async screenshot(path: string): Promise<void> {
        await this.page.screenshot({ path });
    }
}
