import { DefaultWorkspaceManager, type FileSystemNode } from 'langium';

/**
 * The server works on the documents the editor opens, and on nothing else: every `.net` file is a
 * topology of its own (nothing is shared between files), so reading the workspace's files would only
 * cost time and memory. A file's name cannot say whether it is nettopo (the editor's language can),
 * and every file would be, for Langium's default, since every document given to this server is
 * nettopo (net-service-registry.ts): no folder entry and no changed file on disk is taken in.
 */
export class NetWorkspaceManager extends DefaultWorkspaceManager {
    override shouldIncludeEntry(_entry: FileSystemNode): boolean {
        return false;
    }
}
