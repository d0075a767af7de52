/** The zero-configuration git hub: everything the VS Code layer needs from `src/sources/git`. */
export * from './gitRunner';
export * from './repository';
export * from './blame';
export * from './reports';
export * from './notesJournal';
export * from './notesSync';
export * from './containment';
export * from './commitGraph';
export * from './gitSource';
export * from './releaseRange';
export * from './fileFeedback';
export * from './keptBlames';
export * from './keptContainment';
export * from './checkout';
export * from './identity';
export * from './findingLines';
export * from './anchorLines';
