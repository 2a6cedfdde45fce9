//! Writes transcripts as txt, json, srt and vtt.
