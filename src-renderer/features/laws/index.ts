/** The draft-law screens (issue 6): list, reader (library: presentation), what changed, comment. */
export { LawList } from './LawList.js';
export { LawReader } from './LawReader.js';
export { LawChanges } from './LawChanges.js';
export { LawComment } from './LawComment.js';
