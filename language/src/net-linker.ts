import { DefaultLinker, type AstNodeDescription, type LinkingError, type ReferenceInfo } from 'langium';

/** What each kind of reference can name, in the words of the error message. */
const referenceNouns: Record<string, string> = {
    Linkable: 'switch or interface (NODE.IFNAME)',
    Node: 'host, router or container',
    Pingable: 'host, router or interface (NODE.IFNAME)'
};

/** Linking with error messages that say what kind of name was expected. */
export class NetLinker extends DefaultLinker {
    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const noun = referenceNouns[this.reflection.getReferenceType(refInfo)] ?? 'name';
        return { ...error, message: `unknown ${noun} '${refInfo.reference.$refText}'` };
    }
}
