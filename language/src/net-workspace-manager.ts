import { DefaultWorkspaceManager, type FileSystemNode } from 'langium';

/**
 * The server works on the documents the editor opens and the files they import (which the document
 * builder loads, net-document-builder.ts), and on nothing else: a file no open one imports plays no
 * part in what the editor shows, so reading the workspace's files would only cost time and memory. A
 * file's name cannot say whether it is nettopo (the editor's language can), and every file would be,
 * for Langium's default, since every document given to this server is nettopo
 * (net-service-registry.ts): no folder entry is taken in, nor a changed file on disk unless a held
 * document imports it.
 */
export class NetWorkspaceManager extends DefaultWorkspaceManager {
    override shouldIncludeEntry(_entry: FileSystemNode): boolean {
        return false;
    }
}
