export { ShareControl } from './share-control.ts';
export { formOf, isChanged, sharingRequest, visibilityLabel, type ShareForm } from './sharing-form.ts';
