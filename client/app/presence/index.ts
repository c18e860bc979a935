export { presenceList, hueOf, MAX_AVATARS, type PresenceList, type PresentPerson } from './presence-list.ts';
export { IdleWatch, IDLE_AFTER_MS, isIdle } from './idle-watch.ts';
export { PresenceAvatars } from './presence-avatars.ts';
export { PresenceController } from './presence-controller.ts';
