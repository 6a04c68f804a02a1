import { v7 as uuidv7, validate, version } from 'uuid';

/** Application-generated ids (UUIDv7: time-ordered, no sequences; see docs/scaling.md). */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value);
}

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
