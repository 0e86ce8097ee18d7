import { DefaultServiceRegistry, type LangiumCoreServices, type URI } from 'langium';

/**
 * nettopo is the only language this server speaks, so every document it is given is a nettopo
 * document, whatever its name: an untitled editor set to nettopo, `LAB.NET`, `lab.txt`, `/dev/stdin`.
 * Langium's registry picks a language by the document's file extension once the editor has closed
 * it, and throws for any other name (which killed the server after an untitled document was
 * closed). The client's document selector (the nettopo language) decides what reaches us; the
 * workspace's files are not read (net-workspace-manager.ts).
 */
export class NetServiceRegistry extends DefaultServiceRegistry {
    override getServices(uri: URI): LangiumCoreServices {
        const [only, ...others] = this.all;
        return only !== undefined && others.length === 0 ? only : super.getServices(uri);
    }
}
