/** The simulator page's HTML: a strict Content Security Policy, the bundled script and style sheet, nothing remote. */

export interface PageResources {
    /** URIs the webview may load (`webview.asWebviewUri` of the built files). */
    readonly script: string;
    readonly style: string;
    /** `webview.cspSource`: the origin the built files are served from. */
    readonly cspSource: string;
    /** A fresh random value per page: only the script carrying it runs. */
    readonly nonce: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export function simulatorPage(resources: PageResources): string {
    const source = escape(resources.cspSource);
    const nonce = escape(resources.nonce);
    const policy = ["default-src 'none'", `img-src ${source} blob: data:`, `style-src ${source}`, `font-src ${source}`, `script-src 'nonce-${nonce}'`].join(
        '; '
    );
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escape(resources.style)}">
<title>nettopo simulator</title>
</head>
<body>
<script nonce="${nonce}" src="${escape(resources.script)}"></script>
</body>
</html>
`;
}
