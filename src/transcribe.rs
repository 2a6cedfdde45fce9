//! The transcription stage: 16 kHz mono audio in, Transcript with word timings out.
