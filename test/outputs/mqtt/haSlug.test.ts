import { describe, expect, it } from 'vitest';
import { haSlugify } from '../../../src/outputs/mqtt/haSlug.js';

// Expected values are what homeassistant.util.slugify returns for the same text.
describe('haSlugify', () => {
  it.each([
    ['front-door', 'front_door'],
    ['Gym_Floor', 'gym_floor'],
    ['_leading', 'leading'],
    ['trailing_', 'trailing'],
    ['a--b__c', 'a_b_c'],
    ['site-1_aw__front-door_action', 'site_1_aw_front_door_action'],
    ['Café Süd', 'cafe_sud'],
    ["o'clock", 'oclock'],
    ['---', 'unknown'],
    ['', 'unknown'],
  ])('%j → %j', (text, slug) => {
    expect(haSlugify(text)).toBe(slug);
  });
});
