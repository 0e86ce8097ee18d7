import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, root, startCodeServer, type RunningCodeServer } from '../support/code-server.js';
import { Workbench } from './workbench.js';

export const screenshots = join(root, 'out/e2e/screenshots');

/** A code-server with the .vsix installed and Chromium showing its workspace (a copy of examples/). */
export interface Session {
    readonly server: RunningCodeServer;
    readonly browser: Browser;
    readonly page: Page;
    readonly workbench: Workbench;
}

export async function openSession(vsix: string, viewport: { width: number; height: number }, timeout: number): Promise<Session> {
    const server = await startCodeServer({ runDir: join(root, 'out/e2e'), vsix });
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(timeout);
    const workbench = new Workbench(page);
    await workbench.open(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    return { server, browser, page, workbench };
}

export async function closeSession(session: Session | undefined): Promise<void> {
    await session?.browser.close();
    await session?.server.stop();
}

/** A failing test leaves a picture of the window as it was. */
export async function screenshotIfFailed(page: Page | undefined, task: { name: string; result?: { state?: string } }): Promise<void> {
    if (task.result?.state === 'fail')
        await page?.screenshot({ path: join(screenshots, `failed-${task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`) });
}
