//! STAR analysis of an answer transcript.
