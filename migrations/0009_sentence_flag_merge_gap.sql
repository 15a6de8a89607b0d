-- EMOTIONAL_MISMATCH and PACE_MISMATCH are judged per sentence: two sentences a pause apart are two
-- moments, each with its own quote and tip, so their events no longer merge (merge gap 2 s and 4 s
-- become 0). Only rows still at the old defaults change: a value an operator set stays.
update dissonance_thresholds set merge_gap_seconds = 0
  where type = 'EMOTIONAL_MISMATCH' and merge_gap_seconds = 2;
update dissonance_thresholds set merge_gap_seconds = 0
  where type = 'PACE_MISMATCH' and merge_gap_seconds = 4;
