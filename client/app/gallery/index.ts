export { GalleryPage } from './gallery-page.ts';
