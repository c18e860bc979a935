import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY, type OrgPolicy } from '#policies';
import { errorsByField, formOf, isChanged, policyOf } from './policy-form.ts';

const policy: OrgPolicy = { enabled: false, orgWideSharing: 'admins', retentionDays: { private: 30, shared: null }, keepVersions: 5, comments: false };

describe('policy form', () => {
  it('round-trips a policy', () => {
    for (const p of [policy, DEFAULT_ORG_POLICY]) expect(policyOf(formOf(p))).toEqual({ policy: p });
  });

  it('offers sensible numbers behind a "forever" switch', () => {
    expect(formOf(DEFAULT_ORG_POLICY)).toMatchObject({ privateForever: true, privateDays: '90', allVersions: true, keepVersions: '10' });
    expect(policyOf({ ...formOf(DEFAULT_ORG_POLICY), privateForever: false })).toEqual({ policy: { ...DEFAULT_ORG_POLICY, retentionDays: { private: 90, shared: null } } });
  });

  it.each([
    ['', 'retentionDays.private', 'Enter a whole number.'],
    ['abc', 'retentionDays.private', 'Enter a whole number.'],
    ['2.5', 'retentionDays.private', 'Enter a whole number.'],
    ['0', 'retentionDays.private', 'Must be between 1 and 36500 days.'],
  ])('shows %j as an error of %s', (text, field, message) => {
    const result = policyOf({ ...formOf(policy), privateDays: text });
    expect('errors' in result && errorsByField(result.errors).get(field)).toBe(message);
  });

  it('ignores the number of a "forever" class', () => {
    expect(policyOf({ ...formOf(policy), sharedForever: true, sharedDays: 'x' })).toEqual({ policy });
  });

  it('tells whether anything changed', () => {
    expect(isChanged(formOf(policy), policy)).toBe(false);
    expect(isChanged({ ...formOf(policy), enabled: true }, policy)).toBe(true);
    expect(isChanged({ ...formOf(policy), comments: true }, policy)).toBe(true);
    expect(isChanged({ ...formOf(policy), keepVersions: 'x' }, policy)).toBe(true);
  });
});
