import { integer, text } from './leaves.js';
import { section } from './section.js';

const MIB = 1024 * 1024;

/** `clips`: where event clips go and how much of the disk they may take. */
export const clipsSection = section({
  dir: text('', 'Folder of event clips (one sub-folder per camera); empty = <state_dir>/clips.'),
  max_age_hours: integer(168, 1, 87_600, 'Clips older than this are deleted.'),
  max_bytes: integer(
    10 * 1024 * MIB,
    64 * 1024,
    Number.MAX_SAFE_INTEGER,
    'Total size of all clips; beyond it the oldest are deleted first.',
  ),
  min_free_bytes: integer(
    1024 * MIB,
    0,
    Number.MAX_SAFE_INTEGER,
    'Free-space floor of the clip and cache folders: below it recording pauses (logged, actionwatch_recording_paused is 1) while recognition goes on, and resumes by itself once the space is back.',
  ),
  cache_max_bytes: integer(
    256 * MIB,
    MIB,
    Number.MAX_SAFE_INTEGER,
    "Most bytes of one camera's segment cache (<state_dir>/record-cache/<camera>); beyond it the oldest segments go, even those of an event still running.",
  ),
  ready_timeout_s: integer(
    30,
    1,
    600,
    "How long an event's end waits, after its post-capture, for the segments it needs before the clip is cut from what there is.",
  ),
  base_url: text(
    '',
    "Prefix of the clip URLs in MQTT payloads (e.g. http://nvr.local:8080); empty = the path on this daemon's HTTP endpoint alone (/api/clips/<camera>/<file>).",
  ),
});
